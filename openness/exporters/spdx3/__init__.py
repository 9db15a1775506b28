"""SPDX 3.0.1 JSON-LD: the exporter, the mapping shared with the importer, and validation
against the official JSON Schema and SHACL shapes (shipped in ``openness/exporters/data``)."""

from openness.exporters.spdx3.exporter import Spdx3Exporter

__all__ = ["Spdx3Exporter"]
