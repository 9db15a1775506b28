"""Compatibility path: ``openness.importers.mot`` re-exports the names that now live in
:mod:`openness.formats.mot.read`. Existing imports keep working; new code imports the new path."""

from openness.formats.mot.read import MOT_COMPONENTS, LicenseReading, MotImporter, read_license_name

__all__ = ["MOT_COMPONENTS", "LicenseReading", "MotImporter", "read_license_name"]
