"""Every report format (issue 6): determinism, structure, locations and exit codes, checked
with each format's own parser or validator (SARIF against the OASIS 2.1.0 schema, the json
format against its published schema)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from support_reporting import DATA, make_report, verdicts

from openness.policy.verdict import Outcome
from openness.reporters import REPORTERS, Report, get_reporter, reporter_names
from openness.reporters.schema import REPORT_SCHEMA_ID, report_schema

REPO = Path(__file__).parent.parent
BASE = str(REPO)
SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())


def render(fmt: str, **kw: object) -> str:
    return get_reporter(fmt).render(make_report(base=BASE), **kw)  # type: ignore[arg-type]


def test_registry_lists_every_builtin_format() -> None:
    assert reporter_names()[: len(REPORTERS)] == [
        "text",
        "json",
        "markdown",
        "html",
        "sarif",
        "junit",
        "github",
    ]
    with pytest.raises(KeyError, match="choose from text, json"):
        get_reporter("yaml")


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_output_is_deterministic(fmt: str) -> None:
    assert render(fmt) == render(fmt)
    # the order of the verdicts given does not matter either
    shuffled = make_report(base=BASE)
    shuffled.verdicts = tuple(reversed(verdicts()))
    assert get_reporter(fmt).render(shuffled) == render(fmt)


def test_text_table_and_findings() -> None:
    text = render("text")
    lines = text.splitlines()
    assert re.match(r"artifact\s+toy\s+graded", lines[0])
    row = next(line for line in lines if line.startswith("Base"))
    assert re.search(r"pass\s+pass \(gold\)$", row)
    assert "fail" in text and "toy/training-code on components[1]" in text
    assert "    fix: release it" in text
    assert "    at tests/data/reporters/evil.yaml:13" in text  # the component's line
    assert text.rstrip().endswith("4 verdict(s): 2 pass, 1 fail, 1 unknown")
    assert "\x1b" not in text  # no colour when not asked


def test_text_colour_only_when_asked() -> None:
    coloured = render("text", color=True)
    assert "\x1b[" in coloured
    # rich markup and terminal escapes in metadata are printed as written, never interpreted
    assert "[bold red]model[/]" in coloured
    assert "\\x1b[31mred" in coloured


def test_json_validates_against_the_published_schema() -> None:
    data = json.loads(render("json"))
    jsonschema.Draft202012Validator.check_schema(report_schema())
    jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)
    assert [(v["artifact"], v["policy"]) for v in data] == [
        ("evil-model", "toy"),
        ("evil-model", "graded"),
        ("base-model", "toy"),
        ("base-model", "graded"),
    ]
    assert data[0]["findings"][0]["findings"][0]["rule"] == "toy/training-code-operand"
    assert data == [v.to_dict() for v in make_report().ordered()]


def test_published_schema_file_is_current() -> None:
    published = json.loads((REPO / "docs" / "schema" / "report.schema.json").read_text())
    assert published == report_schema()
    assert published["$id"] == REPORT_SCHEMA_ID


def test_schema_rejects_a_failing_finding_without_how_to_fix() -> None:
    data = json.loads(render("json"))
    data[0]["findings"][0]["how_to_fix"] = None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)


def test_sarif_is_valid_and_points_at_manifest_lines() -> None:
    log = json.loads(render("sarif"))
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "toy/training-code",
        "graded/upstream",  # errors before warnings within a verdict
        "graded/type-appropriate",
    ]
    assert rules[0]["helpUri"] == "https://example.org/toy#2.1"
    assert "Passes when: training code is free" in rules[0]["help"]["text"]
    results = run["results"]
    assert [r["level"] for r in results] == ["error", "warning", "warning"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": "tests/data/reporters/evil.yaml",
            "uriBaseId": "%SRCROOT%",
        }
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [
        13,
        16,
        10,
    ]
    assert "How to fix: release it" in results[0]["message"]["text"]
    assert len({r["partialFingerprints"]["openness/v1"] for r in results}) == 3


def test_sarif_without_origins_uses_logical_locations() -> None:
    report = Report(verdicts=tuple(verdicts()))
    log = json.loads(get_reporter("sarif").render(report))
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    first = log["runs"][0]["results"][0]["locations"][0]
    assert first == {"logicalLocations": [{"name": "evil-model", "kind": "module"}]}


def test_sarif_absolute_paths_outside_base_are_file_uris(tmp_path: Path) -> None:
    log = json.loads(get_reporter("sarif").render(make_report(base=str(tmp_path))))
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"].startswith("file:///") and "uriBaseId" not in uri


def test_junit_one_case_per_artifact_and_policy() -> None:
    root = ET.fromstring(render("junit").encode("utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("4", "1", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["toy", "graded"]
    cases = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert cases == [
        ("openness.toy", "evil-model"),
        ("openness.toy", "base-model"),
        ("openness.graded", "evil-model"),
        ("openness.graded", "base-model"),
    ]
    failure = suites[0].find("testcase/failure")
    assert failure is not None and "fix: release it" in (failure.text or "")
    assert suites[1].find("testcase/skipped") is not None  # unknown
    assert suites[0].findall("testcase")[0].get("file") == "tests/data/reporters/evil.yaml"


def test_junit_strips_characters_xml_cannot_hold() -> None:
    report = make_report(base=BASE)
    report.verdicts = tuple(
        v if v.outcome is not Outcome.FAIL else v.__class__(**{**_fields(v), "artifact": "x\x00y"})
        for v in report.verdicts
    )
    ET.fromstring(get_reporter("junit").render(report).encode("utf-8"))  # parses


def _fields(verdict: object) -> dict[str, object]:
    return {name: getattr(verdict, name) for name in verdict.__slots__}  # type: ignore[attr-defined]


def test_github_annotations() -> None:
    lines = render("github").splitlines()
    assert lines[0].startswith(
        "::error file=tests/data/reporters/evil.yaml,line=13,"
        "title=toy%3A toy/training-code (fail)::"
    )
    assert lines[1].startswith("::warning file=tests/data/reporters/evil.yaml,line=16,")
    assert lines[2].startswith("::warning file=tests/data/reporters/evil.yaml,line=10,")
    assert lines[-1] == "::notice title=openness::4 verdict(s): 2 pass, 1 fail, 1 unknown"
    assert len(lines) == 4  # line breaks in messages never start a new command


def test_markdown_table_and_details() -> None:
    text = render("markdown")
    assert "| artifact | `toy` | `graded` |" in text
    assert "| ✅ pass | ✅ pass \\(gold\\) |" in text
    assert text.count("<details>") == text.count("</details>") == 2
    assert "[Toy Definition 1.0 §2.1](https://example.org/toy#2.1)" in text


@pytest.mark.parametrize(
    ("fail_on", "outcomes", "expected"),
    [
        ("error", [Outcome.PASS, Outcome.UNKNOWN], 0),
        ("error", [Outcome.PASS, Outcome.FAIL], 1),
        ("warning", [Outcome.PASS, Outcome.UNKNOWN], 1),
        ("warning", [Outcome.PASS, Outcome.NOT_APPLICABLE], 0),
    ],
)
def test_exit_code(fail_on: str, outcomes: list[Outcome], expected: int) -> None:
    from openness.policy.verdict import Verdict

    report = Report(verdicts=tuple(Verdict("a", f"p{i}", "1", o) for i, o in enumerate(outcomes)))
    assert report.exit_code(fail_on) == expected


def test_fail_on_warning_counts_warning_findings() -> None:
    from openness.policy.verdict import Verdict

    warn = verdicts()[1].findings[0]
    report = Report(verdicts=(Verdict("a", "p", "1", Outcome.PASS, findings=(warn,)),))
    assert report.exit_code("error") == 0
    assert report.exit_code("warning") == 1
    with pytest.raises(ValueError, match="choose from error, warning"):
        report.exit_code("info")


def test_sarif_messages_keep_their_sentences_apart() -> None:
    """Issue 18 item 14: "... it is released How to fix: release ..." ran two sentences
    together; each part of a message ends as a sentence."""
    log = json.loads(render("sarif"))
    texts = [r["message"]["text"] for run in log["runs"] for r in run["results"]]
    joined = [t for t in texts if " How to fix: " in t]
    assert joined, "the sample report has findings with a fix"
    for text in joined:
        head, fix = text.split(" How to fix: ", 1)
        assert head[-1] in ".!?:;" or head.rstrip("\"')]»”’")[-1] in ".!?:;", text
        assert fix.rstrip("\"')]»”’")[-1] in ".!?:;", text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it is released", "it is released."),
        ("it is released.", "it is released."),
        ("the parameters (components[2])", "the parameters (components[2])."),
        ('declares "MIT."', 'declares "MIT."'),
        ("what now?", "what now?"),
        ("", ""),
    ],
)
def test_sentence_ends_a_message_once(text: str, expected: str) -> None:
    from openness.display.escape import sentence

    assert sentence(text) == expected
