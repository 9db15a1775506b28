"""Planning an evaluation: the graph of the artifacts, the order they are judged in (upstream
first, each with its edges to loaded artifacts), the options of every policy resolved, and the
garbage collector kept quiet while verdicts are built."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from openness._gc import gc_paused
from openness.errors import InputError, Problem
from openness.lineage import LineageCycle, LineageGraph, iter_stable_order
from openness.model import Artifact, LineageEdge, Relation
from openness.policy.base import Policy
from openness.policy.registry import PolicyError, resolve_options

__all__ = ["Edges", "gc_quiet", "graph_of", "options_for", "plan"]


@contextmanager
def gc_quiet() -> Iterator[None]:
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
Edges = tuple[Sequence[LineageEdge], list[tuple[str, Relation]]]
NO_EDGES: Edges = ((), [])


def plan(graph: LineageGraph) -> Iterator[tuple[Artifact, Edges]]:
    """Every artifact in :meth:`LineageGraph.topological_order` (upstream first, else in input
    order), with its edges to loaded artifacts and their keys, found in the same pass; a cycle
    raises an :class:`~openness.errors.InputError` naming it.

    Made as the engine goes (each artifact is judged right after it is read here, while its
    data is in the processor's caches), so a cycle raises when the walk reaches it."""
    try:
        for artifact, present in iter_stable_order(graph):
            yield (
                artifact,
                (present, [(e.target, e.relation) for e in present]) if present else NO_EDGES,
            )
    except LineageCycle as exc:
        raise _cycle_error(exc) from None


def options_for(
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
