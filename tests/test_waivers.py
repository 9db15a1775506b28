"""Waivers (issue 16): applied after evaluation, shown as waived with their reason in every
report format (text, JSON, Markdown, HTML, SARIF ``suppressions``, JUnit, GitHub); expired
waivers not applied and said so; unmatched waivers warned; bad waiver files exit 2 with line."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from support_reporting import DATA

from openness.cli.main import cli
from openness.loading import load
from openness.policy import Outcome, check
from openness.policy.waivers import Waiver, apply_waivers
from openness.reporters.schema import report_schema

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LLAMA = str(EXAMPLES / "llama-3.1-8b.yaml")
TODAY = dt.date(2026, 12, 7)
SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
OSD_RULES = ("osd/parameters-license", "osd/inference-code", "osd/training-code")


def _verdict() -> object:
    (verdict,) = check(load([LLAMA]).artifacts, ["osd"])
    return verdict


def _all(expires: dt.date | None = None) -> list[Waiver]:
    return [Waiver(r, "llama-3.1-8b", "research use only", "legal", expires) for r in OSD_RULES]


def test_waiving_every_failing_finding_passes_the_verdict() -> None:
    (verdict,) = check(load([LLAMA]).artifacts, ["osd"])
    assert verdict.outcome is Outcome.FAIL
    failing = {f.rule for f in verdict.findings if f.outcome is Outcome.FAIL}
    assert failing == set(OSD_RULES)
    result = apply_waivers([verdict], _all(dt.date(2027, 6, 30)), TODAY)
    (waived,) = result.verdicts
    assert waived.outcome is Outcome.PASS
    assert result.applied == 3 and not result.unmatched and not result.expired
    marks = {f.rule: f.waived for f in waived.findings if f.waived}
    assert marks["osd/parameters-license"] == "research use only (by legal, until 2027-06-30)"
    assert waived.findings[0].outcome is Outcome.FAIL  # the finding keeps its outcome


def test_one_waiver_leaves_the_others_deciding() -> None:
    (verdict,) = check(load([LLAMA]).artifacts, ["osd"])
    one = [Waiver("osd/parameters-license", "llama-3.1-8b", "ok", subject="components[4]")]
    (after,) = apply_waivers([verdict], one, TODAY).verdicts
    assert after.outcome is Outcome.FAIL
    assert [f.rule for f in after.findings if f.waived] == ["osd/parameters-license"]
    wrong_subject = [Waiver("osd/parameters-license", "llama-3.1-8b", "ok", subject="artifact")]
    result = apply_waivers([verdict], wrong_subject, TODAY)
    assert result.unmatched == tuple(wrong_subject) and result.verdicts == (verdict,)


def test_expired_waiver_is_not_applied_and_says_so() -> None:
    (verdict,) = check(load([LLAMA]).artifacts, ["osd"])
    result = apply_waivers([verdict], _all(dt.date(2026, 12, 6)), TODAY)
    (after,) = result.verdicts
    assert after.outcome is Outcome.FAIL and len(result.expired) == 3
    assert not any(f.waived for f in after.findings)
    assert (
        "expired on 2026-12-06: research use only; renew it or fix the finding"
        in after.findings[0].message
    )
    assert apply_waivers([verdict], _all(TODAY), TODAY).verdicts[0].outcome is Outcome.PASS


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """waivers:
  - rule: osd/parameters-license
    artifact: llama-3.1-8b
    reason: research use only
    by: legal
    expires: 2999-06-30
  - {rule: osd/inference-code, artifact: llama-3.1-8b, reason: research use only}
  - rule: osd/training-code
    artifact: llama-3.1-8b
    subject: components[2]
    reason: research use only
  - {rule: osd/nothing, artifact: nobody, reason: stale}
