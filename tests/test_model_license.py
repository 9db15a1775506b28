"""LicenseExpression: parsing, normalisation, errors, pydantic integration (issue 2, part 2)."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, ValidationError

from openness.licenses import InvalidLicenseExpression, parse_expression
from openness.model import LicenseExpression


class Holder(BaseModel):
    license: LicenseExpression


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("apache-2.0 or mit", "Apache-2.0 OR MIT"),
        ("MIT", "MIT"),
        ("mit AND (apache-2.0 OR bsd-3-clause)", "MIT AND (Apache-2.0 OR BSD-3-Clause)"),
        ("GPL-2.0", "GPL-2.0-only"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("LGPL-2.1+", "LGPL-2.1-or-later"),
        (
            "gpl-2.0-or-later with classpath-exception-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
        ),
        ("LicenseRef-my-terms", "LicenseRef-my-terms"),
        (
            "licenseref-scancode-llama-3.1-license-2024",
            "LicenseRef-scancode-llama-3.1-license-2024",
        ),
        ("noassertion", "NOASSERTION"),
        ("NONE", "NONE"),
        ("OpenMDW-1.0", "OpenMDW-1.0"),
        ("  MIT  ", "MIT"),
    ],
)
def test_canonical_form(raw: str, canonical: str) -> None:
    expr = LicenseExpression(raw)
    assert expr == canonical
    assert str(expr) == canonical
    assert expr.raw == raw


def test_deprecated_rewrite_is_recorded() -> None:
    """GPL-2.0 is deprecated in the SPDX list: the rewrite is kept with the expression."""
    expr = LicenseExpression("GPL-2.0 OR GPL-2.0+")
    assert expr == "GPL-2.0-only OR GPL-2.0-or-later"
    assert ("GPL-2.0", "GPL-2.0-only") in expr.rewrites
    assert ("GPL-2.0+", "GPL-2.0-or-later") in expr.rewrites


def test_case_rewrites_are_recorded_and_unknown_ids_kept() -> None:
    expr = LicenseExpression("mit and foo-bar")
    assert expr == "MIT AND foo-bar"
    assert ("mit", "MIT") in expr.rewrites
    assert expr.unknown_ids == ("foo-bar",)
    assert expr.ids == ("MIT", "foo-bar")


def test_special_values() -> None:
    assert LicenseExpression("NOASSERTION").is_noassertion
    assert LicenseExpression("none").is_none
    assert not LicenseExpression("MIT").is_none


@pytest.mark.parametrize(
    ("raw", "token"),
    [
        ("MIT OR OR Apache-2.0", "OR"),
        ("Apache 2.0", "2.0"),
        ("MIT/Apache", "MIT/Apache"),
        ("MIT AND NONE", "NONE"),
        ("MIT)", ")"),
        ("MIT WITH MIT", "MIT"),
    ],
)
def test_malformed_names_the_bad_token(raw: str, token: str) -> None:
    with pytest.raises(InvalidLicenseExpression) as info:
        LicenseExpression(raw)
    assert info.value.token == token
    assert repr(token) in str(info.value)


@pytest.mark.parametrize("raw", ["", "   ", "MIT AND", "(MIT", "AND"])
def test_malformed_without_token(raw: str) -> None:
    with pytest.raises(InvalidLicenseExpression, match="invalid license expression"):
        LicenseExpression(raw)


def test_pydantic_accepts_string_and_serialises_canonical() -> None:
    holder = Holder.model_validate({"license": "apache-2.0 or mit"})
    assert isinstance(holder.license, LicenseExpression)
    assert holder.model_dump(mode="json") == {"license": "Apache-2.0 OR MIT"}
    assert json.loads(holder.model_dump_json()) == {"license": "Apache-2.0 OR MIT"}
    again = Holder.model_validate_json(holder.model_dump_json())
    assert again.license == holder.license


def test_pydantic_error_names_token() -> None:
    with pytest.raises(ValidationError) as info:
        Holder.model_validate({"license": "MIT OR OR Apache-2.0"})
    (error,) = info.value.errors()
    assert error["type"] == "license_expression"
    assert error["ctx"]["token"] == "OR"
    assert "'OR'" in error["msg"]


def test_pydantic_rejects_non_string() -> None:
    with pytest.raises(ValidationError) as info:
        Holder.model_validate({"license": 42})
    assert info.value.errors()[0]["type"] == "license_expression_type"


def test_json_schema_is_a_described_string() -> None:
    schema = Holder.model_json_schema()["properties"]["license"]
    assert schema["type"] == "string"
    assert "SPDX license expression" in schema["description"]


def test_repeated_parse_is_cached() -> None:
    """A repeated expression is one dictionary lookup: the same object comes back."""
    assert parse_expression("MIT OR Apache-2.0") is parse_expression("MIT OR Apache-2.0")
    assert LicenseExpression.of("MIT") is LicenseExpression.of("MIT")


def test_pickle_round_trip() -> None:
    import pickle

    expr = LicenseExpression("gpl-2.0+")
    back = pickle.loads(pickle.dumps(expr))
    assert back == expr
    assert back.rewrites == expr.rewrites
