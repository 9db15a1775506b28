"""Problems with input, and the exceptions that carry them.

Judgements are values (see :mod:`openness.policy`); exceptions are only for input that cannot
become a model. Every problem names the file, the field path, the line where the format has
lines, what was wrong and what would be right.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "InputError",
    "OpennessError",
    "Problem",
    "Severity",
    "format_path",
    "short_repr",
]


class Severity(StrEnum):
    """How bad a problem is: errors make input invalid, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or doubtful) in an input file."""

    file: str
    path: str
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.path:
            where += f": {self.path}"
        return f"{where}: {self.severity.value}: {self.message}"


class OpennessError(Exception):
    """Base class of every exception this library raises on purpose."""


class InputError(OpennessError):
    """Input that cannot become a model; carries every problem found, not just the first."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        head = "; ".join(str(p) for p in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        super().__init__(f"{len(errors)} error(s) in input: {head}{more}")


def format_path(loc: Sequence[str | int]) -> str:
    """Render a location tuple as a field path: ``("artifacts", 2, "license")`` becomes
    ``artifacts[2].license``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def short_repr(value: object, limit: int = 60) -> str:
    """``repr(value)`` for a message, cut to ``limit`` characters (a 400-digit number or a
    long document is not worth quoting whole)."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
