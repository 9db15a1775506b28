"""The policy docs stay in step with the code: each built-in policy's page lists exactly its
rules (id, clause, what passes), and the side-by-side table equals the examples' verdicts.
Regenerate with ``python tools/docs/policy_matrix.py``."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from openness.policy import get_policy

ROOT = Path(__file__).parent.parent


def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "policy_matrix", ROOT / "tools" / "docs" / "policy_matrix.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def block(text: str, name: str) -> str:
    match = re.search(
        rf"<!-- generated:{name}:start -->\n(.*)<!-- generated:{name}:end -->", text, re.S
    )
    assert match, f"no generated {name} block"
    return match.group(1)


MATRIX = tool()


@pytest.mark.parametrize(("policy_id", "page"), sorted(MATRIX.TABLE_PAGES.items()))
def test_rule_table_matches_rules(policy_id: str, page: str) -> None:
    text = (ROOT / "docs" / "policies" / page).read_text(encoding="utf-8")
    table = block(text, "rules")
    documented = re.findall(r"^\| `([^`]+)` \|", table, re.M)
    assert documented == [r.id for r in get_policy(policy_id).rules()]
    assert table == MATRIX.rules_markdown(policy_id), (
        f"docs/policies/{page} is stale: run python tools/docs/policy_matrix.py"
    )


def test_side_by_side_table_matches_verdicts() -> None:
    pytest.importorskip("openness.policy.builtin.mof")
    text = (ROOT / "docs" / "policies" / "index.md").read_text(encoding="utf-8")
    assert block(text, "matrix") == MATRIX.matrix_markdown(), (
        "docs/policies/index.md is stale: run python tools/docs/policy_matrix.py"
    )
    table = block(text, "matrix")
    for example in MATRIX.example_files():
        assert f"`{example.name}`" in table
