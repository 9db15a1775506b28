"""One policy in one :class:`~openness.policy.run.Run`: what the engine keeps for it (the
verdicts so far, and the memo of verdict bodies by signature and upstream keys), and what it
knows of the policy, through the protocols of :mod:`openness.policy.base` only."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from typing import Any

from openness.model import Artifact, LineageEdge, Relation
from openness.policy.base import (
    Body,
    Context,
    Policy,
    UpstreamVerdict,
    is_graph_policy,
    is_signed,
    is_upstream_signed,
)
from openness.policy.run import Run
from openness.policy.verdict import Verdict

__all__ = ["Column", "PolicyMemo"]


class Column(Mapping[str, Verdict]):
    """One run's verdicts so far, by artifact id: a view of the engine's table of every
    artifact's verdicts (one list per artifact, runs in the engine's order)."""

    __slots__ = ("index", "table")

    def __init__(self, table: dict[str, list[Verdict]], index: int):
        self.table = table
        self.index = index

    def __getitem__(self, artifact: str) -> Verdict:
        return self.table[artifact][self.index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)


class PolicyMemo:
    """One policy in one :class:`~openness.policy.run.Run`: memo tables and the verdicts so
    far."""

    def __init__(self, policy: Policy, run: Run):
        self.policy = policy
        self.run = run
        self.graph = run.graph
        self.options = run.options[policy.id]
        self.strict = run.strict
        self.signature: Callable[[Artifact], Hashable] | None = (
            policy.signature if is_signed(policy) else None
        )
        self.sigs: dict[str, Hashable] = {}
        self.memo: dict[Hashable, tuple[int, Body]] = {}
        self.bodies: dict[str, int] = {}
        self.edge_keys: dict[tuple[str, Relation], Hashable] = {}
        self.upstream_signature: Callable[[Relation, Artifact, Verdict], Hashable] | None = (
            policy.upstream_signature if is_upstream_signed(policy) else None
        )
        self.verdict_body: Callable[[Artifact, Run, Mapping[str, Any]], Body] | None = (
            policy.verdict_body if is_graph_policy(policy) else None
        )
        self.verdicts: Mapping[str, Verdict] = {}  # (a _Column, once the engine runs)
        self.policy_id = policy.id
        self.version = policy.version
        self.data_hash = policy.data_hash()
        self.levels = tuple(policy.levels)

    def _edge_key(self, relation: Relation, target: str) -> Hashable:
        """What the policy reads of an upstream artifact through an edge of this relation."""
        if self.upstream_signature is None:
            return (relation, self.sigs[target], self.bodies[target])
        key = (target, relation)
        found = self.edge_keys.get(key)
        if found is None:
            found = self.upstream_signature(
                relation, self.graph.artifacts[target], self.verdicts[target]
            )
            self.edge_keys[key] = found
        return found

    def context(self, artifact: Artifact, present: Sequence[LineageEdge]) -> Context:
        """The context of ``artifact``: its upstream verdicts under this policy."""
        artifacts = self.graph.artifacts
        return Context(
            self.graph,
            tuple(
                UpstreamVerdict(e, artifacts[e.target], self.verdicts[e.target]) for e in present
            ),
            self.options,
            self.run,
        )

    def body(self, artifact: Artifact, present: Sequence[LineageEdge]) -> Body:
        """Judge ``artifact`` (its upstream verdicts already made): its verdict body, from the
        memo if the policy offers a signature and an artifact with the same key was judged."""
        artifacts = self.graph.artifacts
        aid = artifact.id
        body: Body | None = None
        key: Hashable = None
        if self.signature is not None:
            sig = self.sigs[aid] = self.signature(artifact)
            key = (
                sig,
                tuple(
                    [
                        self._edge_key(e.relation, e.target)
                        if e.target in artifacts
                        else (e.relation, e.target)
                        for e in artifact.lineage
                    ]
                ),
            )
            entry = self.memo.get(key)
            if entry is not None:
                self.bodies[aid] = entry[0]
                body = entry[1]
        if body is None:
            if self.verdict_body is not None:
                body = self.verdict_body(artifact, self.run, self.options)
            else:
                verdict = self.policy.evaluate(artifact, self.context(artifact, present))
                body = (verdict.level, verdict.outcome, verdict.findings)
            self.bodies[aid] = len(self.memo)
            if self.signature is not None:
                self.memo[key] = (len(self.memo), body)
        return body
