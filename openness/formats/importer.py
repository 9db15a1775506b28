"""The importer interface: turn one input document into artifacts, with problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from openness.documents import Document
from openness.errors import Problem
from openness.model import Artifact

__all__ = ["ImportResult", "Importer", "Origin", "Unbuilt"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an artifact came from: the document and the field path of the artifact in it."""

    document: Document
    path: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Unbuilt:
    """An artifact the document defines that could not be built (its fields have errors, which
    are among the problems), as far as it can be read: its id and its lineage edges
    ``(index, target, relation)``. The loader checks these against the other inputs in the same
    pass as the built artifacts, so that every problem shows at once: a reference to it is not
    reported as undefined, its own lineage targets are checked, and its id is not taken twice."""

    id: str
    origin: Origin
    lineage: tuple[tuple[int, str, str], ...] = ()


@dataclass
class ImportResult:
    """What an importer made of a document: artifacts (with where each came from), and every
    problem found. Errors mean the artifacts are incomplete; warnings do not. ``unbuilt``
    holds what can be read of the artifacts that failed (an importer may leave it empty)."""

    artifacts: list[Artifact] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unbuilt: list[Unbuilt] = field(default_factory=list)


@runtime_checkable
class Importer(Protocol):
    """An input format. Registered under a name; ``detect`` decides by content, not suffix."""

    name: str
    description: str

    def detect(self, document: Document) -> bool:
        """True when this importer reads ``document``."""
        ...

    def load(self, document: Document) -> ImportResult:
        """Import the document. Never raises for bad content: problems go in the result."""
        ...
