"""Lineage rules: upstream license terms travel along deriving edges (fine-tune, adapter,
quantisation, distillation, merge, ...), and a derivative that declares a license contradicting
what it inherits is open-washing.

What a derivative inherits is its upstream's own terms (the license of the upstream's final
parameters, else its declared license) plus every other license the upstream inherited, read
from the upstream's verdict under the same policy: the inheritance finding records each
inherited license as ``inherited`` evidence whose source is the edge it came through
(``lineage[0]``) and whose locator is the upstream's field it was read from, or ``lineage`` when
the upstream inherited it too (follow ``Verdict.upstream`` for the rest of the path). Subjects
and evidence are relative to the artifact judged, so a verdict is a value of the artifact's facts
and its upstream verdicts, and an engine may share it between artifacts.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from functools import cache, lru_cache

from openness.licenses import Freedom, Notion, evaluate, knowledge_base
from openness.licenses.expression import Node
from openness.model import Artifact, Evidence, EvidenceKind, LicenseExpression, Relation
from openness.policy.rules.components import release_terms, terms_words
from openness.policy.rules.licenses import OUTCOME_OF, judge
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.run import Run
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = [
    "EDGES_KEY",
    "InheritedTerm",
    "clear_lineage_caches",
    "inherited_terms",
    "lineage_inheritance",
    "name_head",
    "name_matches",
    "naming_prefixes",
    "open_washing",
    "passed_on",
]

_STATE_KEY = "lineage-terms"

#: A view's state may hold, under this key, a hashable that identifies the artifact's deriving
#: edges and what their upstreams pass on (a table policy puts its lineage slot there). Then the
#: inherited terms and the open-washing analysis are shared by every policy judging the artifact.
#: Those two caches are keyed by content (interned facts), so every run and thread shares them.
EDGES_KEY = "lineage-edges-key"
_SHARED_TERMS: dict[Hashable, _Edges] = {}
_SHARED_WASHING: dict[Hashable, tuple[Outcome, str, str | None]] = {}


@dataclass(frozen=True, slots=True)
class InheritedTerm:
    """One license a derivative inherits, and the artifact it comes from."""

    edge: int  # index of the first hop in the derivative's lineage
    origin: str  # the edge it came through: lineage[0], lineage[1], ...
    locator: str  # the upstream's field it was read from, or "lineage" if inherited there too
    expression: LicenseExpression | None  # None when the origin states no license

    def evidence(self) -> Evidence:
        """The term as ``inherited`` evidence (how verdicts carry it downstream)."""
        return _inherited(self.origin, self.locator, self.expression)


@lru_cache(maxsize=16384)
def _inherited(origin: str, locator: str, expression: str | None) -> Evidence:
    return Evidence(source=origin, locator=locator, kind=EvidenceKind.INHERITED, note=expression)


@dataclass(frozen=True, slots=True)
class _Edges:
    deriving: tuple[int, ...]  # the index of each deriving edge
    missing: tuple[tuple[int, Relation, str], ...]  # deriving edges whose target is not loaded
    terms: tuple[InheritedTerm, ...]
    evidence: tuple[Evidence, ...] = ()  # each term's evidence (what findings carry)


# (locator, expression) of every license an upstream artifact passes on: its own release terms
# first (locator: the field they were read from), then the licenses it inherited itself
# (locator "lineage"), read from its verdict's findings, distinct and sorted.
_Passed = tuple[tuple[str, LicenseExpression | None], ...]

#: The locator of a license an upstream artifact passes on but inherited itself.
THROUGH_LINEAGE = "lineage"

_CACHE_LIMIT = 200_000


def clear_lineage_caches() -> None:
    """Forget the lineage analyses shared between policies (for cold benchmarks)."""
    for shared in (_SHARED_TERMS, _SHARED_WASHING):
        shared.clear()
    _naming_rule.cache_clear()
    _keeps.cache_clear()


def passed_on(upstream: Artifact, findings: tuple[Finding, ...], run: Run | None = None) -> _Passed:
    """The licenses ``upstream`` passes on to derivatives, given its verdict's findings: its own
    release terms ``(locator, expression)``, then each other license it inherited itself
    (``("lineage", expression)``, sorted; None for an upstream that stated none). Cached in
    ``run`` per (artifact, findings) object (the cache holds the objects too, and a hit is
    checked by identity)."""
    key = (id(upstream), id(findings))
    if run is not None:
        hit = run.passed.get(key)
        if hit is not None and hit[0] is upstream and hit[1] is findings:
            passed: _Passed = hit[2]
            return passed
    expression, locator = release_terms(upstream)
    own = None if expression is None else str(expression)
    inherited: set[str | None] = set()
    for finding in findings:
        for evidence in finding.evidence:
            if evidence.kind is EvidenceKind.INHERITED and evidence.source.startswith("lineage["):
                inherited.add(evidence.note)
    inherited.discard(own)
    result: _Passed = (
        (locator, expression),
        *(
            (THROUGH_LINEAGE, None if note is None else LicenseExpression.of(note))
            for note in sorted(inherited, key=lambda n: (n is not None, n or ""))
        ),
    )
    if run is not None:
        run.passed[key] = (upstream, findings, result)
    return result


def _edge_terms(index: int, passed: _Passed, run: Run | None) -> tuple[InheritedTerm, ...]:
    key = (index, id(passed))
    if run is not None:
        hit = run.edge_terms.get(key)
        if hit is not None and hit[0] is passed:
            found: tuple[InheritedTerm, ...] = hit[1]
            return found
    origin = f"lineage[{index}]"
    terms = tuple(InheritedTerm(index, origin, loc, expr) for loc, expr in passed)
    if run is not None:
        run.edge_terms[key] = (passed, terms)
    return terms


def inherited_terms(view: ArtifactView) -> _Edges:
    """Every license the artifact inherits through its deriving edges, transitively: each
    distinct license once, from the first edge that passes it on (cached on the view). A term
    an upstream artifact inherited itself has the locator ``lineage``: follow that upstream's
    verdict (``Verdict.upstream``) to where it came from."""
    cached: _Edges | None = view.state.get(_STATE_KEY)
    if cached is not None:
        return cached
    shared = view.state.get(EDGES_KEY)
    if shared is not None:
        cached = _SHARED_TERMS.get(shared)
        if cached is not None:
            view.state[_STATE_KEY] = cached
            return cached
    artifact = view.artifact
    run = view.context.run
    by_edge = {id(u.edge): u for u in view.context.upstream}
    deriving: list[int] = []
    missing: list[tuple[int, Relation, str]] = []
    terms: list[InheritedTerm] = []
    seen: set[str | None] = set()
    for index, edge in enumerate(artifact.lineage):
        if not edge.relation.derives:
            continue
        deriving.append(index)
        upstream = by_edge.get(id(edge))
        if upstream is None:
            missing.append((index, edge.relation, edge.target))
            continue
        passed = passed_on(upstream.artifact, upstream.verdict.findings, run)
        for term in _edge_terms(index, passed, run):
            text = None if term.expression is None else str(term.expression)
            if text not in seen:
                seen.add(text)
                terms.append(term)
    result = _Edges(
        tuple(deriving), tuple(missing), tuple(terms), tuple([t.evidence() for t in terms])
    )
    view.state[_STATE_KEY] = result
    if shared is not None:
        if len(_SHARED_TERMS) >= _CACHE_LIMIT:
            _SHARED_TERMS.clear()
        _SHARED_TERMS[shared] = result
    return result


_HEAD = re.compile(r"[\s\-_./:@]+")


def name_head(artifact: Artifact) -> str:
    """The first word of the artifact's name (else of the last part of its id), lower-cased:
    what a naming rule ("include 'Llama' at the beginning of the name") looks at."""
    name = artifact.name or artifact.id.rstrip("/").rsplit("/", 1)[-1]
    return _HEAD.split(name.strip(), maxsplit=1)[0].lower()


@cache
def naming_prefixes() -> tuple[str, ...]:
    """Every naming-rule prefix the knowledge base knows (lower-cased, sorted)."""
    return tuple(
        sorted(
            {f.derivative_name_prefix.lower() for f in knowledge_base() if f.derivative_name_prefix}
        )
    )


def name_matches(artifact: Artifact) -> dict[str, bool]:
    """For each known naming-rule prefix, whether the artifact's name begins with it (the only
    thing about the name a rule reads, so verdicts stay shareable between artifacts)."""
    head = name_head(artifact)
    return {prefix: head.startswith(prefix) for prefix in naming_prefixes()}


def _not_applicable(spec: RuleSpec) -> Finding:
    return spec.cached(
        "underived",
        lambda: Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.NOT_APPLICABLE,
            message="no deriving lineage edge (fine-tune, adapter, quantisation, distillation, "
            "merge, derived or compiled from): nothing is inherited",
            severity=spec.severity,
            citation=spec.citation,
        ),
    )


def _term_finding(spec: RuleSpec, term: InheritedTerm) -> Finding:
    key = ("term", term.origin, term.locator, str(term.expression))
    cached: Finding | None = spec.cache.get(key)
    if cached is not None:
        return cached
    subject = f"lineage[{term.edge}]"
    where = (
        f"{term.origin}, which inherited it"
        if term.locator == THROUGH_LINEAGE
        else f"{term.origin} ({terms_words(term.locator)})"
    )
    fix = spec.fix(
        f"a derivative stays bound by its upstream's terms: derive from an upstream released "
        f"under {spec.terms}, or obtain other terms from the rights holder of {term.origin}"
    )
    if term.expression is None:
        finding = Finding(
            rule=spec.id,
            subject=subject,
            outcome=Outcome.UNKNOWN,
            message=f"{where} states no license, so the terms a derivative inherits from it "
            "are unknown",
            severity=spec.severity,
            how_to_fix=f"state the license of {term.origin} (an SPDX expression)",
            citation=spec.citation,
            evidence=(term.evidence(),),
        )
        return spec.remember(key, finding)
    judgement = judge(term.expression, spec)
    outcome = OUTCOME_OF[judgement.freedom]
    verb = {
        Outcome.PASS: f"which is {spec.terms}",
        Outcome.FAIL: f"which is not {spec.terms}",
        Outcome.UNKNOWN: f"and whether that is {spec.terms} is unknown",
    }[outcome]
    if outcome is Outcome.UNKNOWN:
        fix = (
            f"identify the license of {term.origin} with an SPDX id or a LicenseRef- id the "
            "knowledge base has facts for"
        )
    subs: list[Finding] = []
    kb = knowledge_base()
    for license_id in term.expression.ids:
        facts = kb.get(license_id)
        if facts is None:
            continue
        if facts.derivative_obligations:
            subs.append(
                Finding(
                    rule=spec.id,
                    subject=subject,
                    outcome=Outcome.PASS,
                    message=f"{facts.id} binds derivatives: "
                    + "; ".join(facts.derivative_obligations),
                    severity=FindingSeverity.INFO,
                    citation=spec.citation,
                )
            )
    finding = Finding(
        rule=spec.id,
        subject=subject,
        outcome=outcome,
        message=f"inherits '{term.expression}' from {where}, {verb}: {judgement.reason}",
        severity=spec.severity,
        how_to_fix=fix if outcome is not Outcome.PASS else None,
        citation=spec.citation,
        evidence=(term.evidence(),),
        findings=tuple(subs),
    )
    return spec.remember(key, finding)


@lru_cache(maxsize=4096)
def _naming_rule(expression: LicenseExpression) -> tuple[str, str] | None:
    """The first license of ``expression`` with a naming rule: ``(license id, prefix)``, or
    None (cached per expression)."""
    kb = knowledge_base()
    named = (kb.get(license_id) for license_id in expression.ids)
    facts = next((f for f in named if f is not None and f.derivative_name_prefix), None)
    if facts is None or facts.derivative_name_prefix is None:
        return None
    return facts.id, facts.derivative_name_prefix


def _naming(spec: RuleSpec, artifact: Artifact, term: InheritedTerm) -> Finding | None:
    if term.expression is None:
        return None
    rule = _naming_rule(term.expression)
    if rule is None:
        return None
    license_id, prefix = rule
    # What name_matches(artifact) says of this prefix (every naming-rule prefix is among them).
    ok = name_head(artifact).startswith(prefix.lower())
    key = ("naming", term.origin, term.locator, str(term.expression), license_id, prefix, ok)
    return spec.cached(
        key,
        lambda: Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.PASS if ok else Outcome.FAIL,
            message=(
                f"{license_id} (inherited from {term.origin}) requires derivative names to "
                f"begin with '{prefix}'; the artifact's name "
                + ("does" if ok else "does not (see its name field, or the id when it has none)")
            ),
            severity=FindingSeverity.WARNING,
            how_to_fix=None if ok else f"begin the derivative's name with '{prefix}'",
            citation=spec.citation,
            evidence=(term.evidence(),),
        ),
    )


def _missing_upstream(spec: RuleSpec, index: int, relation: Relation, target: str) -> Finding:
    return Finding(
        rule=spec.id,
        subject=f"lineage[{index}]",
        outcome=Outcome.UNKNOWN,
        message=f"lineage[{index}] ({relation.value}) names {target!r}, which is not loaded, so "
        "the terms inherited from it are unknown",
        severity=spec.severity,
        how_to_fix=f"give the file that describes {target!r} together with this one",
        citation=spec.citation,
    )


def lineage_inheritance(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``lineage-inheritance``: every license inherited through deriving edges (transitively)
    is under the rule's terms. The finding carries each inherited license as evidence, which is
    how the terms travel further downstream; naming rules and derivative obligations of the
    inherited licenses are reported as warning and info sub-findings."""
    edges = inherited_terms(view)
    if not edges.deriving:
        return _not_applicable(spec)
    return _inheritance(spec, view, edges)


