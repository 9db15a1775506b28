"""Text output a person can read (issue 18 item 8): the table and counts first, findings
grouped per artifact and wrapped, subjects in words, sub-findings that do not repeat their
headline, warnings that do not look like failures, and ``check --summary``."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from openness.cli.main import cli
from openness.display.html import finding_html
from openness.loading import load
from openness.policy import check
from openness.policy.verdict import Finding, FindingSeverity, Outcome
from openness.reporters import Report, get_reporter
from openness.reporters.text import TextReporter, role_words

REPO = Path(__file__).parent.parent
EXAMPLES = sorted(str(p) for p in (REPO / "examples").glob("*.yaml"))


def _report() -> Report:
    loaded = load(EXAMPLES)
    return Report.from_load(check(loaded.artifacts), loaded)


def test_counts_come_before_the_findings_and_findings_are_grouped() -> None:
    report = _report()
    text = get_reporter("text").render(report)
    lines = text.splitlines()
    counts = report.summary()
    first_counts = lines.index(counts)
    assert first_counts < lines.index("Findings that fail or are unknown:")
    assert lines[-1] == counts
    # one heading per artifact with findings, in the report's order, never repeated
    findings = lines[lines.index("Findings that fail or are unknown:") :]
    # a heading follows a blank line; the last blank line is the one before the counts
    headings = [findings[i] for i in range(1, len(findings) - 1) if findings[i - 1] == ""][:-1]
    assert len(headings) == len(set(headings)) >= 10
    assert "Amber 7B (amber-7b)" in headings


def test_lines_are_wrapped_at_the_width_given() -> None:
    report = _report()
    for width in (80, 120):
        text = TextReporter().render(report, width=width)
        findings = text.split("Findings that fail or are unknown:", 1)[1]
        assert max(len(line) for line in findings.splitlines()) <= width
    default = TextReporter().render(report)
    assert default == TextReporter().render(report, width=100)


def test_component_subjects_are_named_in_words() -> None:
    text = get_reporter("text").render(_report())
    assert "on components[5] (the final model parameters):" in text
    assert role_words("model-parameters-intermediate") == "intermediate model parameters"
    assert role_words("training-code") == "training code"


def test_failing_warnings_are_labelled_warning_not_fail() -> None:
    text = get_reporter("text").render(_report())
    assert "fail (warning)" not in text
    assert re.search(r"^warning \[mof\] mof/type-appropriate-license on", text, re.M)


def test_sub_findings_do_not_repeat_their_headline() -> None:
    text = TextReporter().render(_report(), width=100_000)  # one line per finding
    head_message = None
    subs = 0
    for line in text.splitlines():
        head = re.match(r"^(?:fail|unknown|warning|info) \[[^]]+\] \S+ on [^:]+: (.*)$", line)
        if head:
            head_message = head.group(1)
            continue
        sub = re.match(r"^\s+- \S+ [^:]+: (.*)$", line)
        if sub and head_message is not None:
            subs += 1
            assert sub.group(1) != head_message, line
    assert subs > 0


def test_check_summary_prints_the_table_and_counts_only() -> None:
    result = CliRunner().invoke(cli, ["check", *EXAMPLES, "--summary", "-q"])
    assert result.exit_code == 1  # the examples include failing releases
    out = result.stdout
    assert "Findings that fail or are unknown:" not in out
    assert out.splitlines()[0].startswith("artifact")
    assert re.search(r"^\d+ verdict\(s\): ", out.splitlines()[-1])


def test_html_gives_warning_and_info_findings_their_own_badge() -> None:
    warning = Finding(
        rule="mof/type-appropriate-license",
        outcome=Outcome.FAIL,
        subject="components[5]",
        message="not a type-appropriate license",
        severity=FindingSeverity.WARNING,
        how_to_fix="use a data license",
    )
    info = Finding(
        rule="mof/class-2",
        outcome=Outcome.FAIL,
        subject="artifact",
        message="class 2 would need the training code",
        severity=FindingSeverity.INFO,
        how_to_fix="release the training code",
    )
    error = Finding(
        rule="osaid/x", outcome=Outcome.FAIL, subject="artifact", message="no", how_to_fix="fix it"
    )
    assert 'oness-badge oness-warning">warning<' in finding_html(warning)
    assert 'oness-badge oness-info">info<' in finding_html(info)
    assert 'oness-badge oness-fail">fail<' in finding_html(error)
    assert "oness-fail" not in finding_html(warning)
