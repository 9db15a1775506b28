"""Built-in policies. Each is a requirement table under ``openness/policy/data/`` (loaded with
:mod:`importlib.resources`) evaluated by :class:`~openness.policy.builtin.table.TablePolicy`
(``mof`` and ``reproducible`` have packages of their own over tables of their own shape; the
completeness profiles are tables of ``documented`` rules). Every problem in a shipped table
names its file, field path and line."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

from openness._toml_lines import TomlLineIndex
from openness.policy.builtin.table import PolicyError, PolicyTable, parse_table
from openness.policy.builtin.table_reader import LineMap, TableReader, parse_toml

__all__ = ["builtin_table", "read_table"]

_T = TypeVar("_T")


@cache
def builtin_table(stem: str) -> tuple[PolicyTable, bytes]:
    """The shipped table ``openness/policy/data/<stem>.toml``, parsed, and its bytes (for the
    data hash)."""
    data = files("openness.policy").joinpath(f"data/{stem}.toml").read_bytes()
    text = data.decode("utf-8")
    source = f"openness/policy/data/{stem}.toml"
    return parse_table(tomllib.loads(text), source, TomlLineIndex(text).line_of), data


def read_table(
    stem: str,
    read: Callable[[TableReader, dict[str, Any], str], _T | None],
    raw: bytes | None = None,
    source: str | None = None,
    lines: LineMap | None = None,
) -> _T:
    """A table of a shape of its own (``mof``, ``reproducible``): the shipped
    ``openness/policy/data/<stem>.toml``, or ``raw`` TOML read from ``source``, parsed and
    handed to ``read`` (the reader, the data, the table's SHA-256). Raises
    :class:`~openness.policy.builtin.table_format.PolicyError` with every problem found, each
    naming the source, the field path and the line (found with the TOML line index unless
    ``lines`` maps paths to lines)."""
    if raw is None:
        raw = files("openness.policy").joinpath(f"data/{stem}.toml").read_bytes()
        source = source or f"openness/policy/data/{stem}.toml"
    if lines is None:
        lines = TomlLineIndex(raw.decode("utf-8", "replace")).line_of
    reader = TableReader(source or f"{stem}.toml", lines)
    data = parse_toml(reader, raw)
    if data is None:
        raise PolicyError(reader.problems)
    table = read(reader, data, hashlib.sha256(raw).hexdigest())
    if reader.problems or table is None:
        raise PolicyError(reader.problems)
    return table