"""


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", LLAMA, "-p", "osd", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html", "sarif", "junit", "github"])
def test_every_format_shows_waived_findings(tmp_path: Path, fmt: str) -> None:
    waivers = _write(tmp_path, GOOD)
    out = tmp_path / f"report.{fmt}"
    code, stderr = _check("--waivers", str(waivers), "--format", fmt, "-o", str(out))
    assert code == 0, stderr  # every failing finding waived
    assert f"{waivers}:12: warning: the waiver of osd/nothing on nobody matches no" in stderr
    text = out.read_text(encoding="utf-8")
    if fmt == "text":
        assert "waived [osd] osd/parameters-license" in text
        assert "waived: research use only (by legal, until 2999-06-30)" in text
    elif fmt == "json":
        data = json.loads(text)
        jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)
        assert data[0]["outcome"] == "pass"
        assert sum("waived" in f for f in data[0]["findings"]) == 3
    elif fmt == "markdown":
        assert "**waived** (fail)" in text and "*Waived:* research use only" in text
    elif fmt == "html":
        assert '<span class="oness-badge oness-waived">waived</span>' in text
    elif fmt == "sarif":
        log = json.loads(text)
        jsonschema.validate(log, SARIF_SCHEMA)
        results = log["runs"][0]["results"]
        assert len(results) == 3
        assert all(r["suppressions"][0]["kind"] == "external" for r in results)
        assert results[0]["suppressions"][0]["justification"].startswith("research use only")
    elif fmt == "junit":
        case = ET.fromstring(text).find("testsuite/testcase")
        assert case is not None and case.find("failure") is None
        assert "waived: osd/parameters-license on components[4]" in (
            case.findtext("system-out") or ""
        )
    else:
        assert "Waived: research use only" in text
        assert text.startswith("::notice ")


def test_expired_waiver_in_the_cli_fails_with_a_message(tmp_path: Path) -> None:
    waivers = _write(
        tmp_path,
        "waivers:\n  - {rule: osd/parameters-license, artifact: llama-3.1-8b, reason: x,"
        " expires: 2020-01-01}\n",
    )
    code, output = _check("--waivers", str(waivers))
    assert code == 1
    assert "expired on 2020-01-01" in output


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("waivers:\n  - {rule: osd/x, artifact: a}\n", 2, "reason"),
        ("waivers:\n  - {rule: osd/x, artifact: a, reason: r, expires: someday}\n", 2, "date"),
        ("waivers:\n  - {rule: not a rule, artifact: a, reason: r}\n", 2, "pattern"),
        ("waivers:\n  - {rule: osd/x, artifact: a, reason: r, until: 2027-01-01}\n", 2, "until"),
        ("waiver: []\n", 1, "expected a list of waivers"),
    ],
)
def test_malformed_waiver_file_is_bad_input(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    waivers = _write(tmp_path, text)
    out = tmp_path / "report.json"
    code, output = _check("--waivers", str(waivers), "--format", "json", "-o", str(out))
    assert code == 2
    assert f"{waivers}:{line}:" in output and words in output
    assert not out.exists()


def test_waivers_in_pyproject_toml(tmp_path: Path) -> None:
    """The same key in a project's configuration file: ``[tool.openness]`` of pyproject.toml."""
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "x"\n\n[tool.openness]\nwaivers = [\n'
        '  { rule = "osd/parameters-license", artifact = "llama-3.1-8b", reason = "ok" },\n'
        '  { rule = "osd/inference-code", artifact = "llama-3.1-8b", reason = "ok" },\n'
        '  { rule = "osd/training-code", artifact = "llama-3.1-8b", reason = "ok" },\n'
        '  { rule = "osd/x", artifact = "nobody" },\n]\n',
        encoding="utf-8",
    )
    code, output = _check("--waivers", str(path))
    assert code == 2
    assert f"{path}:5: tool.openness.waivers[3].reason" in output  # the line of the list
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '  { rule = "osd/x", artifact = "nobody" },\n', ""
        ),
        encoding="utf-8",
    )
    assert _check("--waivers", str(path))[0] == 0
