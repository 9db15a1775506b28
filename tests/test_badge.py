"""SVG badges (issue 17): a verdict for a README, with no external resource, escaped, stable."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.display.badge import badge_svg, verdict_badge
from openness.loading import load
from openness.policy import check
from openness.policy.verdict import Outcome, Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _self_contained(svg: str) -> None:
    """Nothing a viewer would fetch: no link, image, style sheet, font or script."""
    root = ET.fromstring(svg)
    for element in root.iter():
        assert element.tag.removeprefix(SVG) in {"svg", "title", "rect", "g", "text"}
        for name, value in element.attrib.items():
            assert "href" not in name and "url(" not in value
    assert re.findall(r"https?://[^\"]+", svg) == ["http://www.w3.org/2000/svg"]


@pytest.mark.parametrize(
    ("files", "artifact", "policy", "texts"),
    [
        (["olmo-7b.yaml", "dolma.yaml"], "olmo-7b", "mof", ["MOF", "Class III"]),
        (["llama-3.1-8b.yaml"], "llama-3.1-8b", "mof", ["MOF", "no class (Class III 0%)"]),
        (["pythia-6.9b.yaml"], "pythia-6.9b", "osaid", ["OSAID", "pass"]),
        (["llama-3.1-8b.yaml"], "llama-3.1-8b", "osaid", ["OSAID", "fail"]),
    ],
)
def test_badges_of_real_verdicts(
    files: list[str], artifact: str, policy: str, texts: list[str]
) -> None:
    loaded = load([EXAMPLES / f for f in files])
    verdict = next(v for v in check(loaded.artifacts, [policy]) if v.artifact == artifact)
    svg = verdict_badge(verdict)
    _self_contained(svg)
    assert _texts(svg) == texts
    assert svg == verdict_badge(verdict)  # same verdict, same bytes


def test_text_is_escaped_and_widths_grow_with_text() -> None:
    svg = badge_svg('<script>"x"</script>', "a & b", "#123456")
    _self_contained(svg)
    assert _texts(svg) == ['<script>"x"</script>', "a & b"]
    assert "<script>" not in svg
    short = int(ET.fromstring(badge_svg("MOF", "pass", "#000000")).attrib["width"])
    long = int(ET.fromstring(badge_svg("MOF", "Class III (passing)", "#000000")).attrib["width"])
    assert long > short + 60


def test_colour_must_be_a_colour() -> None:
    with pytest.raises(ValueError, match="#rrggbb"):
        badge_svg("a", "b", 'red" onload="x')


def test_not_applicable() -> None:
    verdict = Verdict(
        artifact="d", policy="osaid", policy_version="1", outcome=Outcome.NOT_APPLICABLE
    )
    assert _texts(verdict_badge(verdict, label="OSAID 1.0")) == ["OSAID 1.0", "n/a"]


def test_cli_writes_the_badge_atomically(tmp_path: Path) -> None:
    out = tmp_path / "mof.svg"
    args = ["badge", "olmo-7b", str(EXAMPLES / "olmo-7b.yaml"), str(EXAMPLES / "dolma.yaml")]
    result = CliRunner().invoke(cli, [*args, "-p", "mof", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _texts(out.read_text(encoding="utf-8")) == ["MOF", "Class III"]
    assert [p.name for p in tmp_path.iterdir()] == ["mof.svg"]  # no temporary file left


def test_cli_bad_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "b.svg"
    pythia = str(EXAMPLES / "pythia-6.9b.yaml")
    result = CliRunner().invoke(cli, ["badge", "pythia", pythia, "-p", "osaid", "-o", str(out)])
    assert result.exit_code == 2
    assert "did you mean 'pythia-6.9b'?" in result.output
    result = CliRunner().invoke(cli, ["badge", "pythia-6.9b", pythia, "-p", "nope", "-o", str(out)])
    assert result.exit_code == 2
    assert not out.exists()
