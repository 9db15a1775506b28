"""Compatibility path: ``openness.importers.mot`` re-exports the names that now live in
:mod:`openness.formats.mot.read`. Existing imports keep working; new code imports the new path."""

from openness.formats.mot.read import (
    FRAMEWORK_NAME,
    MOT_COMPONENTS,
    LicenseReading,
    MotImporter,
    artifact_id,
    read_license_name,
)

__all__ = [
    "FRAMEWORK_NAME",
    "MOT_COMPONENTS",
    "LicenseReading",
    "MotImporter",
    "artifact_id",
    "read_license_name",
]
