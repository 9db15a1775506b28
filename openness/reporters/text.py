"""The ``text`` format: a table with a row per artifact and a column per policy, then every
failing or unknown finding with how to fix it and where.

Plain text, with ANSI colours only when asked (a terminal, ``FORCE_COLOR``). Text from metadata
is written as is, never interpreted as markup (a name like ``[bold]x[/]`` prints as written), and
control characters are shown as ``\\xNN``, so that metadata cannot move the cursor or recolour
the terminal. Lines are as long as their content: the output does not depend on the terminal.
"""

from __future__ import annotations

from openness.display.escape import clean
from openness.display.text import cell_text
from openness.policy.verdict import Finding, Outcome
from openness.reporters.report import Report

__all__ = ["TextReporter", "matrix_lines", "render_matrix"]

_STYLE = {
    Outcome.PASS: "green",
    Outcome.FAIL: "bold red",
    Outcome.UNKNOWN: "yellow",
    Outcome.NOT_APPLICABLE: "dim",
}


_SGR = {
    "green": "32",
    "bold red": "1;31",
    "yellow": "33",
    "dim": "2",
    "cyan": "36",
    "bold": "1",
}


def _paint(text: str, style: str, color: bool) -> str:
    """``text`` in ``style`` (ANSI SGR) when ``color``; the findings are many lines, so they
    are written directly rather than through rich (which costs ~0.1 ms a line)."""
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if color else text


def _sub_lines(finding: Finding, depth: int, color: bool) -> list[str]:
    out: list[str] = []
    for sub in finding.findings:
        if sub.outcome is Outcome.PASS:
            continue
        outcome = _paint(sub.outcome.value, _STYLE[sub.outcome], color)
        text = f"{clean(sub.subject)}: {clean(sub.message, single_line=True)}"
        out.append(f"{'  ' * depth}- {outcome} {text}")
        out.extend(_sub_lines(sub, depth + 1, color))
    return out


class TextReporter:
    """Human-readable output for a terminal or a log."""

    name = "text"
    media_type = "text/plain"
    suffix = ".txt"

    def render(self, report: Report, *, color: bool = False) -> str:
        """The table, the findings, and a summary line."""
        lines = matrix_lines(report, color)
        issues = report.issues()
        if issues:
            lines.extend(["", _paint("Findings that fail or are unknown:", "bold", color)])
        for issue in issues:
            verdict, finding = issue.verdict, issue.finding
            head = _paint(finding.outcome.value, _STYLE[finding.outcome], color)
            if finding.severity.value != "error":
                head += f" ({finding.severity.value})"
            name = clean(report.display_name(verdict.artifact), single_line=True)
            head += f" {name} {_paint(f'[{verdict.policy}]', 'dim', color)} "
            head += _paint(finding.rule, "cyan", color)
            head += f" on {clean(finding.subject)}: {clean(finding.message, single_line=True)}"
            lines.append(head)
            lines.extend(_sub_lines(finding, 2, color))
            if finding.how_to_fix:
                lines.append(f"    fix: {clean(finding.how_to_fix, single_line=True)}")
            if issue.location is not None:
                lines.append(_paint(f"    at {clean(issue.location)}", "dim", color))
        lines.extend(["", report.summary()])
        return "\n".join(lines) + "\n"


def matrix_lines(report: Report, color: bool = False) -> list[str]:
    """The artifact by policy table: a header, a rule, a row per artifact (columns three
    spaces apart; cells coloured by outcome when ``color``)."""
    cells = report.matrix()
    policies = report.policy_ids()
    artifacts = report.artifact_ids()
    rows: list[list[tuple[str, str | None]]] = [
        [("artifact", "bold"), *((p, "bold") for p in policies)]
    ]
    for artifact in artifacts:
        row: list[tuple[str, str | None]] = [
            (clean(report.display_name(artifact), single_line=True), None)
        ]
        for policy in policies:
            verdict = cells.get((artifact, policy))
            row.append((cell_text(verdict), _STYLE[verdict.outcome] if verdict else "dim"))
        rows.append(row)
    widths = [max(len(row[i][0]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        parts = [
            _paint(text.ljust(w), style, color) if style else text.ljust(w)
            for (text, style), w in zip(row, widths, strict=True)
        ]
        out.append("   ".join(parts).rstrip())
        if n == 0:
            out.append("─" * (sum(widths) + 3 * (len(widths) - 1)))
    return out


def render_matrix(report: Report, *, color: bool = False) -> str:
    """The artifact by policy table and the summary line, without the findings."""
    return "\n".join([*matrix_lines(report, color), "", report.summary()]) + "\n"
