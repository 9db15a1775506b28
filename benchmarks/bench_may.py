#!/usr/bin/env python3
"""Benchmark: ``openness may``, ``notice`` and ``diff`` over a whole lineage graph, against loading.

Generates the Hub-shaped graph of ``bench_policy.py`` (bases, datasets, fine-tunes,
quantisations, merges, chains up to depth 10), writes it as one JSON manifest, then measures in
the same run:

- ``openness.loading.load`` of the file, and
- ``openness.policy.uses.may_all`` (every artifact of the graph) for one use and for all seven,
- ``openness.policy.notice.notice`` of every artifact,
- ``openness.diff.diff`` of the graph against an edited copy (a tenth relicensed, a twentieth
  removed),

at N and 10 N artifacts, printing the ratio to loading and how each grows from N to 10 N
(linear: about 10x).

Run: ``python benchmarks/bench_may.py`` (10,000 and 100,000) or ``--quick`` (1,000 and 10,000).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_policy import generate

from openness.diff import diff
from openness.loading import load
from openness.policy.notice import notice
from openness.policy.uses import USES, may, may_all


def measure(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "graph.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(generate(n), handle)
        start = time.perf_counter()
        result = load([path])
        loaded = time.perf_counter() - start
    graph = result.graph()
    ids = list(graph.artifacts)
    may("commercial-use", ids[0], graph)  # the knowledge base loaded once, as in a process
    start = time.perf_counter()
    answers = [a.answer for a in may_all("commercial-use", graph)]
    one = time.perf_counter() - start
    start = time.perf_counter()
    for use in USES:
        may_all(use.id, graph)
    every = time.perf_counter() - start
    start = time.perf_counter()
    for aid in ids:
        notice(aid, graph)
    notices = time.perf_counter() - start
    # diff: the graph against a copy with every tenth artifact relicensed and every 20th gone
    edited = [
        a.model_copy(update={"license": "MIT"}) if i % 10 == 0 else a
        for i, a in enumerate(result.artifacts)
        if i % 20 != 1
    ]
    start = time.perf_counter()
    changes = diff("old", "new", result.artifacts, edited)
    diffed = time.perf_counter() - start
    deepest = max(ids, key=lambda aid: len(graph.artifacts[aid].lineage))
    start = time.perf_counter()
    may("commercial-use", deepest, graph)
    single = time.perf_counter() - start
    counts = {a.value: answers.count(a) for a in sorted(set(answers))}
    return {
        "n": len(ids),
        "load": loaded,
        "one": one,
        "all": every,
        "single": single,
        "notice": notices,
        "diff": diffed,
        "changes": len(changes.changes),
        "answers": counts,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 artifacts")
    args = parser.parse_args()
    small = 1_000 if args.quick else 10_000
    rows = [measure(small), measure(small * 10)]
    head = ("artifacts", "load (s)", "may, 1 use (s)", "/load", "7 uses (s)", "/load")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (10, 9, 15, 6, 11, 6), strict=True)))
    for r in rows:
        print(
            f"{r['n']:>10,} {r['load']:>9.2f} {r['one']:>15.2f} {r['one'] / r['load']:>6.2f} "
            f"{r['all']:>11.2f} {r['all'] / r['load']:>6.2f}"
        )
    print(
        f"x10 artifacts: load {rows[1]['load'] / rows[0]['load']:.1f}x, may (1 use) "
        f"{rows[1]['one'] / rows[0]['one']:.1f}x, 7 uses {rows[1]['all'] / rows[0]['all']:.1f}x"
    )
    for r in rows:
        ratio = r["notice"] / r["load"]
        print(f"notice of every artifact at {r['n']:,}: {r['notice']:.2f} s, {ratio:.2f}x load")
    for r in rows:
        ratio = r["diff"] / r["load"]
        print(
            f"diff of {r['n']:,} artifacts against an edited copy ({r['changes']:,} changes): "
            f"{r['diff']:.2f} s, {ratio:.2f}x load"
        )
    print(f"one artifact's answer at {rows[1]['n']:,}: {rows[1]['single'] * 1000:.2f} ms")
    print(f"commercial-use answers at {rows[1]['n']:,}: {rows[1]['answers']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
