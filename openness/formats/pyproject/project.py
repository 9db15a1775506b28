"""The ``pyproject.toml`` being read: its problems, evidence with lines (TOML documents carry
no node tree), and the license files its patterns name, with their digests."""

from __future__ import annotations

import glob
import hashlib
import os
import re

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.model import DigestAlgorithm, Evidence, EvidenceKind, FileRef

__all__ = ["ProjectReader", "toml_line"]


def toml_line(text: str, table: str, key: str) -> int | None:
    """The line of ``key`` in ``[table]`` (TOML documents carry no node tree)."""
    current = None
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$", line)
        if header:
            current = header.group(1).strip()
            continue
        if current == table and pattern.match(line):
            return number
    return None


def _sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class ProjectReader:
    """One pyproject.toml being read: problems and evidence with lines."""

    def __init__(self, document: Document):
        self.document = document
        self.root = os.path.dirname(os.path.abspath(document.path))
        self.problems: list[Problem] = []

    def line(self, key: str, table: str = "project") -> int | None:
        return toml_line(self.document.text, table, key)

    def warn(self, path: str, message: str, key: str | None = None) -> None:
        line = self.line(key) if key else None
        self.problems.append(Problem(self.document.path, path, message, line, Severity.WARNING))

    def evidence(self, key: str, note: str, kind: EvidenceKind = EvidenceKind.DECLARED) -> Evidence:
        return Evidence(
            source=self.document.path,
            locator=f"project.{key}",
            line=self.line(key),
            kind=kind,
            note=note,
        )

    def files(self, patterns: list[str]) -> list[FileRef]:
        found: dict[str, FileRef] = {}
        for pattern in patterns:
            if os.path.isabs(pattern) or ".." in pattern.split("/"):
                self.warn(
                    "project.license-files",
                    f"{pattern!r} must be a relative path inside the project; ignored",
                    "license-files",
                )
                continue
            matches = sorted(glob.glob(os.path.join(self.root, pattern), recursive=True))
            matches = [m for m in matches if os.path.isfile(m)]
            if not matches:
                self.warn(
                    "project.license-files",
                    f"license file pattern {pattern!r} matches no file",
                    "license-files",
                )
            for match in matches:
                rel = os.path.relpath(match, self.root).replace(os.sep, "/")
                digest = _sha256(match)
                found[rel] = FileRef(
                    path=rel,
                    size=os.path.getsize(match),
                    digests={DigestAlgorithm.SHA256: digest} if digest else {},
                )
        return [found[k] for k in sorted(found)]
