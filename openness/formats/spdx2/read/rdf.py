"""A fix for how spdx-tools reads license expressions from SPDX 2 RDF/XML.

spdx-tools (0.8) joins the members of a ``ConjunctiveLicenseSet`` or ``DisjunctiveLicenseSet``
with ``" AND "`` or ``" OR "`` as text, without brackets, and parses the text again, so
``CC-BY-NC-4.0 AND (MIT OR Apache-2.0)`` (an AND set holding an OR set) comes back as
``(CC-BY-NC-4.0 AND MIT) OR Apache-2.0``: a different license, which a policy then judges. The
document itself is right; only its reading is wrong. :func:`use_grouped_expressions` points
spdx-tools' RDF file, package and snippet parsers at :func:`parse_license_expression`, which
is the library's function with each member in brackets. Everything else is the library's.
"""

from __future__ import annotations

from typing import Any

from rdflib import RDF, Graph
from spdx_tools.common.spdx_licensing import spdx_licensing  # type: ignore[import-untyped]
from spdx_tools.spdx.parser.logger import Logger
from spdx_tools.spdx.parser.rdf import file_parser, package_parser, snippet_parser
from spdx_tools.spdx.parser.rdf import license_expression_parser as library
from spdx_tools.spdx.parser.rdf.graph_parsing_functions import get_value_from_graph, remove_prefix
from spdx_tools.spdx.rdfschema.namespace import LICENSE_NAMESPACE, SPDX_NAMESPACE

__all__ = ["parse_license_expression", "use_grouped_expressions"]

_SETS = {
    SPDX_NAMESPACE.ConjunctiveLicenseSet: " AND ",
    SPDX_NAMESPACE.DisjunctiveLicenseSet: " OR ",
}


def parse_license_expression(
    node: Any, graph: Graph, doc_namespace: str, logger: Logger | None = None
) -> Any:
    """spdx-tools' ``parse_license_expression``, with every member of a license set in
    brackets, so that nested sets keep their grouping."""
    logger = logger or Logger()  # type: ignore[no-untyped-call]
    if node.startswith(LICENSE_NAMESPACE):
        return spdx_licensing.parse(remove_prefix(node, LICENSE_NAMESPACE))
    if node.startswith(doc_namespace):
        return spdx_licensing.parse(node.fragment)
    kind = graph.value(node, RDF.type)
    expression = ""
    joiner = _SETS.get(kind) if kind is not None else None
    if joiner is not None:
        members = [
            parse_license_expression(member, graph, doc_namespace, logger)
            for _, _, member in graph.triples((node, SPDX_NAMESPACE.member, None))
        ]
        expression = joiner.join(f"({member})" for member in members)
    elif kind == SPDX_NAMESPACE.WithExceptionOperator:
        licensed = parse_license_expression(
            graph.value(node, SPDX_NAMESPACE.member), graph, doc_namespace, logger
        )
        exception = library.parse_license_exception(
            get_value_from_graph(logger, graph, node, SPDX_NAMESPACE.licenseException),  # type: ignore[arg-type]
            graph,
            logger,
        )
        expression = f"{licensed} WITH {exception}"
    return spdx_licensing.parse(expression)


def use_grouped_expressions() -> None:
    """Make spdx-tools' RDF parsers read license expressions with
    :func:`parse_license_expression` (idempotent)."""
    for module in (file_parser, package_parser, snippet_parser):
        module.parse_license_expression = parse_license_expression  # type: ignore[attr-defined]
