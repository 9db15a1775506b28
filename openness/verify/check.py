"""Comparing the files a release names with the files on disk.

:func:`verify` resolves each :class:`~openness.verify.named.Expectation` under its root (never
leaving it), hashes the files on a thread pool, and reports each file as ok, mismatched,
missing, extra, unpinned (no digest recorded) or in error (unsafe path, symlink loop,
unreadable).

What the artifacts name is listed by :mod:`openness.verify.named`, the results are the types of
:mod:`openness.verify.report`, and lineage pins are checked by :mod:`openness.verify.pins`;
their public names are re-exported here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from openness.model import DigestAlgorithm
from openness.progress import byte_progress
from openness.verify.hashing import FileChanged, hash_fd, hash_many
from openness.verify.named import Expectation, expectations, is_local_path
from openness.verify.paths import PathError, PathIssue, SafeRoot, check_relative
from openness.verify.pins import check_pins
from openness.verify.report import FileResult, PinResult, PinStatus, Status, VerifyReport

__all__ = [
    "Expectation",
    "FileResult",
    "PinResult",
    "PinStatus",
    "Status",
    "VerifyReport",
    "check_pins",
    "expectations",
    "is_local_path",
    "verify",
]


@dataclass
class _Group:
    """Expectations naming the same file under the same root."""

    path: str
    root: SafeRoot
    sources: list[Expectation]
    real: str = ""
    size: int = 0
    algorithms: tuple[DigestAlgorithm, ...] = ()


def _compare(group: _Group, size: int, digests: Mapping[DigestAlgorithm, str]) -> FileResult:
    problems: list[str] = []
    for source in group.sources:
        if source.size is not None and source.size != size:
            problems.append(f"size {size:,} bytes, expected {source.size:,} ({source.where})")
        for algorithm, expected in sorted(source.digests.items()):
            actual = digests.get(algorithm)
            if actual is not None and actual != expected:
                problems.append(f"{algorithm.value} {actual}, expected {expected} ({source.where})")
    if problems:
        return FileResult(
            group.path,
            group.root.root,
            Status.MISMATCH,
            "; ".join(problems),
            size,
            digests,
            tuple(group.sources),
        )
    if not group.algorithms:
        return FileResult(
            group.path,
            group.root.root,
            Status.UNPINNED,
            "no digest is recorded for this file (openness lock records them)",
            size,
            digests,
            tuple(group.sources),
        )
    names = ", ".join(a.value for a in group.algorithms)
    return FileResult(
        group.path, group.root.root, Status.OK, names, size, digests, tuple(group.sources)
    )


def _path_error(
    path: str, root: str, error: PathError, sources: Sequence[Expectation]
) -> FileResult:
    status = Status.MISSING if error.issue is PathIssue.MISSING else Status.ERROR
    where = "; ".join(s.where for s in sources)
    return FileResult(
        path, root, status, f"{error.message} (named at {where})", sources=tuple(sources)
    )


def verify(
    named: Sequence[Expectation],
    *,
    extras: bool = True,
    exclude: Iterable[str] = (),
    workers: int | None = None,
    progress: bool | None = None,
) -> VerifyReport:
    """Verify every named file against its recorded size and digests.

    ``extras`` lists files under each root that nothing names (hidden entries skipped;
    ``exclude`` holds real paths to leave out, such as the manifests themselves). ``progress``
    shows a bar on standard error (default: when it is a terminal). Never raises for a bad
    path or unreadable file: each becomes a result naming the file.
    """
    started = time.perf_counter()
    report = VerifyReport()
    groups: dict[tuple[str, str], _Group] = {}
    for source in named:
        try:
            path = check_relative(source.path)
        except PathError as exc:
            report.files.append(_path_error(source.path, source.root.root, exc, [source]))
            continue
        key = (source.root.root, path)
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(path, source.root, [])
        group.sources.append(source)

    to_hash: list[_Group] = []
    for group in groups.values():
        try:
            group.real = group.root.resolve(group.path)
            group.size = os.stat(group.real).st_size
        except PathError as exc:
            report.files.append(_path_error(group.path, group.root.root, exc, group.sources))
            continue
        except OSError as exc:
            err = PathError(group.path, PathIssue.UNREADABLE, f"cannot be read: {exc.strerror}")
            report.files.append(_path_error(group.path, group.root.root, err, group.sources))
            continue
        algorithms = {a for s in group.sources for a in s.digests}
        group.algorithms = tuple(sorted(algorithms))
        sized_wrong = any(s.size is not None and s.size != group.size for s in group.sources)
        if not algorithms or sized_wrong:
            report.files.append(_compare(group, group.size, {}))
        else:
            to_hash.append(group)

    total = sum(g.size for g in to_hash)
    with byte_progress(total, "verifying", enabled=progress) as advance:

        def work(group: _Group) -> FileResult:
            try:
                fd = group.root.open(group.path, group.real)
                size, digests = hash_fd(fd, group.algorithms, progress=advance)
            except PathError as exc:
                return _path_error(group.path, group.root.root, exc, group.sources)
            except FileChanged as exc:
                return FileResult(group.path, group.root.root, Status.ERROR, str(exc))
            except OSError as exc:
                err = PathError(group.path, PathIssue.UNREADABLE, f"cannot be read: {exc.strerror}")
                return _path_error(group.path, group.root.root, err, group.sources)
            return _compare(group, size, digests)

        report.files.extend(hash_many(to_hash, work, weight=lambda g: g.size, workers=workers))
    report.bytes_hashed = total

    if extras:
        report.files.extend(_extras(groups, named, set(exclude)))
    report.files.sort(key=lambda f: (f.root, f.path, f.status.value))
    report.seconds = time.perf_counter() - started
    return report


def _extras(
    groups: Mapping[tuple[str, str], _Group], named: Sequence[Expectation], exclude: set[str]
) -> list[FileResult]:
    out: list[FileResult] = []
    roots = {s.root.root: s.root for s in named}
    excluded = {os.path.realpath(p) for p in exclude}
    for root_name, root in sorted(roots.items()):
        for path in root.walk():
            if (root_name, path) in groups:
                continue
            if os.path.join(root_name, *path.split("/")) in excluded:
                continue
            out.append(FileResult(path, root_name, Status.EXTRA, "not named by any component"))
    return out
