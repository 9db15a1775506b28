"""Memory over deep and wide lineage (issue 18 item 20): a chain of 5,000 artifacts took
745 MB in ``openness check`` and a merge of 5,000 parents 574 MB.

What is measured is Python's allocations (``tracemalloc``), not time: the judgement of a
chain or a merge (every built-in policy), the size of its reports, and the memory the text and
JSON reports take while they are written, at two sizes four times apart. Linear growth gives
about 4x, growth with the square of the depth (each artifact carrying its whole lineage) 16x.
``benchmarks/bench_memory.py`` gives the figures at 1,000 to 5,000 artifacts."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from openness.cli.reporting import emit
from openness.model import Artifact
from openness.policy import Policy, Verdict, check, policies
from openness.policy.registry import builtin_ids
from openness.reporters import Report, get_reporter

SMALL, LARGE = 100, 400  # four times apart
#: Linear growth gives about 4x from SMALL to LARGE; quadratic 16x.
MAX_RATIO = 6.5

_COMPONENTS = [
    {"role": "model-parameters-final", "license": "Apache-2.0", "availability": "included"}
]


def chain(n: int) -> list[Artifact]:
    """``n`` artifacts, each fine-tuned from the one before (depth ``n``)."""
    return [
        Artifact.model_validate(
            {
                "id": f"a{i}",
                "kind": "model",
                "name": f"A{i}",
                "license": "Apache-2.0",
                "components": _COMPONENTS,
                "lineage": [{"relation": "fine-tuned-from", "target": f"a{i - 1}"}] if i else [],
            }
        )
        for i in range(n)
    ]


def merge(n: int) -> list[Artifact]:
    """``n`` base models and one artifact merged from all of them (width ``n``)."""
    parents = [
        Artifact.model_validate(
            {
                "id": f"p{i}",
                "kind": "model",
                "name": f"P{i}",
                "license": "Apache-2.0",
                "components": _COMPONENTS,
            }
        )
        for i in range(n)
    ]
    merged = Artifact.model_validate(
        {
            "id": "m",
            "kind": "model",
            "name": "M",
            "license": "Apache-2.0",
            "components": _COMPONENTS,
            "lineage": [{"relation": "merged-from", "target": f"p{i}"} for i in range(n)],
        }
    )
    return [*parents, merged]


SHAPES: dict[str, Callable[[int], list[Artifact]]] = {"chain": chain, "merge": merge}


@pytest.fixture(scope="module")
def chosen() -> list[Policy]:
    return list(policies(list(builtin_ids())).values())


_REPORTS: dict[tuple[str, int], Report] = {}


@contextmanager
def peak() -> Iterator[list[int]]:
    """The tracemalloc peak (bytes) of the block, in the list it yields."""
    out: list[int] = []
    tracemalloc.start()
    try:
        yield out
        out.append(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()


def judged(shape: str, n: int, chosen: list[Policy]) -> tuple[int, list[Verdict]]:
    artifacts = SHAPES[shape](n)
    with peak() as used:
        verdicts = check(artifacts, chosen)
    return used[0], verdicts


def report_of(shape: str, n: int, chosen: list[Policy]) -> Report:
    """The report on every built-in policy's verdicts (made once per shape and size)."""
    if (shape, n) not in _REPORTS:
        artifacts = SHAPES[shape](n)
        verdicts = check(artifacts, chosen)
        by_id = {a.id: a for a in artifacts}
        policies = {p.id: p for p in chosen}
        _REPORTS[shape, n] = Report(verdicts=verdicts, artifacts=by_id, policies=policies, base="")
    return _REPORTS[shape, n]


def _ratio(small: float, large: float) -> float:
    return large / small


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_judging_memory_grows_with_the_graph(shape: str, chosen: list[Policy]) -> None:
    small, small_verdicts = judged(shape, SMALL, chosen)
    large, large_verdicts = judged(shape, LARGE, chosen)
    assert len(large_verdicts) > 3.9 * len(small_verdicts)
    assert _ratio(small, large) < MAX_RATIO, (small, large)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reports_grow_with_the_graph(shape: str, chosen: list[Policy]) -> None:
    """Each artifact's findings name a bounded part of its lineage (at most 50 upstream
    findings under a lineage finding), so the report grows with the graph."""
    reporter: Any = get_reporter("text")
    small = len(reporter.render(report_of(shape, SMALL, chosen)))
    large = len(reporter.render(report_of(shape, LARGE, chosen)))
    assert _ratio(small, large) < MAX_RATIO, (small, large)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_report_is_written_as_it_is_made(
    fmt: str, chosen: list[Policy], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing a report takes a fraction of its size in memory (about 0.7 MB for the text,
    0.4 MB for JSON, whatever the size): it is written in pieces, not made whole (with its
    lines and its encoding) first, which took about six times its size."""
    report = report_of("chain", SMALL, chosen)
    written: list[int] = []

    class Counting(io.TextIOBase):
        def write(self, text: str) -> int:  # type: ignore[override]
            written.append(len(text))
            return len(text)

    monkeypatch.setattr("sys.stdout", Counting())
    with peak() as used:
        emit(report, fmt, None, "error")
    size = sum(written)
    assert size > 1_000_000  # a report large enough to tell
    assert used[0] < size * 0.75, (used[0], size)
    assert len(written) > 1  # in pieces
