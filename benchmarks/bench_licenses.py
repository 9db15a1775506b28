#!/usr/bin/env python3
"""Benchmark: parsing license expressions, first time and repeated, against license-expression.

Reports per-expression times for: license-expression's own ``get_spdx_licensing().parse`` (the
reference), our first parse of a distinct expression (the same parser plus normalisation and
rewrite tracking), and our repeated parse (a cache hit), measured in the same run.

Run: ``python benchmarks/bench_licenses.py``.
"""

from __future__ import annotations

import sys
import time

from license_expression import get_spdx_licensing

from openness.licenses import parse_expression
from openness.licenses.expression import _licensing

IDS = ["MIT", "Apache-2.0", "BSD-3-Clause", "GPL-3.0-only", "CC-BY-4.0", "MPL-2.0", "ISC"]


def expressions(n: int) -> list[str]:
    """``n`` distinct expressions."""
    return [f"{IDS[i % 7]} AND (LicenseRef-x{i} OR {IDS[(i + 3) % 7]})" for i in range(n)]


def per_call(fn: object, items: list[str]) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)  # type: ignore[operator]
    return (time.perf_counter() - start) / len(items) * 1e6


def main() -> int:
    reference = get_spdx_licensing()
    _licensing()  # build our parser before timing
    items = expressions(5000)
    t_ref = per_call(lambda s: reference.parse(s, validate=False), items)
    parse_expression.cache_clear()
    t_first = per_call(parse_expression, items)
    repeated = items[:100] * 1000
    t_repeat = per_call(parse_expression, repeated)
    print(f"license-expression parse      {t_ref:8.2f} us/expression")
    print(f"openness first parse          {t_first:8.2f} us/expression ({t_first / t_ref:.2f}x)")
    print(f"openness repeated (cached)    {t_repeat:8.3f} us/expression (target well under 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
