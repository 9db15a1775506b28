"""Every built-in policy is named where users choose policies (issue 18 item 9: `reproducible`
ran by default but was missing from the lists in README.md and docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.policy.registry import builtin_ids

REPO = Path(__file__).parent.parent


@pytest.mark.parametrize("page", ["README.md", "docs/cli.md"])
def test_every_builtin_policy_is_listed(page: str) -> None:
    text = (REPO / page).read_text(encoding="utf-8")
    missing = [pid for pid in builtin_ids() if f"`{pid}`" not in text]
    assert not missing, f"{page} does not list {missing}"