def _inheritance(spec: RuleSpec, view: ArtifactView, edges: _Edges) -> Finding:
    subs: list[Finding] = [_missing_upstream(spec, *m) for m in edges.missing]
    subs.extend(_term_finding(spec, term) for term in edges.terms)
    for term in edges.terms:
        naming = _naming(spec, view.artifact, term)
        if naming is not None:
            subs.append(naming)
    decisive = [f for f in subs if f.severity is spec.severity]
    outcome = Outcome.combine([f.outcome for f in decisive])
    evidence = edges.evidence
    if outcome is Outcome.PASS:
        listed = ", ".join(f"'{t.expression}'" for t in edges.terms)
        message = (
            f"inherits {listed} through {len(edges.deriving)} deriving edge(s), all {spec.terms}"
        )
        fix = None
    else:
        deciding = next(f for f in decisive if f.outcome is outcome)
        message, fix = deciding.message, deciding.how_to_fix
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=outcome,
        message=message,
        severity=spec.severity,
        how_to_fix=fix,
        citation=spec.citation,
        evidence=evidence,
        findings=tuple(subs),
    )


def _claims_open(expression: LicenseExpression) -> Freedom:
    return evaluate(expression.parsed, Notion.OPEN).freedom


#: At most this many ways to comply with an expression are worked out (``A OR B`` has two;
#: ``(A OR B) AND (C OR D)`` four); beyond it, an expression is taken to require nothing.
MAX_CHOICES = 64


