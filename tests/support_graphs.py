"""Generated lineage graphs for tests that need many artifacts: the Hub-like graph of
``benchmarks/bench_policy.py`` (datasets, base models, fine-tunes, quantisations, adapters,
merges of two parents, distillations, chains up to depth 10), with a deep chain of derivatives
hung below it (fine-tunes and quantisations, a merge every few links, relicensed now and
then), so that lineage runs far deeper than on the Hub."""

from __future__ import annotations

import importlib.util
import random
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from openness.model import Artifact

__all__ = ["DEEP", "hub_like", "hub_like_manifest"]

_BENCH = Path(__file__).parent.parent / "benchmarks" / "bench_policy.py"

#: How many links the deep chain has.
DEEP = 300


@cache
def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_bench_policy", _BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hub_like_manifest(n: int, seed: int) -> dict[str, Any]:
    """A manifest of ``n`` artifacts (``n - DEEP`` from the benchmark's generator, then the
    deep chain), different for every seed."""
    manifest: dict[str, Any] = _bench().generate(n - DEEP, seed)
    rng = random.Random(seed)
    artifacts: list[dict[str, Any]] = manifest["artifacts"]
    models = [a["id"] for a in artifacts if a["kind"] == "model"]
    datasets = [a["id"] for a in artifacts if a["kind"] == "dataset"]
    parent = models[0]
    license_ = artifacts[[a["id"] for a in artifacts].index(parent)]["license"]
    for i in range(DEEP):
        aid = f"deep{i}"
        relation = rng.choice(["fine-tuned-from", "quantized-from", "adapter-of"])
        lineage: list[dict[str, Any]] = [{"relation": relation, "target": parent}]
        if i % 7 == 3:  # a merge with a model of the Hub-like part
            lineage = [
                {"relation": "merged-from", "target": parent},
                {"relation": "merged-from", "target": rng.choice(models)},
            ]
        if i % 5 == 0:
            lineage.append({"relation": "trained-on", "target": rng.choice(datasets)})
        if i % 11 == 0:
            license_ = rng.choice(["Apache-2.0", "MIT", "CC-BY-NC-4.0", "NOASSERTION"])
        components: list[dict[str, Any]] = [
            {"role": "model-parameters-final", "license": license_, "availability": "included"},
            {"role": "model-card", "availability": "included"},
        ]
        if i % 3 == 0:
            components.append(
                {"role": "training-code", "license": "Apache-2.0", "availability": "included"}
            )
        entry: dict[str, Any] = {
            "id": aid,
            "kind": "model",
            "name": f"Deep {i}",
            "license": license_,
            "components": components,
            "lineage": lineage,
        }
        if i % 13 == 0:
            entry["facts"] = {"training": {"training_flop": 1e18}}
        artifacts.append(entry)
        parent = aid
    return manifest


def hub_like(n: int, seed: int) -> list[Artifact]:
    """The artifacts of :func:`hub_like_manifest`."""
    return [Artifact.model_validate(a) for a in hub_like_manifest(n, seed)["artifacts"]]
