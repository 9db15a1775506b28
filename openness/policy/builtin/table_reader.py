"""The problem collector of policy tables: every problem found while reading a table (parsed
TOML or YAML), each named by the file, the field path and (when the caller gives a line map)
the line.

Shared by the requirement-table format (:mod:`openness.policy.builtin.table_format`) and the
tables of ``mof`` and ``reproducible``; :func:`policy_header` reads the ``[policy]`` keys they
share (id, version, title, summary) with the same checks and words.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from openness.errors import Problem, format_path, short_repr
from openness.policy.base import RuleInfo
from openness.policy.verdict import Citation, FindingSeverity

__all__ = [
    "RULE_KEYS",
    "LineMap",
    "PolicyHeader",
    "TableReader",
    "policy_header",
    "rule_info",
]

#: Maps a field path to its 1-based line (None when unknown), such as ``Document.line_of``.
LineMap = Callable[[Sequence[str | int]], "int | None"]

_E = TypeVar("_E", bound=Enum)

#: What a policy id may be (as the requirement-table format checks it).
POLICY_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class TableReader:
    """Collects problems while reading a table, each with the file and field path (and the
    line, when ``lines`` maps a path to one)."""

    def __init__(self, source: str, lines: Any = None):
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: Sequence[str | int], message: str) -> None:
        """Record a problem at ``path``."""
        line = self.lines(path) if self.lines is not None else None
        self.problems.append(Problem(self.source, format_path(path), message, line))

    def text(
        self,
        data: Mapping[str, Any],
        key: str,
        path: tuple[str | int, ...],
        *,
        required: bool = True,
    ) -> str | None:
        """``data[key]`` as a non-empty string (None, with a problem, when it is not one)."""
        value = data.get(key)
        if value is None:
            if required:
                self.problem((*path, key), f"{key} is required (a non-empty string)")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), f"{key} must be a non-empty string, got {value!r}")
            return None
        return value

    def strings(self, data: Mapping[str, Any], key: str, path: tuple[str | int, ...]) -> list[str]:
        """``data[key]`` as a list of strings (a lone string is a list of one)."""
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem((*path, key), f"{key} must be a list of strings, got {value!r}")
            return []
        return list(value)

    def enums(
        self, data: Mapping[str, Any], key: str, path: tuple[str | int, ...], enum: type[_E]
    ) -> list[_E]:
        """``data[key]`` as a list of ``enum`` values; each unknown one is a problem."""
        out: list[_E] = []
        for index, raw in enumerate(self.strings(data, key, path)):
            try:
                out.append(enum(raw))
            except ValueError:
                choices = ", ".join(str(e.value) for e in enum)
                self.problem(
                    (*path, key, index),
                    f"unknown {key.removesuffix('s')} {raw!r}; choose from {choices}",
                )
        return out

    # --- what the mof and reproducible tables read as well -------------------------------

    def unknown_keys(
        self, data: Mapping[str, Any], allowed: set[str], path: tuple[str | int, ...]
    ) -> None:
        """A problem for each key of ``data`` not in ``allowed``."""
        for key in data:
            if key not in allowed:
                self.problem(
                    (*path, str(key)),
                    f"unknown field {key!r}; valid fields: {', '.join(sorted(allowed))}",
                )

    def table(
        self, data: Mapping[str, Any], key: str, path: tuple[str | int, ...], what: str
    ) -> dict[str, Any] | None:
        """``data[key]`` as a table (None, with a problem saying it should be ``what``)."""
        value = data.get(key)
        if isinstance(value, dict):
            return value
        if value is None:
            self.problem((*path, key), f"[{format_path((*path, key))}] is required: {what}")
        else:
            self.problem((*path, key), f"{key} must be a table ({what}), got {short_repr(value)}")
        return None

    def tables(
        self, data: Mapping[str, Any], key: str, path: tuple[str | int, ...], what: str
    ) -> list[tuple[int, dict[str, Any]]]:
        """``data[key]`` as a non-empty array of tables, with the index of each; an entry that
        is not a table is a problem (and left out)."""
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.problem((*path, key), f"[[{key}]] is required: at least one table ({what})")
            return []
        out: list[tuple[int, dict[str, Any]]] = []
        for index, entry in enumerate(value):
            if isinstance(entry, dict):
                out.append((index, entry))
            else:
                self.problem((*path, key, index), f"an entry of {key} must be a table ({what})")
        return out

    def choice(
        self,
        data: Mapping[str, Any],
        key: str,
        path: tuple[str | int, ...],
        choices: Sequence[str],
    ) -> str | None:
        """``data[key]``, which must be one of ``choices`` (None, with a problem, if not)."""
        value = data.get(key)
        if value is None:
            self.problem((*path, key), f"{key} is required: one of {', '.join(choices)}")
            return None
        if value not in choices:
            self.problem(
                (*path, key),
                f"{key} must be one of {', '.join(choices)}, got {short_repr(value, 40)}",
            )
            return None
        return str(value)

    def enum(
        self, data: Mapping[str, Any], key: str, path: tuple[str | int, ...], enum: type[_E]
    ) -> _E | None:
        """``data[key]`` as one ``enum`` value (None, with a problem, if it is not one)."""
        choices = [str(e.value) for e in enum]
        raw = self.choice(data, key, path, choices)
        return None if raw is None else enum(raw)

    def boolean(
        self, data: Mapping[str, Any], key: str, path: tuple[str | int, ...]
    ) -> bool | None:
        """``data[key]`` as true or false (None, with a problem, if it is neither)."""
        value = data.get(key)
        if not isinstance(value, bool):
            got = "nothing" if value is None else short_repr(value, 40)
            self.problem((*path, key), f"{key} is required: true or false, got {got}")
            return None
        return value


@dataclass(frozen=True, slots=True)
class PolicyHeader:
    """The ``[policy]`` keys every table shares."""

    id: str
    version: str
    title: str
    summary: str


def policy_header(
    reader: TableReader, data: Mapping[str, Any], allowed: set[str]
) -> tuple[PolicyHeader | None, dict[str, Any]]:
    """Read the ``[policy]`` table of ``data``: its keys must be in ``allowed``; ``id``,
    ``version``, ``title`` and ``summary`` are checked as the requirement-table format checks
    them. Returns the header (None when a problem was found in it) and the raw table (empty
    when it is missing, with a problem)."""
    meta = data.get("policy")
    if not isinstance(meta, dict):
        reader.problem(("policy",), "the [policy] table is required (id, version, title, summary)")
        return None, {}
    before = len(reader.problems)
    reader.unknown_keys(meta, allowed, ("policy",))
    policy_id = reader.text(meta, "id", ("policy",))
    if policy_id is not None and not POLICY_ID.fullmatch(policy_id):
        reader.problem(
            ("policy", "id"),
            f"policy id {short_repr(policy_id, 40)} must be lower-case letters, digits, '-', "
            "'_' and '.', starting with a letter or digit, at most 64 characters (such as "
            "'acme-weights')",
        )
    version = meta.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version:
        reader.problem(
            ("policy", "version"), f"version is required (a string such as '1.0'), got {version!r}"
        )
    title = reader.text(meta, "title", ("policy",))
    summary = reader.text(meta, "summary", ("policy",))
    if len(reader.problems) > before:
        return None, meta
    assert policy_id and title and summary and isinstance(version, str)
    return PolicyHeader(policy_id, version, title, summary), meta


#: The keys of a rule every table gives: its id, title, what passes, severity and citation.
RULE_KEYS = {"id", "title", "passes", "severity", "document", "section", "url", "clause"}


def rule_info(
    reader: TableReader, raw: Mapping[str, Any], path: tuple[str | int, ...], allowed: set[str]
) -> RuleInfo | None:
    """A rule's metadata (id, title, passes, severity, citation) from one ``[[rules]]`` entry,
    whose keys must be in :data:`RULE_KEYS` or ``allowed``; None when a problem was found."""
    before = len(reader.problems)
    reader.unknown_keys(raw, RULE_KEYS | allowed, path)
    rule_id = reader.text(raw, "id", path)
    title = reader.text(raw, "title", path)
    passes = reader.text(raw, "passes", path)
    document = reader.text(raw, "document", path)
    for key in ("section", "url", "clause"):
        reader.text(raw, key, path, required=False)
    severity = FindingSeverity.ERROR
    if "severity" in raw:
        found = reader.enum(raw, "severity", path, FindingSeverity)
        severity = found or severity
    if len(reader.problems) > before:
        return None
    assert rule_id and title and passes and document
    return RuleInfo(
        id=rule_id,
        title=title,
        citation=Citation(document, raw.get("section"), raw.get("url"), raw.get("clause")),
        passes=passes,
        severity=severity,
    )


_TOML_LINE = re.compile(r"\(at line (\d+)")


def parse_toml(reader: TableReader, raw: bytes) -> dict[str, Any] | None:
    """``raw`` parsed as TOML (None, with a problem at the line ``tomllib`` names, when it is
    not valid TOML in UTF-8)."""
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        reader.problem((), f"a table must be UTF-8 text: {exc}")
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) if found else None
        reader.problems.append(Problem(reader.source, "", f"not valid TOML: {exc}", line))
    return None
