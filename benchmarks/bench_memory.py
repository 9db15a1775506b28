#!/usr/bin/env python3
"""Benchmark: memory of ``openness check`` over deep and wide lineage, by size.

Generates two lineage shapes of N artifacts (one weights component each, Apache-2.0):

- ``chain``: a linear chain, each artifact ``fine-tuned-from`` the one before (depth N);
- ``merge``: N base models and one artifact ``merged-from`` all of them (width N),

and measures, each in a fresh subprocess so that no figure carries another's allocations:

- the peak of ``tracemalloc`` (Python allocations) while loading the manifest, while
  ``openness.policy.check`` judges it under each built-in policy alone and under all of them,
  and while the text and JSON reports are rendered and written;
- the maximum resident set size (``ru_maxrss``) of the whole command ``openness check FILE``
  (text and ``--format json``), output thrown away: what a user's machine sees.

at N = 1,000, 2,000 and 5,000, and prints MB per N and the ratio of the largest N to the
smallest: memory linear in the graph gives about 5x from 1,000 to 5,000, memory that grows with
the square of the depth (or width) about 25x.

Run: ``python benchmarks/bench_memory.py`` (1,000, 2,000, 5,000), ``--quick`` (500, 1,000,
2,000), ``--sizes 1000 5000``, ``--no-policies`` (only the command and the reports).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from typing import Any

COMPONENTS = [
    {"role": "model-parameters-final", "license": "Apache-2.0", "availability": "included"}
]


def generate(shape: str, n: int) -> dict[str, Any]:
    """A manifest of the ``chain`` or the ``merge`` shape (see the module docstring)."""
    artifacts: list[dict[str, Any]] = []
    if shape == "chain":
        for i in range(n):
            entry: dict[str, Any] = {
                "id": f"a{i}",
                "kind": "model",
                "name": f"A{i}",
                "license": "Apache-2.0",
                "components": COMPONENTS,
            }
            if i:
                entry["lineage"] = [{"relation": "fine-tuned-from", "target": f"a{i - 1}"}]
            artifacts.append(entry)
    else:
        for i in range(n):
            artifacts.append(
                {
                    "id": f"p{i}",
                    "kind": "model",
                    "name": f"P{i}",
                    "license": "Apache-2.0",
                    "components": COMPONENTS,
                }
            )
        artifacts.append(
            {
                "id": "m",
                "kind": "model",
                "name": "M",
                "license": "Apache-2.0",
                "components": COMPONENTS,
                "lineage": [{"relation": "merged-from", "target": f"p{i}"} for i in range(n)],
            }
        )
    return {"artifacts": artifacts}


#: Run in a subprocess: the tracemalloc peak of one step, in bytes, printed as JSON.
_STEP = r"""
import json, sys, tracemalloc
path, step = sys.argv[1], sys.argv[2]
from openness.loading import load
from openness.policy import check, policies
from openness.policy.registry import builtin_ids
if step == "load":
    tracemalloc.start()
    result = load([path])
    peak = tracemalloc.get_traced_memory()[1]
else:
    result = load([path])
    ids = list(builtin_ids()) if step in ("all", "text", "json") else [step]
    chosen = list(policies(ids).values())
    if step in ("text", "json"):
        import io
        from openness.cli.reporting import emit
        from openness.reporters import Report
        verdicts = check(result.artifacts, chosen)
        report = Report.from_load(verdicts, result, chosen)
        out = open(sys.argv[3], "w", encoding="utf-8")
        sys.stdout = out
        tracemalloc.start()
        emit(report, step, None, "error")
    else:
        tracemalloc.start()
        verdicts = check(result.artifacts, chosen)
    peak = tracemalloc.get_traced_memory()[1]
    sys.stdout = sys.__stdout__
print(json.dumps(peak))
"""


def step_peak(path: str, step: str) -> float:
    """The tracemalloc peak of ``step`` (``load``, a policy id, ``all``, ``text``, ``json``)
    in MB, measured in a fresh interpreter."""
    with tempfile.NamedTemporaryFile(suffix=".out") as sink:
        done = subprocess.run(
            [sys.executable, "-c", _STEP, path, step, sink.name],
            capture_output=True,
            text=True,
            check=True,
        )
    return float(json.loads(done.stdout.strip().splitlines()[-1])) / 1e6


def command_rss(path: str, fmt: str) -> float:
    """The maximum resident set size of ``openness check --format FMT PATH`` in MB."""
    code = "from openness.cli.main import main; main()"
    with subprocess.Popen(
        [sys.executable, "-c", code, "check", "--format", fmt, path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    ) as proc:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"openness check failed on {path} (exit {proc.returncode})")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500, 1,000 and 2,000 artifacts")
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="the sizes (default 1,000 2,000 5,000)"
    )
    parser.add_argument(
        "--shapes", nargs="+", default=["chain", "merge"], choices=["chain", "merge"]
    )
    parser.add_argument(
        "--no-policies", action="store_true", help="skip the policies one by one (faster)"
    )
    args = parser.parse_args()
    sizes = args.sizes or ([500, 1_000, 2_000] if args.quick else [1_000, 2_000, 5_000])
    from openness.policy.registry import builtin_ids

    steps = ["load", *([] if args.no_policies else builtin_ids()), "all", "text", "json"]
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes:
            rows: dict[str, list[float]] = {}
            for n in sizes:
                path = os.path.join(tmp, f"{shape}-{n}.json")
                with open(path, "w", encoding="utf-8") as handle:
                    json.dump(generate(shape, n), handle)
                for step in steps:
                    rows.setdefault(f"peak {step}", []).append(step_peak(path, step))
                for fmt in ("text", "json"):
                    rows.setdefault(f"rss check --format {fmt}", []).append(command_rss(path, fmt))
            print(f"\n{shape} (MB; tracemalloc peak of each step, maximum RSS of the command)")
            head = ["step", *(f"N={n:,}" for n in sizes), f"{sizes[-1]}/{sizes[0]}"]
            print(f"{head[0]:<28}" + "".join(f"{h:>12}" for h in head[1:]))
            for label, values in rows.items():
                ratio = values[-1] / values[0] if values[0] else float("nan")
                print(f"{label:<28}" + "".join(f"{v:>12.1f}" for v in values) + f"{ratio:>11.1f}x")
            print(
                f"(linear: {sizes[-1] / sizes[0]:.0f}x from N={sizes[0]:,} to N={sizes[-1]:,}; "
                f"quadratic: {(sizes[-1] / sizes[0]) ** 2:.0f}x)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
