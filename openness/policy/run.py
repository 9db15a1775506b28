"""A run: one evaluation of policies over one lineage graph, and everything memoised for it.

:func:`openness.policy.check` makes a :class:`Run` per call and passes it down: the engine's
per-policy tables, the verdict bodies ``mof`` and ``reproducible`` share between the graph's
artifacts, the lineage analyses cached per upstream artifact, and the signature parts of the
artifact being judged all live in it, and go when the call returns. Nothing of one graph is
kept in a policy object or a module: policies are made once per process (see
:func:`~openness.policy.registry.get_policy`) and are never changed after construction, and
what is shared across runs (findings, interned facts) is keyed by content, made the same way
by every run, and safe to fill from many threads at once.

So ``check``, ``compare`` and the what-if search may be called from many threads at once: each
call gives exactly the verdicts and findings it gives alone, and checking graph A, then B, then
A again gives A's first answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from openness.lineage import LineageGraph
    from openness.model import Artifact

__all__ = ["Run", "direct_run"]

_T = TypeVar("_T")


class Run:
    """One evaluation over ``graph``: made by :func:`~openness.policy.check`, used by one
    thread, dropped when the verdicts are made.

    ``options`` are the resolved option values by policy id and ``strict`` whether unknown
    counts as fail. A policy keeps what it memoises for the graph under a key of its own with
    :meth:`state` (the policy object itself, or a tuple starting with it); ``passed`` and
    ``edge_terms`` hold the lineage analyses cached per object (see
    :func:`openness.policy.rules.lineage.passed_on`); ``last`` is the artifact whose signature
    parts were made last, and those parts (see
    :func:`openness.policy.builtin.signature.parts_of`)."""

    __slots__ = ("_state", "edge_terms", "graph", "last", "options", "passed", "strict")

    def __init__(
        self,
        graph: LineageGraph,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        strict: bool = False,
    ):
        self.graph = graph
        self.options: Mapping[str, Mapping[str, Any]] = options or {}
        self.strict = strict
        self._state: dict[Hashable, Any] = {}
        self.passed: dict[tuple[int, int], Any] = {}
        self.edge_terms: dict[tuple[int, int], Any] = {}
        self.last: tuple[Artifact | None, Any] = (None, None)

    def state(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """What is memoised under ``key`` for this run, made by ``make`` on first use."""
        found: _T | None = self._state.get(key)
        if found is None:
            found = self._state[key] = make()
        return found

    def __repr__(self) -> str:
        return f"<Run over {len(self.graph.artifacts)} artifact(s)>"


class _Direct(threading.local):
    run: Run | None = None


_DIRECT = _Direct()


def direct_run(graph: LineageGraph) -> Run:
    """The run for a policy asked directly (``policy.evaluate(artifact, Context(graph))``, no
    engine run in the context): the calling thread's last such run when it was over ``graph``
    (the same object), else a new one, which replaces it. So judging a graph artifact by
    artifact memoises what ``check`` would, each thread has its own, and a run of another
    graph is never reused."""
    run = _DIRECT.run
    if run is None or run.graph is not graph:
        run = _DIRECT.run = Run(graph)
    return run
