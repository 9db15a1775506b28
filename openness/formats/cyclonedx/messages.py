"""Short, specific messages for CycloneDX schema violations: which field, what is wrong, what
would be right (a did-you-mean for a misspelt field, value or SPDX id)."""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

__all__ = ["SchemaIssue", "describe"]

_MAX_LISTED = 12
_SHAPE_KEYWORDS = frozenset(
    {"additionalProperties", "required", "additionalItems", "maxItems", "minItems", "type"}
)


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema violation: the field path in the document and what is wrong."""

    path: tuple[str | int, ...]
    message: str


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null"


def _close(value: str, choices: Sequence[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean {lowered[match[0]]!r}?)" if match else ""


def _spdx_id_message(value: str, allowed: Sequence[str]) -> str:
    """Why ``value`` cannot be a ``license.id``, with the id it most likely means: the closest
    SPDX id, else what the license suggester (:func:`openness.licenses.suggest.suggest_license`)
    reads it as."""
    from openness.licenses.suggest import suggest_license

    head = f"{_short(value)} is not an SPDX license id"
    tail = (
        "use an id from https://spdx.org/licenses/, an 'expression', or 'name' for other licenses"
    )
    hint = _close(value, allowed)
    if hint:
        return f"{head}{hint}; {tail}"
    listed = set(allowed)
    suggested = suggest_license(value) if value.strip() else ()
    spdx = [i for i in suggested if i in listed]
    if spdx:
        return f"{head} (did you mean {spdx[0]!r}?); {tail}"
    if suggested:
        return (
            f"{head}; it most likely means {suggested[0]!r}, which is not on the SPDX list: "
            "write that as an 'expression', or give the license's 'name'"
        )
    return f"{head}; {tail}"


def _values(error: ValidationError) -> list[Any]:
    """The keyword's value when it is a list (``enum``, ``required``), else empty."""
    value = error.validator_value
    return list(value) if isinstance(value, list) else []


def _enum_message(error: ValidationError) -> str:
    allowed = [str(v) for v in _values(error)]
    value = error.instance
    if isinstance(error.schema, dict) and str(error.schema.get("$id", "")).endswith(
        "spdx.schema.json"
    ):
        return _spdx_id_message(str(value), allowed)
    if len(allowed) <= _MAX_LISTED:
        return f"{_short(value)} is not one of {', '.join(allowed)}"
    hint = _close(str(value), allowed)
    return f"{_short(value)} is not one of the {len(allowed)} allowed values{hint}"


def _additional_message(error: ValidationError) -> tuple[str | None, str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = list(schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    extra = [k for k in instance if k not in known]
    if not extra:
        return None, error.message
    name = extra[0]
    hint = _close(name, known) if known else ""
    more = f" (and {len(extra) - 1} more)" if len(extra) > 1 else ""
    valid = f"; valid fields: {', '.join(known)}" if known else ""
    return name, f"unknown field {name!r}{hint}{more}{valid}"


def _required_message(error: ValidationError) -> str:
    for name in _values(error):
        if error.message == f"{name!r} is a required property":
            return f"required field {name!r} is missing"
    return str(error.message)


def describe(error: ValidationError) -> SchemaIssue:
    """A :class:`SchemaIssue` with a short, specific message for a jsonschema error."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        required = _required_alternatives(error)
        if required:
            return SchemaIssue(
                tuple(error.absolute_path),
                f"needs one of the fields {', '.join(repr(r) for r in required)}",
            )
        best = _intended_branch_error(error.context)
        inner = describe(best)
        if (
            error.validator == "oneOf"
            and best.validator in _SHAPE_KEYWORDS
            and len(best.relative_path) <= 1
            and _looks_like_license_choice(error)
        ):
            return SchemaIssue(
                inner.path,
                "a 'licenses' list holds either license objects ({'license': {'id' or "
                "'name': ...}}) or exactly one {'expression': ...}, not both; "
                f"here: {inner.message}",
            )
        return inner
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    if kind == "enum":
        message = _enum_message(error)
    elif kind == "required":
        message = _required_message(error)
    elif kind == "additionalProperties":
        name, message = _additional_message(error)
        if name is not None:
            path = (*path, name)
    elif kind == "type":
        message = f"expected {error.validator_value}, got {_json_type(value)} {_short(value)}"
    elif kind == "format":
        message = f"{_short(value)} is not a valid {error.validator_value}"
        if error.validator_value == "date-time":
            message += " (RFC 3339, such as 2024-11-24T13:10:49Z)"
    elif kind == "oneOf":
        message = "matches more than one of the allowed forms; it must match exactly one"
    elif kind == "uniqueItems":
        message = error.message
    else:
        message = error.message if len(error.message) <= 200 else error.message[:197] + "..."
    return SchemaIssue(path, message)


def _intended_branch_error(errors: Sequence[ValidationError]) -> ValidationError:
    """The most telling error of the alternative the author most likely meant: the one whose
    errors lie deepest in the instance (its shape matched furthest), then the one with the
    fewest errors."""
    branches: dict[Any, list[ValidationError]] = {}
    for err in errors:
        key = err.relative_schema_path[0] if err.relative_schema_path else None
        branches.setdefault(key, []).append(err)
    chosen = max(
        branches.values(),
        key=lambda errs: (max(len(e.relative_path) for e in errs), -len(errs)),
    )
    return best_match(chosen) or chosen[0]


def _required_alternatives(error: ValidationError) -> list[str]:
    """For ``oneOf: [{required: [a]}, {required: [b]}]`` with neither present: [a, b]."""
    names: list[str] = []
    for err in error.context or ():
        if err.validator != "required" or err.relative_path:
            return []
        names.extend(n for n in _values(err) if n not in names)
    return names


def _looks_like_license_choice(error: ValidationError) -> bool:
    schema = error.schema if isinstance(error.schema, dict) else {}
    return schema.get("title") == "License Choice" or (
        bool(error.absolute_path) and error.absolute_path[-1] == "licenses"
    )
