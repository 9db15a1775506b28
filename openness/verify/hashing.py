"""Streaming file digests in constant memory.

Files are read in 1 MiB chunks into one reused buffer and every requested algorithm is updated
from the same buffer (one read, several digests). hashlib releases the GIL while it hashes, so
many files hash in parallel on a thread pool (see :func:`hash_many`). ``git-sha1`` is a git
blob id: SHA-1 over ``b"blob <size>\\0"`` followed by the content, as the Hugging Face Hub
reports for files not stored with LFS.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from openness.model import DigestAlgorithm

__all__ = [
    "CHUNK_SIZE",
    "FileChanged",
    "UnknownAlgorithm",
    "hash_bytes",
    "hash_fd",
    "hash_file",
    "hash_many",
    "parse_algorithm",
]

#: Read size: large enough that system-call overhead vanishes, small enough to stay in cache.
CHUNK_SIZE = 1 << 20

_CONSTRUCTORS: dict[DigestAlgorithm, Callable[[], Any]] = {
    DigestAlgorithm.SHA256: hashlib.sha256,
    DigestAlgorithm.SHA512: hashlib.sha512,
    DigestAlgorithm.SHA1: hashlib.sha1,
    DigestAlgorithm.GIT_SHA1: hashlib.sha1,
    DigestAlgorithm.MD5: lambda: hashlib.md5(usedforsecurity=False),
}

T = TypeVar("T")
R = TypeVar("R")


class UnknownAlgorithm(ValueError):
    """A digest algorithm we cannot compute; names the file it was recorded for."""

    def __init__(self, name: str, path: str | None = None):
        self.name = name
        self.path = path
        known = ", ".join(a.value for a in DigestAlgorithm)
        where = f"{path}: " if path else ""
        super().__init__(f"{where}unknown digest algorithm {name!r}; known: {known}")


class FileChanged(OSError):
    """The file's size changed while it was being hashed."""


def parse_algorithm(name: str | DigestAlgorithm, path: str | None = None) -> DigestAlgorithm:
    """The algorithm called ``name`` (case-insensitive; ``sha-256`` and ``git`` accepted), or
    :class:`UnknownAlgorithm` naming ``path``."""
    if isinstance(name, DigestAlgorithm):
        return name
    key = name.strip().lower().replace("_", "-")
    key = {"sha-256": "sha256", "sha-512": "sha512", "sha-1": "sha1", "git": "git-sha1"}.get(
        key, key
    )
    try:
        return DigestAlgorithm(key)
    except ValueError:
        raise UnknownAlgorithm(name, path) from None


def _hashers(algorithms: Iterable[DigestAlgorithm], size: int) -> dict[DigestAlgorithm, Any]:
    hashers: dict[DigestAlgorithm, Any] = {}
    for algorithm in algorithms:
        hasher = _CONSTRUCTORS[algorithm]()
        if algorithm is DigestAlgorithm.GIT_SHA1:
            hasher.update(b"blob %d\x00" % size)
        hashers[algorithm] = hasher
    return hashers


def hash_bytes(data: bytes, algorithms: Iterable[DigestAlgorithm]) -> dict[DigestAlgorithm, str]:
    """Digests of an in-memory byte string."""
    hashers = _hashers(algorithms, len(data))
    for hasher in hashers.values():
        hasher.update(data)
    return {a: h.hexdigest() for a, h in hashers.items()}


def hash_fd(
    fd: int,
    algorithms: Sequence[DigestAlgorithm],
    *,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> tuple[int, dict[DigestAlgorithm, str]]:
    """Hash the open file ``fd`` from its start to its end; returns ``(size, digests)``.

    Takes ownership of ``fd`` (closes it). Memory use is one buffer of ``chunk_size`` bytes
    whatever the file's size. Raises :class:`FileChanged` when the number of bytes read differs
    from the size the file had when opened (git blob ids depend on it).
    """
    with io.FileIO(fd, "rb", closefd=True) as handle:
        size = os.fstat(fd).st_size
        advise = getattr(os, "posix_fadvise", None)
        if advise is not None:
            with contextlib.suppress(OSError):  # not supported by every filesystem
                advise(fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)
        hashers = list(_hashers(algorithms, size).items())
        buffer = bytearray(chunk_size)
        view = memoryview(buffer)
        total = 0
        single = hashers[0][1].update if len(hashers) == 1 else None
        while True:
            count = handle.readinto(buffer)
            if not count:
                break
            chunk = view[:count] if count < chunk_size else view
            if single is not None:
                single(chunk)
            else:
                for _, hasher in hashers:
                    hasher.update(chunk)
            total += count
            if progress is not None:
                progress(count)
        view.release()
    if total != size:
        raise FileChanged(f"file changed while being read ({size:,} bytes, read {total:,})")
    return total, {a: h.hexdigest() for a, h in hashers}


def hash_file(
    path: str | os.PathLike[str],
    algorithms: Iterable[DigestAlgorithm | str] = (DigestAlgorithm.SHA256,),
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[DigestAlgorithm, str]:
    """Digests of the file at ``path`` (no root checks: see :mod:`openness.verify.paths`)."""
    name = os.fspath(path)
    chosen = list(dict.fromkeys(parse_algorithm(a, name) for a in algorithms))
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    return hash_fd(fd, chosen, progress=progress)[1]


def hash_many(
    items: Sequence[T],
    work: Callable[[T], R],
    *,
    weight: Callable[[T], int] | None = None,
    workers: int | None = None,
) -> list[R]:
    """``work`` applied to every item on a thread pool, results in the items' order.

    Heaviest items (by ``weight``, e.g. file size) start first, so that one large file does
    not finish alone at the end. ``workers`` defaults to the number of CPUs.
    """
    if not items:
        return []
    count = workers or os.cpu_count() or 1
    count = max(1, min(count, len(items), 64))
    if count == 1:
        return [work(item) for item in items]
    order = list(range(len(items)))
    if weight is not None:
        order.sort(key=lambda i: -weight(items[i]))
    results: list[Any] = [None] * len(items)
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="openness-hash") as pool:
        futures = {i: pool.submit(work, items[i]) for i in order}
        for i, future in futures.items():
            results[i] = future.result()
    return results
