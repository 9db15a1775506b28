#!/usr/bin/env python3
"""Benchmark: the three documentation-completeness profiles against one openness definition.

Generates the Hub-shaped graph of ``bench_policy.py`` (N artifacts: datasets, base models and
their derivatives), then gives each model a random share of model-card facts (task, intended
and out-of-scope uses, limitations, risks, training information, evaluation results, context
length, training compute and energy, architecture, parameter count, supplier, description,
version, digests), each present with its own probability, as cards on the Hub document them
unevenly. Then measures, in the same run and cold (every policy's caches cleared before each
run):

- ``openness.policy.check`` under ``osaid`` alone (one openness definition), and
- ``openness.policy.check`` under ``g7-sbom-ai``, ``eu-ai-act-gpai`` and ``owasp-aibom``
  together, and each profile alone,

and prints the ratio profiles/osaid (target <= 1: the three profiles together cost no more
than one definition).

Run: ``python benchmarks/bench_completeness.py`` (100,000 artifacts) or ``--quick`` (10,000).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_policy import generate, timed

PROFILES = ("g7-sbom-ai", "eu-ai-act-gpai", "owasp-aibom")

#: (how a fact is set, the share of models that state it)
FACTS: list[tuple[str, float]] = [
    ("task", 0.8),
    ("intended_uses", 0.5),
    ("out_of_scope_uses", 0.3),
    ("limitations", 0.4),
    ("risks", 0.3),
    ("training_information", 0.3),
    ("evaluation", 0.25),
    ("context_length", 0.4),
    ("type_of_model", 0.6),
    ("parameters", 0.5),
    ("energy_kwh", 0.05),
    ("accelerator", 0.1),
]


def document(manifest: dict[str, Any], seed: int = 5) -> dict[str, Any]:
    """Give each model of the generated manifest a random subset of card facts (in place)."""
    rng = random.Random(seed)
    for artifact in manifest["artifacts"]:
        if artifact["kind"] != "model":
            continue
        facts: dict[str, Any] = artifact.setdefault("facts", {})
        for name, share in FACTS:
            if rng.random() >= share:
                continue
            if name == "task":
                facts["task"] = rng.choice(["text-generation", "fill-mask", "translation"])
            elif name in ("intended_uses", "out_of_scope_uses", "limitations", "risks"):
                facts[name] = [f"{name} of {artifact['id']}"]
            elif name == "training_information":
                facts[name] = "Fine-tuned with LoRA for three epochs."
            elif name == "evaluation":
                facts[name] = [{"metric": "accuracy", "value": rng.random(), "dataset": "d0"}]
            elif name == "context_length":
                facts[name] = rng.choice([2048, 4096, 8192, 131072])
            elif name == "type_of_model":
                facts[name] = "transformer"
            elif name == "parameters":
                facts[name] = rng.choice([1_000_000_000, 7_000_000_000, 70_000_000_000])
            else:
                training = facts.setdefault("training", {})
                training[name] = 1000.0 if name == "energy_kwh" else "H100"
        if rng.random() < 0.5:
            artifact["supplier"] = f"org{rng.randrange(100)}"
        if rng.random() < 0.3:
            artifact["description"] = f"Model {artifact['id']}"
        if rng.random() < 0.2:
            artifact["version"] = "1.0"
        if rng.random() < 0.2:
            artifact["components"][0]["digests"] = {"sha256": "0" * 64}
    return manifest


def measure(n: int, runs: int) -> dict[str, Any]:
    from openness.model import Artifact
    from openness.policy import check
    from openness.policy.registry import get_policy

    artifacts = [Artifact.model_validate(a) for a in document(generate(n))["artifacts"]]
    osaid = get_policy("osaid")
    profiles = [get_policy(pid) for pid in PROFILES]

    def cold() -> None:
        for policy in [osaid, *profiles]:
            clear = getattr(policy, "clear_cache", None)
            if callable(clear):
                clear()

    t_osaid = timed(lambda: check(artifacts, [osaid]), runs, cold)
    t_profiles = timed(lambda: check(artifacts, profiles), runs, cold)
    alone = {p.id: timed(lambda p=p: check(artifacts, [p]), 1, cold) for p in profiles}
    verdicts = check(artifacts, profiles)
    levels = {v.level for v in verdicts if v.level is not None}
    return {
        "n": n,
        "osaid": t_osaid,
        "profiles": t_profiles,
        "alone": alone,
        "verdicts": len(verdicts),
        "levels": len(levels),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 artifacts")
    parser.add_argument("-n", type=int, default=None, help="artifacts (default 100,000)")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()
    n = args.n or (10_000 if args.quick else 100_000)
    row = measure(n, args.runs)
    print(f"{row['n']:,} artifacts; {row['verdicts']:,} profile verdicts, {row['levels']} levels")
    print(f"osaid (one definition):        {row['osaid']:.3f} s")
    print(f"three completeness profiles:   {row['profiles']:.3f} s")
    print(
        "each profile alone (s, cold): "
        + ", ".join(f"{pid} {t:.3f}" for pid, t in row["alone"].items())
    )
    print(f"ratio profiles/osaid: {row['profiles'] / row['osaid']:.2f}   (target <= 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
