"""Compatibility path: ``openness.exporters.cyclonedx`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.write`. Existing imports keep working; new code imports the new
path."""

from openness.formats.cyclonedx.write import (
    CycloneDx15Exporter,
    CycloneDx16Exporter,
    CycloneDxExporter,
    CycloneDxExportError,
    SchemaIssue,
    SpecVersion,
    build_bom,
    validate,
    write_bom,
)

__all__ = [
    "CycloneDx15Exporter",
    "CycloneDx16Exporter",
    "CycloneDxExportError",
    "CycloneDxExporter",
    "SchemaIssue",
    "SpecVersion",
    "build_bom",
    "validate",
    "write_bom",
]
