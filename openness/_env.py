"""Settings read from the environment: a malformed value is bad input that names the variable,
never a guess and never a traceback."""

from __future__ import annotations

import os

from openness.errors import InputError, Problem

__all__ = ["env_whole_number"]


def env_whole_number(name: str, *, minimum: int, maximum: int | None, expected: str) -> int | None:
    """The whole number the variable ``name`` holds (None when unset or empty); a value that
    is not digits, or lies outside ``minimum`` to ``maximum``, raises :class:`InputError`
    reading ``'<value>' is not <expected>``."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    value = int(raw) if raw.isascii() and raw.isdigit() else None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        raise InputError([Problem(name, "", f"{raw!r} is not {expected}")])
    return value
