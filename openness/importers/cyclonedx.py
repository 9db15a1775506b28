"""Compatibility path: ``openness.importers.cyclonedx`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.read`, :mod:`openness.formats.cyclonedx.read.values`. Existing
imports keep working; new code imports the new path."""

from openness.formats.cyclonedx.read import CycloneDxImporter
from openness.formats.cyclonedx.read.values import Path

__all__ = ["CycloneDxImporter", "Path"]
