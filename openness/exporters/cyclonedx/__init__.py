"""Compatibility path: ``openness.exporters.cyclonedx`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.messages`, :mod:`openness.formats.cyclonedx.schema`,
:mod:`openness.formats.cyclonedx.vocab`, :mod:`openness.formats.cyclonedx.write`,
:mod:`openness.formats.cyclonedx.write.document`. Existing imports keep working; new code
imports the new path."""

from openness.formats.cyclonedx.messages import SchemaIssue
from openness.formats.cyclonedx.schema import validate
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.cyclonedx.write import (
    CycloneDx15Exporter,
    CycloneDx16Exporter,
    CycloneDx17Exporter,
    CycloneDxExporter,
)
from openness.formats.cyclonedx.write.document import CycloneDxExportError, build_bom, write_bom

__all__ = [
    "CycloneDx15Exporter",
    "CycloneDx16Exporter",
    "CycloneDx17Exporter",
    "CycloneDxExportError",
    "CycloneDxExporter",
    "SchemaIssue",
    "SpecVersion",
    "build_bom",
    "validate",
    "write_bom",
]
