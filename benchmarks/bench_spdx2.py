#!/usr/bin/env python3
"""Benchmark: exporting and validating SPDX 2.3 JSON, against spdx-tools' full validation.

Generates a lineage graph of N artifacts (models and datasets; each but the first has two
lineage edges to one of the 50 artifacts before it; a dozen license expressions, with
LicenseRefs and ids spdx-tools' license list does not know), then measures in the same run:

- ours: the ``spdx-2.3-json`` exporter, which builds the spdx-tools document
  (:func:`openness.formats.spdx2.write.build.build_document`), validates it in linear time
  (:func:`openness.formats.spdx2.validate.validate_document`; it raises if anything is found) and
  writes JSON with spdx-tools' writer;
- the reference: build the same document (the same spdx-tools model objects) and run
  spdx-tools' ``validate_full_spdx_document`` on it (quadratic);

and reports the ratio, and how our time grows from N to 10 N artifacts (linear means 10x; the
target is at most 12x). Both validations must find nothing. Times are the best of ``--runs``
runs (the reference runs once: it takes minutes), as wall-clock and as CPU time of the process;
on a shared machine the CPU time is the steadier of the two. ``--formats`` adds the YAML,
tag-value and RDF/XML exporters at N/5 and 2 N.

Run: ``python benchmarks/bench_spdx2.py`` (N = 10,000, scaling to 100,000) or ``--quick``
(N = 2,000, scaling to 20,000).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

LICENSES = [
    "MIT",
    "Apache-2.0",
    "CC-BY-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-SA-4.0 AND MIT",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "Apache-2.0 AND LicenseRef-scancode-llama-3.1-license-2024",
    "OpenMDW-1.0",
    "MIT OR Apache-2.0",
    "GPL-2.0-or-later WITH Classpath-exception-2.0",
    "ODC-By-1.0",
    "CDLA-Permissive-2.0",
]
RELATIONS = ["fine-tuned-from", "trained-on", "tested-on", "derived-from", "quantized-from"]


def generate(n: int, components: int = 0, seed: int = 1) -> list[Any]:
    """``n`` artifacts whose lineage points to earlier artifacts (no cycles)."""
    from openness.model import Artifact

    rng = random.Random(seed)
    out = []
    for i in range(n):
        lineage = []
        if i:
            for _ in range(2):
                target = f"pkg:huggingface/org/a{rng.randrange(max(0, i - 50), i)}"
                lineage.append({"relation": rng.choice(RELATIONS), "target": target})
        data = {
            "id": f"pkg:huggingface/org/a{i}",
            "kind": rng.choice(["model", "dataset"]),
            "name": f"Artifact {i}",
            "version": f"{i}.0",
            "license": rng.choice(LICENSES),
            "supplier": "Example Org",
            "lineage": lineage,
            "components": [
                {
                    "role": rng.choice(["model-parameters-final", "training-code", "model-card"]),
                    "license": rng.choice(LICENSES),
                    "availability": "included",
                }
                for _ in range(components)
            ],
        }
        out.append(Artifact.model_validate(data))
    return out


class Timing:
    """Best wall-clock and best CPU (process) time of some runs."""

    def __init__(self) -> None:
        self.wall = float("inf")
        self.cpu = float("inf")

    def __truediv__(self, other: Timing) -> tuple[float, float]:
        return self.wall / other.wall, self.cpu / other.cpu


def timed(fn: Callable[[], Any], runs: int) -> tuple[Timing, Any]:
    """The best times of ``runs`` calls, and the last result."""
    best = Timing()
    result = None
    for _ in range(runs):
        result = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        best.cpu = min(best.cpu, time.process_time() - cpu)
        best.wall = min(best.wall, time.perf_counter() - wall)
    return best, result


def ours(artifacts: list[Any]) -> tuple[int, int]:
    """The spdx-2.3-json exporter: build, validate (it raises if anything is found), write."""
    from openness.exporters import get_exporter

    data = get_exporter("spdx-2.3-json").export(artifacts)
    return 0, len(data)


def reference(artifacts: list[Any]) -> int:
    from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

    from openness.formats.spdx2.write.build import build_document

    return len(validate_full_spdx_document(build_document(artifacts)))


def row(label: str, size: int, timing: Timing, note: str = "") -> None:
    print(f"{label:<52} {size:>9,} {timing.wall:>9.2f} {timing.cpu:>9.2f}  {note}", flush=True)


def ratio(label: str, size: int, value: tuple[float, float], note: str = "") -> None:
    print(f"{label:<52} {size:>9,} {value[0]:>8.2f}x {value[1]:>8.2f}x  {note}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 2,000 instead of 10,000")
    parser.add_argument("-n", type=int, default=None, help="the size N")
    parser.add_argument("--components", type=int, default=0, help="components per artifact")
    parser.add_argument("--runs", type=int, default=3, help="runs of ours at N (best is kept)")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--formats", action="store_true", help="also YAML, tag-value, RDF")
    args = parser.parse_args()
    n = args.n or (2_000 if args.quick else 10_000)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

    small = generate(n, args.components)
    large_n = 10 * n
    print(
        f"SPDX 2.3 JSON, {n:,} artifacts ({args.components} components each); "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'step':<52} {'artifacts':>9} {'wall s':>9} {'CPU s':>9}")
    ours_small, (messages, size) = timed(partial(ours, small), args.runs)
    assert messages == 0
    row(
        "ours: spdx-2.3-json export (build, validate, write)", n, ours_small, f"{size / 1e6:.1f} MB"
    )
    if not args.skip_reference:
        ref, found = timed(partial(reference, small), 1)
        assert found == 0
        row("spdx-tools: build + validate_full_spdx_document", n, ref)
        ratio("  ratio (reference / ours)", n, ref / ours_small, "target >= 30")
    small.clear()  # free the memory before the large run
    large = generate(large_n, args.components)
    ours_large, (messages, size) = timed(partial(ours, large), max(1, args.runs - 1))
    assert messages == 0
    row(
        "ours: spdx-2.3-json export (build, validate, write)",
        10 * n,
        ours_large,
        f"{size / 1e6:.1f} MB",
    )
    ratio("  growth for 10x the artifacts", 10 * n, ours_large / ours_small, "target <= 12")
    if args.formats:
        from openness.exporters import get_exporter

        base = max(1_000, n // 5)
        for fmt in ("spdx-2.3-yaml", "spdx-2.3-tv", "spdx-2.3-rdf"):
            times = []
            for size_ in (base, 10 * base):
                artifacts = generate(size_, args.components)
                timing, _ = timed(partial(get_exporter(fmt).export, artifacts), 1)
                times.append(timing)
                row(f"ours: {fmt} export", size_, timing)
            ratio(f"  growth for 10x the artifacts ({fmt})", 10 * base, times[1] / times[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
