"""Turning a table policy's findings into a verdict body: a rule's ``when`` condition, the
outcome (every error finding must pass) and, for a graded policy, the level."""

from __future__ import annotations

from collections.abc import Mapping

from openness.policy.rules import RuleSpec
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = ["combined", "conditional", "grade"]


def conditional(spec: RuleSpec, decided: bool | None, finding: Finding, how: str) -> Finding:
    """Apply a rule's ``when`` condition: not applicable when it does not hold; when it is
    undecided, the finding stands if it passes anyway, else it is unknown."""
    if decided is True:
        return finding
    if decided is False:
        key = ("not-needed", spec.when)
        return spec.cached(
            key,
            lambda: Finding(
                rule=spec.id,
                subject="artifact",
                outcome=Outcome.NOT_APPLICABLE,
                message=f"not required: the condition '{spec.when}' does not hold ({spec.title})",
                severity=spec.severity,
                citation=spec.citation,
            ),
        )
    if finding.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE):
        return finding
    return Finding(
        rule=spec.id,
        subject=finding.subject,
        outcome=Outcome.UNKNOWN,
        message=f"required only if '{spec.when}' holds, which is undecided; {finding.message}",
        severity=spec.severity,
        how_to_fix=f"{how}; or: {finding.how_to_fix}",
        citation=spec.citation,
        evidence=finding.evidence,
        findings=(finding,),
    )


def combined(findings: list[Finding]) -> Outcome:
    """``Outcome.combine`` of the error findings' outcomes, in one pass."""
    result = Outcome.NOT_APPLICABLE
    for finding in findings:
        if finding.severity is FindingSeverity.ERROR:
            outcome = finding.outcome
            if outcome is Outcome.FAIL:
                return outcome
            if outcome is Outcome.UNKNOWN or (
                outcome is Outcome.PASS and result is Outcome.NOT_APPLICABLE
            ):
                result = outcome
    return result


def grade(
    judged: list[tuple[RuleSpec, Finding]],
    levels: tuple[str, ...],
    level_of: Mapping[str, int],
    pass_level: str | None,
) -> tuple[str | None, Outcome]:
    """The level and the outcome of a graded policy's findings (``levels`` best first;
    ``pass_level`` the one that passes)."""
    # A rule tagged with level j is needed for levels 0..j; an untagged one for level 0.
    # Only error findings decide; each level's outcome combines those needed for it (see
    # Outcome.combine: any fail fails, else any unknown, else pass; not-applicable when
    # nothing applies).
    if not levels:
        return None, Outcome.combine(
            [f.outcome for _, f in judged if f.severity is FindingSeverity.ERROR]
        )
    needed = [
        (level_of[spec.level] if spec.level is not None else 0, f.outcome)
        for spec, f in judged
        if f.severity is FindingSeverity.ERROR
    ]
    level: str | None = levels[-1]
    for index in range(len(levels) - 1):
        outcome = Outcome.combine([o for at, o in needed if at >= index])
        if outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE):
            level = levels[index]
            break
        if outcome is Outcome.UNKNOWN:
            level = None
            break
    assert pass_level is not None
    passing = level_of[pass_level]
    outcome = Outcome.combine([o for at, o in needed if at >= passing])
    if outcome is Outcome.NOT_APPLICABLE:
        outcome = Outcome.PASS
    return level, outcome
