"""The RDF vocabulary: the SPDX 3.0.1 namespaces, the ``openness`` vocabulary
(``https://openness.dev/ns#``), PROV-O for lineage, and the content-derived IRIs of artifacts."""

from __future__ import annotations

from rdflib import RDFS, XSD, Namespace, URIRef
from rdflib.namespace import PROV

from openness.formats.deterministic import content_id
from openness.model import ArtifactKind, Relation

__all__ = [
    "AI",
    "CORE",
    "DATA",
    "DATASET",
    "EXPANDED",
    "KIND_CLASS",
    "LICENSES",
    "OPENNESS",
    "PREFIXES",
    "PROV_TRAINING",
    "SIMPLE",
    "SOFTWARE",
    "artifact_iri",
    "child_iri",
    "prov_property",
    "relation_property",
]


#: The openness vocabulary.
OPENNESS = Namespace("https://openness.dev/ns#")


#: Where the IRIs of exported nodes live (``.invalid``: unique, never resolves; RFC 2606).
DATA = Namespace("https://openness.invalid/id/")


_TERMS = "https://spdx.org/rdf/3.0.1/terms/"


CORE = Namespace(_TERMS + "Core/")


SOFTWARE = Namespace(_TERMS + "Software/")


AI = Namespace(_TERMS + "AI/")


DATASET = Namespace(_TERMS + "Dataset/")


SIMPLE = Namespace(_TERMS + "SimpleLicensing/")


EXPANDED = Namespace(_TERMS + "ExpandedLicensing/")


LICENSES = Namespace("https://spdx.org/licenses/")


PREFIXES = {
    "openness": OPENNESS,
    "id": DATA,
    "spdx": CORE,
    "software": SOFTWARE,
    "ai": AI,
    "dataset": DATASET,
    "simplelicensing": SIMPLE,
    "expandedlicensing": EXPANDED,
    "licenses": LICENSES,
    "prov": PROV,
    "rdfs": RDFS,
    "xsd": XSD,
}


KIND_CLASS = {
    ArtifactKind.MODEL: AI.AIPackage,
    ArtifactKind.DATASET: DATASET.DatasetPackage,
    ArtifactKind.SOFTWARE: SOFTWARE.Package,
    ArtifactKind.SYSTEM: SOFTWARE.Package,
}


PROV_TRAINING = frozenset({Relation.TRAINED_ON, Relation.TESTED_ON})


def relation_property(relation: Relation) -> URIRef:
    """The ``openness:`` property of a lineage relation: ``fine-tuned-from`` is
    ``openness:fineTunedFrom``."""
    head, *rest = relation.value.split("-")
    return OPENNESS[head + "".join(part.capitalize() for part in rest)]


def prov_property(relation: Relation) -> URIRef | None:
    if relation.derives:
        return PROV.wasDerivedFrom
    if relation in PROV_TRAINING:
        return PROV.used
    if relation is Relation.GENERATED_BY:
        return PROV.wasInfluencedBy
    return None


def child_iri(node: URIRef, *parts: str) -> URIRef:
    # Flat local names ("id:artifact-<digest>-component-0") under the one bound namespace:
    # rdflib's Turtle writer adds every new namespace to a trie it scans for each IRI, so a
    # namespace per artifact ("<artifact>/component/") would make writing quadratic.
    return URIRef("-".join((str(node), *parts)))


def artifact_iri(artifact_id: str) -> URIRef:
    """The IRI of an artifact: ``id:artifact-<digest of the id>`` (the digest the SPDX 3
    exporter uses in its element ids)."""
    return DATA[f"artifact-{content_id('artifact', artifact_id)}"]
