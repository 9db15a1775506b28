#!/usr/bin/env python3
"""Benchmark: reading a folder of Hugging Face model cards, against huggingface_hub.

Generates N model cards (``<org>--<name>.md``: YAML metadata with license keywords, some
``license: other`` with ``license_name``, base models among the other cards, datasets, tags,
languages, a ``model-index`` on a third of them, and a Markdown body of a few kilobytes), then
measures in the same run, best of five rounds (interleaved):

- ``huggingface_hub.ModelCard.load`` of every file (the reference: reads the file, parses the
  metadata, builds ``ModelCardData`` with its evaluation results), offline;
- our importer on every file (``read_document`` + ``HuggingFaceImporter.load``);
- ``openness.loading.load`` of the folder (the same, plus importer detection and the checks
  across files: duplicate ids, lineage targets, cycles, license ids).

Run: ``python benchmarks/bench_hf.py`` (10,000 cards) or ``--quick`` (1,000).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("HF_HUB_OFFLINE", "1")

LICENSES = [
    "apache-2.0",
    "mit",
    "llama3.1",
    "cc-by-4.0",
    "cc-by-nc-4.0",
    "gemma",
    "openrail",
    "bigscience-openrail-m",
    "cc-by-sa-4.0",
    "gpl-3.0",
]
OTHER_NAMES = ["llama3", "tongyi-qianwen", "deepseek", "qwen", "Apache License 2.0"]
TAGS = ["text-generation", "transformers", "safetensors", "llama", "conversational", "trl"]
BODY = """
# {title}

This model is a fine-tuned version of the base model on a mixture of instruction data.
It achieves the following results on the evaluation set: loss 0.8123, accuracy 0.7412.

## Model description

More information needed. {filler}

## Intended uses & limitations

The model is intended for research. It may produce inaccurate or biased output.

## Training procedure

### Training hyperparameters

- learning_rate: 2e-05
- train_batch_size: 8
- eval_batch_size: 8
- seed: 42
- optimizer: Adam with betas=(0.9,0.999) and epsilon=1e-08
- lr_scheduler_type: cosine
- num_epochs: 3

### Framework versions

- Transformers 4.44.2
- Pytorch 2.4.0
- Datasets 2.21.0
- Tokenizers 0.19.1
"""


def card(i: int, rng: random.Random, datasets: list[str]) -> str:
    """One realistic model card."""
    lines = ["---"]
    lic = rng.choice(LICENSES)
    if rng.random() < 0.1:
        lines += ["license: other", f"license_name: {rng.choice(OTHER_NAMES)}"]
        lines.append("license_link: LICENSE")
    else:
        lines.append(f"license: {lic}")
    lines += ["language:", "- en", *(["- de", "- fr"] if i % 3 == 0 else [])]
    lines += ["library_name: transformers", "pipeline_tag: text-generation", "tags:"]
    lines += [f"- {t}" for t in rng.sample(TAGS, 3)]
    if i:
        bases = sorted({rng.randrange(max(0, i - 200), i) for _ in range(1 + (i % 7 == 0))})
        if len(bases) == 1:
            lines.append(f"base_model: org{bases[0] % 50}/model-{bases[0]}")
        else:
            lines.append("base_model:")
            lines += [f"- org{b % 50}/model-{b}" for b in bases]
        if i % 5 == 0:
            lines.append(f"base_model_relation: {rng.choice(['adapter', 'quantized', 'finetune'])}")
    lines.append("datasets:")
    lines += [f"- {d}" for d in rng.sample(datasets, 2)]
    if i % 3 == 0:
        lines += [
            "model-index:",
            f"- name: model-{i}",
            "  results:",
            "  - task:",
            "      type: text-generation",
            "      name: Text Generation",
            "    dataset:",
            "      name: MMLU",
            "      type: cais/mmlu",
            "      split: test",
            "    metrics:",
            "    - type: accuracy",
            f"      value: {rng.uniform(20, 80):.2f}",
            "      name: accuracy",
            "    source:",
            "      url: https://example.org/leaderboard",
            "      name: Open LLM Leaderboard",
        ]
    lines.append("---")
    filler = " ".join(rng.choice(TAGS) for _ in range(rng.randrange(50, 400)))
    return "\n".join(lines) + BODY.format(title=f"model-{i}", filler=filler)


def dataset_card(name: str) -> str:
    head = f"---\nlicense: odc-by\npretty_name: {name}\n"
    return head + f"task_categories:\n- text-generation\n---\n# {name}\n"


def generate(folder: str, n: int) -> list[str]:
    rng = random.Random(11)
    datasets = [f"data-org/set-{k}" for k in range(50)]
    for name in datasets:
        path = os.path.join(folder, "datasets--" + name.replace("/", "--") + ".md")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(dataset_card(name))
    paths = []
    for i in range(n):
        path = os.path.join(folder, f"org{i % 50}--model-{i}.md")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(card(i, rng, datasets))
        paths.append(path)
    return paths


def best_of(runs: int, *fns: Callable[[], object]) -> list[float]:
    """The best time of each function over ``runs`` rounds, the functions interleaved in each
    round so that a busy machine slows them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(runs):
        for index, fn in enumerate(fns):
            gc.collect()
            start = time.perf_counter()
            fn()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 cards instead of 10,000")
    parser.add_argument("-n", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best time counts")
    args = parser.parse_args()
    n = args.n or (1_000 if args.quick else 10_000)

    from huggingface_hub import ModelCard

    from openness.documents import read_document
    from openness.formats.huggingface.read import HuggingFaceImporter
    from openness.loading import load

    importer = HuggingFaceImporter()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(tmp, n)
        size = sum(os.path.getsize(p) for p in paths)

        def theirs() -> None:
            for path in paths:
                ModelCard.load(path)

        def ours() -> None:
            for path in paths:
                importer.load(read_document(path))

        result = load([tmp])
        assert result.ok, result.errors[:3]
        assert len(result.artifacts) == n + 50, len(result.artifacts)
        del result
        t_hub, t_ours, t_load = best_of(args.repeat, theirs, ours, lambda: load([tmp]))

    print(f"cards                               {n:>10,}")
    print(f"total size                          {size / 1e6:>10.1f} MB")
    print(f"huggingface_hub ModelCard.load      {t_hub:>10.3f} s")
    print(f"openness importer (per file)        {t_ours:>10.3f} s   {t_hub / t_ours:5.2f}x faster")
    print(f"openness load (folder, all checks)  {t_load:>10.3f} s   {t_hub / t_load:5.2f}x faster")
    print("target: openness at least as fast as huggingface_hub (ratio >= 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
