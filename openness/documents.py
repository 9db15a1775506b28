"""Reading input files safely: size limits, safe YAML with an alias-expansion guard, JSON and
TOML, and line numbers for field paths (computed only when a problem needs one).

Importers receive a :class:`Document`: the parsed data (for YAML, JSON and TOML), the text,
and a way to find the line of a field path.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from openness._env import env_whole_number
from openness.errors import InputError, Problem

__all__ = [
    "DEFAULT_MAX_BYTES",
    "STDIN_NAME",
    "Document",
    "LineIndex",
    "max_input_bytes",
    "parse_text",
    "read_document",
]

#: Files larger than this are refused before they are read (override with
#: ``OPENNESS_MAX_INPUT_BYTES`` or the ``max_bytes`` argument).
DEFAULT_MAX_BYTES = 1 << 30
#: An alias-heavy YAML document may expand to at most this many nodes beyond ten times the
#: nodes it actually contains (a "billion laughs" document is refused, not expanded).
ALIAS_EXPANSION_SLACK = 100_000

_Loader: type[yaml.SafeLoader]
try:
    _Loader = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
_TOML_LINE = re.compile(r"at line (\d+)")
#: The name problems and origins give standard input (``-``).
STDIN_NAME = "<stdin>"


class LineIndex:
    """Finds the line of a field path in a YAML (or JSON) node tree."""

    def __init__(self, root: yaml.Node | None):
        self._root = root

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The 1-based line of the deepest part of ``path`` found, or None."""
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        line = key.start_mark.line + 1
                        node = value
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line


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
                    self._root = yaml.compose(self.text, Loader=_Loader)
                except yaml.YAMLError:
                    self._root = None
            self._lines = LineIndex(self._root)
        return self._lines.line_of(path) if self._root is not None else None

    def problem(self, path: Sequence[str | int], message: str, **kw: Any) -> Problem:
        """A problem at a field path of this document, with its line."""
        from openness.errors import format_path

        return Problem(self.path, format_path(path), message, self.line_of(path), **kw)


