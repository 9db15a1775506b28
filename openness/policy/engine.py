"""The policy engine: evaluate policies over a lineage graph, upstream first, and compare many
artifacts under many policies side by side.

Evaluation follows :meth:`LineageGraph.topological_order`, so that each artifact's
:class:`~openness.policy.base.Context` carries the verdicts (under the same policy) of the
artifacts it has lineage edges to; each verdict then references them (``Verdict.upstream``).

Memoisation: a policy may offer ``signature(artifact) -> Hashable``, a value covering every
fact of the artifact it reads (the built-in table policies do). Verdict bodies (outcome, level,
findings; subjects are relative to the artifact) are then computed once per signature and
upstream key, and shared: a Hugging Face-like tree of fine-tunes and quantisations with the
same facts costs one evaluation, not thousands. The upstream key of each edge is what the
policy reads through it: ``upstream_signature(relation, upstream_artifact, upstream_verdict)``
when the policy offers it (computed once per upstream artifact and relation), else the
upstream's signature and verdict body.

A policy that reads upstream artifacts from the graph rather than from the context's upstream
verdicts may offer ``verdict_body(artifact, run, options) -> (level, outcome, findings)``
(what ``evaluate`` gives, without the upstream references; ``run`` is the
:class:`~openness.policy.run.Run` of this call, with the graph): the engine then calls it instead
of ``evaluate`` and builds no :class:`~openness.policy.base.Context` (``mof`` and
``reproducible`` do; each shares what it can itself, judging upstream from the bodies it made
and keeping them in the run).

Runs share nothing mutable: every call of :func:`check` makes its own
:class:`~openness.policy.run.Run` (the graph, the options, the memo tables, every per-graph
cache) and passes it down, in each :class:`~openness.policy.base.Context` and to
``verdict_body``; policies are not changed by judging, and what is shared across runs is keyed
by content. ``check`` and :func:`compare` may be called from many threads at once.

The built-in table policies (and policy files) are judged together by
:class:`~openness.policy.builtin.batch.TableBatch`, which computes what they share about an
artifact once and caches each rule's finding under the facts that rule reads. The engine makes
every verdict itself, in one loop: the references to upstream verdicts are made once per edge
(target and relation) for every policy at once, and shared by the artifacts with that one edge.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any

from openness._gc import gc_paused
from openness._repr import render_html
from openness.errors import InputError, Problem
from openness.lineage import LineageCycle, LineageGraph, iter_stable_order
from openness.model import Artifact, LineageEdge, Relation
from openness.policy.base import Context, Policy, UpstreamVerdict
from openness.policy.builtin.batch import Body, TableBatch
from openness.policy.builtin.table import TablePolicy
from openness.policy.registry import PolicyError, resolve_options, resolve_policies
from openness.policy.run import Run
from openness.policy.verdict import Outcome, UpstreamRef, Verdict

__all__ = ["Comparison", "check", "compare", "graph_of"]


@contextmanager
def _gc_quiet() -> Iterator[None]:
    """Pause the cyclic garbage collector while verdicts are built (they are acyclic), and on
    the way out move the survivors to the oldest generation (``gc.freeze()`` then
    ``gc.unfreeze()``, when nothing else is frozen) instead of letting the collector's first
    young-generation pass walk them all: over 100,000 artifacts and seven policies that pass
    took 1.2 s, a fifth of the evaluation (benchmarks/bench_policy.py)."""
    with gc_paused():
        try:
            yield
        finally:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()


def graph_of(artifacts: Iterable[Artifact] | LineageGraph) -> LineageGraph:
    """The lineage graph of ``artifacts`` (returned as is when it already is one)."""
    return artifacts if isinstance(artifacts, LineageGraph) else LineageGraph.build(artifacts)


def _cycle_error(exc: LineageCycle) -> InputError:
    return InputError(
        [
            Problem(
                "<lineage>",
                exc.cycle[0],
                "lineage cycle: " + " -> ".join(exc.cycle) + "; an artifact cannot descend "
                "from itself",
            )
        ]
    )


#: The edges of an artifact to loaded artifacts, and their (target, relation) keys.
_Edges = tuple[Sequence[LineageEdge], list[tuple[str, Relation]]]
_NO_EDGES: _Edges = ((), [])


def _plan(graph: LineageGraph) -> Iterator[tuple[Artifact, _Edges]]:
    """Every artifact in :meth:`LineageGraph.topological_order` (upstream first, else in input
    order), with its edges to loaded artifacts and their keys, found in the same pass; a cycle
    raises an :class:`~openness.errors.InputError` naming it.

    Made as the engine goes (each artifact is judged right after it is read here, while its
    data is in the processor's caches), so a cycle raises when the walk reaches it."""
    try:
        for artifact, present in iter_stable_order(graph):
            yield (
                artifact,
                (present, [(e.target, e.relation) for e in present]) if present else _NO_EDGES,
            )
    except LineageCycle as exc:
        raise _cycle_error(exc) from None


def _options_for(
    chosen: Sequence[Policy], options: Mapping[str, Mapping[str, Any]] | None
) -> dict[str, dict[str, Any]]:
    problems: list[Problem] = []
    if options is not None and not isinstance(options, Mapping):
        raise PolicyError(
            [
                Problem(
                    "--option",
                    "",
                    "options must map a policy id to its option values, such as "
                    f"{{'cost-aware': {{'budget_flop': 1e22}}}}; got {type(options).__name__}",
                )
            ]
        )
    given = dict(options or {})
    resolved: dict[str, dict[str, Any]] = {}
    ids = {p.id for p in chosen}
    for policy_id, values in given.items():
        if values is not None and not isinstance(values, Mapping):
            problems.append(
                Problem(
                    "--option",
                    str(policy_id),
                    f"the options of {policy_id!r} must map an option name to its value, such "
                    f"as {{'budget_flop': 1e22}}; got {type(values).__name__}",
                )
            )
            continue
        if policy_id not in ids:
            problems.append(
                Problem(
                    "--option",
                    policy_id,
                    f"options given for policy {policy_id!r}, which is not being checked "
                    f"(checking: {', '.join(sorted(ids))})",
                )
            )
    for policy in chosen:
        mine = given.get(policy.id)
        try:
            resolved[policy.id] = resolve_options(
                policy, mine if isinstance(mine, Mapping) else None
            )
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PolicyError(problems)
    return resolved


class _Column(Mapping[str, Verdict]):
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


class _PolicyRun:
    """One policy in one :class:`~openness.policy.run.Run`: memo tables and the verdicts so
    far."""

    def __init__(self, policy: Policy, run: Run):
        self.policy = policy
        self.run = run
        self.graph = run.graph
        self.options = run.options[policy.id]
        self.strict = run.strict
        sig_fn = getattr(policy, "signature", None)
        self.signature: Callable[[Artifact], Hashable] | None = sig_fn if callable(sig_fn) else None
        self.sigs: dict[str, Hashable] = {}
        self.memo: dict[Hashable, tuple[int, Body]] = {}
        self.bodies: dict[str, int] = {}
        self.edge_keys: dict[tuple[str, Relation], Hashable] = {}
        up_fn = getattr(policy, "upstream_signature", None)
        self.upstream_signature: Callable[[Relation, Artifact, Verdict], Hashable] | None = (
            up_fn if callable(up_fn) else None
        )
        body_fn = getattr(policy, "verdict_body", None)
        self.verdict_body: Callable[[Artifact, Run, Mapping[str, Any]], Body] | None = (
            body_fn if callable(body_fn) else None
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
    resolved = _options_for(chosen, options)
    with _gc_quiet():
        plan = _plan(graph)
        evaluation = Run(graph, resolved, strict)
        runs = [_PolicyRun(policy, evaluation) for policy in chosen]
        # Table policies are judged together (they share the per-artifact work); the others
        # one by one. Artifact by artifact, upstream first, every policy in turn.
        tables = [run for run in runs if isinstance(run.policy, TablePolicy)]
        batch = TableBatch(tables, evaluation) if tables else None
        others = [run for run in runs if not isinstance(run.policy, TablePolicy)]
        ordered = [*tables, *others]  # the order bodies are made in
        # Every artifact's verdicts, one list per artifact in that order (a dictionary per run
        # cost more), which each run sees as its own column.
        table: dict[str, list[Verdict]] = {}
        for index, run in enumerate(ordered):
            run.verdicts = _Column(table, index)
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
            bodies = batch.bodies(artifact, present) if batch is not None else []
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


def _cell(verdict: Verdict) -> str:
    if verdict.outcome is Outcome.NOT_APPLICABLE:
        return "n/a"
    if verdict.level is not None:
        return f"{verdict.outcome.value} ({verdict.level})"
    return verdict.outcome.value


@dataclass(frozen=True, slots=True)
class Comparison:
    """Many artifacts under many policies, side by side: one row per artifact, one column per
    policy."""

    artifacts: tuple[str, ...]
    policies: tuple[str, ...]
    verdicts: Mapping[tuple[str, str], Verdict]
    names: Mapping[str, str]

    def verdict(self, artifact: str, policy: str) -> Verdict:
        """The verdict on ``artifact`` under ``policy``."""
        return self.verdicts[(artifact, policy)]

    def cell(self, artifact: str, policy: str) -> str:
        """The table cell: the outcome, with the level for graded policies ("fail
        (toxic-candy)"), or "n/a"."""
        return _cell(self.verdict(artifact, policy))

    def rows(self) -> list[list[str]]:
        """A header row (artifact, then policy ids), then one row per artifact."""
        header = ["artifact", *self.policies]
        body = [
            [self.names.get(a, a), *(self.cell(a, p) for p in self.policies)]
            for a in self.artifacts
        ]
        return [header, *body]

    def to_markdown(self) -> str:
        """The comparison as a Markdown table."""
        rows = self.rows()
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        """The table as HTML, for notebooks (rendered by :mod:`openness.display`)."""
        return render_html("comparison", self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: policies, and per artifact its cells by policy."""
        return {
            "policies": list(self.policies),
            "artifacts": [
                {
                    "artifact": a,
                    "name": self.names.get(a, a),
                    "verdicts": {
                        p: {
                            "outcome": self.verdict(a, p).outcome.value,
                            "level": self.verdict(a, p).level,
                        }
                        for p in self.policies
                    },
                }
                for a in self.artifacts
            ],
        }


def compare(
    artifacts: Iterable[Artifact] | LineageGraph,
    policies: Sequence[str | Policy] | str | Policy | None = None,
    *,
    strict: bool = False,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Comparison:
    """Judge every artifact under every policy and lay the verdicts out side by side."""
    graph = graph_of(artifacts)
    verdicts = check(graph, policies, strict=strict, options=options)
    policy_ids = tuple(dict.fromkeys(v.policy for v in verdicts))
    return Comparison(
        artifacts=tuple(graph.artifacts),
        policies=policy_ids,
        verdicts={(v.artifact, v.policy): v for v in verdicts},
        names={a.id: a.display_name for a in graph},
    )
