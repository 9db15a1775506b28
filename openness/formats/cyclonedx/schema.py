"""Offline, linear-time validation against the shipped CycloneDX JSON schemas.

The schemas (with the SPDX license list and JSF schemas they reference) are package data
under ``openness/formats/cyclonedx/data/``. Two validators are compiled once per process and
version from the same schemas, both resolving every reference from the shipped files (never
the network):

- the verdict comes from jsonschema-rs (Draft 7, ``offline``): a Rust validator, linear in the
  document (its ``uniqueItems`` hashes), about a hundred times faster than jsonschema on a BOM
  of 10,000 components;
- only a document it rejects is walked again by jsonschema's Draft 7 validator
  (:func:`validator`), whose errors carry what the messages of :mod:`.messages` need (the
  failing schema, the alternatives of a ``oneOf``). Its ``uniqueItems`` and ``enum`` are
  replaced (public ``validators.extend``) by linear ones: jsonschema compares every pair of
  objects for ``uniqueItems`` (50 million deep comparisons for 10,000 components) and each of
  the 800 SPDX ids for ``enum``. Here items are frozen into hashable values with jsonschema's
  equality (``1 == 1.0``, ``true != 1``, key order ignored) and checked with a set; objects told
  apart by distinct ``bom-ref`` (or ``ref``) strings are unique at once.

Formats are checked alike by both: ``date-time`` as RFC 3339, ``idn-email`` as containing
``@`` (jsonschema's check); ``uri`` and ``iri-reference`` are not checked (jsonschema checks them
only with optional packages, and cyclonedx-python-lib's ``JsonStrictValidator`` does not ask
for them), so that the verdict never depends on what else is installed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema_rs
from jsonschema import Draft7Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from openness._gc import gc_paused
from openness.formats.cyclonedx.messages import SchemaIssue, describe
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
    SpecVersion.V1_7: "bom-1.7.SNAPSHOT.schema.json",
}
_REFERENCED = (
    "spdx.SNAPSHOT.schema.json",
    "jsf-0.82.SNAPSHOT.schema.json",
    "cryptography-defs.SNAPSHOT.schema.json",
)
_SPDX = "spdx.SNAPSHOT.schema.json"


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


#: id(enum list) -> (the list, its frozen values); the list is kept so that an id reused by
#: another list is told apart.
_ENUMS: dict[int, tuple[list[Any], frozenset[Any]]] = {}


def _enum(
    validator: Validator, enums: Any, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    """``enum`` with a set lookup (jsonschema compares the instance with each of the 800 SPDX
    ids in turn), with jsonschema's equality and message."""
    if isinstance(enums, list):
        entry = _ENUMS.get(id(enums))
        if entry is None or entry[0] is not enums:
            entry = _ENUMS[id(enums)] = (enums, frozenset(_freeze(e) for e in enums))
        if _freeze(instance) in entry[1]:
            return
    yield ValidationError(f"{instance!r} is not one of {enums!r}")


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


def _is_email(value: object) -> bool:
    return not isinstance(value, str) or "@" in value


def _not_checked(value: object) -> bool:
    return True


#: The checks of each format the schemas use (the same in both validators).
_FORMATS: dict[str, Callable[[object], bool]] = {
    "date-time": _is_date_time,
    "idn-email": _is_email,
    "iri-reference": _not_checked,
    "uri": _not_checked,
}


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, check in _FORMATS.items():
        checker.checks(name)(check)
    return checker


@cache
def _verdict(version: SpecVersion) -> jsonschema_rs.Draft7Validator:
    """The jsonschema-rs validator of a version: every reference from the shipped files."""
    registry = jsonschema_rs.Registry(
        [(_BASE + name, _load(name)) for name in _REFERENCED], draft=jsonschema_rs.Draft7
    )
    return jsonschema_rs.Draft7Validator(
        _load(_SCHEMAS[version]),
        formats=_FORMATS,
        validate_formats=True,
        ignore_unknown_formats=False,
        registry=registry,
        offline=True,
    )


@cache
def validator(version: SpecVersion) -> Validator:
    """jsonschema's validator for a CycloneDX version (built once per process), which
    describes what is wrong with a document the verdict rejected."""
    cls = validators.extend(  # type: ignore[no-untyped-call]
        Draft7Validator, {"uniqueItems": _unique_items, "enum": _enum}
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


def validate(document: Mapping[str, Any], version: SpecVersion) -> list[SchemaIssue]:
    """Every schema violation of ``document``, in document order (empty when valid)."""
    verdict = _verdict(version)
    if verdict.is_valid(document):
        return []
    with gc_paused():
        errors = list(validator(version).iter_errors(document))
    if errors:
        return [describe(error) for error in errors]
    # The validators disagree (a bug in one of them): report what jsonschema-rs found.
    return [
        SchemaIssue(tuple(error.instance_path), error.message)
        for error in verdict.iter_errors(document)
    ]
