"""Compatibility path: ``openness.importers.mot`` re-exports the names that now live in
:mod:`openness.formats.mot.licenses`,
:mod:`openness.formats.mot.read`, :mod:`openness.formats.mot.vocab`. Existing imports keep
working; new code imports the new path."""

from openness.formats.mot.licenses import LicenseReading, read_license_name
from openness.formats.mot.read import MotImporter, artifact_id
from openness.formats.mot.vocab import FRAMEWORK_NAME, MOT_COMPONENTS

__all__ = [
    "FRAMEWORK_NAME",
    "MOT_COMPONENTS",
    "LicenseReading",
    "MotImporter",
    "artifact_id",
    "read_license_name",
]
