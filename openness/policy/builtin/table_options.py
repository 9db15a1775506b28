"""Policy options in a requirement table: their declarations (``[options.<name>]``, with a
type, a default, a help text and for numbers a minimum) and the coercion of option values
(from a table, the command line or the API) to their types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openness.errors import short_repr
from openness.policy.base import OptionInfo

if TYPE_CHECKING:
    from openness.policy.builtin.table_reader import TableReader as _Reader

__all__ = ["OPTION_TYPES", "coerce_option", "parse_options", "unknown_keys"]

#: Option type names a table may use.
OPTION_TYPES: dict[str, type] = {"float": float, "int": int, "str": str, "bool": bool}

_OPTION_KEYS = {"type", "default", "help", "minimum"}


def unknown_keys(
    reader: _Reader, data: Mapping[str, Any], allowed: set[str], path: tuple[str | int, ...]
) -> None:
    """Report every key of ``data`` not in ``allowed``, listing the valid ones."""
    for key in data:
        if key not in allowed:
            reader.problem(
                (*path, str(key)),
                f"unknown field {key!r}; valid fields: {', '.join(sorted(allowed))}",
            )


def parse_options(reader: _Reader, raw: Any) -> dict[str, OptionInfo]:
    """The table's ``[options]``, each checked (problems go to ``reader``)."""
    out: dict[str, OptionInfo] = {}
    if raw is None:
        return out
    if not isinstance(raw, dict):
        reader.problem(
            ("options",), "options must be a table of option name -> {type, default, help}"
        )
        return out
    for name, spec in raw.items():
        path = ("options", str(name))
        if not isinstance(spec, dict):
            reader.problem(path, "an option must be a table with type, default and help")
            continue
        unknown_keys(reader, spec, _OPTION_KEYS, path)
        type_name = spec.get("type")
        kind = OPTION_TYPES.get(str(type_name))
        if kind is None:
            reader.problem(
                (*path, "type"),
                f"unknown option type {type_name!r}; choose from {', '.join(OPTION_TYPES)}",
            )
            continue
        minimum = spec.get("minimum")
        if minimum is not None:
            if kind not in (float, int):
                reader.problem((*path, "minimum"), "minimum applies to float and int options only")
                continue
            try:
                minimum = coerce_option(float, minimum)
            except ValueError as exc:
                reader.problem((*path, "minimum"), str(exc))
                continue
        default = spec.get("default")
        try:
            default = coerce_option(kind, default, minimum) if default is not None else None
        except ValueError as exc:
            reader.problem((*path, "default"), str(exc))
            continue
        help_text = reader.text(spec, "help", path) or ""
        out[str(name)] = OptionInfo(str(name), kind, default, help_text, minimum)
    return out


def coerce_option(kind: type, value: Any, minimum: float | None = None) -> Any:
    """``value`` as an option of type ``kind`` (strings from the command line are converted),
    at least ``minimum`` when given (numbers); ``ValueError`` says what was expected."""
    number = _coerce(kind, value)
    if minimum is not None and kind in (float, int) and number < minimum:
        raise ValueError(f"expected a number of at least {minimum:g}, got {value!r}")
    return number


def _coerce(kind: type, value: Any) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.lower() in ("true", "yes", "1")
        raise ValueError(f"expected true or false, got {value!r}")
    if kind is float:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(
                f"expected a number (such as 1e21), got {short_repr(value, 40)}"
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"expected a finite number, got {short_repr(value, 40)}")
        return number
    if kind is int:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"expected a whole number, got {value!r}")
        try:
            return int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"expected a whole number, got {short_repr(value, 40)}") from None
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value
