"""Judging one artifact under several table policies at once.

The engine judges artifact by artifact, every policy in turn. For the table policies, most of
the work is the same across policies: the artifact's signature parts, the keys of its edges,
the value of each cache slot (the facts a rule reads). :class:`TableBatch` computes those once
per artifact, then, for each policy, looks its verdict body up under the tuple of its slots'
values; only on a miss does the policy judge its rules (each from its own cache, or its check).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any, Protocol

from openness.lineage import LineageGraph
from openness.model import Artifact, LineageEdge, Relation
from openness.policy.base import Context
from openness.policy.builtin.signature import facts_signature, intern, parts_of
from openness.policy.builtin.table import Slot, TablePolicy, slot_value
from openness.policy.rules import ArtifactView
from openness.policy.rules.lineage import passed_on
from openness.policy.verdict import Finding, Outcome, UpstreamRef, Verdict

__all__ = ["Body", "Run", "TableBatch"]

#: A verdict body: level, outcome and findings (what verdicts with equal facts share).
Body = tuple["str | None", Outcome, tuple[Finding, ...]]


class Run(Protocol):
    """What the batch needs of the engine's per-policy state."""

    policy: Any
    policy_id: str
    version: str
    data_hash: str
    levels: tuple[str, ...]
    strict: bool
    options: Mapping[str, Any]
    verdicts: dict[str, Verdict]
    refs: dict[tuple[str, Relation], UpstreamRef]

    def make_ref(self, key: tuple[str, Relation]) -> UpstreamRef:
        """The reference to the verdict on ``key[0]`` through an edge of relation ``key[1]``."""
        ...

    def context(self, artifact: Artifact, present: Sequence[LineageEdge]) -> Context:
        """The context of ``artifact`` under this run's policy."""
        ...

    def emit(self, artifact: Artifact, present: Sequence[LineageEdge], body: Body) -> Verdict:
        """Record (and return) the verdict on ``artifact`` with this body."""
        ...


class TableBatch:
    """Several table policies over one graph, sharing the per-artifact work."""

    def __init__(self, runs: Sequence[Run], graph: LineageGraph):
        self.runs = list(runs)
        self.graph = graph
        self.policies: list[TablePolicy] = [run.policy for run in self.runs]
        self.slots: tuple[Slot, ...] = tuple(
            dict.fromkeys(slot for policy in self.policies for slot in policy.slots)
        )
        self.memos: list[dict[Hashable, Body]] = [{} for _ in self.runs]
        self.combined: dict[Hashable, list[Body]] = {}
        self.edge_keys: dict[tuple[str, Relation], Hashable] = {}
        # The verdicts whose findings say what an upstream passes on: those of a policy with a
        # lineage-inheritance rule (every such policy records the same inherited terms, on the
        # artifacts it judges and, as evidence of its not-applicable finding, on the others).
        self.lineage_run = next((r for r in self.runs if r.policy.reads_lineage), None)

    def _edge_key(self, edge: LineageEdge) -> Hashable:
        key = (edge.target, edge.relation)
        found = self.edge_keys.get(key)
        if found is None:
            upstream = self.graph.artifacts.get(edge.target)
            relation = edge.relation
            if upstream is None:
                found = intern((relation, edge.target))
            elif relation.derives:
                run = self.lineage_run
                findings = run.verdicts[edge.target].findings if run is not None else ()
                found = intern(("derives", passed_on(upstream, findings)))
            elif relation is Relation.TRAINED_ON:
                found = intern((relation, facts_signature(upstream)))
            else:
                found = intern(relation)
            self.edge_keys[key] = found
        return found

    def evaluate(self, artifact: Artifact, present: Sequence[LineageEdge]) -> None:
        """Judge ``artifact`` under every policy of the batch, upstream verdicts already made."""
        parts = parts_of(artifact)
        edges = tuple([self._edge_key(e) for e in artifact.lineage])
        # Every policy's body at once, when an artifact with the same facts was judged.
        everything = (parts.whole, edges)
        bodies = self.combined.get(everything)
        if bodies is None:
            values = {slot: slot_value(slot, parts, edges, artifact) for slot in self.slots}
            bodies = self.combined[everything] = [
                self._body(run, policy, memo, artifact, present, parts.kind, values)
                for run, policy, memo in zip(self.runs, self.policies, self.memos, strict=True)
            ]
        # The verdicts (what the engine's Run.emit does, inlined: this is the hot loop).
        aid = artifact.id
        keys = [(e.target, e.relation) for e in present]
        unknown, fail = Outcome.UNKNOWN, Outcome.FAIL
        for run, body in zip(self.runs, bodies, strict=True):
            outcome = body[1]
            if outcome is unknown and run.strict:
                outcome = fail
            refs: tuple[UpstreamRef, ...] = ()
            if keys:
                known = run.refs
                refs = tuple([known.get(k) or run.make_ref(k) for k in keys])
            run.verdicts[aid] = Verdict(
                aid,
                run.policy_id,
                run.version,
                outcome,
                body[0],
                body[2],
                run.data_hash,
                refs,
                run.strict,
                run.levels,
            )

    def _body(
        self,
        run: Run,
        policy: TablePolicy,
        memo: dict[Hashable, Body],
        artifact: Artifact,
        present: Sequence[LineageEdge],
        kind: int,
        values: dict[Slot, Hashable],
    ) -> Body:
        key = (kind, *[values[slot] for slot in policy.slots])
        body = memo.get(key)
        if body is None:
            view_of = lambda: ArtifactView.of(artifact, run.context(artifact, present))  # noqa: E731
            if artifact.kind not in policy.table.applies_to:
                body = policy.skip_body(artifact, values, view_of)
            else:
                body = policy.judge_rules(artifact, values, run.options, view_of)
            memo[key] = body
        return body
