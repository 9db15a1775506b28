#!/usr/bin/env python3
"""Benchmark: hashing throughput of ``openness verify`` against ``sha256sum`` on the same files.

Generates a folder of large files (default 4 x 1 GiB; ``--quick``: 4 x 256 MiB), records their
digests with ``openness lock``, then measures in the same run, best of ``--runs``:

- ``sha256sum`` over all the files (GNU coreutils, one process, file after file: the reference),
- ``sha256sum`` in parallel (``xargs -P <cpus>``: the fairest shell equivalent of our pool),
- ``verify()`` (the library call: resolve, hash on a thread pool, compare),
- ``openness verify`` (the command, process start-up included),
- and one file alone (no parallelism possible): ``sha256sum`` vs ``verify()``.

By default the page cache is warm (every file read once before timing), so the figures are
hash-bound. ``--cold`` drops each file from the page cache before every timed run
(``posix_fadvise(DONTNEED)``), so they are disk-bound.

Run: ``python benchmarks/bench_verify.py`` or ``--quick``. Target: verify at least 90% of
sha256sum's throughput.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MIB = 1 << 20


def make_files(folder: Path, count: int, size: int) -> list[Path]:
    """``count`` files of ``size`` bytes of pseudo-random content (a random block repeated
    with a per-file, per-block counter, so that no two blocks are equal)."""
    block = bytearray(os.urandom(8 * MIB))
    paths = []
    (folder / "weights").mkdir()
    for i in range(count):
        path = folder / "weights" / f"model-{i + 1:05d}-of-{count:05d}.bin"
        with open(path, "wb") as handle:
            written = 0
            n = 0
            while written < size:
                block[:8] = (i * 1_000_003 + n).to_bytes(8, "little")
                chunk = memoryview(block)[: min(len(block), size - written)]
                handle.write(chunk)
                written += len(chunk)
                n += 1
        paths.append(path)
    return paths


def drop_cache(paths: list[Path]) -> None:
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def warm(paths: list[Path]) -> None:
    for path in paths:
        with open(path, "rb") as handle:
            while handle.read(16 * MIB):
                pass


def best(runs: int, fn: Callable[[], object], before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run(cmd: list[str], **kw: object) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="4 x 256 MiB instead of 4 x 1 GiB")
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--size-mib", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before runs")
    parser.add_argument("--dir", default=None, help="where to write the files (default: tmp)")
    args = parser.parse_args()
    size = (args.size_mib or (256 if args.quick else 1024)) * MIB
    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:
        print("sha256sum not found: it is the reference", file=sys.stderr)
        return 2
    exe = shutil.which("openness") or str(Path(sys.executable).parent / "openness")
    cpus = os.cpu_count() or 1

    from openness.cli.main import cli  # noqa: F401  (import cost outside the timings)
    from openness.loading import load
    from openness.verify import SafeRoot, expectations, lock_manifest, verify, write_preserving

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        root = Path(tmp)
        print(f"generating {args.files} x {size // MIB} MiB in {root} ...", file=sys.stderr)
        paths = make_files(root, args.files, size)
        manifest = root / "manifest.yaml"
        manifest.write_text(
            "artifacts:\n  - id: bench\n    kind: model\n    components:\n"
            "      - role: model-parameters-final\n        location: weights\n"
        )
        start = time.perf_counter()
        locked = lock_manifest(str(manifest))
        lock_seconds = time.perf_counter() - start
        assert locked.text is not None, locked.problems
        write_preserving(str(manifest), locked.text)
        result = load([manifest])
        assert result.ok, result.problems
        safe = SafeRoot.of(root)
        named = expectations(result.artifacts, lambda a: safe, result.origins)
        names = [str(p) for p in paths]
        total = sum(p.stat().st_size for p in paths)

        def before() -> None:
            if args.cold:
                drop_cache(paths)

        if not args.cold:
            warm(paths)

        def ours() -> None:
            report = verify(named, extras=False, progress=False)
            assert report.ok and report.bytes_hashed == total, report.to_dict()

        timings: list[tuple[str, float, int]] = [
            (
                "sha256sum (reference)",
                best(args.runs, lambda: run([sha256sum, *names]), before),
                total,
            ),
            (
                f"sha256sum, xargs -P {cpus}",
                best(
                    args.runs,
                    lambda: run(
                        ["xargs", "-0", "-n", "1", "-P", str(cpus), sha256sum],
                        input="\0".join(names).encode(),
                    ),
                    before,
                ),
                total,
            ),
            ("openness verify() library", best(args.runs, ours, before), total),
            (
                "openness verify (command)",
                best(
                    args.runs,
                    lambda: run([exe, "verify", str(manifest), "--no-extra"]),
                    before,
                ),
                total,
            ),
        ]
        one = [named[0]]
        one_size = paths[0].stat().st_size
        single = [
            (
                "one file: sha256sum",
                best(args.runs, lambda: run([sha256sum, names[0]]), before),
                one_size,
            ),
            (
                "one file: verify()",
                best(args.runs, lambda: verify(one, extras=False, progress=False), before),
                one_size,
            ),
        ]

    reference = timings[0][1]
    mode = "cold page cache (disk-bound)" if args.cold else "warm page cache (hash-bound)"
    print(f"\n{args.files} files x {size // MIB} MiB = {total / 1e9:.2f} GB; {cpus} CPUs; {mode}")
    print(f"lock (hash and write the manifest, cold run): {lock_seconds:.2f} s\n")
    print(f"| {'what':<30} | {'seconds':>8} | {'GB/s':>6} | {'vs sha256sum':>12} |")
    print(f"|{'-' * 32}|{'-' * 10}|{'-' * 8}|{'-' * 14}|")
    for name, seconds, size_done in timings:
        ratio = reference / seconds
        print(f"| {name:<30} | {seconds:8.2f} | {size_done / seconds / 1e9:6.2f} | {ratio:11.0%} |")
    single_ref = single[0][1]
    for name, seconds, size_done in single:
        ratio = single_ref / seconds
        print(f"| {name:<30} | {seconds:8.2f} | {size_done / seconds / 1e9:6.2f} | {ratio:11.0%} |")
    library = reference / timings[2][1]
    command = reference / timings[3][1]
    verdict = "meets" if min(library, command) >= 0.9 else "MISSES"
    print(
        f"\nverify throughput: {library:.0%} (library) and {command:.0%} (command) of "
        f"sha256sum's: {verdict} the 90% target"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
