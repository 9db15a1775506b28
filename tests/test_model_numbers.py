"""Whole numbers written in scientific notation (issue 18, item 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from openness.loading import load
from openness.model import Facts, FileRef
from openness.schema import manifest_schema


@pytest.mark.parametrize(
    ("written", "count"),
    [
        ("8e9", 8_000_000_000),
        ("8E9", 8_000_000_000),
        ("8.5e9", 8_500_000_000),
        ("8.0e9", 8_000_000_000),
        ("1.2e3", 1200),
        ("8000000000", 8_000_000_000),
        ("8_000_000_000", 8_000_000_000),
        ("0", 0),
    ],
)
def test_yaml_numbers_are_read_exactly(tmp_path: Path, written: str, count: int) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"artifacts:\n- id: m\n  kind: model\n  facts:\n    parameters: {written}\n")
    result = load([path])
    assert not result.errors, [p.message for p in result.errors]
    (artifact,) = result.artifacts
    assert artifact.facts.parameters == count
    assert type(artifact.facts.parameters) is int


@pytest.mark.parametrize(
    ("value", "count"),
    [(8e9, 8_000_000_000), ("8e9", 8_000_000_000), (" 8.5e9 ", 8_500_000_000), (7, 7)],
)
def test_model_accepts_whole_values(value: object, count: int) -> None:
    assert Facts.model_validate({"parameters": value}).parameters == count


def test_json_and_toml_floats(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text(
        '{"artifacts": [{"id": "j", "kind": "model", "facts": {"parameters": 8e9}}]}'
    )
    (tmp_path / "m.toml").write_text(
        '[[artifacts]]\nid = "t"\nkind = "model"\nfacts = {parameters = 8.5e9}\n'
    )
    result = load([tmp_path / "m.json", tmp_path / "m.toml"])
    assert not result.errors
    assert [a.facts.parameters for a in result.artifacts] == [8_000_000_000, 8_500_000_000]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (1.5, "1.5 is not a whole number: a count has no fraction"),
        ("1.5", "'1.5' is not a whole number"),
        ("8.55555555555e9", "is not a whole number"),
        ("8B", "'8B' is not a number; write it in digits (8000000000) or in scientific notation"),
        ("nan", "is not a finite number"),
        (float("inf"), "is not a finite number"),
        ("1e99999999", "larger than 10^18"),
    ],
)
def test_what_is_not_whole_says_how_to_write_it(value: object, says: str) -> None:
    with pytest.raises(ValidationError) as info:
        Facts.model_validate({"parameters": value})
    (error,) = info.value.errors()
    assert says in error["msg"]
    if "whole number" in says:
        assert "1.5 billion is 1.5e9" in error["msg"]


def test_negative_counts_are_still_refused() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Facts.model_validate({"parameters": "-8e9"})
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        FileRef.model_validate({"path": "a", "size": -1})


def test_file_size_in_scientific_notation() -> None:
    assert FileRef.model_validate({"path": "a", "size": "1.2e9"}).size == 1_200_000_000


def test_cli_message_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("artifacts:\n- id: m\n  kind: model\n  facts:\n    parameters: 1.5\n")
    result = load([path])
    (error,) = result.errors
    assert str(error).startswith(f"{path}:5: artifacts[0].facts.parameters: error: 1.5 is not")


def test_schema_keeps_an_integer_with_a_minimum() -> None:
    facts = manifest_schema()["$defs"]["Facts"]["properties"]["parameters"]
    integer = next(s for s in facts["anyOf"] if s.get("type") == "integer")
    assert integer["minimum"] == 0
    assert "8e9" in facts["description"]
