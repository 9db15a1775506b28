"""Comparing the files a release names with the files on disk.

:func:`expectations` lists what the artifacts name: every ``components[].files[]`` entry, and a
component's ``location`` when it is a relative path and the component records digests.
:func:`verify` resolves each under its root (never leaving it), hashes them on a thread pool,
and reports each file as ok, mismatched, missing, extra, unpinned (no digest recorded) or in
error (unsafe path, symlink loop, unreadable). :func:`check_pins` compares the digests lineage
edges pin their upstream with with the digests the upstream records.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from openness.importers import Origin
from openness.lineage import LineageGraph
from openness.model import Artifact, DigestAlgorithm
from openness.progress import byte_progress
from openness.verify.hashing import FileChanged, hash_fd, hash_many
from openness.verify.paths import PathError, PathIssue, SafeRoot, check_relative

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

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Status(StrEnum):
    """What verification found for one file."""

    OK = "ok"
    MISMATCH = "mismatch"
    MISSING = "missing"
    EXTRA = "extra"
    UNPINNED = "unpinned"  # present, but no digest is recorded for it
    ERROR = "error"  # unsafe or unreadable: cannot be verified


class PinStatus(StrEnum):
    """Whether a lineage edge's digest pin agrees with what its upstream records."""

    CONFIRMED = "confirmed"
    CONTRADICTED = "contradicted"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, slots=True)
class Expectation:
    """One file a manifest names, with what it should be and where it was named."""

    path: str  # as written in the manifest
    root: SafeRoot
    size: int | None
    digests: Mapping[DigestAlgorithm, str]
    artifact: str
    field: str  # e.g. components[0].files[2]
    manifest: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        """``manifest:line: field`` of the artifact, for messages."""
        head = self.manifest or self.artifact
        if self.line is not None:
            head += f":{self.line}"
        return f"{head}: {self.artifact} {self.field}"


@dataclass(frozen=True, slots=True)
class FileResult:
    """Verification of one file (or one named path that could not be verified)."""

    path: str
    root: str
    status: Status
    message: str = ""
    size: int | None = None
    digests: Mapping[DigestAlgorithm, str] = field(default_factory=dict)
    sources: tuple[Expectation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "path": self.path,
            "root": self.root,
            "status": self.status.value,
            "message": self.message,
            "size": self.size,
            "digests": {a.value: d for a, d in sorted(self.digests.items())},
            "named_by": [
                {"manifest": s.manifest, "line": s.line, "artifact": s.artifact, "field": s.field}
                for s in self.sources
            ],
        }


@dataclass(frozen=True, slots=True)
class PinResult:
    """The check of one lineage edge's digest pin."""

    artifact: str
    field: str
    target: str
    status: PinStatus
    message: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "artifact": self.artifact,
            "field": self.field,
            "target": self.target,
            "status": self.status.value,
            "message": self.message,
        }


@dataclass
class VerifyReport:
    """Every file's result, the lineage pin checks, and how much was hashed how fast."""

    files: list[FileResult] = field(default_factory=list)
    pins: list[PinResult] = field(default_factory=list)
    bytes_hashed: int = 0
    seconds: float = 0.0

    def count(self, status: Status) -> int:
        """How many files have ``status``."""
        return sum(1 for f in self.files if f.status is status)

    @property
    def has_errors(self) -> bool:
        """True when some named file could not be verified (unsafe path, unreadable)."""
        return any(f.status is Status.ERROR for f in self.files)

    @property
    def ok(self) -> bool:
        """True when nothing is mismatched, missing or in error (extra and unpinned files are
        reported but do not fail verification)."""
        bad = (Status.MISMATCH, Status.MISSING, Status.ERROR)
        return not any(f.status in bad for f in self.files)

    def summary(self) -> dict[str, int]:
        """Counts by status, every status present (zero included)."""
        return {s.value: self.count(s) for s in Status}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``verify --format json`` shape)."""
        return {
            "ok": self.ok,
            "summary": self.summary(),
            "bytes_hashed": self.bytes_hashed,
            "seconds": round(self.seconds, 3),
            "files": [f.to_dict() for f in self.files],
            "lineage": [p.to_dict() for p in self.pins],
        }


def is_local_path(location: str) -> bool:
    """True when ``location`` looks like a path (no URL scheme, not ending in a slash)."""
    return bool(location) and not _SCHEME.match(location) and not location.endswith("/")


def expectations(
    artifacts: Iterable[Artifact],
    root_for: Callable[[Artifact], SafeRoot],
    origins: Mapping[str, Origin] | None = None,
) -> list[Expectation]:
    """Every file the artifacts name, each with the root it is resolved under and the
    manifest file and line that named it (when ``origins`` are given)."""
    out: list[Expectation] = []
    for artifact in artifacts:
        root = root_for(artifact)
        origin = origins.get(artifact.id) if origins else None

        def locate(
            *parts: str | int, origin: Origin | None = origin
        ) -> tuple[str | None, int | None]:
            if origin is None:
                return None, None
            return origin.document.path, origin.document.line_of((*origin.path, *parts))

        for ci, component in enumerate(artifact.components):
            for fi, ref in enumerate(component.files):
                manifest, line = locate("components", ci, "files", fi, "path")
                out.append(
                    Expectation(
                        ref.path,
                        root,
                        ref.size,
                        ref.digests,
                        artifact.id,
                        f"components[{ci}].files[{fi}]",
                        manifest,
                        line,
                    )
                )
            location = component.location
            if component.digests and location and is_local_path(location):
                manifest, line = locate("components", ci, "location")
                out.append(
                    Expectation(
                        location,
                        root,
                        None,
                        component.digests,
                        artifact.id,
                        f"components[{ci}].location",
                        manifest,
                        line,
                    )
                )
    return out


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


def _recorded(artifact: Artifact) -> dict[DigestAlgorithm, set[str]]:
    out: dict[DigestAlgorithm, set[str]] = {}
    for component in artifact.components:
        for algorithm, digest in component.digests.items():
            out.setdefault(algorithm, set()).add(digest)
        for ref in component.files:
            for algorithm, digest in ref.digests.items():
                out.setdefault(algorithm, set()).add(digest)
    return out


def check_pins(artifacts: Iterable[Artifact], graph: LineageGraph) -> list[PinResult]:
    """For each lineage edge that pins its target by digest: confirmed when the digest is one
    the target records (for a component or one of its files), contradicted when the target
    records digests in that algorithm but none equal, unchecked otherwise."""
    out: list[PinResult] = []
    for artifact in artifacts:
        for index, edge in enumerate(artifact.lineage):
            if not edge.digests:
                continue
            where = f"lineage[{index}]"
            target = graph.get(edge.target)
            if target is None:
                out.append(
                    PinResult(
                        artifact.id,
                        where,
                        edge.target,
                        PinStatus.UNCHECKED,
                        "the upstream artifact is not among the inputs; give its manifest",
                    )
                )
                continue
            recorded = _recorded(target)
            status, message = PinStatus.UNCHECKED, "the upstream records no digest to compare"
            for algorithm, digest in sorted(edge.digests.items()):
                known = recorded.get(algorithm)
                if not known:
                    continue
                if digest in known:
                    status = PinStatus.CONFIRMED
                    message = f"{algorithm.value} {digest} is recorded by {target.id}"
                    break
                status = PinStatus.CONTRADICTED
                message = (
                    f"{algorithm.value} {digest} matches none of the {len(known)} "
                    f"{algorithm.value} digest(s) {target.id} records: the pin or the upstream's "
                    "manifest is out of date"
                )
            out.append(PinResult(artifact.id, where, edge.target, status, message))
    return out
