"""The importer interface: turn one input document into artifacts, with problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from openness.documents import Document
from openness.errors import Problem
from openness.model import Artifact

__all__ = ["ImportResult", "Importer", "Origin"]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an artifact came from: the document and the field path of the artifact in it."""

    document: Document
    path: tuple[str | int, ...]


@dataclass
class ImportResult:
    """What an importer made of a document: artifacts (with where each came from), and every
    problem found. Errors mean the artifacts are incomplete; warnings do not."""

    artifacts: list[Artifact] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


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
