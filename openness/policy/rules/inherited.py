"""What a derivative inherits: the licenses its deriving edges (fine-tune, adapter,
quantisation, distillation, merge, ...) pass on, transitively.

What an upstream passes on is its own terms (the license of its final parameters, else its
declared license) plus every other license it inherited, read from its verdict under the same
policy: the inheritance finding records each inherited license as ``inherited`` evidence whose
source is the edge it came through (``lineage[0]``) and whose locator is the upstream's field it
was read from, or ``lineage`` when the upstream inherited it too.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache

from openness.model import Artifact, Evidence, EvidenceKind, LicenseExpression, Relation
from openness.policy.rules.components import release_terms
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.run import Run
from openness.policy.verdict import Finding, Outcome

__all__ = [
    "CACHE_LIMIT",
    "EDGES_KEY",
    "THROUGH_LINEAGE",
    "Edges",
    "InheritedTerm",
    "clear_inherited_caches",
    "inherited_terms",
    "passed_on",
    "underived",
]

_STATE_KEY = "lineage-terms"

#: A view's state may hold, under this key, a hashable that identifies the artifact's deriving
#: edges and what their upstreams pass on (a table policy puts its lineage slot there). Then the
#: inherited terms and the open-washing analysis are shared by every policy judging the artifact.
#: Those two caches are keyed by content (interned facts), so every run and thread shares them.
EDGES_KEY = "lineage-edges-key"
_SHARED_TERMS: dict[Hashable, Edges] = {}


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
class Edges:
    """The deriving edges of an artifact and what it inherits through them."""

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

CACHE_LIMIT = 200_000


def clear_inherited_caches() -> None:
    """Forget the inherited terms shared between policies (for cold benchmarks)."""
    _SHARED_TERMS.clear()


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


def inherited_terms(view: ArtifactView) -> Edges:
    """Every license the artifact inherits through its deriving edges, transitively: each
    distinct license once, from the first edge that passes it on (cached on the view). A term
    an upstream artifact inherited itself has the locator ``lineage``: follow that upstream's
    verdict (``Verdict.upstream``) to where it came from."""
    cached: Edges | None = view.state.get(_STATE_KEY)
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
    result = Edges(
        tuple(deriving), tuple(missing), tuple(terms), tuple([t.evidence() for t in terms])
    )
    view.state[_STATE_KEY] = result
    if shared is not None:
        if len(_SHARED_TERMS) >= CACHE_LIMIT:
            _SHARED_TERMS.clear()
        _SHARED_TERMS[shared] = result
    return result


def underived(spec: RuleSpec) -> Finding:
    """The finding of a lineage rule on an artifact without deriving edges."""
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
