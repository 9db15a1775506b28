#!/usr/bin/env python3
"""Benchmark: resolving Hub ids from a local stand-in for the Hub, against huggingface_hub's
own calls.

Serves N repositories (N/5 chains of five: a base, then four fine-tunes each naming the one
before as ``base_model``; each with a card, ``config.json``, ``tokenizer_config.json``, a
LICENSE and a weights file that is listed, never fetched) from ``tests/hub/minihub.py`` on
127.0.0.1, and measures, wall-clock, with a fresh cache for each cold round:

- ``openness.loading.load`` of the N/5 chain heads (``hf:`` ids), which resolves the whole
  lineage (N repositories) in its bounded pool, cold (empty cache) and warm (cache filled, the
  Hub still asked for each repository's commit), and warm offline (``HF_HUB_OFFLINE=1``);
- inside the cold and warm runs, the time spent in huggingface_hub's calls
  (``HfApi.model_info``, ``hf_hub_download``), summed over the worker threads, beside the
  time of our work per repository (summed the same way): the difference is our overhead
  (reading the card, pinning, writing the cache's ref and file list), and, single-threaded
  after the pool, merging and the checks across artifacts;
- huggingface_hub alone doing the same downloads (``snapshot_download`` with the same
  ``allow_patterns``, the same eight threads), the reference;
- ``openness check hf:ORG/NAME`` of a five-deep lineage as a new process, warm cache, online
  and offline (target: under 1 s).

Targets: our overhead at most 10% of the HTTP time; the warm check under 1 second.

Run: ``python benchmarks/bench_hub.py`` (200 repositories) or ``--quick`` (50).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hub.minihub import MiniHub, serve  # noqa: E402

LICENSE_TEXT = "Apache License\nVersion 2.0, January 2004\n" + "terms and conditions\n" * 400
PATTERNS = [
    "README.md",
    "*.md",
    "config.json",
    "generation_config.json",
    "tokenizer_config.json",
    "adapter_config.json",
    "LICENSE*",
    "USE_POLICY*",
    "NOTICE*",
    "*.safetensors.index.json",
]


def build(n: int) -> tuple[MiniHub, list[str]]:
    """A Hub of ``n`` repositories in chains of five, and the id of each chain's head."""
    hub = MiniHub()
    heads = []
    for chain in range(n // 5):
        for step in range(5):
            base = f"\nbase_model: org{chain}/m{step - 1}" if step else ""
            card = (
                f"---\nlicense: apache-2.0{base}\nlibrary_name: transformers\ntags:\n- text\n"
                f"---\n# Model {chain}.{step}\n\n" + "A model card paragraph.\n" * 80
            )
            hub.add(
                f"org{chain}/m{step}",
                {
                    "README.md": card,
                    "config.json": '{"model_type": "llama", "hidden_size": 4096}',
                    "tokenizer_config.json": '{"model_max_length": 8192}',
                    "LICENSE": LICENSE_TEXT,
                    "model.safetensors": b"\0" * 4096,
                    "tokenizer.json": "{}",
                },
            )
        heads.append(f"hf:org{chain}/m4")
    return hub, heads


class Meter:
    """Wall and processor seconds summed over threads, per label."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def wrap(self, label: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start, start_cpu = time.perf_counter(), time.thread_time()
            try:
                return func(*args, **kwargs)
            finally:
                wall = time.perf_counter() - start
                cpu = time.thread_time() - start_cpu
                with self.lock:
                    self.wall[label] = self.wall.get(label, 0.0) + wall
                    self.cpu[label] = self.cpu.get(label, 0.0) + cpu

        return timed

    def ours_cpu(self) -> float:
        """Processor time of our work per repository: all of it but huggingface_hub's."""
        return self.cpu.get("repo", 0.0) - self.cpu.get("hf", 0.0)


@contextmanager
def metered(meter: Meter) -> Iterator[None]:
    """Time huggingface_hub's calls and our per-repository work."""
    import huggingface_hub
    from huggingface_hub import HfApi

    import openness.hub.walk as walk

    saved = (HfApi.model_info, huggingface_hub.hf_hub_download, walk._read)
    HfApi.model_info = meter.wrap("hf", HfApi.model_info)  # type: ignore[method-assign]
    huggingface_hub.hf_hub_download = meter.wrap("hf", huggingface_hub.hf_hub_download)
    walk._read = meter.wrap("repo", walk._read)
    try:
        yield
    finally:
        HfApi.model_info, huggingface_hub.hf_hub_download, walk._read = saved  # type: ignore[method-assign]


def ours(heads: list[str], meter: Meter | None = None) -> tuple[float, float, int]:
    """Wall seconds of load(), of its resolution, and the number of artifacts."""
    import openness.hub.walk as walk
    from openness.loading import load

    resolve = walk.resolve
    spent = [0.0]

    def timed_resolve(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return resolve(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    import openness.hub as hub_package

    hub_package.resolve = timed_resolve  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        if meter is not None:
            with metered(meter):
                result = load(heads, quiet=True)
        else:
            result = load(heads, quiet=True)
        wall = time.perf_counter() - start
    finally:
        hub_package.resolve = resolve
    if not result.ok:
        raise SystemExit(f"resolution failed: {result.errors[:3]}")
    return wall, spent[0], len(result.artifacts)


def reference(hub: MiniHub, cache: str) -> float:
    """huggingface_hub alone: snapshot_download of every repository's metadata, 8 threads."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import disable_progress_bars

    disable_progress_bars()
    names = [name for _, name in hub.repos]
    start = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda name: snapshot_download(
                    name,
                    allow_patterns=PATTERNS,
                    cache_dir=cache,
                    endpoint=hub.endpoint,
                    max_workers=1,
                ),
                names,
            )
        )
    return time.perf_counter() - start


def cli_check(head: str, env: dict[str, str]) -> float:
    """Wall seconds of ``openness check HEAD`` as a new process (best of three)."""
    exe = shutil.which("openness", path=str(Path(sys.executable).parent)) or "openness"
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        proc = subprocess.run(
            [exe, "check", head, "-q", "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        best = min(best, time.perf_counter() - start)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"check failed: {proc.stderr[:2000]}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 repositories")
    parser.add_argument("-n", type=int, default=None, help="number of repositories")
    args = parser.parse_args()
    n = args.n or (50 if args.quick else 200)
    hub, heads = build(n)
    work = tempfile.mkdtemp(prefix="bench-hub-")
    try:
        with serve(hub):
            os.environ["HF_ENDPOINT"] = hub.endpoint
            os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
            os.environ.pop("HF_HUB_OFFLINE", None)
            rows = []
            for round_ in range(3):
                cache = os.path.join(work, f"cold{round_}")
                os.environ["HF_HUB_CACHE"] = cache
                cold_meter = Meter()
                cold = ours(heads, cold_meter)
                warm_meter = Meter()
                warm = ours(heads, warm_meter)
                os.environ["HF_HUB_OFFLINE"] = "1"
                offline = ours(heads)
                del os.environ["HF_HUB_OFFLINE"]
                ref_cold = reference(hub, os.path.join(work, f"ref{round_}"))
                ref_warm = reference(hub, os.path.join(work, f"ref{round_}"))
                rows.append((cold, cold_meter, warm, warm_meter, offline, ref_cold, ref_warm))
            print(f"{n} repositories ({len(heads)} chains of five), 8 worker threads")
            print(
                "HTTP: huggingface_hub's calls, wall seconds summed over the threads; ours: the "
                "processor time of our work per repository, and the wall time of what follows "
                "the pool (merging, checks)"
            )
            for i, (cold, cm, warm, wm, offline, rc, rw) in enumerate(rows):
                for name, result, meter in (("cold", cold, cm), ("warm", warm, wm)):
                    http = meter.wall.get("hf", 0.0)
                    mine = meter.ours_cpu() + (result[0] - result[1])
                    print(
                        f"round {i} {name}: load {result[0]:.2f} s, {result[2]} artifacts; HTTP "
                        f"{http:.2f} s; ours {mine:.3f} s = {mine / http:.1%} of HTTP"
                    )
                    hf_cpu = meter.cpu.get("hf", 0.0)
                    print(
                        f"  per repository: ours {meter.ours_cpu() / n * 1e3:.2f} ms of "
                        f"processor time; huggingface_hub's calls {hf_cpu / n * 1e3:.2f} ms of "
                        f"processor time, {http / n * 1e3:.1f} ms wall; after the pool "
                        f"{(result[0] - result[1]) * 1e3:.0f} ms"
                    )
                print(
                    f"round {i}: offline load {offline[0]:.2f} s; huggingface_hub alone "
                    f"(snapshot_download) cold {rc:.2f} s, warm {rw:.2f} s"
                )
            env = dict(os.environ)
            env["HF_HUB_CACHE"] = os.path.join(work, "cold0")
            online_check = cli_check(heads[0], env)
            env["HF_HUB_OFFLINE"] = "1"
            offline_check = cli_check(heads[0], env)
            print(
                f"openness check {heads[0]} (five-deep lineage, warm cache, new process, best "
                f"of 3): online {online_check:.2f} s, offline {offline_check:.2f} s "
                "(target: under 1 s)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
