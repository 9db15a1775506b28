#!/usr/bin/env python3
"""Benchmark: loading and validating a JSON manifest against ``json.loads`` of the same file.

Generates a manifest of N artifacts (about 6 components and 2 lineage edges each, about 200
distinct license expressions), then measures in the same run:

- ``json.loads`` of the file (the reference), and
- ``openness.loading.load`` (read, parse, validate into the typed model, cross-file checks:
  duplicate ids, lineage targets, cycles, license ids),

and reports the ratio and the peak memory of the load (tracemalloc is not used: it would slow
the load; the figure is the process's peak RSS growth, from ``resource``).

Run: ``python benchmarks/bench_load.py`` (100,000 artifacts) or ``--quick`` (10,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import sys
import tempfile
import time
from typing import Any

ROLES = [
    "model-parameters-final",
    "training-code",
    "inference-code",
    "datasets",
    "model-card",
    "technical-report",
    "evaluation-results",
    "model-architecture",
]
BASE_LICENSES = [
    "MIT",
    "Apache-2.0",
    "BSD-3-Clause",
    "GPL-3.0-only",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC0-1.0",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "OpenMDW-1.0",
    "MPL-2.0",
    "LGPL-2.1-or-later",
    "ODbL-1.0",
    "CDLA-Permissive-2.0",
    "Unlicense",
]


def license_pool(size: int = 200) -> list[str]:
    """About ``size`` distinct expressions built from common ids."""
    rng = random.Random(7)
    pool = list(BASE_LICENSES)
    while len(pool) < size:
        a, b = rng.sample(BASE_LICENSES, 2)
        pool.append(f"{a} {rng.choice(['AND', 'OR'])} {b}")
        pool = list(dict.fromkeys(pool))
    return pool[:size]


def generate(n: int, seed: int = 1) -> dict[str, Any]:
    """A manifest of ``n`` artifacts whose lineage points to earlier artifacts (no cycles)."""
    rng = random.Random(seed)
    pool = license_pool()
    artifacts = []
    for i in range(n):
        components = [
            {
                "role": ROLES[(i + j) % len(ROLES)],
                "license": rng.choice(pool),
                "availability": "included",
                "location": f"https://example.org/a{i}/c{j}",
            }
            for j in range(6)
        ]
        lineage = []
        if i:
            for _ in range(2):
                lineage.append(
                    {
                        "relation": rng.choice(["fine-tuned-from", "trained-on"]),
                        "target": f"a{rng.randrange(max(0, i - 50), i)}",
                    }
                )
        artifacts.append(
            {
                "id": f"a{i}",
                "kind": "model",
                "name": f"Artifact {i}",
                "license": rng.choice(pool),
                "components": components,
                "lineage": lineage,
            }
        )
    return {"artifacts": artifacts}


def best_of(runs: int, fn: Any) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 artifacts instead of 100,000")
    parser.add_argument("-n", type=int, default=None)
    args = parser.parse_args()
    n = args.n or (10_000 if args.quick else 100_000)

    from openness.loading import load

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "manifest.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(generate(n), handle)
        size = os.path.getsize(path)

        def ref() -> None:
            with open(path, "rb") as handle:
                json.loads(handle.read())

        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = load([path])  # warm-up, and the memory figure
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert result.ok, result.errors[:3]
        del result
        t_json = best_of(3, ref)
        t_load = best_of(3, lambda: load([path]))

    print(f"artifacts            {n:>12,}")
    print(f"file size            {size / 1e6:>12.1f} MB")
    print(f"json.loads           {t_json:>12.3f} s")
    print(f"openness load        {t_load:>12.3f} s")
    print(f"ratio load/json      {t_load / t_json:>12.2f}x   (target <= 5)")
    print(f"peak RSS growth      {(rss_after - rss_before) / 1024:>12.0f} MB   (target < 1536)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
