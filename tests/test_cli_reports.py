"""``openness check --format/--output/--fail-on`` end to end through the console script
(issue 6): every report format, atomic output files, exit codes, usage errors."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from support_reporting import DATA, EVIL, run

from openness.reporters.schema import report_schema

PYTHIA = DATA / "manifests" / "pythia.yaml"
ALMOST = DATA / "reporters" / "almost-open.yaml"
SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())
REPO = Path(__file__).parent.parent


def check(*args: str) -> tuple[int, str, str]:
    proc = run("check", *args, cwd=REPO)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


def test_text_default() -> None:
    code, out, _ = check(str(PYTHIA), "-p", "mof")
    assert code == 1  # mof fails
    assert out.splitlines()[0].split() == ["artifact", "mof"]
    assert "fix: release the model architecture" in out


def test_json_matches_the_schema() -> None:
    code, out, _ = check(str(PYTHIA), "--format", "json")
    assert code == 1
    data = json.loads(out)
    jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)
    assert {v["policy"] for v in data} >= {"osaid", "mof", "debian-ml"}


def test_sarif_valid_with_manifest_lines() -> None:
    code, out, _ = check("tests/data/manifests/pythia.yaml", "-p", "mof", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    results = log["runs"][0]["results"]
    assert results
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"]["uri"] == "tests/data/manifests/pythia.yaml"
    assert first["region"]["startLine"] == 3  # the artifact's line
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(
        r["help"]["text"] and r.get("helpUri", "https://").startswith("https") for r in rules
    )


def test_junit_case_per_artifact_and_policy() -> None:
    code, out, _ = check(str(PYTHIA), "-p", "mof", "-p", "osaid", "--format", "junit")
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    cases = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert cases == [
        ("openness.mof", "pythia-6.9b"),
        ("openness.mof", "the-pile"),
        ("openness.osaid", "pythia-6.9b"),
        ("openness.osaid", "the-pile"),
    ]


def test_github_markdown_html() -> None:
    _, gh, _ = check("tests/data/manifests/pythia.yaml", "-p", "mof", "--format", "github")
    assert gh.startswith("::error file=tests/data/manifests/pythia.yaml,line=3,title=mof%3A")
    _, md, _ = check(str(PYTHIA), "-p", "mof", "--format", "markdown")
    assert md.startswith("## Openness report\n\n| artifact | `mof` |")
    _, page, _ = check(str(EVIL), "--format", "html")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page


@pytest.mark.parametrize("fmt", ["text", "sarif", "junit"])
def test_output_file_is_written_atomically(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    out.write_text("old")
    code, stdout, _ = check(str(ALMOST), "-p", "mof", "--format", fmt, "--output", str(out))
    assert code == 0
    assert stdout == ""
    assert out.read_text() != "old" and out.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_fail_on_warning() -> None:
    # almost-open passes mof at class-3, with warning findings (type-appropriate licenses)
    assert check(str(ALMOST), "-p", "mof")[0] == 0
    assert check(str(ALMOST), "-p", "mof", "--fail-on", "warning")[0] == 1


def test_unknown_counts_only_when_strict() -> None:
    # pythia is unknown under osaid: passes the default gate, fails a strict one
    assert check(str(PYTHIA), "-p", "osaid")[0] == 0
    assert check(str(PYTHIA), "-p", "osaid", "--strict")[0] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "'pdf' is not one of 'text', 'json'"),
        (["--fail-on", "info"], "'info' is not one of 'error', 'warning'"),
    ],
)
def test_usage_errors_list_the_choices(args: list[str], message: str) -> None:
    code, _, err = check(str(PYTHIA), *args)
    assert code == 2
    assert message in err


def test_no_colour_when_not_a_terminal_or_no_color() -> None:
    proc = run("check", str(PYTHIA), "-p", "mof", env={"FORCE_COLOR": "1"})
    assert "\x1b[" in proc.stdout
    proc = run("check", str(PYTHIA), "-p", "mof", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in proc.stdout
