#!/usr/bin/env python3
"""Benchmark: the memory a large license expression costs in validate, check and export.

Writes a manifest whose artifact license is an N-term ``OR`` (or ``AND``) of distinct
``LicenseRef-x<i>`` ids, then measures with tracemalloc, each step on its own: loading and
validating it (what ``openness validate`` does), judging it under every built-in policy
(``openness check``) and exporting it to CycloneDX 1.6 (``openness export``). An expression over
the limits (``openness.licenses.MAX_SYMBOLS``) is refused at load time, so check and export do
not run for it.

Run: ``python benchmarks/bench_license_size.py 1000 10000`` (``--op AND`` for conjunctions).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any


def manifest(n: int, op: str) -> str:
    """A one-artifact manifest whose license joins ``n`` distinct LicenseRefs with ``op``."""
    expression = f" {op} ".join(f"LicenseRef-x{i}" for i in range(n))
    return (
        f"artifacts:\n- id: m\n  kind: model\n  license: {expression}\n  components:\n"
        "  - role: model-parameters-final\n    license: Apache-2.0\n"
    )


def measure(step: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``step`` under tracemalloc: its result, seconds, and peak MB."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = step()
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return result, seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--op", choices=["OR", "AND"], default="OR")
    args = parser.parse_args()

    from openness.exporters import get_exporter
    from openness.licenses.expression import _licensing
    from openness.loading import load
    from openness.policy import check

    _licensing()  # build the parser before measuring
    exporter = get_exporter("cyclonedx-1.6-json")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            path = Path(folder) / f"m{n}.yaml"
            path.write_text(manifest(n, args.op), encoding="utf-8")
            result, seconds, peak = measure(lambda p=path: load([p]))
            errors = [p for p in result.problems if p.severity.value == "error"]
            print(
                f"{n:>6} terms {args.op:<3} validate {seconds:6.2f} s {peak:8.1f} MB peak "
                f"({len(result.problems)} problem(s), {len(errors)} error(s))"
            )
            if errors:
                print(f"{'':>17}refused: {errors[0].message[-150:]}")
                continue
            _, seconds, peak = measure(lambda r=result: check(r.artifacts))
            print(f"{'':>17}check    {seconds:6.2f} s {peak:8.1f} MB peak")
            _, seconds, peak = measure(lambda r=result, e=exporter: e.export(r.artifacts))
            print(f"{'':>17}export   {seconds:6.2f} s {peak:8.1f} MB peak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
