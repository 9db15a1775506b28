"""Offline, linear-time validation against the shipped CycloneDX JSON schemas.

The schemas (with the SPDX license list and JSF schemas they reference) are package data
under ``openness/formats/cyclonedx/data/``; a ``referencing`` registry resolves their
references locally, and each version's validator is compiled once per process.

The validator is jsonschema's Draft 7 validator with three keywords replaced:

- ``uniqueItems``: jsonschema checks it by sorting, and when the items are objects (which
  cannot be sorted) by comparing every pair: 50 million deep comparisons for the 10,000
  components of a BOM, most of the 175 s cyclonedx-python-lib's ``JsonStrictValidator`` takes.
  Here objects told apart by distinct ``bom-ref`` (or ``ref``) strings are unique at once;
  other items are frozen into hashable values with jsonschema's equality (``1 == 1.0``,
  ``true != 1``, key order ignored) and checked with a set. Linear either way.
- ``enum``: a set lookup for strings instead of comparing with each of the 800 SPDX ids.
- ``$ref``: each reference is resolved once, not once per use; a definition that only
  describes an object of string fields (``property``, the commonest object of a BOM) is
  checked by a compiled test instead of descending into it.

``date-time`` is checked as RFC 3339 (jsonschema checks it only when an optional package is
installed). The cyclic garbage collector is paused while validating (the validator creates
hundreds of thousands of short-lived objects).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft7Validator, FormatChecker, validators
from jsonschema import _keywords as _jsonschema_keywords
from jsonschema.exceptions import ValidationError, best_match
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from openness._gc import gc_paused
from openness.formats.cyclonedx.vocab import SpecVersion

__all__ = [
    "SchemaIssue",
    "component_fields",
    "spdx_license_ids",
    "spdx_license_names",
    "validate",
    "validator",
]

_BASE = "http://cyclonedx.org/schema/"
_SCHEMAS = {
    SpecVersion.V1_5: "bom-1.5.SNAPSHOT.schema.json",
    SpecVersion.V1_6: "bom-1.6.SNAPSHOT.schema.json",
}
_REFERENCED = ("spdx.SNAPSHOT.schema.json", "jsf-0.82.SNAPSHOT.schema.json")
_SPDX = "spdx.SNAPSHOT.schema.json"
_MAX_LISTED = 12
_SHAPE_KEYWORDS = frozenset(
    {"additionalProperties", "required", "additionalItems", "maxItems", "minItems", "type"}
)


@cache
def _load(name: str) -> dict[str, Any]:
    data = files("openness.formats.cyclonedx").joinpath("data", name).read_bytes()
    loaded: dict[str, Any] = json.loads(data)
    return loaded


@cache
def _registry() -> Registry[Any]:
    resources: list[tuple[str, Resource[Any]]] = [
        (_BASE + name, DRAFT7.create_resource(_load(name))) for name in _REFERENCED
    ]
    return Registry().with_resources(resources)


def _freeze(value: Any) -> Any:
    """A hashable value equal to another exactly when jsonschema's ``equal`` says so."""
    if isinstance(value, dict):
        return ("object", frozenset((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_freeze(v) for v in value))
    if isinstance(value, bool):
        return ("boolean", value)
    return value


def _distinct_by_key(items: list[Any]) -> bool:
    """True when the items are objects told apart by a ``bom-ref`` or ``ref`` string (the
    components and dependencies of a BOM): then they are unique without comparing them."""
    for key in ("bom-ref", "ref"):
        seen: set[str] = set()
        for item in items:
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str) or value in seen:
                break
            seen.add(value)
        else:
            return True
    return False


