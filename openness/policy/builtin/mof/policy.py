"""The ``mof`` policy object: the Policy protocol over the table, the class judge and the
lineage rules, with the verdict bodies shared between artifacts of the same facts."""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from openness.licenses import LicenseFacts, knowledge_base
from openness.model import Artifact, ContentType
from openness.policy.base import Context, OptionInfo, RuleInfo, UpstreamVerdict
from openness.policy.builtin.mof.components import ClassJudge
from openness.policy.builtin.mof.licenses import MofLicenses, OpenJudgement
from openness.policy.builtin.mof.lineage import Body, Done, GraphRun, combine, lineage_findings
from openness.policy.builtin.mof.table import MofTable, load_table
from openness.policy.builtin.signature import intern, parts_of
from openness.policy.rules.components import release_terms
from openness.policy.rules.lineage import passed_on
from openness.policy.run import Run
from openness.policy.verdict import Finding, Outcome, UpstreamRef, Verdict

__all__ = ["MofPolicy"]

_CACHE_LIMIT = 200_000


class MofPolicy:
    """The Model Openness Framework 1.0 (``mof``): level ``class-3`` < ``class-2`` <
    ``class-1``, or none."""

    def __init__(self, table: MofTable | None = None):
        self.table = table or load_table()
        self.id = self.table.id
        self.version = self.table.version
        self.title = self.table.title
        self.summary = self.table.summary
        self.levels: tuple[str, ...] = tuple(c.level for c in reversed(self.table.classes))
        self.licenses = MofLicenses(self.table)
        self._classes = ClassJudge(self.table, self.licenses)
        # Keyed by content (canonical expressions, interned facts): shared by every run and
        # thread, each filling in the same value for the same key.
        self._bodies: dict[Hashable, Body] = {}
        digest = hashlib.sha256(self.table.digest.encode())
        digest.update(knowledge_base().version.encode())
        self._data_hash = digest.hexdigest()

    def clear_cache(self) -> None:
        """Forget memoised judgements and verdict bodies (for cold benchmarks)."""
        self._bodies.clear()
        self.licenses.clear()

    # --- the Policy protocol --------------------------------------------------------------

    def rules(self) -> Sequence[RuleInfo]:
        """Every rule this policy reports, with its citation."""
        return self.table.rules

    def options(self) -> Mapping[str, OptionInfo]:
        """The ``mof`` policy takes no options."""
        return {}

    def data_hash(self) -> str:
        """A digest of the requirement table and the knowledge base version."""
        return self._data_hash

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge one artifact; missing facts give unknown findings, never exceptions.

        The components are judged once per distinct set of the facts the classes read (the
        artifact's signature parts, :mod:`openness.policy.builtin.signature`) and shared; when
        the artifact states no evidence, the evidence of a license a component inherits names
        the artifact judged relatively (``artifact``). Then the lineage rules: the licenses
        inherited through deriving edges (from ``context``'s upstream ``mof`` verdicts) must be
        open, and the declared license must not claim more than they allow (open-washing); a
        failure there fails the verdict and leaves it without a class, an unknown leaves it
        without a class.
        """
        outcome, level, findings = self._with_lineage(
            artifact, context, *self._class_body(artifact, context.run)
        )
        return Verdict(
            artifact=artifact.id,
            policy=self.id,
            policy_version=self.version,
            outcome=outcome,
            level=level,
            findings=findings,
            data_hash=self._data_hash,
            upstream=tuple(
                UpstreamRef(
                    u.artifact.id, u.edge.relation.value, u.verdict.outcome, u.verdict.level
                )
                for u in context.upstream
            ),
            levels=self.levels,
        )

    def verdict_body(
        self, artifact: Artifact, evaluation: Run, options: Mapping[str, Any]
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        """What :meth:`evaluate` gives (level, outcome, findings), for the engine, which judges
        the graph upstream first: the upstream ``mof`` verdicts are the ones this method made.

        Shared between artifacts: a body per distinct set of the artifact's facts (its signature
        parts) and of what each deriving edge passes on (the upstream's own terms and what it
        inherited, interned); only a new combination is judged. Memoised in ``evaluation`` (the
        engine's run over this graph), never in the policy.
        """
        run: GraphRun = evaluation.state(self, lambda: GraphRun(evaluation))
        whole = parts_of(artifact, evaluation).whole
        lineage = artifact.lineage
        edges: tuple[Hashable, ...] = ()
        if lineage and self.table.lineage:
            # Per edge: what a deriving edge's upstream passes on (its id when it is not
            # loaded: judged upstream first, every loaded one is done); None for other edges.
            done = run.done
            if len(lineage) == 1:
                edge = lineage[0]
                if edge.relation.derives:
                    upstream = done.get(edge.target)
                    edges = ((edge.relation, edge.target) if upstream is None else upstream[1],)
                else:
                    edges = (None,)
            else:
                edges = tuple(
                    [
                        ((e.relation, e.target) if (u := done.get(e.target)) is None else u[1])
                        if e.relation.derives
                        else None
                        for e in lineage
                    ]
                )
        key = (whole, edges)
        shared = run.memo.get(key)
        if shared is None:
            shared = run.memo[key] = self._shared_body(artifact, edges, run, options)
        run.done[artifact.id] = shared
        outcome, level, findings = shared[0]
        return level, outcome, findings

    def _shared_body(
        self,
        artifact: Artifact,
        edges: tuple[Hashable, ...],
        run: GraphRun,
        options: Mapping[str, Any],
    ) -> Done:
        """The body of an artifact with facts and upstream terms not seen before, and what it
        passes on."""
        outcome, level, findings = self._class_body(artifact, run.run)
        applicable = outcome is not Outcome.NOT_APPLICABLE
        # The lineage findings read what the edges pass on, the name's head and the declared
        # terms (not the components), and so does what the artifact passes on (its declared
        # terms and what it inherits): shared more widely than the body.
        lineage_key = (edges, parts_of(artifact, run.run).head, release_terms(artifact), applicable)
        found = run.lineage.get(lineage_key)
        if found is None:
            graph = run.graph
            upstream = tuple(
                UpstreamVerdict(e, graph.artifacts[e.target], run.verdict(self, e.target))
                for e in artifact.lineage
                if e.relation.derives and e.target in run.done
            )
            lineage = lineage_findings(
                self.table,
                artifact,
                Context(graph, upstream, options, run.run),
                applicable,
                ("mof", edges),
            )
            body = combine(outcome, level, findings, lineage)
            found = run.lineage[lineage_key] = (
                lineage,
                intern(passed_on(artifact, body[2], run.run)),
            )
            return body, found[1]
        return combine(outcome, level, findings, found[0]), found[1]

    def _class_body(
        self, artifact: Artifact, run: Run | None
    ) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
        """The outcome, level and findings of the classes (components and their licenses),
        memoised per set of the facts they read."""
        key = parts_of(artifact, run).whole
        body = self._bodies.get(key)
        if body is None:
            body = self._classes.body(artifact)
            if len(self._bodies) >= _CACHE_LIMIT:
                self._bodies.clear()
            self._bodies[key] = body
        return body

    def _with_lineage(
        self,
        artifact: Artifact,
        context: Context,
        outcome: Outcome,
        level: str | None,
        findings: tuple[Finding, ...],
    ) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
        """The class body with the lineage rules' findings added, and their effect."""
        lineage = lineage_findings(
            self.table, artifact, context, outcome is not Outcome.NOT_APPLICABLE
        )
        return combine(outcome, level, findings, lineage)

    # --- judging licenses (see MofLicenses) ---------------------------------------------------

    def judge(self, expression: str) -> OpenJudgement:
        """Whether ``expression`` is an open license for the MOF (cached per canonical text)."""
        return self.licenses.judge(expression)

    def properties(self, facts: LicenseFacts) -> frozenset[str]:
        """The table's open-license properties that hold for a license."""
        return self.licenses.properties(facts)

    def unsuited(self, judgement: OpenJudgement, content_type: ContentType) -> tuple[str, ...]:
        """The ids that decided an open judgement but do not suit ``content_type``."""
        return self.licenses.unsuited(judgement, content_type)
