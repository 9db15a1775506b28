"""SPDX 2.3 RDF/XML through spdx-tools' graph writers, made byte-for-byte reproducible.

spdx-tools' ``rdf_writer`` adds every element to an rdflib graph with its own functions, then
canonicalises the graph (``to_isomorphic``) and serialises it as pretty RDF/XML. Its output
differs from run to run: blank nodes get random ids, and rdflib's serializer visits subjects and
namespaces by iterating sets, whose order depends on string hashing. We add the elements with
the same spdx-tools functions in the same order, copy the triples subject by subject in document
order with blank nodes numbered by first appearance, and serialise with rdflib's pretty RDF/XML
serializer told that order (and the namespaces sorted). The triples are the same as
spdx-tools'; the bytes no longer depend on the run.
"""

from __future__ import annotations

import io
from typing import IO, Any

from rdflib import DOAP, RDF, BNode, Graph, URIRef
from rdflib.plugins.parsers.RDFVOC import RDFVOC
from rdflib.plugins.serializers.rdfxml import PrettyXMLSerializer
from rdflib.plugins.serializers.xmlwriter import XMLWriter
from rdflib.term import Node
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.rdfschema.namespace import POINTER_NAMESPACE, SPDX_NAMESPACE
from spdx_tools.spdx.writer.rdf.annotation_writer import add_annotation_to_graph
from spdx_tools.spdx.writer.rdf.creation_info_writer import add_creation_info_to_graph
from spdx_tools.spdx.writer.rdf.extracted_licensing_info_writer import (
    add_extracted_licensing_info_to_graph,
)
from spdx_tools.spdx.writer.rdf.file_writer import add_file_to_graph
from spdx_tools.spdx.writer.rdf.package_writer import add_package_to_graph
from spdx_tools.spdx.writer.rdf.relationship_writer import add_relationship_to_graph
from spdx_tools.spdx.writer.rdf.snippet_writer import add_snippet_to_graph
from spdx_tools.spdx.writer.rdf.writer_utils import add_namespace_to_spdx_id

__all__ = ["write_rdf"]


def _graph(document: Document) -> Graph:
    graph = Graph()
    namespace = document.creation_info.document_namespace
    external = {
        ref.document_ref_id: ref.document_uri
        for ref in document.creation_info.external_document_refs
    }
    doc_node = add_creation_info_to_graph(document.creation_info, graph)
    for annotation in document.annotations:
        add_annotation_to_graph(annotation, graph, namespace, external)
    for file in document.files:
        add_file_to_graph(file, graph, namespace, external)
    for package in document.packages:
        add_package_to_graph(package, graph, namespace, external)
    for relationship in document.relationships:
        add_relationship_to_graph(relationship, graph, namespace, external)
    for snippet in document.snippets:
        add_snippet_to_graph(snippet, graph, namespace, external)
    for info in document.extracted_licensing_info:
        add_extracted_licensing_info_to_graph(info, graph, doc_node, namespace)
    return graph


def _roots(document: Document) -> list[Node]:
    """The subjects spdx-tools adds, in document order."""
    namespace = document.creation_info.document_namespace
    external = {
        ref.document_ref_id: ref.document_uri
        for ref in document.creation_info.external_document_refs
    }
    roots: list[Node] = [URIRef(f"{namespace}#{document.creation_info.spdx_id}")]
    ids = [f.spdx_id for f in document.files]
    ids.extend(p.spdx_id for p in document.packages)
    ids.extend(s.spdx_id for s in document.snippets)
    roots.extend(URIRef(add_namespace_to_spdx_id(i, namespace, external)) for i in ids)
    roots.extend(
        URIRef(f"{namespace}#{info.license_id}")
        for info in document.extracted_licensing_info
        if info.license_id
    )
    return roots


def _ordered(graph: Graph, roots: list[Node]) -> tuple[Graph, list[Node]]:
    """The same triples, added subject by subject from ``roots`` (then blank nodes depth
    first), with blank nodes named in order of first appearance; and the subjects in that
    order. rdflib iterates a graph's triples in set order; this order is fixed."""
    names: dict[BNode, BNode] = {}
    visited: set[Node] = set()
    order: list[Node] = []
    out = Graph()

    def name(node: Node) -> Node:
        if isinstance(node, BNode):
            found = names.get(node)
            if found is None:
                found = names[node] = BNode(f"n{len(names) + 1}")
            return found
        return node

    def visit(root: Node) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if node in visited:
                continue
            visited.add(node)
            order.append(name(node))
            children = []
            for predicate, obj in graph.predicate_objects(node):
                out.add((name(node), predicate, name(obj)))
                if isinstance(obj, BNode) and obj not in visited:
                    children.append(obj)
            stack.extend(reversed(children))

    for root in roots:
        visit(root)
    rest = {s for s in graph.subjects() if s not in visited}
    for subject in sorted((s for s in rest if not isinstance(s, BNode)), key=str):
        visit(subject)
    loose = [s for s in rest if isinstance(s, BNode) and s not in visited]
    for subject in sorted(loose, key=lambda b: sorted(map(str, graph.predicate_objects(b)))):
        visit(subject)
    out.bind("spdx", SPDX_NAMESPACE)
    out.bind("doap", DOAP)
    out.bind("ptr", POINTER_NAMESPACE)
    return out, order


class _OrderedSerializer(PrettyXMLSerializer):
    """rdflib's pretty RDF/XML serializer, writing subjects in a given order and the namespace
    declarations sorted (rdflib iterates sets for both)."""

    def __init__(self, store: Graph, order: list[Any]):
        super().__init__(store)
        self.order = order

    def serialize(
        self,
        stream: IO[bytes],
        base: str | None = None,
        encoding: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._PrettyXMLSerializer__serialized: dict[Node, int] = {}
        store = self.store
        self.max_depth = kwargs.get("max_depth", 3)
        self.nm = store.namespace_manager
        self.writer = writer = XMLWriter(stream, self.nm, encoding)
        namespaces: dict[str, str] = {}
        names = set(store.predicates()) | set(store.objects(None, RDF.type))
        for node in sorted(names, key=str):
            prefix, namespace, _ = self.nm.compute_qname_strict(str(node))
            namespaces[prefix] = str(namespace)
        namespaces["rdf"] = str(RDF)
        writer.push(RDFVOC.RDF)
        writer.namespaces(sorted(namespaces.items()))
        for subject in self.order:
            self.subject(subject, 1)
        writer.pop(RDFVOC.RDF)
        stream.write(b"\n")


def write_rdf(document: Document) -> bytes:
    """SPDX 2.3 RDF/XML, the same bytes for the same document."""
    graph, order = _ordered(_graph(document), _roots(document))
    out = io.BytesIO()
    # max_depth=1: elements are written at the top level in document order (so that a parser
    # meets them in that order) and refer to each other by URI; blank nodes are nested.
    _OrderedSerializer(graph, order).serialize(out, encoding="UTF-8", max_depth=1)
    return out.getvalue()
