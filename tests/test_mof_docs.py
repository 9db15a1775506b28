"""docs/policies/mof.md lists every rule of the ``mof`` policy, with its clause and what
passes, exactly as the policy reports them."""

from __future__ import annotations

from pathlib import Path

from openness.policy.builtin.mof import MofPolicy

PAGE = Path(__file__).parent.parent / "docs" / "policies" / "mof.md"


def _table_rows() -> list[str]:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Rules")
    return [line for line in lines[start:] if line.startswith("| `mof/")]


def test_rule_table_matches_the_policy() -> None:
    expected = []
    for rule in MofPolicy().rules():
        c = rule.citation
        clause = f"[{c.document}, {c.section}]({c.url}): {c.clause}"
        expected.append(f"| `{rule.id}` | {rule.severity.value} | {clause} | {rule.passes} |")
    assert _table_rows() == expected


def test_levels_and_components_are_documented() -> None:
    text = PAGE.read_text(encoding="utf-8")
    policy = MofPolicy()
    for level in policy.levels:
        assert f"`{level}`" in text
    for mof_class in policy.table.classes:
        for mof_id in mof_class.requires:
            assert f"({mof_id})" in text
