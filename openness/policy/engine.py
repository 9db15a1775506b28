"""The policy engine: evaluate policies over a lineage graph, upstream first, and compare many
artifacts under many policies side by side.

Evaluation follows :meth:`LineageGraph.topological_order`, so that each artifact's
:class:`~openness.policy.base.Context` carries the verdicts (under the same policy) of the
artifacts it has lineage edges to; each verdict then references them (``Verdict.upstream``).

The engine knows a policy only through the protocols of :mod:`openness.policy.base`
(checked with ``isinstance``, through :func:`~openness.policy.base.offers`; it imports no
built-in policy):

- :class:`~openness.policy.base.SignedPolicy`: ``signature(artifact) -> Hashable``, a value
  covering every fact of the artifact the policy reads (the built-in table policies offer it).
  Verdict bodies (outcome, level, findings; subjects are relative to the artifact) are then
  computed once per signature and upstream key, and shared: a Hugging Face-like tree of
  fine-tunes and quantisations with the same facts costs one evaluation, not thousands. The
  upstream key of each edge is what the policy reads through it:
  ``upstream_signature(relation, upstream_artifact, upstream_verdict)`` for an
  :class:`~openness.policy.base.UpstreamSignedPolicy` (computed once per upstream artifact and
  relation), else the upstream's signature and verdict body.
- :class:`~openness.policy.base.GraphPolicy`: a policy that reads upstream artifacts from the
  graph rather than from the context's upstream verdicts offers
  ``verdict_body(artifact, run, options) -> (level, outcome, findings)`` (what ``evaluate``
  gives, without the upstream references; ``run`` is the :class:`~openness.policy.run.Run` of
  this call, with the graph): the engine then calls it instead of ``evaluate`` and builds no
  :class:`~openness.policy.base.Context` (``mof`` and ``reproducible`` do; each shares what it
  can itself, judging upstream from the bodies it made and keeping them in the run).
- :class:`~openness.policy.base.BatchedPolicy`: policies with the same ``batcher`` are judged
  together by the batch it makes (the built-in table policies and policy files, by
  :class:`~openness.policy.builtin.batch.TableBatch`, which computes what they share about an
  artifact once and caches each rule's finding under the facts that rule reads).

A policy offering none of them is judged with ``evaluate``, artifact by artifact.

Runs share nothing mutable: every call of :func:`check` makes its own
:class:`~openness.policy.run.Run` (the graph, the options, the memo tables, every per-graph
cache) and passes it down, in each :class:`~openness.policy.base.Context` and to
``verdict_body``; policies are not changed by judging, and what is shared across runs is keyed
by content. ``check`` and :func:`compare` may be called from many threads at once.

The engine makes every verdict itself, in one loop: the references to upstream verdicts are
made once per edge (target and relation) for every policy at once, and shared by the artifacts
with that one edge. The work is in modules of one job each: the plan (graph, order, options)
in :mod:`openness.policy.plan`, each policy's memo in :mod:`openness.policy.memo`, the
side-by-side :class:`Comparison` in :mod:`openness.policy.compare` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

from openness.lineage import LineageGraph
from openness.model import Artifact, Relation
from openness.policy.base import Batch, Batcher, Policy, is_batched
from openness.policy.compare import Comparison, compare
from openness.policy.memo import Column, PolicyMemo
from openness.policy.plan import gc_quiet, graph_of, options_for
from openness.policy.plan import plan as _plan
from openness.policy.registry import resolve_policies
from openness.policy.run import Run
from openness.policy.verdict import Outcome, UpstreamRef, Verdict

__all__ = ["Comparison", "check", "compare", "graph_of"]


def check(
    artifacts: Iterable[Artifact] | LineageGraph,
    policies: Sequence[str | Policy] | str | Policy | None = None,
    *,
    strict: bool = False,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Verdict]:
    """Judge every artifact under every policy and return the verdicts, grouped by artifact (in
    input order), then by policy (in the order given).

    ``policies`` holds ids, policy file paths or policy objects (default: every built-in policy).
    ``strict`` counts unknown as fail (for CI gates). ``options`` maps a policy id to its option
    values (``{"cost-aware": {"budget_flop": 1e22}}``). Unknown policies, bad options and lineage
    cycles raise :class:`~openness.errors.InputError` (policy problems as
    :class:`~openness.policy.registry.PolicyError`); judgements never raise.

    Each call makes its own :class:`~openness.policy.run.Run` (the graph, the options, every
    memo and per-graph cache) and passes it down to the policies, which keep nothing of it:
    ``check`` may be called from many threads at once, each call giving exactly the verdicts
    and findings it gives alone, and checking graph A, then B, then A again gives A's first
    answer (see docs/architecture.md).
    """
    graph = graph_of(artifacts)
    chosen = resolve_policies(policies)
    resolved = options_for(chosen, options)
    with gc_quiet():
        plan = _plan(graph)
        evaluation = Run(graph, resolved, strict)
        runs = [PolicyMemo(policy, evaluation) for policy in chosen]
        # Policies with the same batcher (the table policies) are judged together (they share
        # the per-artifact work); the others one by one. Artifact by artifact, upstream first,
        # every policy in turn.
        groups: dict[Batcher, list[PolicyMemo]] = {}
        others: list[PolicyMemo] = []
        for run in runs:
            if is_batched(run.policy):
                groups.setdefault(run.policy.batcher, []).append(run)
            else:
                others.append(run)
        batches: list[Batch] = [make(group, evaluation) for make, group in groups.items()]
        batch = batches[0] if len(batches) == 1 else None
        ordered = [*chain.from_iterable(groups.values()), *others]  # the order bodies are made in
        # Every artifact's verdicts, one list per artifact in that order (a dictionary per run
        # cost more), which each run sees as its own column.
        table: dict[str, list[Verdict]] = {}
        for index, run in enumerate(ordered):
            run.verdicts = Column(table, index)
        # What every verdict of a run shares.
        fixed = [
            (run.policy_id, run.version, run.data_hash, run.strict, run.levels) for run in ordered
        ]
        # The references to upstream verdicts through an edge (target, relation), under every
        # run at once (made when first needed: the target's verdicts all exist by then).
        refs: dict[tuple[str, Relation], tuple[UpstreamRef, ...]] = {}
        single: dict[tuple[str, Relation], list[tuple[UpstreamRef]]] = {}
        no_refs: list[tuple[UpstreamRef, ...]] = [()] * len(ordered)

        def _make(key: tuple[str, Relation]) -> tuple[UpstreamRef, ...]:
            target, relation = key[0], key[1].value
            made = refs[key] = tuple(
                [UpstreamRef(target, relation, v.outcome, v.level) for v in table[target]]
            )
            return made

        def _single(key: tuple[str, Relation]) -> list[tuple[UpstreamRef]]:
            made = single[key] = [(ref,) for ref in refs.get(key) or _make(key)]
            return made

        # A policy that judges from the graph and shares nothing through the engine's memo is
        # asked for its body directly.
        direct = [
            (run.verdict_body if run.signature is None else None, run.options, run)
            for run in others
        ]
        unknown, fail = Outcome.UNKNOWN, Outcome.FAIL
        for artifact, (present, keys) in plan:
            if batch is not None:
                bodies = batch.bodies(artifact, present)
            else:
                bodies = [b for made in batches for b in made.bodies(artifact, present)]
            if others:
                bodies = [
                    *bodies,
                    *[
                        made(artifact, evaluation, opts)
                        if made is not None
                        else run.body(artifact, present)
                        for made, opts, run in direct
                    ],
                ]
            per_run: Sequence[tuple[UpstreamRef, ...]] = no_refs
            if len(keys) == 1:  # the references of an artifact with one edge: shared
                per_run = single.get(keys[0]) or _single(keys[0])
            elif keys:
                by_edge = [refs.get(key) or _make(key) for key in keys]
                per_run = list(zip(*by_edge, strict=True))
            aid = artifact.id
            table[aid] = [
                Verdict(
                    aid,
                    policy_id,
                    version,
                    fail if strict_ and body[1] is unknown else body[1],
                    body[0],
                    body[2],
                    data_hash,
                    upstream,
                    strict_,
                    levels,
                )
                for (policy_id, version, data_hash, strict_, levels), body, upstream in zip(
                    fixed, bodies, per_run, strict=True
                )
            ]
        # Grouped by artifact (in graph order), then by policy (in the order given).
        position = {id(run): i for i, run in enumerate(ordered)}
        rows = [table[aid] for aid in graph.artifacts]
        if len(runs) == 1:
            return [row[0] for row in rows]
        pick = itemgetter(*[position[id(run)] for run in runs])
        return list(chain.from_iterable(map(pick, rows)))
