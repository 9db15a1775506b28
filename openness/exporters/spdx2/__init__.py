"""Compatibility path: ``openness.exporters.spdx2`` re-exports the names that now live in
:mod:`openness.formats.spdx2.validate`, :mod:`openness.formats.spdx2.write`,
:mod:`openness.formats.spdx2.write.build`. Existing imports keep working; new code imports the
new path."""

from openness.formats.spdx2.validate import validate_document
from openness.formats.spdx2.write import (
    InvalidSpdxDocument,
    Spdx23JsonExporter,
    Spdx23RdfExporter,
    Spdx23TagValueExporter,
    Spdx23YamlExporter,
    build_valid_document,
)
from openness.formats.spdx2.write.build import build_document

__all__ = [
    "InvalidSpdxDocument",
    "Spdx23JsonExporter",
    "Spdx23RdfExporter",
    "Spdx23TagValueExporter",
    "Spdx23YamlExporter",
    "build_document",
    "build_valid_document",
    "validate_document",
]
