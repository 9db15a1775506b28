"""Compatibility path: ``openness.importers.cyclonedx`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.read`. Existing imports keep working; new code imports the new
path."""

from openness.formats.cyclonedx.read import CycloneDxImporter

__all__ = ["CycloneDxImporter"]
