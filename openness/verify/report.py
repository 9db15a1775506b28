"""What verification reports: the status of each file and lineage pin, and the whole report.

:class:`FileResult` is one file's outcome (ok, mismatched, missing, extra, unpinned or in
error), :class:`PinResult` one lineage edge's digest pin, and :class:`VerifyReport` gathers
them with the bytes hashed and the time taken; each has the ``to_dict`` of the
``verify --format json`` output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from openness.model import DigestAlgorithm
from openness.verify.named import Expectation

__all__ = ["FileResult", "PinResult", "PinStatus", "Status", "VerifyReport"]


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
