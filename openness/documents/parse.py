"""Parsing text as YAML, JSON or TOML into a :class:`Document` that finds the line of a
field path only when a problem needs it."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openness.documents.lines import LineIndex, TomlLineIndex
from openness.documents.safe_yaml import Loader, parse_yaml, value_error
from openness.errors import InputError, Problem, format_path

__all__ = ["Document", "guess_format", "parse_text"]

_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass
class Document:
    """One input file, read and (where it is YAML, JSON or TOML) parsed."""

    path: str
    text: str
    format: str  # yaml | json | toml | text
    data: Any = None
    _root: yaml.Node | None = field(default=None, repr=False)
    _lines: LineIndex | None = field(default=None, repr=False)
    _toml: TomlLineIndex | None = field(default=None, repr=False)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of a field path, or None for formats without line information."""
        if self.format == "toml":
            if self._toml is None:
                self._toml = TomlLineIndex(self.text)
            return self._toml.line_of(path)
        if self._lines is None:
            if self.format == "json" and self._root is None:
                # JSON is parsed by the fast json module; its node tree is built only now,
                # when a problem needs a line number.
                try:
                    self._root = yaml.compose(self.text, Loader=Loader)
                except yaml.YAMLError:
                    self._root = None
            self._lines = LineIndex(self._root)
        return self._lines.line_of(path) if self._root is not None else None

    def problem(self, path: Sequence[str | int], message: str, **kw: Any) -> Problem:
        """A problem at a field path of this document, with its line."""
        return Problem(self.path, format_path(path), message, self.line_of(path), **kw)


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key written twice (``json`` keeps the last value
    silently; YAML input refuses it, and so does this, so no value is dropped unseen)."""
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return out


def _duplicate_problems(path: str, text: str, key: str) -> list[Problem]:
    """The duplicate key's problem with its field path and line, from the YAML reader (JSON
    is YAML), or without them when that reader cannot follow the file."""
    try:
        _, _, problems = parse_yaml(path, text)
    except InputError:
        problems = []
    found = [p for p in problems if "duplicate key" in p.message]
    return found or [Problem(path, "", f"duplicate key {key!r}: each key may appear once")]


def parse_text(path: str, text: str, fmt: str) -> Document:
    """Parse ``text`` as ``fmt`` (yaml, json, toml or text) into a :class:`Document`.

    Raises :class:`InputError` with the line of the syntax error when it does not parse.
    """
    if fmt == "json":
        try:
            return Document(path, text, "json", json.loads(text, object_pairs_hook=_no_duplicates))
        except _DuplicateKey as exc:
            raise InputError(_duplicate_problems(path, text, exc.key)) from None
        except json.JSONDecodeError as exc:
            raise InputError(
                [Problem(path, "", f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno)]
            ) from None
        except RecursionError:
            raise InputError([Problem(path, "", "invalid JSON: nested too deeply")]) from None
        except ValueError as exc:  # a number of more digits than Python converts
            raise InputError([Problem(path, "", f"invalid JSON: {value_error(exc)}")]) from None
    if fmt == "toml":
        try:
            return Document(path, text, "toml", tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            match = _TOML_LINE.search(str(exc))
            line = int(match.group(1)) if match else None
            raise InputError([Problem(path, "", f"invalid TOML: {exc}", line)]) from None
        except RecursionError:
            raise InputError([Problem(path, "", "invalid TOML: nested too deeply")]) from None
        except ValueError as exc:
            raise InputError([Problem(path, "", f"invalid TOML: {value_error(exc)}")]) from None
    if fmt == "yaml":
        data, root, problems = parse_yaml(path, text)
        if problems:
            raise InputError(problems)
        return Document(path, text, "yaml", data, root)
    return Document(path, text, "text")


_SUFFIX_FORMATS = {".json": "json", ".toml": "toml", ".yaml": "yaml", ".yml": "yaml"}


def guess_format(path: str, text: str) -> str:
    """The parse format for a file: by suffix, else by its first character."""
    suffix = Path(path).suffix.lower()
    if suffix in _SUFFIX_FORMATS:
        return _SUFFIX_FORMATS[suffix]
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return "json"
    return "text"
