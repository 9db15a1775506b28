"""SPDX 2.3 exporters (JSON, YAML, tag-value, RDF/XML) through spdx-tools' model and writers.

:func:`build_document` maps our model to spdx-tools' ``Document``;
:func:`validate_document` validates it with spdx-tools' element validators and linear-time
document-wide checks; the writers serialise it deterministically.
"""

from openness.exporters.spdx2.build import build_document
from openness.exporters.spdx2.exporter import (
    InvalidSpdxDocument,
    Spdx23JsonExporter,
    Spdx23RdfExporter,
    Spdx23TagValueExporter,
    Spdx23YamlExporter,
    build_valid_document,
)
from openness.exporters.spdx2.validate import validate_document

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
