"""The ``text`` format: a table with a row per artifact and a column per policy and the counts,
then every failing or unknown finding, grouped per artifact, with how to fix it and where.

Plain text, with ANSI colours only when asked (a terminal, ``FORCE_COLOR``). Text from metadata
is written as is, never interpreted as markup (a name like ``[bold]x[/]`` prints as written), and
control characters are shown as ``\\xNN``, so that metadata cannot move the cursor or recolour
the terminal. Findings are wrapped at :data:`DEFAULT_WIDTH` columns unless the caller gives a
width (the CLI gives the terminal's), so a file or a pipe always gets the same bytes.
"""

from __future__ import annotations

import itertools
import re
import textwrap
from collections import Counter
from collections.abc import Iterator

from openness.display.escape import clean
from openness.display.text import cell_text
from openness.policy.progress import level_progress
from openness.policy.verdict import Finding, FindingSeverity, Outcome
from openness.reporters.report import Report

__all__ = ["DEFAULT_WIDTH", "TextReporter", "matrix_lines", "render_matrix", "subject_words"]

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
    "magenta": "35",
    "bold": "1",
}


def _paint(text: str, style: str, color: bool) -> str:
    """``text`` in ``style`` (ANSI SGR) when ``color``; the findings are many lines, so they
    are written directly rather than through rich (which costs ~0.1 ms a line)."""
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if color else text


_SUBJECT = re.compile(r"^components\[(\d+)\]$")
#: Lines of findings are wrapped at this width unless the caller gives another (the CLI gives
#: the terminal's width when writing to one); the output never depends on the terminal else.
DEFAULT_WIDTH = 100
#: :meth:`TextReporter.chunks` gives the findings in pieces of about this many lines.
_CHUNK_LINES = 1000


def _label(finding: Finding) -> tuple[str, str]:
    """The outcome word of a finding and its style: a failing warning or info finding is
    shown as ``warning`` or ``info``, not as a red ``fail`` (it does not decide the verdict
    by itself); a waived finding is shown as ``waived``."""
    if finding.waived is not None:
        return "waived", "dim"
    if finding.outcome is Outcome.FAIL and finding.severity is not FindingSeverity.ERROR:
        return finding.severity.value, "magenta" if finding.severity.value == "warning" else "dim"
    return finding.outcome.value, _STYLE[finding.outcome]


def subject_words(report: Report, artifact_id: str, subject: str) -> str:
    """A finding's subject as written, followed by what it is in words where the subject is a
    component: ``components[7] (the datasets)``."""
    match = _SUBJECT.match(subject)
    artifact = report.artifacts.get(artifact_id)
    if match is None or artifact is None:
        return clean(subject)
    index = int(match.group(1))
    if index >= len(artifact.components):
        return clean(subject)
    return f"{clean(subject)} (the {role_words(artifact.components[index].role.value)})"


def role_words(role: str) -> str:
    """A role in words: ``model-parameters-final`` reads "final model parameters"."""
    words = role.split("-")
    if len(words) > 1 and words[-1] in ("final", "intermediate"):
        words = [words[-1], *words[:-1]]
    return " ".join(words)


