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

The analyses are in modules of their own: what a derivative inherits in
:mod:`~openness.policy.rules.inherited`, naming rules in :mod:`~openness.policy.rules.naming`,
open-washing in :mod:`~openness.policy.rules.washing`; this module judges the inheritance (the
``lineage-inheritance`` check) and names them all.
"""

from __future__ import annotations

from openness.licenses import knowledge_base
from openness.model import Relation
from openness.policy.rules.components import terms_words
from openness.policy.rules.inherited import (
    EDGES_KEY,
    THROUGH_LINEAGE,
    Edges,
    InheritedTerm,
    clear_inherited_caches,
    inherited_terms,
    passed_on,
    underived,
)
from openness.policy.rules.licenses import OUTCOME_OF, judge
from openness.policy.rules.naming import (
    clear_naming_caches,
    name_head,
    name_matches,
    naming_finding,
    naming_prefixes,
)
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.rules.washing import MAX_CHOICES, clear_washing_caches, open_washing
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = [
    "EDGES_KEY",
    "MAX_CHOICES",
    "THROUGH_LINEAGE",
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


def clear_lineage_caches() -> None:
    """Forget the lineage analyses shared between policies (for cold benchmarks)."""
    clear_inherited_caches()
    clear_washing_caches()
    clear_naming_caches()


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
        return underived(spec)
    return _inheritance(spec, view, edges)


def _inheritance(spec: RuleSpec, view: ArtifactView, edges: Edges) -> Finding:
    subs: list[Finding] = [_missing_upstream(spec, *m) for m in edges.missing]
    subs.extend(_term_finding(spec, term) for term in edges.terms)
    for term in edges.terms:
        naming = naming_finding(spec, view.artifact, term)
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
