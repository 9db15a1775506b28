"""Built-in policies. Each is a requirement table under ``openness/policy/data/`` (loaded with
:mod:`importlib.resources`) evaluated by :class:`~openness.policy.builtin.table.TablePolicy`,
except ``mof``, which has its own module."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files

from openness.policy.builtin.table import PolicyTable, parse_table

__all__ = ["builtin_table"]


@cache
def builtin_table(stem: str) -> tuple[PolicyTable, bytes]:
    """The shipped table ``openness/policy/data/<stem>.toml``, parsed, and its bytes (for the
    data hash)."""
    data = files("openness.policy").joinpath(f"data/{stem}.toml").read_bytes()
    return parse_table(
        tomllib.loads(data.decode("utf-8")), f"openness/policy/data/{stem}.toml"
    ), data
