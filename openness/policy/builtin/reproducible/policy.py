"""The ``reproducible`` policy object: the Policy protocol, its options, and the run of each
graph under each set of options."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from openness.licenses import Notion, knowledge_base
from openness.lineage import LineageGraph
from openness.model import Artifact
from openness.policy.base import Context, OptionInfo, RuleInfo
from openness.policy.builtin.reproducible.assess import Assessor
from openness.policy.builtin.reproducible.memo import Assessment, Grade, GraphRun
from openness.policy.builtin.reproducible.table import ReproducibleTable, default_table
from openness.policy.run import Run, direct_run
from openness.policy.verdict import Finding, Outcome, Verdict

__all__ = ["ReproduciblePolicy"]


class ReproduciblePolicy(Assessor):
    """Reproducibility from the release (``reproducible``): ``rebuildable`` >
    ``rebuildable-with-third-party-inputs`` > ``not-rebuildable``."""

    def __init__(self, table: ReproducibleTable | None = None):
        self.table = table or default_table()
        self.id = self.table.id
        self.version = self.table.version
        self.title = self.table.title
        self.summary = self.table.summary
        self.levels: tuple[str, ...] = self.table.levels
        self._rules = {r.id: r for r in self.table.rules}
        digest = hashlib.sha256(self.table.digest.encode())
        digest.update(knowledge_base().version.encode())
        self._data_hash = digest.hexdigest()

    # --- the Policy protocol --------------------------------------------------------------

    def rules(self) -> Sequence[RuleInfo]:
        """Every rule this policy reports, with its citation."""
        return self.table.rules

    def options(self) -> Mapping[str, OptionInfo]:
        """``notion``: the notion of a free license inputs are judged under; ``min_level``:
        the lowest level that passes."""
        return {
            "notion": OptionInfo(
                "notion",
                str,
                self.table.notion.value,
                "the notion of a free license an input's license is judged under: "
                + ", ".join(n.value for n in Notion),
            ),
            "min_level": OptionInfo(
                "min_level",
                str,
                self.table.min_level,
                "the lowest level that passes: " + ", ".join(self.table.levels[:2]),
            ),
        }

    def data_hash(self) -> str:
        """A digest of the table and the knowledge base version."""
        return self._data_hash

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge one artifact; missing facts give unknown findings, never exceptions.

        Upstream artifacts are judged from ``context.graph`` (memoised in ``context.run``, else
        in this thread's :func:`~openness.policy.run.direct_run` of the graph), so the verdict
        does not depend on the engine having passed ``context.upstream``.
        """
        evaluation = context.run or direct_run(context.graph)
        run = self._run_in(evaluation, context.options)
        assessment = self._assess(artifact, run)
        level, outcome, findings = self._body(assessment, run)
        return Verdict(
            artifact=artifact.id,
            policy=self.id,
            policy_version=self.version,
            outcome=outcome,
            level=level,
            findings=findings,
            data_hash=self.data_hash(),
            upstream=assessment.upstream,
            levels=self.levels,
        )

    def verdict_body(
        self, artifact: Artifact, evaluation: Run, options: Mapping[str, Any]
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        """The level, outcome and findings :meth:`evaluate` gives (without the upstream
        references, which the engine makes): upstream artifacts are read from the graph of
        ``evaluation`` (the engine's run, where the assessments are memoised), so the engine
        needs no :class:`Context` for this policy."""
        run = self._run_in(evaluation, options)
        assessment = run.done.get(artifact.id)
        if assessment is None or assessment.artifact is not artifact:
            assessment = self._assess(artifact, run)
        level, outcome = run.shapes[assessment.grade]
        return level, outcome, assessment.findings

    def _body(
        self, assessment: Assessment, run: GraphRun
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        level, outcome = run.shapes[assessment.grade]
        return level, outcome, assessment.findings

    def _shapes(self, min_grade: Grade) -> dict[Grade, tuple[str | None, Outcome]]:
        """The level and outcome of an artifact of each grade."""
        obtainable = Outcome.PASS if min_grade <= Grade.OBTAINABLE else Outcome.FAIL
        return {
            Grade.FREE: (self.levels[0], Outcome.PASS),
            Grade.OBTAINABLE: (self.levels[1], obtainable),
            Grade.MISSING: (self.levels[2], Outcome.FAIL),
            Grade.UNKNOWN: (None, Outcome.UNKNOWN),
        }

    # --- options and memo -----------------------------------------------------------------

    def _run_in(self, evaluation: Run, options: Mapping[str, Any]) -> GraphRun:
        """The assessments of the graph of ``evaluation`` under ``options``, kept there."""

        def make() -> GraphRun:
            run = self._run_for(evaluation.graph, options)
            run.run = evaluation
            return run

        return evaluation.state((self, options.get("notion"), options.get("min_level")), make)

    def _run_for(self, graph: LineageGraph, options: Mapping[str, Any]) -> GraphRun:
        """New assessments of ``graph`` under ``options``."""
        raw_notion = options.get("notion", self.table.notion.value)
        try:
            notion = Notion(raw_notion)
        except ValueError:
            known = ", ".join(n.value for n in Notion)
            raise ValueError(
                f"reproducible: option notion={raw_notion!r} is not one of {known}"
            ) from None
        raw_level = options.get("min_level", self.table.min_level)
        if raw_level not in self.levels[:2]:
            raise ValueError(
                f"reproducible: option min_level={raw_level!r} is not one of "
                f"{', '.join(self.levels[:2])}"
            )
        min_grade = Grade.FREE if raw_level == self.levels[0] else Grade.OBTAINABLE
        return GraphRun(graph, notion, min_grade, self._shapes(min_grade))
