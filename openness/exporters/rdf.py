"""Compatibility path: ``openness.exporters.rdf`` re-exports the names that now live in
:mod:`openness.formats.rdf.write`. Existing imports keep working; new code imports the new path."""

from openness.formats.rdf.write import (
    DATA,
    OPENNESS,
    JsonLdExporter,
    TurtleExporter,
    artifact_iri,
    build_graph,
    relation_property,
)

__all__ = [
    "DATA",
    "OPENNESS",
    "JsonLdExporter",
    "TurtleExporter",
    "artifact_iri",
    "build_graph",
    "relation_property",
]
