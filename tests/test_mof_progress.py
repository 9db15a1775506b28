"""MOF progress (issue 17): the share of each class met, cumulative, against the progress the
Model Openness Tool itself reports for its 27 conformance fixtures (``expected_results.json``,
copied with its attribution under ``tests/data/mot/fixtures``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from openness.loading import load
from openness.policy import check
from openness.policy.progress import LevelProgress, level_progress

FIXTURES = Path(__file__).parent / "data" / "mot" / "fixtures"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _expected() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((FIXTURES / "expected_results.json").read_text(encoding="utf-8"))
    return {m["release"]["name"]: m["classification"] for m in data["models"]}


EXPECTED = _expected()
FILES = sorted(FIXTURES.glob("*.yml"))


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_progress_is_mots(path: Path) -> None:
    """MOT reports a class's progress only once the class below it is reached (0 otherwise);
    where it does, ours is the same number."""
    (artifact,) = load([path]).artifacts
    (verdict,) = check([artifact], ["mof"])
    progress = {p.level: p for p in level_progress(verdict)}
    assert list(progress) == ["class-3", "class-2", "class-1"]
    mot = EXPECTED[artifact.name or ""]["progress"]
    assert progress["class-3"].required == 6
    assert 100 * progress["class-3"].met / 6 == pytest.approx(mot["3"])
    if progress["class-3"].reached:
        share = 100 * progress["class-2"].met / progress["class-2"].required
        assert share == pytest.approx(mot["2"])
    if progress["class-2"].reached:
        share = 100 * progress["class-1"].met / progress["class-1"].required
        assert share == pytest.approx(mot["1"])


def test_a_paper_standing_in_is_counted_once() -> None:
    """Class2R: the research paper stands in for the technical report, so Class I has 13
    requirements, not 14 (MOT: 76.92%)."""
    path = next(f for f in FILES if f.stem.startswith("Class2R"))
    (verdict,) = check(load([path]).artifacts, ["mof"])
    assert level_progress(verdict)[-1] == LevelProgress("class-1", 10, 13)


def test_only_graded_policies_have_progress() -> None:
    loaded = load([EXAMPLES / "olmo-7b.yaml", EXAMPLES / "dolma.yaml"])
    verdicts = {(v.artifact, v.policy): v for v in check(loaded.artifacts)}
    olmo = level_progress(verdicts[("olmo-7b", "mof")])
    assert [str(p) for p in olmo] == [
        "class-3 100% (6/6)",
        "class-2 90% (9/10)",
        "class-1 84% (11/13)",
    ]
    assert level_progress(verdicts[("olmo-7b", "osaid")]) == ()
    assert level_progress(verdicts[("olmo-7b", "debian-ml")]) == ()  # graded, not by items
    assert level_progress(verdicts[("dolma-v1.6", "mof")]) == ()  # MOF applies to models
    assert verdicts[("olmo-7b", "mof")].to_dict()["progress"] == [p.to_dict() for p in olmo]
    assert "progress" not in verdicts[("olmo-7b", "osaid")].to_dict()


def test_percent_rounds_down() -> None:
    assert LevelProgress("class-1", 13, 14).percent == 92
    assert LevelProgress("class-1", 0, 0).percent == 0 and not LevelProgress("x", 0, 0).reached


def test_text_html_and_json_reports_show_progress() -> None:
    from openness.policy.registry import resolve_policies
    from openness.reporters import Report, get_reporter

    loaded = load([EXAMPLES / "olmo-7b.yaml", EXAMPLES / "dolma.yaml"])
    verdicts = check(loaded.artifacts, ["mof", "osaid"])
    report = Report.from_load(verdicts, loaded, resolve_policies(["mof", "osaid"]))
    text = get_reporter("text").render(report)
    assert "OLMo 7B [mof]: class-3 100% (6/6), class-2 90% (9/10), class-1 84% (11/13)" in text
    assert "[osaid]:" not in text
    html = get_reporter("html").render(report)
    assert '<progress value="11" max="13"></progress>' in html
    json_text = get_reporter("json").render(report)
    assert '"percent": 84' in json_text
