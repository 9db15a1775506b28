#!/usr/bin/env python3
"""Benchmark: linear scaling of the SPDX 3.0.1 JSON-LD and Turtle exporters.

Generates a lineage graph of N artifacts (models, datasets and software in turn; one component
with a license and a digest each; one or two lineage edges to earlier artifacts; 91
distinct license expressions) and times, at N and at 10 x N in the same run:

- ``spdx-3.0.1-jsonld`` (spdx-python-model builds the object set and serialises it), and
- ``turtle`` (rdflib builds the graph and writes sorted Turtle),

next to ``json.dumps`` of the same artifacts (``model_dump``), the reference. The ratio
``time(10 x N) / time(N)`` must stay at most 12 (linear, with slack for caches and the
garbage collector).

Run: ``python benchmarks/bench_spdx3.py`` (10,000 -> 100,000 artifacts) or ``--quick``
(1,000 -> 10,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from collections.abc import Callable

from openness.exporters import get_exporter
from openness.model import Artifact, LicenseExpression

KINDS = ["model", "dataset", "software"]
ROLES = {"model": "model-parameters-final", "dataset": "data-files", "software": "source-code"}
BASE = ["MIT", "Apache-2.0", "CC-BY-4.0", "CC-BY-NC-4.0", "CC0-1.0", "GPL-3.0-only", "ODbL-1.0"]
MAX_RATIO = 12.0


def licenses() -> list[LicenseExpression]:
    """The base ids and every ``a AND b`` / ``a OR b`` of two of them (91 expressions)."""
    pool = list(BASE)
    pool += [f"{a} {op} {b}" for a in BASE for b in BASE if a != b for op in ("AND", "OR")]
    return [LicenseExpression.of(p) for p in pool]


def generate(n: int, seed: int = 1) -> list[Artifact]:
    """``n`` artifacts whose lineage points at earlier ones."""
    rng = random.Random(seed)
    pool = licenses()
    out: list[Artifact] = []
    for i in range(n):
        kind = KINDS[i % 3]
        lineage = []
        if i >= 3:
            relation = "trained-on" if kind == "model" else "derived-from"
            target = rng.randrange(i)
            if relation == "trained-on":
                target -= target % 3 - 1 if target % 3 != 1 else 0  # a dataset
            lineage.append({"relation": relation, "target": f"pkg:generic/a{target}@1"})
            if kind == "software":
                lineage.append({"relation": "depends-on", "target": f"pkg:generic/a{i - 1}@1"})
        out.append(
            Artifact.model_validate(
                {
                    "id": f"pkg:generic/a{i}@1",
                    "kind": kind,
                    "name": f"artifact {i}",
                    "version": "1",
                    "license": rng.choice(pool),
                    "components": [
                        {
                            "role": ROLES[kind],
                            "availability": "included",
                            "license": rng.choice(pool),
                            "digests": {"sha256": f"{i:064x}"},
                        }
                    ],
                    "lineage": lineage,
                    "facts": {"domain": ["text"]} if kind == "model" else {},
                }
            )
        )
    return out


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 -> 10,000 artifacts")
    args = parser.parse_args(argv)
    small = 1_000 if args.quick else 10_000
    sizes = (small, small * 10)
    graphs = {n: generate(n) for n in sizes}
    rows: list[tuple[str, dict[int, float]]] = []

    def reference(n: int) -> None:
        json.dumps([a.model_dump(mode="json") for a in graphs[n]])

    rows.append(("json.dumps (reference)", {n: timed(lambda n=n: reference(n)) for n in sizes}))
    for name in ("spdx-3.0.1-jsonld", "turtle"):
        exporter = get_exporter(name)
        rows.append((name, {n: timed(lambda n=n, e=exporter: e.export(graphs[n])) for n in sizes}))
    print(f"{'exporter':<26}{sizes[0]:>12,}{sizes[1]:>12,}{'ratio':>8}  {'x reference':>12}")
    ok = True
    ref = rows[0][1][sizes[1]]
    for name, times in rows:
        ratio = times[sizes[1]] / times[sizes[0]]
        flag = "" if ratio <= MAX_RATIO or name.endswith("(reference)") else "  TOO SLOW"
        ok = ok and not flag
        print(
            f"{name:<26}{times[sizes[0]]:>11.2f}s{times[sizes[1]]:>11.2f}s{ratio:>8.1f}"
            f"  {times[sizes[1]] / ref:>11.1f}x{flag}"
        )
    print(f"linear scaling (ratio <= {MAX_RATIO:g}): {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
