"""The lineage graph: topological order and cycles."""

from __future__ import annotations

import pytest

from openness.lineage import LineageCycle, LineageGraph
from openness.model import Artifact


def art(aid: str, *targets: str) -> Artifact:
    return Artifact.model_validate(
        {
            "id": aid,
            "kind": "model",
            "lineage": [{"relation": "fine-tuned-from", "target": t} for t in targets],
        }
    )


def test_upstream_first() -> None:
    graph = LineageGraph.build([art("c", "b"), art("b", "a"), art("a"), art("m", "a", "c")])
    order = [a.id for a in graph.topological_order()]
    for child, parent in [("c", "b"), ("b", "a"), ("m", "a"), ("m", "c")]:
        assert order.index(parent) < order.index(child)


def test_order_keeps_the_input_order_where_lineage_allows() -> None:
    """Input already upstream first comes out as it went in; an artifact listed before its
    upstream comes right after it (its upstream artifacts first), the rest in input order."""
    ordered = [art("a"), art("b", "a"), art("c", "b"), art("d"), art("m", "a", "d")]
    graph = LineageGraph.build(ordered)
    assert [a.id for a in graph.topological_order()] == ["a", "b", "c", "d", "m"]
    shuffled = [art("c", "b"), art("x"), art("b", "a"), art("a"), art("m", "d", "a"), art("d")]
    graph = LineageGraph.build(shuffled)
    assert [a.id for a in graph.topological_order()] == ["a", "b", "c", "x", "d", "m"]


def test_cycle_raises_with_ids() -> None:
    graph = LineageGraph.build([art("a", "b"), art("b", "a"), art("c")])
    with pytest.raises(LineageCycle) as info:
        graph.topological_order()
    assert info.value.cycle in (["a", "b", "a"], ["b", "a", "b"])


def test_self_loop_is_a_cycle() -> None:
    assert LineageGraph.build([art("a", "a")]).find_cycles() == [["a", "a"]]


def test_missing_targets_listed() -> None:
    graph = LineageGraph.build([art("a", "ghost")])
    assert [(a.id, i, e.target) for a, i, e in graph.missing_targets()] == [("a", 0, "ghost")]
    assert [a.id for a in graph.topological_order()] == ["a"]


def test_deep_chain_is_not_recursive() -> None:
    """100,000 links deep: iterative algorithms, no recursion limit."""
    n = 100_000
    graph = LineageGraph.build([art(f"n{i}", f"n{i - 1}") if i else art("n0") for i in range(n)])
    order = graph.topological_order()
    assert order[0].id == "n0" and order[-1].id == f"n{n - 1}"
    assert graph.find_cycles() == []
