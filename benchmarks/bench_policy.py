#!/usr/bin/env python3
"""Benchmark: evaluating every built-in policy over a lineage graph, against loading it.

Generates a JSON manifest of N artifacts shaped like the Hugging Face Hub's model trees: 1%
datasets and 1% base models (with code, data and reports, varied licenses), then fine-tunes,
quantisations, adapters, merges and distillations attached preferentially to popular models
(fan-out; half of the derivatives hang directly off a base model), merges with two parents
(fan-in), chains up to depth 10, about 5 to 6 components and
1 to 2 lineage edges per artifact. As on the Hub, a derivative usually keeps its parent's
license (a quantisation 95% of the time, a fine-tune 60%; else Apache-2.0, MIT, CC-BY-NC-4.0,
NOASSERTION, ...), lists weights, card, configuration, tokenizer and license file, and some
fine-tunes name their datasets (popularity Zipf-distributed), training code or compute. Then
measures, in the same run:

- ``openness.loading.load`` of the file (read, parse, validate, cross-file checks), and
- ``openness.policy.check`` of the loaded artifacts under every built-in policy (with every
  policy's cached findings dropped before each run, ``clear_cache()``, so every run starts
  cold), and under the openness definitions alone (every built-in policy but
  ``reproducible``, which judges whether an artifact can be rebuilt, not its openness),

at N and 10 N artifacts, and prints the ratio evaluate/load (target <= 1) and how each grows
from N to 10 N (target <= 11).

Run: ``python benchmarks/bench_policy.py`` (10,000 and 100,000) or ``--quick`` (1,000 and
10,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

DATA_LICENSES = [
    "ODC-By-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "Apache-2.0",
    "ODbL-1.0",
]
BASE_LICENSES = [
    "Apache-2.0",
    "MIT",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "LicenseRef-scancode-llama-2-license-2023",
    "CC-BY-NC-4.0",
    "LicenseRef-scancode-bigscience-open-rail-m",
    "OpenMDW-1.0",
    "CC-BY-4.0",
    "LicenseRef-scancode-gemma-tou-2024-04-01",
    "BSD-3-Clause",
]
RELICENSE = [
    "Apache-2.0",
    "MIT",
    "CC-BY-NC-4.0",
    "NOASSERTION",
    "CC-BY-4.0",
    "GPL-3.0-only",
    "Unlicense",
]
DERIVING = [
    ("fine-tuned-from", 45),
    ("quantized-from", 25),
    ("adapter-of", 15),
    ("merged-from", 10),
    ("distilled-from", 5),
]


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _zipf(rng: random.Random, items: list[str]) -> str:
    return rng.choices(items, weights=[1 / (rank + 1) for rank in range(len(items))])[0]


def _derivative(
    rng: random.Random, relation: str, parent_license: str, datasets: list[str]
) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """License, components, extra lineage edges and facts of a derivative, by relation: a
    quantisation copies its parent; fine-tunes sometimes relicense, list their datasets and
    their training code; adapters and merges sit in between."""
    keep = {"quantized-from": 0.95, "merged-from": 0.9, "adapter-of": 0.8}.get(relation, 0.6)
    lic = parent_license if rng.random() < keep else rng.choice(RELICENSE)
    components: list[dict[str, Any]] = [
        {"role": "model-parameters-final", "license": lic, "availability": "included"},
        {"role": "model-card", "availability": "included"},
        {"role": "configuration", "availability": "included"},
        {"role": "tokenizer", "availability": "included"},
        {"role": "license-text", "availability": "included"},
    ]
    lineage: list[dict[str, Any]] = []
    facts: dict[str, Any] = {}
    if relation in ("fine-tuned-from", "distilled-from", "adapter-of"):
        if rng.random() < 0.6:
            lineage.append({"relation": "trained-on", "target": _zipf(rng, datasets)})
        if rng.random() < 0.15:
            components.append(
                {"role": "training-code", "license": "Apache-2.0", "availability": "included"}
            )
        if rng.random() < 0.1:
            facts = {"training": {"training_flop": rng.choice([1e17, 1e18, 1e19])}}
    return lic, components, lineage, facts


def generate(n: int, seed: int = 3) -> dict[str, Any]:
    """A manifest of ``n`` artifacts (see the module docstring)."""
    rng = random.Random(seed)
    artifacts: list[dict[str, Any]] = []
    n_data = max(3, n // 100)
    n_base = max(3, n // 100)
    datasets = [f"d{i}" for i in range(n_data)]
    for name in datasets:
        lic = rng.choice(DATA_LICENSES)
        artifacts.append(
            {
                "id": name,
                "kind": "dataset",
                "name": f"Dataset {name}",
                "license": lic,
                "components": [
                    {
                        "role": "data-files",
                        "license": lic,
                        "availability": rng.choice(
                            ["included", "included", "gated", "third-party"]
                        ),
                    },
                    {"role": "datasheet", "license": "CC-BY-4.0", "availability": "included"},
                    {
                        "role": "collection-code",
                        "license": rng.choice(["Apache-2.0", "MIT"]),
                        "availability": "included",
                    },
                    {"role": "documentation", "license": "CC-BY-4.0", "availability": "included"},
                    {"role": "license-text", "availability": "included"},
                    {"role": "data-card", "license": "CC-BY-4.0", "availability": "included"},
                ],
            }
        )
    models: list[str] = []
    popular: list[str] = []  # preferential attachment: one entry per model plus one per child
    depth: dict[str, int] = {}
    license_of: dict[str, str] = {}
    for i in range(n - n_data):
        aid = f"m{i}"
        if i < n_base:
            lic = rng.choice(BASE_LICENSES)
            released = rng.random() < 0.4
            components = [
                {"role": "model-parameters-final", "license": lic, "availability": "included"},
                {"role": "inference-code", "license": "Apache-2.0", "availability": "included"},
                {
                    "role": "training-code",
                    "license": "Apache-2.0",
                    "availability": "included" if released else "not-released",
                },
                {
                    "role": "datasets",
                    "availability": "included" if released else "not-released",
                    "license": rng.choice(DATA_LICENSES),
                },
                {"role": "model-card", "license": lic, "availability": "included"},
                {"role": "technical-report", "license": "CC-BY-4.0", "availability": "included"},
            ]
            lineage = [{"relation": "trained-on", "target": rng.choice(datasets)}]
            depth[aid] = 0
            facts = {"training": {"training_flop": 10 ** rng.randint(20, 24)}}
        else:
            relation = _weighted(rng, DERIVING)
            # Most Hub derivatives hang directly off a base model; the rest off a popular
            # derivative (preferential attachment), which makes the deeper chains.
            parent = rng.choice(models[:n_base]) if rng.random() < 0.5 else rng.choice(popular)
            while depth[parent] >= 10:
                parent = rng.choice(models[:n_base])
            parents = [parent]
            if relation == "merged-from":
                other = rng.choice(popular)
                if other != parent and depth[other] < 10:
                    parents.append(other)
            lic, components, extra, facts = _derivative(rng, relation, license_of[parent], datasets)
            lineage = [{"relation": relation, "target": p} for p in parents] + extra
            depth[aid] = 1 + max(depth[p] for p in parents)
            popular.extend(parents)
        entry: dict[str, Any] = {
            "id": aid,
            "kind": "model",
            "name": f"Model {i}",
            "license": lic,
            "components": components,
            "lineage": lineage,
        }
        if facts:
            entry["facts"] = facts
        artifacts.append(entry)
        models.append(aid)
        popular.append(aid)
        license_of[aid] = lic
    return {"artifacts": artifacts}


def timed(fn: Callable[[], Any], runs: int, before: Callable[[], None] | None = None) -> float:
    best = float("inf")
    for _ in range(runs):
        if before is not None:
            before()
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def measure(n: int, runs: int) -> dict[str, Any]:
    from openness.loading import load
    from openness.policy import check, policies
    from openness.policy.registry import default_ids

    chosen = []
    for pid in default_ids():
        try:
            chosen.append(policies([pid])[pid])
        except Exception:
            continue

    def cold() -> None:
        for policy in chosen:
            clear = getattr(policy, "clear_cache", None)
            if callable(clear):
                clear()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "graph.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(generate(n), handle)
        # Each timed with nothing else of the run alive but what it needs: loading, nothing;
        # evaluating, the loaded artifacts.
        t_load = timed(lambda: load([path]), runs)
        result = load([path])
        assert result.ok, result.errors[:3]
    artifacts = result.artifacts
    verdicts = len(check(artifacts, chosen))
    t_eval = timed(lambda: check(artifacts, chosen), runs, cold)
    definitions = [p for p in chosen if p.id != "reproducible"]
    t_definitions = timed(lambda: check(artifacts, definitions), runs, cold)
    # Each built-in policy alone (cold), to show where the time goes.
    alone = {p.id: timed(lambda p=p: check(artifacts, [p]), 1, cold) for p in chosen}
    edges = sum(len(a.lineage) for a in artifacts)
    components = sum(len(a.components) for a in artifacts)
    return {
        "n": n,
        "load": t_load,
        "eval": t_eval,
        "definitions": t_definitions,
        "n_definitions": len(definitions),
        "verdicts": verdicts,
        "policies": len(chosen),
        "edges": edges / n,
        "components": components / n,
        "alone": alone,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 artifacts")
    parser.add_argument("-n", type=int, default=None, help="the smaller size (default 10,000)")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    small = args.n or (1_000 if args.quick else 10_000)
    rows = [measure(small, args.runs), measure(small * 10, args.runs)]
    print(
        f"policies: {rows[0]['policies']} built-in; per artifact about "
        f"{rows[1]['components']:.1f} components and {rows[1]['edges']:.1f} lineage edges"
    )
    head = ("artifacts", "load (s)", "evaluate (s)", "eval/load", "definitions", "defs/load")
    print(" ".join(f"{h:>12}" for h in head))
    for row in rows:
        print(
            f"{row['n']:>12,} {row['load']:>12.3f} {row['eval']:>12.3f} "
            f"{row['eval'] / row['load']:>12.2f} {row['definitions']:>12.3f} "
            f"{row['definitions'] / row['load']:>12.2f}"
        )
    print(
        f"(evaluate: all {rows[1]['policies']} built-in policies, {rows[1]['verdicts']:,} verdicts "
        f"at {rows[1]['n']:,}; definitions: the {rows[1]['n_definitions']} openness definitions, "
        "all but reproducible)"
    )
    print(
        f"scaling x10 artifacts: load {rows[1]['load'] / rows[0]['load']:.1f}x, "
        f"evaluate {rows[1]['eval'] / rows[0]['eval']:.1f}x, "
        f"definitions {rows[1]['definitions'] / rows[0]['definitions']:.1f}x   (target <= 11)"
    )
    print(
        f"ratio to load at {rows[1]['n']:,}: evaluate {rows[1]['eval'] / rows[1]['load']:.2f}, "
        f"definitions {rows[1]['definitions'] / rows[1]['load']:.2f}   (target <= 1)"
    )
    alone = rows[1]["alone"]
    print(
        f"each policy alone at {rows[1]['n']:,} (s, cold): "
        + ", ".join(f"{pid} {t:.2f}" for pid, t in alone.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
