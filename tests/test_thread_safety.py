"""Runs share nothing mutable: ``check``, ``compare`` and what-if called from many threads at
once (with the interpreter switching threads every 10 microseconds) give exactly the verdicts
and findings of sequential calls, over four generated Hub-like graphs of 1,500 artifacts with
deep lineage whose artifact ids overlap but whose facts differ; checking graph A, then B, then
A again gives A's first answer; and so does checking in a process pool."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest
from support_graphs import DEEP, hub_like

from openness.lineage import LineageGraph
from openness.model import Artifact
from openness.policy import Comparison, Verdict, check, compare, get_policy
from openness.whatif import Plan, plan

#: Artifacts per graph, graphs, threads.
SIZE = 1_500
SEEDS = (3, 5, 8, 13)
THREADS = 4


def _differences(got: Sequence[Verdict], want: Sequence[Verdict]) -> list[str]:
    """Every verdict of ``got`` that differs from the one at its place in ``want`` (artifact,
    policy, outcome, level, every finding and its evidence, the upstream references)."""
    if len(got) != len(want):
        return [f"{len(got)} verdicts, expected {len(want)}"]
    return [
        f"{w.artifact} under {w.policy}: {g.outcome}/{g.level} "
        f"{[f.message for f in g.findings if f not in w.findings][:2]}, expected "
        f"{w.outcome}/{w.level} {[f.message for f in w.findings if f not in g.findings][:2]}"
        for g, w in zip(got, want, strict=True)
        if g != w
    ]


def _assert_same(got: Sequence[Verdict], want: Sequence[Verdict], what: str) -> None:
    differences = _differences(got, want)
    assert not differences, f"{what}: {len(differences)} differing verdicts, e.g. " + "; ".join(
        differences[:3]
    )


def _what_if_target(artifacts: list[Artifact]) -> Artifact:
    """A derivative deep in the chain (its closure is long) that ``mof`` does not grade at
    class-2."""
    graph = LineageGraph.build(artifacts)
    return graph.artifacts[f"deep{DEEP // 10}"]


def _what_if(artifacts: list[Artifact]) -> Plan:
    return plan(_what_if_target(artifacts), artifacts, get_policy("mof"), "class-2")


@pytest.fixture(scope="module")
def graphs() -> list[list[Artifact]]:
    return [hub_like(SIZE, seed) for seed in SEEDS]


@pytest.fixture(scope="module")
def sequential(graphs: list[list[Artifact]]) -> list[list[Verdict]]:
    """Each graph checked under every built-in policy, one after the other."""
    return [check(artifacts) for artifacts in graphs]


@pytest.fixture
def switching() -> Iterator[None]:
    """The interpreter switching threads every 10 microseconds (instead of 5 ms)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _in_threads(tasks: list[list[Callable[[], Any]]]) -> list[list[Any]]:
    """Run each list of tasks in its own thread, all started at once; their results."""
    results: list[list[Any]] = [[] for _ in tasks]
    errors: list[BaseException] = []
    start = threading.Barrier(len(tasks))

    def work(index: int) -> None:
        try:
            start.wait()
            for task in tasks[index]:
                results[index].append(task())
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(tasks))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def test_the_graphs_are_large_deep_and_different(graphs: list[list[Artifact]]) -> None:
    """What the other tests rely on: 1,500 artifacts each, lineage deeper than 300 links,
    merges and datasets, the same ids with different facts in different graphs."""
    for artifacts in graphs:
        assert len(artifacts) == SIZE
        graph = LineageGraph.build(artifacts)
        depth: dict[str, int] = {}
        for artifact in graph.topological_order():
            ups = [depth[t.id] for _, t in graph.upstream(artifact)]
            depth[artifact.id] = 1 + max(ups, default=-1)
        assert max(depth.values()) > DEEP
        assert any(len(a.lineage) >= 2 and a.lineage[1].relation.derives for a in artifacts)
        assert sum(a.kind == "dataset" for a in artifacts) >= 10
    first, second = ({a.id: a for a in artifacts} for artifacts in graphs[:2])
    shared = set(first) & set(second)
    assert len(shared) > SIZE // 2
    assert sum(first[i] != second[i] for i in shared) > SIZE // 4