class _Builder:
    """Turns a composed YAML node tree into Python data, refusing alias bombs and duplicate
    keys (PyYAML would silently keep the last value)."""

    def __init__(self, loader: yaml.SafeLoader, path: str):
        self.loader = loader
        self.path = path
        self.visits = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()  # the collections being built (a path from the root)
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, where: list[str | int]) -> Any:
        self.visits += 1
        self.seen.add(id(node))
        if self.visits > ALIAS_EXPANSION_SLACK and self.visits > 10 * len(self.seen):
            raise InputError(
                [
                    Problem(
                        self.path,
                        "",
                        f"YAML aliases expand this document to more than {self.visits:,} nodes "
                        f"from {len(self.seen):,} written ones; refusing it (an alias bomb?)",
                        node.start_mark.line + 1,
                    )
                ]
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            raise InputError(
                [
                    Problem(
                        self.path,
                        _fmt(where),
                        f"YAML tag {node.tag!r} is not allowed: only plain YAML is accepted "
                        "(no language-specific tags)",
                        node.start_mark.line + 1,
                    )
                ]
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if id(node) in self.active:
                raise InputError(
                    [
                        Problem(
                            self.path,
                            _fmt(where),
                            "a YAML alias refers to a mapping or list that contains it (a "
                            "recursive structure): write the value out instead",
                            node.start_mark.line + 1,
                        )
                    ]
                )
            self.active.add(id(node))
            try:
                return self._collection(node, where)
            finally:
                self.active.discard(id(node))
        return self.loader.construct_object(node, deep=True)

    def _collection(
        self, node: yaml.MappingNode | yaml.SequenceNode, where: list[str | int]
    ) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    self.problems.append(
                        Problem(
                            self.path,
                            _fmt(where),
                            "mapping keys must be scalars",
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                if key in out:
                    self.problems.append(
                        Problem(
                            self.path,
                            _fmt([*where, str(key)]),
                            f"duplicate key {key!r}: each key may appear once",
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                out[key] = self.build(value_node, [*where, str(key)])
            return out
        return [self.build(child, [*where, i]) for i, child in enumerate(node.value)]


def _fmt(where: list[str | int]) -> str:
    from openness.errors import format_path

    return format_path(where)


def _parse_yaml(path: str, text: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None, []
        builder = _Builder(loader, path)
        data = builder.build(root, [])
        return data, root, builder.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        if "could not determine a constructor" in str(exc):
            what = f"{exc.problem}: only plain YAML is accepted (no language-specific tags)"
        raise InputError([Problem(path, "", f"invalid YAML: {what}", line)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, "", f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(path, "", "invalid YAML: nested too deeply")]) from None
    except ValueError as exc:
        raise InputError([Problem(path, "", f"invalid YAML: {_value_error(exc)}")]) from None
    finally:
        loader.dispose()


def _value_error(exc: ValueError) -> str:
    """What a parser's ``ValueError`` means, in a line: almost always an integer with more
    digits than Python converts (4,300)."""
    text = str(exc)
    if "integer string conversion" in text:
        return "a number has more digits than can be read (at most 4,300); write it as text"
    return text.splitlines()[0][:200] if text else type(exc).__name__


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
        _, _, problems = _parse_yaml(path, text)
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
            raise InputError([Problem(path, "", f"invalid JSON: {_value_error(exc)}")]) from None
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
            raise InputError([Problem(path, "", f"invalid TOML: {_value_error(exc)}")]) from None
    if fmt == "yaml":
        data, root, problems = _parse_yaml(path, text)
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


def max_input_bytes() -> int:
    """The largest input file read: ``OPENNESS_MAX_INPUT_BYTES`` when set (a whole number of
    bytes), else :data:`DEFAULT_MAX_BYTES`. A value that is not a positive whole number raises
    :class:`InputError` naming the variable."""
    limit = env_whole_number(
        "OPENNESS_MAX_INPUT_BYTES",
        minimum=1,
        maximum=None,
        expected=f"a size: give a positive whole number of bytes (such as {DEFAULT_MAX_BYTES}, "
        "the default), or unset it",
    )
    return DEFAULT_MAX_BYTES if limit is None else limit


def read_document(path: str | os.PathLike[str], max_bytes: int | None = None) -> Document:
    """Read and parse one input file (``-`` reads standard input).

    Refuses files over ``max_bytes`` before reading them, and text that is not UTF-8.
    """
    name = os.fspath(path)
    limit = max_bytes if max_bytes is not None else max_input_bytes()
    if name == "-":
        import sys

        raw = sys.stdin.buffer.read(limit + 1)
        name = STDIN_NAME
    else:
        try:
            size = os.stat(name).st_size
        except FileNotFoundError:
            raise InputError([Problem(name, "", "no such file")]) from None
        except OSError as exc:
            raise InputError([Problem(name, "", f"cannot read: {exc.strerror}")]) from None
        if os.path.isdir(name):
            raise InputError([Problem(name, "", "is a folder; give the files in it")])
        if size > limit:
            raise InputError(
                [
                    Problem(
                        name,
                        "",
                        f"file is {size:,} bytes; the limit is {limit:,} "
                        "(set OPENNESS_MAX_INPUT_BYTES to raise it)",
                    )
                ]
            )
        try:
            with open(name, "rb") as handle:
                raw = handle.read(limit + 1)
        except OSError as exc:
            raise InputError([Problem(name, "", f"cannot read: {exc.strerror}")]) from None
    if len(raw) > limit:
        raise InputError([Problem(name, "", f"input is over the limit of {limit:,} bytes")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(name, "", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")]
        ) from None
    fmt = guess_format(name, text)
    if fmt == "text":
        # No telling suffix (standard input, a README): YAML if it parses as a mapping.
        try:
            doc = parse_text(name, text, "yaml")
        except InputError:
            return Document(name, text, "text")
        if isinstance(doc.data, dict):
            return doc
        return Document(name, text, "text")
    return parse_text(name, text, fmt)
