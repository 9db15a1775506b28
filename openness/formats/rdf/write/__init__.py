"""RDF through rdflib: the ``turtle`` and ``jsonld`` formats.

Both serialise the graph of :func:`~openness.formats.rdf.write.build.build_graph` (SPDX 3.0.1 terms,
PROV-O lineage, the ``openness`` vocabulary; ``docs/formats/rdf.md``). Turtle is written sorted
by rdflib, JSON-LD is sorted by us, so the same input gives the same bytes. The names of the
vocabulary and the graph builder are re-exported here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rdflib.plugins.serializers.jsonld import from_rdf

from openness.formats.rdf.vocab import (
    AI,
    CORE,
    DATA,
    OPENNESS,
    PREFIXES,
    artifact_iri,
    relation_property,
)
from openness.formats.rdf.write.build import build_graph
from openness.model import Artifact
from openness.policy.verdict import Verdict

__all__ = [
    "AI",
    "CORE",
    "DATA",
    "OPENNESS",
    "JsonLdExporter",
    "TurtleExporter",
    "artifact_iri",
    "build_graph",
    "relation_property",
]


class TurtleExporter:
    """RDF Turtle (SPDX 3.0.1 terms, PROV-O lineage, the openness vocabulary)."""

    name = "turtle"
    media_type = "text/turtle"
    suffix = ".ttl"

    def export(self, artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> bytes:
        """Turtle, subjects and predicates sorted by rdflib."""
        return build_graph(artifacts, verdicts).serialize(format="turtle", encoding="utf-8")


def _sort_values(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _sort_values(v) for k, v in node.items()}
    if isinstance(node, list):
        items = [_sort_values(v) for v in node]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return node


class JsonLdExporter:
    """RDF as JSON-LD (the same graph as ``turtle``), compacted with our prefixes."""

    name = "jsonld"
    media_type = "application/ld+json"
    suffix = ".jsonld"

    def export(self, artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> bytes:
        """JSON-LD with ``@graph`` nodes sorted by ``@id`` and every value list sorted (JSON-LD
        arrays are sets here), keys sorted."""
        graph = build_graph(artifacts, verdicts)
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        data = from_rdf(  # type: ignore[no-untyped-call]
            graph, context, None, False, False, auto_compact=False
        )
        if isinstance(data, dict):
            # rdflib gives a lone subject as the node itself, without "@graph".
            lone = {k: v for k, v in data.items() if k != "@context"}
            nodes = data.get("@graph", [lone] if "@id" in lone else [])
        else:
            nodes = data
        nodes = sorted((_sort_values(n) for n in nodes), key=lambda n: str(n.get("@id", "")))
        out = {"@context": context, "@graph": nodes}
        text = json.dumps(out, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (from a JSON escape): escape everything
            return (json.dumps(out, indent=2, sort_keys=True) + "\n").encode("ascii")