def _choices(node: Node | None) -> list[frozenset[str]] | None:
    """The ways to comply with an expression tree: for each, the licenses a licensee would be
    under (``A OR B``: {A} or {B}; ``A AND B``: {A, B}; ``A WITH E``: {A}). None for
    ``NOASSERTION`` and ``NONE``, and beyond :data:`MAX_CHOICES`."""
    if node is None:
        return None
    if node.op in ("ID", "WITH"):
        return [frozenset([str(node.key)])]
    parts = [_choices(child) for child in node.children]
    if any(p is None for p in parts):
        return None
    out: list[frozenset[str]] = []
    if node.op == "OR":
        for part in parts:
            out.extend(part or ())
    else:  # AND: one way to comply with each operand, together
        out = [frozenset()]
        for part in parts:
            out = [chosen | more for chosen in out for more in part or ()]
            if len(out) > MAX_CHOICES:
                return None
    return out if len(out) <= MAX_CHOICES else None


@lru_cache(maxsize=4096)
def _keeps(declared: LicenseExpression, inherited: LicenseExpression) -> bool:
    """True when every way to comply with ``declared`` keeps the ``inherited`` terms (all the
    licenses of one way to comply with them): ``MIT AND Llama`` keeps Llama's terms, ``MIT OR
    Llama`` does not (a licensee may choose MIT). ``NOASSERTION`` and ``NONE`` are kept only by
    themselves."""
    own = _choices(declared.parsed.tree)
    theirs = _choices(inherited.parsed.tree)
    if own is None or theirs is None:
        return str(declared) == str(inherited)
    return all(any(way >= kept for kept in theirs) for way in own)


