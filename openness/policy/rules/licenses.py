"""License judgement findings: one license expression judged under a rule's notions, with a
sub-finding per operand of the expression (walked from the parsed tree, never the text)."""

from __future__ import annotations

from openness.licenses import Freedom, Judgement, evaluate
from openness.model import Evidence, LicenseExpression
from openness.policy.rules.spec import RuleSpec
from openness.policy.verdict import Finding, Outcome

__all__ = ["OUTCOME_OF", "judge", "license_finding", "license_fix"]

#: How a license judgement maps onto a finding's outcome.
OUTCOME_OF: dict[Freedom, Outcome] = {
    Freedom.FREE: Outcome.PASS,
    Freedom.NOT_FREE: Outcome.FAIL,
    Freedom.UNKNOWN: Outcome.UNKNOWN,
}


def judge(expression: LicenseExpression, spec: RuleSpec) -> Judgement:
    """The judgement of ``expression`` under the rule's notions: the first notion under which
    it is free, else the first that leaves it unknown, else the first (cached per expression)."""
    judgements = [evaluate(expression.parsed, notion) for notion in spec.notions]
    for wanted in (Freedom.FREE, Freedom.UNKNOWN):
        for judgement in judgements:
            if judgement.freedom is wanted:
                return judgement
    return judgements[0]


def license_fix(spec: RuleSpec, what: str, expression: LicenseExpression, outcome: Outcome) -> str:
    """The how-to-fix for a license that is not free (or not known to be) under the rule."""
    if spec.how_to_fix:
        return spec.fix("", what=what, license=expression)
    if outcome is Outcome.UNKNOWN:
        if expression.is_noassertion:
            return f"state the license of {what} as an SPDX expression"
        unknown = ", ".join(expression.unknown_ids) or str(expression)
        return (
            f"identify the license of {what} with an SPDX id (https://spdx.org/licenses/) or a "
            f"LicenseRef- id the knowledge base has facts for; no facts are known for {unknown}"
        )
    return (
        f"release {what} under {spec.terms}; terms that restrict use, commercial use or "
        "derivatives never count"
    )


def _message(
    what: str, expression: LicenseExpression, terms: str, judgement: Judgement, origin: str
) -> str:
    if expression.is_noassertion:  # "NOASSERTION: no license is stated" says it twice
        stated = f", and {origin} is NOASSERTION" if origin else " (NOASSERTION)"
        return f"{what} states no license{stated}, so whether it is under {terms} is unknown"
    if expression.is_none:
        granted = (
            f"states no license, and {origin} is NONE (no license is granted)"
            if origin
            else "is released with no license granted (NONE)"
        )
        return f"{what} {granted}, so it is not under {terms}"
    licensed = (
        f"{what} states no license and takes {origin} '{expression}'"
        if origin
        else f"{what} is licensed '{expression}'"
    )
    if judgement.freedom is Freedom.FREE:
        return f"{licensed}, {terms}: {judgement.reason}"
    if judgement.freedom is Freedom.NOT_FREE:
        return f"{licensed}, which is not {terms}: {judgement.reason}"
    return f"{licensed}; whether that is {terms} is unknown: {judgement.reason}"


def _operands(spec: RuleSpec, subject: str, judgement: Judgement, fix: str) -> tuple[Finding, ...]:
    return tuple(
        Finding(
            rule=spec.id,
            subject=subject,
            outcome=OUTCOME_OF[op.freedom],
            message=f"operand '{op.expression}': {op.reason}",
            severity=spec.severity,
            how_to_fix=fix if op.freedom is not Freedom.FREE else None,
            citation=spec.citation,
            findings=_operands(spec, subject, op, fix),
        )
        for op in judgement.operands
    )


def license_finding(
    spec: RuleSpec,
    subject: str,
    what: str,
    expression: LicenseExpression,
    evidence: tuple[Evidence, ...] = (),
    origin: str = "",
) -> Finding:
    """Judge ``expression`` (the license of ``what``) under the rule's notions.

    The finding quotes the expression, gives the reason (the failing operand of an AND, the free
    branch of an OR), and has one sub-finding per operand of a compound expression. ``origin``
    names where an inherited license came from (``the release's declared license``): the message
    then says that ``what`` states none and takes it. Findings are cached on the rule per
    (subject, what, expression, evidence, origin).
    """
    key = ("license", subject, what, str(expression), evidence, origin)
    cached: Finding | None = spec.cache.get(key)
    if cached is not None:
        return cached
    judgement = judge(expression, spec)
    outcome = OUTCOME_OF[judgement.freedom]
    fix = license_fix(spec, what, expression, outcome)
    finding = Finding(
        rule=spec.id,
        subject=subject,
        outcome=outcome,
        message=_message(what, expression, spec.terms, judgement, origin),
        severity=spec.severity,
        how_to_fix=fix if outcome is not Outcome.PASS else None,
        citation=spec.citation,
        evidence=evidence,
        findings=_operands(spec, subject, judgement, fix),
    )
    return spec.remember(key, finding)
