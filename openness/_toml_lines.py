"""Line numbers for field paths in TOML text: ``tomllib`` keeps no positions, so the lines of
table headers, array-of-tables entries and keys are found by reading the lines.

A base module (no I/O, standard library only): the document reader and the policy-table loaders
(:mod:`openness.policy.builtin`) both use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["TomlLineIndex"]


_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_TOML_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")


def _toml_parts(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in _TOML_PART.findall(dotted))


def _toml_code(line: str) -> tuple[str, str | None]:
    """A line without its strings and comment, and the quotes of a multi-line string it opens
    and leaves open (None when it leaves none open)."""
    out: list[str] = []
    i, size = 0, len(line)
    while i < size:
        char = line[i]
        if line.startswith(('"""', "'''"), i):
            quotes = line[i : i + 3]
            close = line.find(quotes, i + 3)
            if close < 0:
                return "".join(out), quotes
            i = close + 3
        elif char == '"':
            i += 1
            while i < size and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
        elif char == "'":
            close = line.find("'", i + 1)
            i = size if close < 0 else close + 1
        elif char == "#":
            break
        else:
            out.append(char)
            i += 1
    return "".join(out), None


class TomlLineIndex:
    """Finds the line of a field path in TOML text (``tomllib`` keeps no positions): the line
    of each table header, array-of-tables entry and key, found by reading the lines. Values
    inside inline tables and arrays get the line of their key."""

    def __init__(self, text: str):
        self._lines: dict[tuple[str | int, ...], int] = {}
        tables: dict[tuple[str, ...], int] = {}  # array-of-tables name -> entries so far
        current: tuple[str | int, ...] = ()
        depth = 0  # open brackets of a multi-line array
        fence: str | None = None  # the quotes of an open multi-line string
        for number, line in enumerate(text.splitlines(), start=1):
            if fence is not None:
                if line.count(fence) % 2 == 1:
                    fence = None
                continue
            if depth == 0:
                header = _TOML_HEADER.match(line)
                if header is not None:
                    names = _toml_parts(header.group(2))
                    if header.group(1) == "[[":
                        tables[names] = tables.get(names, 0) + 1
                        for other in list(tables):
                            if len(other) > len(names) and other[: len(names)] == names:
                                del tables[other]  # entries of a new parent start again
                    current = self._resolve(names, tables)
                    self._lines.setdefault(current, number)
                    continue
                key = _TOML_KEY.match(line)
                if key is not None:
                    parts = _toml_parts(key.group(1))
                    for end in range(1, len(parts) + 1):
                        self._lines.setdefault((*current, *parts[:end]), number)
            code, fence = _toml_code(line)
            depth = max(0, depth + code.count("[") - code.count("]"))

    @staticmethod
    def _resolve(
        names: tuple[str, ...], tables: dict[tuple[str, ...], int]
    ) -> tuple[str | int, ...]:
        """A header's field path: each array of tables on the way is followed by the index of
        its last entry."""
        out: list[str | int] = []
        for end in range(1, len(names) + 1):
            out.append(names[end - 1])
            count = tables.get(names[:end])
            if count:
                out.append(count - 1)
        return tuple(out)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The 1-based line of the deepest part of ``path`` found, or None."""
        parts = tuple(path)
        for end in range(len(parts), 0, -1):
            line = self._lines.get(parts[:end])
            if line is not None:
                return line
        return None