def _share_alike(expression: LicenseExpression) -> bool:
    kb = knowledge_base()
    return any((f := kb.get(i)) is not None and f.share_alike for i in expression.ids)


def _always_share_alike(expression: LicenseExpression) -> bool:
    """True when every way to comply with ``expression`` includes a share-alike license."""
    kb = knowledge_base()
    ways = _choices(expression.parsed.tree)
    if ways is None:
        return _share_alike(expression)
    return all(any((f := kb.get(i)) is not None and f.share_alike for i in way) for way in ways)


def open_washing(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``open-washing``: a derivative whose own declared terms contradict what it inherits
    (claims an open license while an upstream's terms are restricted, or drops an upstream's
    share-alike license) cannot pass."""
    edges = inherited_terms(view)
    if not edges.deriving:
        return _not_applicable(spec)
    declared, locator = release_terms(view.artifact)
    return _washing(spec, edges, declared, locator, view.state.get(EDGES_KEY))


def _washing(
    spec: RuleSpec,
    edges: _Edges,
    declared: LicenseExpression | None,
    locator: str,
    shared: Hashable | None = None,
) -> Finding:
    evidence = edges.evidence
    key = None if shared is None else (shared, None if declared is None else str(declared), locator)
    analysis = _SHARED_WASHING.get(key) if key is not None else None
    if analysis is None:
        analysis = _washing_analysis(edges, declared, locator)
        if key is not None:
            if len(_SHARED_WASHING) >= _CACHE_LIMIT:
                _SHARED_WASHING.clear()
            _SHARED_WASHING[key] = analysis
    outcome, message, fix = analysis
    if outcome is Outcome.FAIL:
        fix = spec.fix(fix or "")
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=outcome,
        message=message,
        severity=spec.severity,
        how_to_fix=fix,
        citation=spec.citation,
        evidence=evidence,
    )


def _washing_analysis(
    edges: _Edges, declared: LicenseExpression | None, locator: str
) -> tuple[Outcome, str, str | None]:
    """Whether a declared license contradicts the inherited terms: (outcome, message, fix);
    the same under every policy."""

    def make(
        outcome: Outcome, message: str, fix: str | None = None
    ) -> tuple[Outcome, str, str | None]:
        return outcome, message, fix

    if declared is None:
        return make(
            Outcome.NOT_APPLICABLE,
            "the derivative declares no license of its own; it carries the inherited terms",
        )
    claims = _claims_open(declared)
    contradictions: list[str] = []
    doubts: list[str] = []
    for index, _relation, target in edges.missing:
        doubts.append(f"the terms of {target!r} (lineage[{index}], not loaded)")
    for term in edges.terms:
        if term.expression is None:
            if claims is not Freedom.NOT_FREE:
                doubts.append(f"the terms of {term.origin}, which states no license")
            continue
        if _keeps(declared, term.expression):
            continue
        upstream_open = _claims_open(term.expression)
        source = f"'{term.expression}' from {term.origin}"
        if upstream_open is Freedom.NOT_FREE and claims is not Freedom.NOT_FREE:
            reason = evaluate(term.expression.parsed, Notion.OPEN).reason
            if claims is Freedom.FREE:
                contradictions.append(f"{source}, which is not open ({reason})")
            else:
                doubts.append(f"{source}, which is not open ({reason})")
        elif _share_alike(term.expression) and not _always_share_alike(declared):
            contradictions.append(f"{source}, whose share-alike terms bind derivatives")
        elif upstream_open is Freedom.UNKNOWN and claims is Freedom.FREE:
            doubts.append(f"{source}, whose terms are unknown")
    where = f"'{declared}' (at {locator})"
    if contradictions:
        return make(
            Outcome.FAIL,
            f"declares {where} but inherits {'; '.join(contradictions)}: a derivative cannot be "
            "more open than what it derives from (open-washing)",
            "declare the inherited terms (the upstream license, or an expression that "
            "includes it) instead, or derive from an upstream released under open terms",
        )
    if doubts:
        return make(
            Outcome.UNKNOWN,
            f"cannot tell whether declaring {where} is consistent with {'; '.join(doubts)}",
            "identify the licenses involved with SPDX ids or LicenseRef- ids the knowledge base "
            "has facts for",
        )
    return make(Outcome.PASS, f"declares {where}, consistent with the terms it inherits")
