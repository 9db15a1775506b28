"""Compatibility path: ``openness.exporters.rdf`` re-exports the names that now live in
:mod:`openness.formats.rdf.vocab`, :mod:`openness.formats.rdf.write`. Existing imports keep
working; new code imports the new path."""

from openness.formats.rdf.vocab import (
    AI,
    CORE,
    DATA,
    DATASET,
    EXPANDED,
    LICENSES,
    OPENNESS,
    SIMPLE,
    SOFTWARE,
    artifact_iri,
    relation_property,
)
from openness.formats.rdf.write import JsonLdExporter, TurtleExporter, build_graph

__all__ = [
    "AI",
    "CORE",
    "DATA",
    "DATASET",
    "EXPANDED",
    "LICENSES",
    "OPENNESS",
    "SIMPLE",
    "SOFTWARE",
    "JsonLdExporter",
    "TurtleExporter",
    "artifact_iri",
    "build_graph",
    "relation_property",
]