def test_checking_a_then_b_then_a_gives_a_first_answer(graphs: list[list[Artifact]]) -> None:
    a, b = graphs[0], graphs[1]
    first = check(a)
    other = check(b)
    _assert_same(check(a), first, "graph A after graph B")
    _assert_same(check(b), other, "graph B after graph A twice")


def test_check_from_many_threads_gives_the_sequential_verdicts(
    graphs: list[list[Artifact]], sequential: list[list[Verdict]], switching: None
) -> None:
    """Four threads, each checking the four graphs, each starting at a different one."""
    n = len(graphs)
    order = [[(t + k) % n for k in range(n)] for t in range(THREADS)]
    tasks = [[lambda g=g: check(graphs[g]) for g in mine] for mine in order]
    results = _in_threads(tasks)
    for t, (mine, got) in enumerate(zip(order, results, strict=True)):
        for g, verdicts in zip(mine, got, strict=True):
            _assert_same(verdicts, sequential[g], f"thread {t}, graph {g}")


def test_compare_and_what_if_from_many_threads_give_the_sequential_answers(
    graphs: list[list[Artifact]], sequential: list[list[Verdict]], switching: None
) -> None:
    """Threads laying graphs out side by side, and searching what-if plans on a deep
    derivative, while others check other graphs."""
    before_switch = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # the expected answers made at the usual pace
    comparisons = [compare(artifacts, ["osaid", "mof", "reproducible"]) for artifacts in graphs]
    plans = [_what_if(artifacts) for artifacts in graphs[:2]]
    sys.setswitchinterval(before_switch)
    tasks: list[list[Callable[[], Any]]] = [
        [lambda: compare(graphs[0], ["osaid", "mof", "reproducible"]), lambda: _what_if(graphs[1])],
        [lambda: _what_if(graphs[0]), lambda: compare(graphs[1], ["osaid", "mof", "reproducible"])],
        [lambda: check(graphs[2]), lambda: compare(graphs[3], ["osaid", "mof", "reproducible"])],
        [lambda: compare(graphs[2], ["osaid", "mof", "reproducible"]), lambda: check(graphs[3])],
    ]
    results = _in_threads(tasks)
    got_compare: dict[int, Comparison] = {
        0: results[0][0],
        1: results[1][1],
        3: results[2][1],
        2: results[3][0],
    }
    for g, comparison in got_compare.items():
        want = comparisons[g]
        assert comparison.artifacts == want.artifacts and comparison.policies == want.policies
        _assert_same(
            list(comparison.verdicts.values()), list(want.verdicts.values()), f"compare {g}"
        )
    _assert_same(results[2][0], sequential[2], "check 2 beside compare and what-if")
    _assert_same(results[3][1], sequential[3], "check 3 beside compare and what-if")
    for got_plan, want_plan in ((results[1][0], plans[0]), (results[0][1], plans[1])):
        assert got_plan.changes == want_plan.changes
        assert got_plan.reachable == want_plan.reachable
        _assert_same([got_plan.before, got_plan.after], [want_plan.before, want_plan.after], "plan")


def _check_seed(seed: int) -> list[Verdict]:
    """A graph generated and checked in a pool's process."""
    return check(hub_like(SIZE, seed))


def test_check_in_a_process_pool_gives_the_sequential_verdicts(
    sequential: list[list[Verdict]],
) -> None:
    """A pool's processes (started the platform's default way), each generating and checking
    two graphs, agree with this process's sequential checks."""
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_check_seed, SEEDS))
    for g, verdicts in enumerate(results):
        _assert_same(verdicts, sequential[g], f"process pool, graph {g}")