def _unique_items(
    validator: Validator, unique: bool, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not unique or not isinstance(instance, list) or _distinct_by_key(instance):
        return
    first: dict[Any, int] = {}
    for index, item in enumerate(instance):
        key = _freeze(item)
        earlier = first.setdefault(key, index)
        if earlier != index:
            yield ValidationError(
                f"items [{earlier}] and [{index}] are equal; the items of this list must be unique"
            )
            return


_STRING_ENUMS: dict[int, frozenset[str]] = {}
#: jsonschema's own keyword functions (typed loosely by its stubs).
_KEYWORDS: Any = _jsonschema_keywords


def _enum(
    validator: Validator, enums: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """``enum`` with a set lookup for strings (the 800 SPDX ids are otherwise compared one by
    one with jsonschema's ``equal``); anything else, and every failure, goes to jsonschema."""
    if isinstance(instance, str) and isinstance(enums, list):
        allowed = _STRING_ENUMS.get(id(enums))
        if allowed is None:
            allowed = _STRING_ENUMS[id(enums)] = frozenset(e for e in enums if isinstance(e, str))
        if instance in allowed:
            return
    yield from _KEYWORDS.enum(validator, enums, instance, schema)


_ANNOTATIONS = frozenset({"title", "description", "examples", "$comment", "default"})


@dataclass(frozen=True, slots=True)
class _PlainObject:
    """A compiled check for a schema that only says "an object of these string fields, these
    required, no others" (such as ``property``, the commonest object of a BOM)."""

    allowed: frozenset[str]
    required: frozenset[str]

    @staticmethod
    def compile(schema: Any) -> _PlainObject | None:
        if not isinstance(schema, dict) or schema.get("type") != "object":
            return None
        if set(schema) - _ANNOTATIONS - {"type", "required", "properties", "additionalProperties"}:
            return None
        if schema.get("additionalProperties") is not False:
            return None
        fields = schema.get("properties", {})
        for sub in fields.values():
            if not isinstance(sub, dict) or sub.get("type") != "string":
                return None
            if set(sub) - _ANNOTATIONS - {"type"}:
                return None
        return _PlainObject(frozenset(fields), frozenset(schema.get("required", ())))

    def accepts(self, instance: Any) -> bool:
        return (
            isinstance(instance, dict)
            and self.required <= instance.keys()
            and instance.keys() <= self.allowed
            and all(isinstance(v, str) for v in instance.values())
        )


def _ref_keyword() -> Any:
    """``$ref`` that remembers what each reference resolved to (jsonschema walks the JSON
    pointer of ``#/definitions/component`` again for every component) and accepts instances
    of plain string-field objects without descending (an instance it does not accept is
    validated in full, for the error). Falls back to jsonschema's own keyword if its
    internals ever change."""
    resolved: dict[tuple[str, str], tuple[Any, _PlainObject | None]] = {}

    def ref(
        validator: Validator, ref: str, instance: Any, schema: Mapping[str, Any]
    ) -> Iterator[ValidationError]:
        resolver = getattr(validator, "_resolver", None)
        base = getattr(resolver, "_base_uri", None)
        if resolver is None or not isinstance(base, str):
            yield from _KEYWORDS.ref(validator, ref, instance, schema)
            return
        key = (base, ref)
        entry = resolved.get(key)
        if entry is None:
            target = resolver.lookup(ref)
            entry = resolved[key] = (target, _PlainObject.compile(target.contents))
        target, plain = entry
        if plain is not None and plain.accepts(instance):
            return
        descend: Any = getattr(validator, "descend")  # noqa: B009 - not in the Validator protocol
        yield from descend(instance, target.contents, resolver=target.resolver)

    return ref


_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    text = value.upper().replace("Z", "+00:00")
    if text[17:19] == "60":  # a leap second
        text = text[:17] + "59" + text[19:]
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checkers = dict(Draft7Validator.FORMAT_CHECKER.checkers)
    checker.checks("date-time")(_is_date_time)
    return checker


@cache
def validator(version: SpecVersion) -> Validator:
    """The compiled validator for a CycloneDX version (built once per process)."""
    cls = validators.extend(  # type: ignore[no-untyped-call]
        Draft7Validator,
        {"uniqueItems": _unique_items, "enum": _enum, "$ref": _ref_keyword()},
    )
    instance: Validator = cls(
        _load(_SCHEMAS[version]), registry=_registry(), format_checker=_format_checker()
    )
    return instance


@cache
def spdx_license_ids() -> frozenset[str]:
    """The SPDX license and exception ids CycloneDX accepts in ``license.id``."""
    return frozenset(_load(_SPDX)["enum"])


@cache
def spdx_license_names() -> dict[str, str]:
    """SPDX full license names (lower case) -> id, to read licenses given by name."""
    names: dict[str, str] = {}
    for license_id, name in _load(_SPDX).get("meta:enum", {}).items():
        names.setdefault(" ".join(str(name).lower().split()), license_id)
    return names


@cache
def component_fields(version: SpecVersion) -> dict[str, int]:
    """The fields of a component in schema order (field -> position)."""
    props = _load(_SCHEMAS[version])["definitions"]["component"]["properties"]
    return {name: index for index, name in enumerate(props)}


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One schema violation: the field path in the document and what is wrong."""

    path: tuple[str | int, ...]
    message: str


def validate(document: Mapping[str, Any], version: SpecVersion) -> list[SchemaIssue]:
    """Every schema violation of ``document``, in document order (empty when valid)."""
    with gc_paused():
        errors = list(validator(version).iter_errors(document))
    return [describe(error) for error in errors]


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
        hint = _close(str(value), allowed)
        return (
            f"{_short(value)} is not an SPDX license id{hint}; use an id from "
            "https://spdx.org/licenses/, an 'expression', or 'name' for other licenses"
        )
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
