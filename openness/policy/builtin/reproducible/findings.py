"""How ``reproducible`` words a finding: its rule's severity, citation and how-to-fix, the
outcome and level of a grade, and the finding of the cost to rebuild."""

from __future__ import annotations

from openness.model import Evidence
from openness.policy.base import RuleInfo
from openness.policy.builtin.reproducible.cost import RebuildCost, with_unstated_model
from openness.policy.builtin.reproducible.memo import HOLE, LEVEL_INDEX, Assessment, Grade, GraphRun
from openness.policy.builtin.reproducible.table import R_COST, ReproducibleTable
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = ["FindingBuilder"]


class FindingBuilder:
    """Makes the findings of one table (the base of
    :class:`~openness.policy.builtin.reproducible.policy.ReproduciblePolicy`, which sets
    ``table``, ``levels`` and ``_rules``)."""

    table: ReproducibleTable
    levels: tuple[str, ...]
    _rules: dict[str, RuleInfo]

    def _finding(
        self,
        rule: str,
        subject: str,
        outcome: Outcome,
        message: str,
        fix: str = "",
        *,
        severity: FindingSeverity | None = None,
        evidence: tuple[Evidence, ...] = (),
        findings: tuple[Finding, ...] = (),
    ) -> Finding:
        info = self._rules[rule]
        return Finding(
            rule=rule,
            subject=subject,
            outcome=outcome,
            message=message,
            severity=severity or info.severity,
            how_to_fix=fix or None,
            citation=info.citation,
            evidence=evidence,
            findings=findings,
        )

    def _fix(self, rule: str, **values: str) -> str:
        return self.table.fixes[rule].format(**values)

    def _outcome(self, grade: Grade, run: GraphRun) -> tuple[Outcome, FindingSeverity | None]:
        if grade is Grade.FREE:
            return Outcome.PASS, None
        if grade is Grade.OBTAINABLE:
            if run.min_grade <= Grade.OBTAINABLE:
                return Outcome.PASS, FindingSeverity.WARNING
            return Outcome.FAIL, None
        if grade is Grade.UNKNOWN:
            return Outcome.UNKNOWN, None
        return Outcome.FAIL, None

    def _level(self, grade: Grade) -> str | None:
        """The level an upstream of this grade reaches (None when unknown)."""
        if grade is Grade.UNKNOWN:
            return None
        return self.levels[LEVEL_INDEX[grade]]

    def _child_cost_finding(self, model: str, parent: Assessment, upstream: RebuildCost) -> Finding:
        """``_cost_finding(with_unstated_model(model, upstream))``, where ``upstream`` is
        ``parent``'s cost: made once per parent with a placeholder for the model's id, split
        there (the model comes first in the lists it is in, so every downstream model's finding
        has its id in the same places), and joined with ``model``."""
        made = parent.child_cost
        if made is None:
            if any(HOLE in name for name in upstream.models):  # pragma: no cover - ids are text
                return self._cost_finding(with_unstated_model(model, upstream))
            template = self._cost_finding(with_unstated_model(HOLE, upstream))
            assert template.how_to_fix is not None  # the model states no compute: unknown
            made = parent.child_cost = (
                template.message.split(HOLE),
                template.how_to_fix.split(HOLE),
            )
        info = self._rules[R_COST]
        return Finding(
            R_COST,
            "facts.training",
            Outcome.UNKNOWN,
            model.join(made[0]),
            info.severity,
            model.join(made[1]),
            info.citation,
            upstream.evidence,
        )

    def _cost_finding(self, cost: RebuildCost) -> Finding:
        evidence = cost.evidence
        if not cost.models or cost.stated:
            return self._finding(
                R_COST, "facts.training", Outcome.PASS, cost.describe(), evidence=evidence
            )
        lacking = ", ".join(cost.missing.get("_core", ()))
        return self._finding(
            R_COST,
            "facts.training",
            Outcome.UNKNOWN,
            f"{cost.describe()}; no FLOP, accelerator hours or cost is stated for {lacking}",
            self._fix(R_COST, what=lacking),
            evidence=evidence,
        )
