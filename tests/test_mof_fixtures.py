"""The ``mof`` policy on the Model Openness Tool's 27 conformance fixtures: the level is exactly
the class MOT gives (``expected_results.json``), and the share of Class III requirements met is
MOT's Class III progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from openness.lineage import LineageGraph
from openness.loading import load
from openness.policy.base import Context
from openness.policy.builtin.mof import MofPolicy
from openness.policy.verdict import Outcome

FIXTURES = Path(__file__).parent / "data" / "mot" / "fixtures"
LEVEL = {0: None, 3: "class-3", 2: "class-2", 1: "class-1"}


def _expected() -> dict[str, dict[str, Any]]:
    # MOT's API output has trailing commas, which YAML (unlike JSON) accepts.
    data = yaml.safe_load((FIXTURES / "expected_results.json").read_text(encoding="utf-8"))
    return {m["release"]["name"]: m["classification"] for m in data["models"]}


EXPECTED = _expected()
FILES = sorted(FIXTURES.glob("*.yml"))
POLICY = MofPolicy()


def test_every_fixture_has_an_expectation() -> None:
    assert len(FILES) == 27 and len(EXPECTED) == 27
    names = {load([f]).artifacts[0].name for f in FILES}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_level_is_mots_class(path: Path) -> None:
    result = load([path])
    assert result.ok, result.errors
    (artifact,) = result.artifacts
    verdict = POLICY.evaluate(artifact, Context(graph=LineageGraph.build([artifact])))
    expected = EXPECTED[artifact.name or ""]
    assert verdict.level == LEVEL[expected["class"]]
    # Class III reached is a pass; below it the fixtures fail (licenses are all SPDX ids).
    assert verdict.outcome is (Outcome.PASS if verdict.level else Outcome.FAIL)
    class_three = [f for f in verdict.findings if f.rule == "mof/class-3"]
    assert len(class_three) == 6
    met = sum(f.outcome is Outcome.PASS for f in class_three)
    assert met / 6 * 100 == pytest.approx(expected["progress"]["3"])
