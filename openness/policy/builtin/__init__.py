"""Built-in policies. Each is a requirement table under ``openness/policy/data/`` (loaded with
:mod:`importlib.resources`) evaluated by :class:`~openness.policy.builtin.table.TablePolicy`
(``mof`` and ``reproducible`` have packages of their own over tables of their own shape; the
completeness profiles are tables of ``documented`` rules). Every problem in a shipped table
names its file, field path and line."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files

from openness._toml_lines import TomlLineIndex
from openness.policy.builtin.table import PolicyTable, parse_table

__all__ = ["builtin_table"]


@cache
def builtin_table(stem: str) -> tuple[PolicyTable, bytes]:
    """The shipped table ``openness/policy/data/<stem>.toml``, parsed, and its bytes (for the
    data hash)."""
    data = files("openness.policy").joinpath(f"data/{stem}.toml").read_bytes()
    text = data.decode("utf-8")
    source = f"openness/policy/data/{stem}.toml"
    return parse_table(tomllib.loads(text), source, TomlLineIndex(text).line_of), data
