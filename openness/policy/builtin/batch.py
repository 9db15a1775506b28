"""Judging one artifact under several table policies at once.

The engine judges artifact by artifact, every policy in turn. For the table policies, most of
the work is the same across policies: the artifact's signature parts, the keys of its edges,
the value of each cache slot (the facts a rule reads). :class:`TableBatch` computes those once
per artifact, then, for each policy, looks its verdict body up under the tuple of its slots'
values; only on a miss does the policy judge its rules (each from its own cache, or its check).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from openness.model import Artifact, LineageEdge, Relation
from openness.policy.base import Body, PolicyRun
from openness.policy.builtin.signature import facts_signature, intern, parts_of
from openness.policy.builtin.table import TablePolicy
from openness.policy.rules import ArtifactView
from openness.policy.rules.catalogue import slot_value
from openness.policy.rules.lineage import passed_on
from openness.policy.rules.slots import Slot
from openness.policy.run import Run

__all__ = ["Body", "PolicyRun", "TableBatch"]


def _table(policy: object) -> TablePolicy:
    if not isinstance(policy, TablePolicy):  # TablePolicy.batcher makes batches of its own
        raise TypeError(f"a table batch judges table policies only, not {policy!r}")
    return policy


class TableBatch:
    """Several table policies over the graph of one :class:`~openness.policy.run.Run`,
    sharing the per-artifact work (made per run: it keeps that graph's edge keys)."""

    def __init__(self, runs: Sequence[PolicyRun], run: Run):
        self.runs = list(runs)
        self.run = run
        self.graph = run.graph
        self.policies: list[TablePolicy] = [_table(run.policy) for run in self.runs]
        self.slots: tuple[Slot, ...] = tuple(
            dict.fromkeys(slot for policy in self.policies for slot in policy.slots)
        )
        # Slots whose value follows from the artifact's own facts (its parts) alone, and the
        # others (which read its edges too); the former are computed once per set of facts.
        self.own_slots = tuple(s for s in self.slots if s is None or s[0].own)
        self.edge_slots = tuple(s for s in self.slots if s not in self.own_slots)
        self.own_values: dict[int, tuple[dict[Slot, Hashable], dict[Slot, int]]] = {}
        self.memos: list[dict[Hashable, Body]] = [{} for _ in self.runs]
        self.combined: dict[Hashable, list[Body]] = {}
        self.edge_keys: dict[tuple[str, Relation], Hashable] = {}
        # The verdicts whose findings say what an upstream passes on: those of a policy with a
        # lineage-inheritance rule (every such policy records the same inherited terms, on the
        # artifacts it judges and, as evidence of its not-applicable finding, on the others).
        self.lineage_run = next(
            (r for r, p in zip(self.runs, self.policies, strict=True) if p.reads_lineage), None
        )

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
                found = intern(("derives", passed_on(upstream, findings, self.run)))
            elif relation is Relation.TRAINED_ON:
                found = intern((relation, facts_signature(upstream)))
            else:
                found = intern(relation)
            self.edge_keys[key] = found
        return found

    def bodies(self, artifact: Artifact, present: Sequence[LineageEdge]) -> list[Body]:
        """The verdict body of ``artifact`` under every policy of the batch (in run order),
        upstream verdicts already made; ``present`` are its edges to loaded artifacts."""
        parts = parts_of(artifact, self.run)
        edges = tuple([self._edge_key(e) for e in artifact.lineage])
        # Every policy's body at once, when an artifact with the same facts was judged.
        everything = (parts.whole, edges)
        bodies = self.combined.get(everything)
        if bodies is None:
            # The value of every slot, and as the key of a cache, that value interned (hashed
            # once here instead of at every lookup of every policy).
            own = self.own_values.get(parts.whole)
            if own is None:
                raw = {slot: slot_value(slot, parts, edges, artifact) for slot in self.own_slots}
                own = self.own_values[parts.whole] = (raw, {s: intern(v) for s, v in raw.items()})
            values, ids = dict(own[0]), dict(own[1])
            for slot in self.edge_slots:
                value = values[slot] = slot_value(slot, parts, edges, artifact)
                ids[slot] = intern(value)
            bodies = self.combined[everything] = [
                self._body(run, policy, memo, artifact, present, parts.kind, values, ids)
                for run, policy, memo in zip(self.runs, self.policies, self.memos, strict=True)
            ]
        return bodies

    def _body(
        self,
        run: PolicyRun,
        policy: TablePolicy,
        memo: dict[Hashable, Body],
        artifact: Artifact,
        present: Sequence[LineageEdge],
        kind: int,
        values: dict[Slot, Hashable],
        ids: dict[Slot, int],
    ) -> Body:
        key = (kind, *[ids[slot] for slot in policy.slots])
        body = memo.get(key)
        if body is None:
            view_of = lambda: ArtifactView.of(artifact, run.context(artifact, present))  # noqa: E731
            if artifact.kind not in policy.table.applies_to:
                body = policy.skip_body(artifact, values, view_of)
            else:
                body = policy.judge_rules(artifact, values, run.options, view_of, ids)
            memo[key] = body
        return body
