#!/usr/bin/env python3
"""Benchmark: rendering every report format for a large run, against the least work a report
can do.

Generates the Hugging Face-like manifest of ``bench_policy.py`` (N artifacts, written as YAML so
that locations need line numbers), loads it, judges it under every built-in policy, then times
each reporter's ``render`` on the whole run. The reference, measured in the same run, is the
standard library serialising the same verdicts with no formatting decision at all:
``json.dumps([v.to_dict() for v in verdicts])``. The ratio format/reference says what the
formatting (ordering, locations, escaping, rule metadata) costs; growth from N to 10 N should be
about 10 (linear).

Run: ``python benchmarks/bench_reporters.py`` (1,000 and 10,000 artifacts) or ``--quick``
(200 and 2,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_policy import generate

from openness.loading import load
from openness.policy import check, policies
from openness.reporters import Report, get_reporter, reporter_names


def timed(fn: Callable[[], Any], runs: int) -> float:
    """The best of ``runs`` wall-clock times, with the cyclic collector paused (its passes
    over the run's many live objects would otherwise dominate and make growth look
    superlinear for every format, the reference included)."""
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def measure(n: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "openness.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            yaml.safe_dump(generate(n), handle, sort_keys=False)
        result = load([path])
        chosen = list(policies().values())
        verdicts = check(result.artifacts, chosen)
        report = Report.from_load(verdicts, result, chosen, base=folder)
        out = {"reference": timed(lambda: json.dumps([v.to_dict() for v in verdicts]), runs)}
        for name in reporter_names():
            reporter = get_reporter(name)
            out[name] = timed(lambda r=reporter: r.render(report), runs)  # type: ignore[misc]
        out["verdicts"] = len(verdicts)
        return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 artifacts")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    small = 200 if args.quick else 1_000
    sizes = (small, small * 10)
    results = {n: measure(n, args.runs) for n in sizes}
    print(
        f"{'format':10} {sizes[0]:>8,} art. {sizes[1]:>8,} art. {'vs reference':>13} {'growth':>7}"
    )
    for name in ["reference", *reporter_names()]:
        a, b = results[sizes[0]][name], results[sizes[1]][name]
        ratio = b / results[sizes[1]]["reference"]
        print(f"{name:10} {a:>12.3f} s {b:>12.3f} s {ratio:>12.1f}x {b / a:>7.1f}")
    counts = [int(results[n]["verdicts"]) for n in sizes]
    print(f"verdicts: {counts[0]:,} and {counts[1]:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
