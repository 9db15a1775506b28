"""The offline CycloneDX schema validator: same verdicts as jsonschema's and as
cyclonedx-python-lib's ``JsonStrictValidator``, in linear time, with short messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from openness.formats.cyclonedx.schema import (
    spdx_license_ids,
    spdx_license_names,
    validate,
    validator,
)
from openness.formats.cyclonedx.vocab import SpecVersion

SPEC = Path(__file__).parent / "data" / "cyclonedx" / "spec"


def bom(**fields: Any) -> dict[str, Any]:
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", **fields}


def messages(document: dict[str, Any]) -> list[tuple[str, str]]:
    from openness.errors import format_path

    return [(format_path(i.path), i.message) for i in validate(document, SpecVersion.V1_6)]


@pytest.mark.parametrize("path", sorted(SPEC.glob("*.json")), ids=lambda p: p.stem)
def test_agrees_with_the_library(path: Path) -> None:
    """Every official test document gets the library's verdict, except that we also check
    ``date-time`` (the library needs an optional package for that)."""
    text = path.read_text(encoding="utf-8")
    ours = validate(json.loads(text), SpecVersion.V1_6) == []
    library = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    if path.name == "invalid-metadata-timestamp-1.6.json":
        assert library and not ours
    else:
        assert ours == library == path.name.startswith("valid-")


# JSON values, with the cases jsonschema's equality treats specially: 1 == 1.0, True != 1.
json_values = st.recursive(
    st.sampled_from([None, True, False, 0, 1, 1.0, 0.0, "", "a", "1"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "bom-ref"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(items=st.lists(json_values, max_size=6))
def test_unique_items_agrees_with_jsonschema(items: list[Any]) -> None:
    """jsonschema's equality, asked pair by pair: its own ``uniqueItems`` sorts the items and
    compares neighbours, which misses equal items that the sort does not put side by side
    (``[[1, True, 1], [True, True, True], [1, True, 1]]`` passes it)."""
    schema = {"type": "array", "uniqueItems": True}
    ours = validator(SpecVersion.V1_6).evolve(schema=schema).is_valid(items)
    pairs = Draft7Validator(schema)
    expected = all(pairs.is_valid([a, b]) for i, a in enumerate(items) for b in items[i + 1 :])
    assert ours == expected


def test_unique_items_finds_equal_items_jsonschema_misses() -> None:
    items = [[1, True, 1], [True, True, True], [1, True, 1]]
    schema = {"type": "array", "uniqueItems": True}
    assert not validator(SpecVersion.V1_6).evolve(schema=schema).is_valid(items)


def test_unique_items_of_components() -> None:
    same = {"type": "library", "name": "a"}
    assert messages(bom(components=[same, dict(same)])) == [
        ("components", "items [0] and [1] are equal; the items of this list must be unique")
    ]
    reordered = {"name": "a", "type": "library"}
    assert messages(bom(components=[same, reordered]))
    refs = [{"type": "library", "name": "a", "bom-ref": str(i)} for i in range(3)]
    assert messages(bom(components=refs)) == []


@pytest.mark.parametrize(
    ("timestamp", "valid"),
    [
        ("2024-11-24T13:10:49Z", True),
        ("2020-04-13T20:20:39+00:00", True),
        ("2020-04-13T20:20:39.123-05:30", True),
        ("2016-12-31T23:59:60Z", True),
        ("2020-04-13", False),
        ("2020-13-13T20:20:39Z", False),
        ("2020-04-13T20:20:39", False),
        ("yesterday", False),
    ],
)
def test_date_time_is_rfc_3339(timestamp: str, valid: bool) -> None:
    assert (messages(bom(metadata={"timestamp": timestamp})) == []) is valid


def test_messages_are_short_and_specific() -> None:
    found = dict(
        messages(
            bom(
                components=[
                    {"type": "libary", "name": "x"},
                    {"type": "library", "nmae": "y"},
                    {"type": "library", "name": 5},
                    {"type": "library", "name": "z", "licenses": [{"license": {"id": "MTI"}}]},
                    {"type": "library", "name": "p", "properties": [{"name": "k", "value": 1}]},
                ]
            )
        )
    )
    assert "'libary' is not one of" in found["components[0].type"]
    assert "library" in found["components[0].type"]
    assert found["components[1].nmae"].startswith("unknown field 'nmae' (did you mean 'name'?)")
    assert found["components[2].name"] == "expected string, got a number 5"
    assert (
        "'MTI' is not an SPDX license id (did you mean 'MIT'?)"
        in found["components[3].licenses[0].license.id"]
    )
    assert found["components[4].properties[0].value"] == "expected string, got a number 1"
    assert all(len(m) < 400 for m in found.values())


def test_spdx_tables() -> None:
    assert {"MIT", "Apache-2.0", "CC-BY-4.0", "Classpath-exception-2.0"} <= spdx_license_ids()
    assert spdx_license_names()["apache license 2.0"] == "Apache-2.0"


def test_the_validator_is_built_once() -> None:
    assert validator(SpecVersion.V1_6) is validator(SpecVersion.V1_6)
    assert validator(SpecVersion.V1_5) is not validator(SpecVersion.V1_6)


@pytest.mark.parametrize("version", list(SpecVersion))
@pytest.mark.parametrize("path", sorted(SPEC.glob("*.json")), ids=lambda p: p.stem)
def test_both_validators_give_the_same_verdict(path: Path, version: SpecVersion) -> None:
    """The verdict (jsonschema-rs) and the describing validator (jsonschema) agree, and a
    rejected document always gets at least one described issue."""
    document = json.loads(path.read_text(encoding="utf-8"))
    document["specVersion"] = version.value
    issues = validate(document, version)
    assert (issues == []) is validator(version).is_valid(document)
    assert all(issue.message for issue in issues)


def test_validation_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from openness.formats.cyclonedx import schema

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access during validation")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    schema._verdict.cache_clear()
    schema.validator.cache_clear()
    try:
        document = bom(
            components=[{"type": "library", "name": "a", "licenses": [{"license": {"id": "MIT"}}]}]
        )
        assert validate(document, SpecVersion.V1_6) == []
        assert validate(bom(components=[{"type": "libary", "name": "a"}]), SpecVersion.V1_5)
    finally:
        schema._verdict.cache_clear()
        schema.validator.cache_clear()


def test_no_module_imports_a_private_module_of_a_library() -> None:
    import ast
    from importlib import import_module
    from types import ModuleType

    def private(name: str) -> bool:
        return any(p.startswith("_") and not p.startswith("__") for p in name.split("."))

    package = Path(__file__).parent.parent / "openness"
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
                for alias in node.names:  # ``from library import _module``
                    if private(alias.name) and not node.module.startswith("openness"):
                        value = getattr(import_module(node.module), alias.name, None)
                        if isinstance(value, ModuleType):
                            names.append(f"{node.module}.{alias.name}")
            for name in names:
                assert name.startswith("openness") or not private(name), f"{path}: {name}"
