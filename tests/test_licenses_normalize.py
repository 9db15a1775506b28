"""The free-text license normaliser: measured accuracy on real spellings, and its refusals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from openness.licenses import knowledge_base, parse_expression
from openness.licenses.normalize import CONFIDENT, Method, normalize, table_ids

DATA = Path(__file__).parent / "data" / "normalize"


def _cases(name: str) -> list[dict[str, Any]]:
    cases = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(cases, list)
    return cases


def _answer(text: str) -> str | None:
    result = normalize(text)
    return result.license_id if result.confident else None


def test_real_spellings_accuracy_and_no_confident_wrong_answer() -> None:
    """The figures docs/licenses/normaliser.md reports: at least 95% of the spellings that
    name a known license are found, and no confident answer is wrong."""
    cases = _cases("cases.yaml")
    assert len(cases) == 345
    with_id = [c for c in cases if c["expected"]]
    correct = [c for c in with_id if _answer(c["text"]) == c["expected"]]
    wrong = [
        (c["text"], _answer(c["text"]), c["expected"])
        for c in cases
        if _answer(c["text"]) is not None and _answer(c["text"]) != c["expected"]
    ]
    assert wrong == []
    assert len(with_id) == 171
    assert len(correct) / len(with_id) >= 0.95, [c["text"] for c in with_id if c not in correct]


def test_hand_written_traps() -> None:
    for case in _cases("tricky.yaml"):
        assert _answer(case["text"]) == case["expected"], case["text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apache 2.0", "Apache-2.0"),
        ("Apache License, Version 2.0", "Apache-2.0"),
        ("BSD-3", "BSD-3-Clause"),
        ("CC BY-NC-SA 4.0", "CC-BY-NC-SA-4.0"),
        ("Llama 3.1 Community License", "LicenseRef-scancode-llama-3.1-license-2024"),
    ],
)
def test_issue_examples(text: str, expected: str) -> None:
    result = normalize(text)
    assert result.license_id == expected
    assert result.confidence >= CONFIDENT
    assert result.text == text


@pytest.mark.parametrize("text", ["BSD", "GPL", "CC", "OpenRAIL", "OpenRAIL-M", "Llama"])
def test_families_are_ambiguous_with_candidates(text: str) -> None:
    result = normalize(text)
    assert result.license_id is None
    assert result.method is Method.AMBIGUOUS
    assert len(result.candidates) >= 2
    assert not result.confident


@pytest.mark.parametrize("text", ["other", "custom", "unknown", "Proprietary", "", "unlicensed"])
def test_placeholders_state_no_license(text: str) -> None:
    result = normalize(text)
    assert result.license_id is None
    assert result.method is Method.UNSTATED


def test_gpl_alias_of_the_knowledge_base_is_not_used() -> None:
    # The knowledge base maps "gpl" to GPL-1.0-or-later (a ScanCode alias); as free text it is
    # a family name.
    assert knowledge_base().resolve("gpl") == "GPL-1.0-or-later"
    assert normalize("gpl").license_id is None


def test_methods_and_confidence_order() -> None:
    assert normalize("MIT").method is Method.EXACT_ID
    assert normalize("MIT").confidence == 1.0
    assert normalize("gpl-2.0").license_id == "GPL-2.0-only"
    assert normalize("Creative Commons Attribution 4.0 International").method is Method.NAME
    assert normalize("Attribution 4.0 International").method is Method.PATTERN
    assert normalize("https://creativecommons.org/licenses/by/4.0/").method is Method.URL
    mention = normalize("This dataset is released under the CC BY 4.0 license.")
    assert mention.method is Method.MENTION
    assert CONFIDENT <= mention.confidence < normalize("CC BY 4.0").confidence
    compound = normalize("Apache-2.0 and BigScience RAIL License v1.0")
    assert compound.method is Method.COMPOUND
    assert compound.license_id == "Apache-2.0 AND LicenseRef-scancode-bigscience-rail-1.0"


def test_unresolved_text_offers_candidates_but_no_id() -> None:
    result = normalize("Creative Commons Attribution-ShareAlike 3.0 Spain")
    assert result.license_id is None
    assert result.note and "CC-BY-SA-3.0-ES" in result.note
    assert "CC-BY-SA-3.0" in result.candidates
    assert "no single known license" in result.describe()


def test_every_id_of_the_table_is_known_to_the_knowledge_base() -> None:
    kb = knowledge_base()
    unknown = sorted(i for i in table_ids() if kb.get(i) is None)
    assert unknown == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_a_valid_answer(text: str) -> None:
    result = normalize(text)
    assert 0.0 <= result.confidence <= 1.0
    if result.license_id is not None:
        assert parse_expression(result.license_id).unknown == ()
    else:
        assert not result.confident
