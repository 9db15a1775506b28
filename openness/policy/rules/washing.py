"""Open-washing: a derivative that declares a license contradicting what it inherits (claims an
open license while an upstream's terms are restricted, or drops an upstream's share-alike
license) cannot pass.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache

from openness.licenses import Freedom, Notion, evaluate, knowledge_base
from openness.licenses.expression import Node
from openness.model import LicenseExpression
from openness.policy.rules.components import release_terms
from openness.policy.rules.inherited import (
    CACHE_LIMIT,
    EDGES_KEY,
    Edges,
    inherited_terms,
    underived,
)
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding, Outcome

__all__ = ["MAX_CHOICES", "clear_washing_caches", "open_washing"]

#: The open-washing analyses, keyed by content (interned facts): every run and thread shares
#: them.
_SHARED_WASHING: dict[Hashable, tuple[Outcome, str, str | None]] = {}


def clear_washing_caches() -> None:
    """Forget the open-washing analyses shared between policies (for cold benchmarks)."""
    _SHARED_WASHING.clear()
    _keeps.cache_clear()


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
        return underived(spec)
    declared, locator = release_terms(view.artifact)
    return _washing(spec, edges, declared, locator, view.state.get(EDGES_KEY))


def _washing(
    spec: RuleSpec,
    edges: Edges,
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
            if len(_SHARED_WASHING) >= CACHE_LIMIT:
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
    edges: Edges, declared: LicenseExpression | None, locator: str
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