def _wrap(text: str, width: int, indent: str, first: str = "") -> list[str]:
    """``first + text`` wrapped at ``width``, continuation lines indented by ``indent``."""
    return textwrap.wrap(
        text,
        width=max(width, 40),
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def _sub_lines(finding: Finding, depth: int, color: bool, width: int, said: set[str]) -> list[str]:
    out: list[str] = []
    for sub in finding.findings:
        if sub.outcome is Outcome.PASS:
            continue
        message = clean(sub.message, single_line=True)
        if message not in said:  # a sub-finding that repeats its headline adds nothing
            said.add(message)
            word, style = _label(sub)
            pad = "  " * depth
            head = f"{pad}- "
            lines = _wrap(f"{word} {clean(sub.subject)}: {message}", width, pad + "    ", head)
            lines[0] = head + _paint(word, style, color) + lines[0][len(head) + len(word) :]
            out.extend(lines)
        out.extend(_sub_lines(sub, depth + 1, color, width, said))
    return out


class TextReporter:
    """Human-readable output for a terminal or a log."""

    name = "text"
    media_type = "text/plain"
    suffix = ".txt"

    def render(self, report: Report, *, color: bool = False, width: int | None = None) -> str:
        """The table and the counts first, then the findings grouped per artifact (wrapped at
        ``width``, :data:`DEFAULT_WIDTH` when not given), and the counts again at the end."""
        return "".join(self.chunks(report, color=color, width=width))

    def chunks(
        self, report: Report, *, color: bool = False, width: int | None = None
    ) -> Iterator[str]:
        """:meth:`render` in pieces, each a run of whole lines, made as they are written: a
        report of a deep lineage runs to hundreds of lines per artifact, and the whole text at
        once (with its lines and its encoding) took seven times its size in memory."""
        width = width or DEFAULT_WIDTH
        lines = matrix_lines(report, color)
        lines.extend(progress_lines(report))
        lines.extend(["", report.summary()])
        issues = report.iter_issues()
        first = next(issues, None)
        if first is not None:
            lines.extend(["", _paint("Findings that fail or are unknown:", "bold", color)])
            issues = itertools.chain([first], issues)
        current: str | None = None
        for issue in issues:
            verdict, finding = issue.verdict, issue.finding
            if verdict.artifact != current:
                current = verdict.artifact
                name = clean(report.display_name(current), single_line=True)
                shown = name if name == current else f"{name} ({clean(current)})"
                lines.extend(["", _paint(shown, "bold", color)])
            word, style = _label(finding)
            policy, rule = f"[{verdict.policy}]", finding.rule
            message = clean(finding.message, single_line=True)
            subject = subject_words(report, verdict.artifact, finding.subject)
            wrapped = _wrap(f"{word} {policy} {rule} on {subject}: {message}", width, "    ")
            plain = f"{word} {policy} {rule}"
            painted = " ".join(
                [
                    _paint(word, style, color),
                    _paint(policy, "dim", color),
                    _paint(rule, "cyan", color),
                ]
            )
            lines.append(painted + wrapped[0][len(plain) :])
            lines.extend(wrapped[1:])
            lines.extend(_sub_lines(finding, 2, color, width, {message}))
            if finding.waived is not None:
                why = clean(finding.waived, single_line=True)
                lines.extend(_wrap(why, width, "            ", "    waived: "))
            elif finding.how_to_fix:
                fix = clean(finding.how_to_fix, single_line=True)
                lines.extend(_wrap(fix, width, "         ", "    fix: "))
            if issue.location is not None:
                lines.append(_paint(f"    at {clean(issue.location)}", "dim", color))
            if len(lines) >= _CHUNK_LINES:
                yield "\n".join(lines) + "\n"
                lines = []
        if first is not None:
            lines.extend(["", report.summary()])
        if lines:
            yield "\n".join(lines) + "\n"


def matrix_lines(report: Report, color: bool = False) -> list[str]:
    """The artifact by policy table: a header, a rule, a row per artifact (columns three
    spaces apart; cells coloured by outcome when ``color``)."""
    cells = report.matrix()
    policies = report.policy_ids()
    artifacts = report.artifact_ids()
    rows: list[list[tuple[str, str | None]]] = [
        [("artifact", "bold"), *((p, "bold") for p in policies)]
    ]
    names = {a: clean(report.display_name(a), single_line=True) for a in artifacts}
    repeated = {n for n, count in Counter(names.values()).items() if count > 1}
    for artifact in artifacts:
        shown = names[artifact]
        if shown in repeated:  # two rows must not look the same: show the ids
            shown = f"{shown} ({clean(artifact, single_line=True)})"
        row: list[tuple[str, str | None]] = [(shown, None)]
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


def progress_lines(report: Report) -> list[str]:
    """A blank line and one line per verdict of a policy graded by per-level requirements
    (MOF): how much of each level it meets, lowest level first; nothing when there are none."""
    out = []
    for verdict in report.verdicts:
        progress = level_progress(verdict)
        if progress:
            name = clean(report.display_name(verdict.artifact), single_line=True)
            out.append(f"{name} [{verdict.policy}]: " + ", ".join(map(str, progress)))
    return ["", "Progress toward each level (met/required):", *out] if out else []


def render_matrix(report: Report, *, color: bool = False) -> str:
    """The artifact by policy table, the progress toward graded levels and the summary line,
    without the findings."""
    lines = [*matrix_lines(report, color), *progress_lines(report), "", report.summary()]
    return "\n".join(lines) + "\n"
