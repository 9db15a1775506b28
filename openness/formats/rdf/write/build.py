"""The RDF graph of artifacts and verdicts, built with rdflib.

Artifacts, components and licenses use the SPDX 3.0.1 vocabulary; lineage uses PROV-O
(``prov:wasDerivedFrom`` for relations that make a derivative work, ``prov:used`` for trained-on
and tested-on, ``prov:wasInfluencedBy`` for generated-by) next to one ``openness:`` property per
relation; verdicts, findings and the license facts of the knowledge base use the small
``openness`` vocabulary (``https://openness.dev/ns#``, documented in ``docs/formats/rdf.md``), so
that SPARQL can ask, for example, which models were trained on a dataset under a non-commercial
license.

Every node has an IRI derived from content (no blank nodes), so the same input gives the same
graph. The package, :mod:`openness.formats.rdf.write`, writes it as Turtle or JSON-LD.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from openness.formats.deterministic import content_id
from openness.formats.rdf.vocab import (
    AI,
    CORE,
    DATA,
    KIND_CLASS,
    LICENSES,
    OPENNESS,
    PREFIXES,
    SIMPLE,
    SOFTWARE,
    artifact_iri,
    child_iri,
    prov_property,
    relation_property,
)
from openness.formats.spdx3.mapping import (
    DIGEST_TO_SPDX,
    NOASSERTION_LICENSE,
    NONE_LICENSE,
    encode_json,
    is_uri,
)
from openness.licenses import knowledge_base
from openness.model import (
    Artifact,
    Component,
    DigestAlgorithm,
    EvidenceKind,
    FileRef,
    LicenseExpression,
    LineageEdge,
)
from openness.policy.verdict import Finding, Verdict

__all__ = ["build_graph"]


#: License facts that are also stated of whole expressions (see :func:`_restricts`).
_RESTRICTIONS = (
    (OPENNESS.nonCommercial, "non_commercial"),
    (OPENNESS.noDerivatives, "no_derivatives"),
    (OPENNESS.useRestrictions, "use_restrictions"),
)


def _restricts(node: Any, attr: str) -> bool | None:
    """Whether every way of complying with an expression carries a restriction: one operand of
    ``AND`` that has it is enough, ``OR`` needs it in every choice, ``WITH`` goes by the
    license. None when a license the answer depends on is not in the knowledge base."""
    if node.op in ("ID", "WITH"):
        facts = knowledge_base().get(node.key)
        return None if facts is None else bool(getattr(facts, attr))
    values = [_restricts(child, attr) for child in node.children]
    if node.op == "AND":
        return True if True in values else (None if None in values else False)
    return False if False in values else (None if None in values else True)


class _Builder:
    """The triples of one graph, collected in a list and added at once; each license
    expression gets one node, and the licenses and exceptions used are stated once at the end."""

    def __init__(self) -> None:
        self.graph = Graph(bind_namespaces="none")
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.triples: list[tuple[Any, Any, Any]] = []
        self.expressions: dict[str, URIRef] = {}
        self.license_ids: set[str] = set()
        self.exception_ids: set[str] = set()
        self.known: set[str] = set()

    def add(self, s: Any, p: Any, o: Any) -> None:
        self.triples.append((s, p, o))

    def card_facts(self, node: Any, artifact: Artifact) -> None:
        """The model-card facts with a plain value: the AI profile's properties where it has
        one, ours otherwise (evaluation results are in the CycloneDX and SPDX 3 exports)."""
        facts = artifact.facts
        self.text(node, OPENNESS.task, facts.task)
        for use in facts.intended_uses:
            self.add(node, AI.informationAboutApplication, Literal(use))
        for use in facts.out_of_scope_uses:
            self.add(node, OPENNESS.outOfScopeUse, Literal(use))
        for limitation in facts.limitations:
            self.add(node, AI.limitation, Literal(limitation))
        for risk in facts.risks:
            self.add(node, OPENNESS.risk, Literal(risk))
        self.text(node, AI.informationAboutTraining, facts.training_information)
        for language in facts.languages:
            self.add(node, OPENNESS.language, Literal(language))
        if facts.context_length is not None:
            self.add(node, OPENNESS.contextLength, Literal(facts.context_length))
        self.text(node, OPENNESS.contact, facts.contact)

    def text(self, s: Any, p: Any, value: str | None) -> None:
        if value is not None:
            self.add(s, p, Literal(value))

    def uri(self, s: Any, p: Any, fallback: Any, value: str | None) -> None:
        """An ``xsd:anyURI`` literal when ``value`` is a URI, else a plain string on
        ``fallback``."""
        if value is None:
            return
        if is_uri(value):
            self.add(s, p, Literal(value, datatype=XSD.anyURI))
        else:
            self.add(s, fallback, Literal(value))

    # -- licenses --------------------------------------------------------------------------

    def license(self, expression: LicenseExpression) -> URIRef:
        if expression.is_noassertion:
            return URIRef(NOASSERTION_LICENSE)
        if expression.is_none:
            return URIRef(NONE_LICENSE)
        node = self.expressions.get(expression)
        if node is None:
            node = DATA[f"license-{content_id('license', expression)}"]
            self.expressions[expression] = node
            self.add(node, RDF.type, SIMPLE.LicenseExpression)
            self.add(node, SIMPLE.licenseExpression, Literal(str(expression)))
            for key in expression.ids:
                self.add(node, OPENNESS.operand, LICENSES[key])
                self.license_ids.add(key)
            for key in expression.parsed.exceptions:
                self.add(node, OPENNESS.exception, LICENSES[key])
                self.exception_ids.add(key)
            tree = expression.parsed.tree
            for prop, attr in _RESTRICTIONS:
                value = _restricts(tree, attr) if tree is not None else None
                if value is not None:
                    self.add(node, prop, Literal(value))
        return node

    def licensed(
        self, node: URIRef, expression: LicenseExpression | None, evidence: Iterable[Any]
    ) -> None:
        if expression is None:
            return
        target = self.license(expression)
        self.add(node, OPENNESS.declaredLicense, target)
        if any(e.kind is EvidenceKind.CONCLUDED for e in evidence):
            self.add(node, OPENNESS.concludedLicense, target)

    def license_facts(self) -> None:
        kb = knowledge_base()
        for key in sorted(self.license_ids):
            node = LICENSES[key]
            self.add(node, RDF.type, OPENNESS.License)
            self.add(node, OPENNESS.licenseId, Literal(key))
            facts = kb.get(key)
            if facts is None:
                self.add(node, OPENNESS.known, Literal(False))
                continue
            self.add(node, OPENNESS.known, Literal(True))
            self.add(node, RDFS.label, Literal(facts.name))
            for prop, flag in (
                (OPENNESS.osiApproved, facts.osi_approved),
                (OPENNESS.fsfLibre, facts.fsf_libre),
                (OPENNESS.openData, facts.open_data),
            ):
                if flag is not None:
                    self.add(node, prop, Literal(flag))
            for prop, value in (
                (OPENNESS.nonCommercial, facts.non_commercial),
                (OPENNESS.noDerivatives, facts.no_derivatives),
                (OPENNESS.useRestrictions, facts.use_restrictions),
                (OPENNESS.fieldOfUse, facts.field_of_use),
                (OPENNESS.shareAlike, facts.share_alike),
                (OPENNESS.restricted, facts.restricted),
            ):
                self.add(node, prop, Literal(value))
            if facts.category is not None:
                self.add(node, OPENNESS.category, Literal(facts.category))
            if facts.user_cap is not None:
                self.add(node, OPENNESS.userCap, Literal(facts.user_cap))
        for key in sorted(self.exception_ids):
            self.add(LICENSES[key], RDF.type, OPENNESS.LicenseException)
            self.add(LICENSES[key], OPENNESS.licenseId, Literal(key))

    # -- artifacts -------------------------------------------------------------------------

    def digests(self, node: URIRef, digests: dict[DigestAlgorithm, str]) -> None:
        for algorithm in sorted(digests):
            value = digests[algorithm]
            if algorithm is DigestAlgorithm.GIT_SHA1:
                cid = child_iri(node, "gitoid")
                self.add(node, SOFTWARE.contentIdentifier, cid)
                self.add(cid, RDF.type, SOFTWARE.ContentIdentifier)
                self.add(
                    cid, SOFTWARE.contentIdentifierType, SOFTWARE["ContentIdentifierType/gitoid"]
                )
                self.add(
                    cid,
                    SOFTWARE.contentIdentifierValue,
                    Literal(f"gitoid:blob:sha1:{value}", datatype=XSD.anyURI),
                )
                continue
            name = DIGEST_TO_SPDX[algorithm]
            hash_node = child_iri(node, "hash", name)
            self.add(node, CORE.verifiedUsing, hash_node)
            self.add(hash_node, RDF.type, CORE.Hash)
            self.add(hash_node, CORE.algorithm, CORE[f"HashAlgorithm/{name}"])
            self.add(hash_node, CORE.hashValue, Literal(value))

    def artifact(self, artifact: Artifact, exported: set[str]) -> None:
        node = artifact_iri(artifact.id)
        self.add(node, RDF.type, KIND_CLASS[artifact.kind])
        self.add(node, RDF.type, PROV.Entity)
        self.add(node, OPENNESS.id, Literal(artifact.id))
        self.add(node, OPENNESS.kind, Literal(artifact.kind.value))
        self.text(node, CORE.name, artifact.name)
        self.text(node, CORE.description, artifact.description)
        self.text(node, SOFTWARE.packageVersion, artifact.version)
        self.uri(node, SOFTWARE.homePage, OPENNESS.url, artifact.url)
        self.uri(node, SOFTWARE.packageUrl, OPENNESS.purl, artifact.purl)
        if artifact.supplier is not None:
            agent = DATA[f"agent-{content_id('agent', artifact.supplier)}"]
            self.add(node, CORE.suppliedBy, agent)
            self.add(agent, RDF.type, CORE.Agent)
            self.add(agent, CORE.name, Literal(artifact.supplier))
        self.licensed(node, artifact.license, artifact.evidence)
        for content_type, expression in sorted(artifact.release_licenses.items()):
            release = child_iri(node, "release-license", content_type.value)
            self.add(node, OPENNESS.releaseLicense, release)
            self.add(release, OPENNESS.contentType, Literal(content_type.value))
            self.add(release, OPENNESS.license, self.license(expression))
        facts = artifact.facts
        self.text(node, AI.typeOfModel, facts.type_of_model)
        for domain in facts.domain:
            self.add(node, AI.domain, Literal(domain))
        if facts.parameters is not None:
            self.add(node, OPENNESS.parameters, Literal(facts.parameters))
        if facts.training is not None and facts.training.energy_kwh is not None:
            self.add(node, OPENNESS.trainingEnergyKwh, Literal(facts.training.energy_kwh))
        self.card_facts(node, artifact)
        if artifact.extra:
            self.add(node, OPENNESS.extra, Literal(encode_json(artifact.extra)))
        for index, component in enumerate(artifact.components):
            self.component(node, index, component)
        for index, edge in enumerate(artifact.lineage):
            self.lineage(node, index, edge, exported)

    def component(self, owner: URIRef, index: int, component: Component) -> None:
        node = child_iri(owner, "component", str(index))
        self.add(owner, OPENNESS.component, node)
        self.add(node, RDF.type, SOFTWARE.Package)
        self.add(node, RDF.type, OPENNESS.Component)
        self.add(node, OPENNESS.role, Literal(component.role.value))
        self.add(node, OPENNESS.contentType, Literal(component.content_type.value))
        if component.role.mof_id is not None:
            self.add(node, OPENNESS.mofComponent, Literal(component.role.mof_id))
        if component.availability is not None:
            self.add(node, OPENNESS.availability, Literal(component.availability.value))
        self.text(node, CORE.name, component.name)
        self.text(node, CORE.description, component.description)
        self.text(node, SOFTWARE.packageVersion, component.revision)
        self.uri(node, SOFTWARE.downloadLocation, OPENNESS.location, component.location)
        self.licensed(node, component.license, component.evidence)
        self.digests(node, component.digests)
        for i, ref in enumerate(component.files):
            self.file(node, i, ref)

    def file(self, owner: URIRef, index: int, ref: FileRef) -> None:
        node = child_iri(owner, "file", str(index))
        self.add(owner, OPENNESS.file, node)
        self.add(node, RDF.type, SOFTWARE.File)
        self.add(node, CORE.name, Literal(ref.path))
        if ref.size is not None:
            self.add(node, OPENNESS.size, Literal(ref.size))
        self.digests(node, ref.digests)

    def lineage(self, owner: URIRef, index: int, edge: LineageEdge, exported: set[str]) -> None:
        target = artifact_iri(edge.target)
        if edge.target not in exported and edge.target not in self.known:
            self.known.add(edge.target)
            self.add(target, RDF.type, PROV.Entity)
            self.add(target, OPENNESS.id, Literal(edge.target))
        self.add(owner, relation_property(edge.relation), target)
        prov = prov_property(edge.relation)
        if prov is not None:
            self.add(owner, prov, target)
        if edge.revision is None and not edge.digests and edge.note is None:
            return
        node = child_iri(owner, "lineage", str(index))
        self.add(owner, OPENNESS.lineageEdge, node)
        self.add(node, RDF.type, OPENNESS.LineageEdge)
        self.add(node, OPENNESS.relation, Literal(edge.relation.value))
        self.add(node, OPENNESS.target, target)
        self.text(node, OPENNESS.revision, edge.revision)
        self.text(node, OPENNESS.note, edge.note)
        self.digests(node, edge.digests)

    # -- verdicts --------------------------------------------------------------------------

    def verdict(self, verdict: Verdict, count: int) -> None:
        subject = artifact_iri(verdict.artifact)
        key = content_id("verdict", verdict.policy, verdict.policy_version)
        node = child_iri(subject, "verdict", key, *([str(count)] if count > 1 else []))
        self.add(subject, OPENNESS.verdict, node)
        self.add(node, RDF.type, OPENNESS.Verdict)
        self.add(node, OPENNESS.artifact, subject)
        self.add(node, OPENNESS.policy, Literal(verdict.policy))
        self.add(node, OPENNESS.policyVersion, Literal(verdict.policy_version))
        self.add(node, OPENNESS.outcome, Literal(verdict.outcome.value))
        self.add(node, OPENNESS.strict, Literal(verdict.strict))
        self.text(node, OPENNESS.level, verdict.level)
        if verdict.data_hash:
            self.add(node, OPENNESS.dataHash, Literal(verdict.data_hash))
        for i, up in enumerate(verdict.upstream):
            ref = child_iri(node, "upstream", str(i))
            self.add(node, OPENNESS.upstream, ref)
            self.add(ref, OPENNESS.artifact, artifact_iri(up.artifact))
            self.add(ref, OPENNESS.relation, Literal(up.relation))
            self.add(ref, OPENNESS.outcome, Literal(up.outcome.value))
            self.text(ref, OPENNESS.level, up.level)
        for i, finding in enumerate(verdict.findings):
            self.finding(node, child_iri(node, "finding", str(i)), finding)

    def finding(self, parent: URIRef, node: URIRef, finding: Finding) -> None:
        self.add(parent, OPENNESS.finding, node)
        self.add(node, RDF.type, OPENNESS.Finding)
        self.add(node, OPENNESS.rule, Literal(finding.rule))
        self.add(node, OPENNESS.subject, Literal(finding.subject))
        self.add(node, OPENNESS.outcome, Literal(finding.outcome.value))
        self.add(node, OPENNESS.severity, Literal(finding.severity.value))
        self.add(node, OPENNESS.message, Literal(finding.message))
        self.text(node, OPENNESS.howToFix, finding.how_to_fix)
        if finding.citation is not None:
            self.text(node, OPENNESS.citation, finding.citation.document)
            self.text(node, OPENNESS.citationSection, finding.citation.section)
            self.uri(node, OPENNESS.citationUrl, OPENNESS.citationUrl, finding.citation.url)
        for i, sub in enumerate(finding.findings):
            self.finding(node, child_iri(node, str(i)), sub)


def build_graph(artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> Graph:
    """The RDF graph of ``artifacts`` (with their ``verdicts`` and the knowledge base's facts
    about every license they use)."""
    builder = _Builder()
    exported = {a.id for a in artifacts}
    done: set[str] = set()
    for artifact in artifacts:
        if artifact.id not in done:
            done.add(artifact.id)
            builder.artifact(artifact, exported)
    seen: dict[tuple[str, str, str], int] = {}
    for verdict in verdicts:
        key = (verdict.artifact, verdict.policy, verdict.policy_version)
        seen[key] = seen.get(key, 0) + 1
        builder.verdict(verdict, seen[key])
    builder.license_facts()
    graph = builder.graph
    graph.addN((s, p, o, graph) for s, p, o in builder.triples)
    return graph
