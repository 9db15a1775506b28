"""Compatibility path: ``openness.exporters.spdx2.exporter`` re-exports the names that now live in
:mod:`openness.formats.spdx2.write`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.write import (
    InvalidSpdxDocument,
    Spdx23JsonExporter,
    Spdx23RdfExporter,
    Spdx23TagValueExporter,
    Spdx23YamlExporter,
    build_valid_document,
)

__all__ = [
    "InvalidSpdxDocument",
    "Spdx23JsonExporter",
    "Spdx23RdfExporter",
    "Spdx23TagValueExporter",
    "Spdx23YamlExporter",
    "build_valid_document",
]
