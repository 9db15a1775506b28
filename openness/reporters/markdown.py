"""The ``markdown`` format: for release notes and pull request comments (GitHub-flavoured).

The matrix as a table, then the failing and unknown findings per verdict in collapsed
``<details>`` blocks. Every value from metadata is escaped (:func:`md`): HTML is written as
entities, Markdown punctuation is backslash-escaped (so no link, image, emphasis or table
break can be injected), and only ``http``/``https`` URLs become links.
"""

from __future__ import annotations

import html
import re

from openness.display.escape import clean, safe_url
from openness.display.text import cell_text
from openness.policy.verdict import Citation, Finding, Outcome, Verdict
from openness.reporters.report import Report

__all__ = ["MarkdownReporter", "md", "md_link"]

_PUNCT = re.compile(r"([\\`*_{}\[\]()#!|~$@^])")
_ICON = {
    Outcome.PASS: "✅",
    Outcome.FAIL: "❌",
    Outcome.UNKNOWN: "❔",
    Outcome.NOT_APPLICABLE: "➖",
}


def md(value: object) -> str:
    """``value`` as inert inline Markdown: one line, HTML as entities, punctuation escaped."""
    text = html.escape(clean(value, single_line=True), quote=False)
    return _PUNCT.sub(r"\\\1", text)


def md_link(text: str, url: object) -> str:
    """``text`` (already Markdown) linked to ``url`` when that is a safe http(s) URL, else the
    text alone."""
    safe = safe_url(url)
    if safe is None:
        return text
    target = safe.replace("(", "%28").replace(")", "%29")
    return f"[{text}](<{target}>)" if " " in target else f"[{text}]({target})"


def _cell(verdict: Verdict | None) -> str:
    if verdict is None:
        return "–"
    return f"{_ICON[verdict.outcome]} {md(cell_text(verdict))}"


def _citation(citation: Citation) -> str:
    text = md(citation.document)
    if citation.section:
        text += f" §{md(citation.section)}"
    return md_link(text, citation.url)


def _finding(finding: Finding, depth: int, lines: list[str], where: str | None) -> None:
    pad = "  " * depth
    head = f"{pad}- {_ICON[finding.outcome]} **{md(finding.outcome.value)}**"
    if finding.waived is not None:
        head = f"{pad}- ⏸️ **waived** ({md(finding.outcome.value)})"
    if finding.severity.value != "error":
        head += f" \\({md(finding.severity.value)}\\)"
    head += f" `{finding.rule.replace('`', '')}` on {md(finding.subject)}: {md(finding.message)}"
    lines.append(head)
    if finding.waived is not None:
        lines.append(f"{pad}  *Waived:* {md(finding.waived)}")
    elif finding.how_to_fix and finding.outcome is not Outcome.PASS:
        lines.append(f"{pad}  *How to fix:* {md(finding.how_to_fix)}")
    extra = []
    if finding.citation is not None:
        extra.append(f"source: {_citation(finding.citation)}")
    if where:
        extra.append(f"at {md(where)}")
    if extra:
        lines.append(f"{pad}  <sub>{' · '.join(extra)}</sub>")
    for sub in finding.findings:
        if sub.outcome is not Outcome.PASS:
            _finding(sub, depth + 1, lines, None)


class MarkdownReporter:
    """A summary table and collapsed findings, safe to post as a comment."""

    name = "markdown"
    media_type = "text/markdown"
    suffix = ".md"

    def render(self, report: Report, *, color: bool = False) -> str:
        """GitHub-flavoured Markdown ending with a newline."""
        artifacts = report.artifact_ids()
        policies = report.policy_ids()
        cells = report.matrix()
        lines = ["## Openness report", ""]
        lines.append("| artifact | " + " | ".join(f"`{p}`" for p in policies) + " |")
        lines.append("|---|" + "---|" * len(policies))
        for artifact in artifacts:
            name = md(report.display_name(artifact))
            if report.display_name(artifact) != artifact:
                name += f"<br><sub>{md(artifact)}</sub>"
            row = [_cell(cells.get((artifact, p))) for p in policies]
            lines.append(f"| {name} | " + " | ".join(row) + " |")
        lines.extend(["", f"**{md(report.summary())}**", ""])
        by_verdict: dict[tuple[str, str], list[tuple[Finding, str | None]]] = {}
        for issue in report.issues():
            key = (issue.verdict.artifact, issue.verdict.policy)
            where = str(issue.location) if issue.location else None
            by_verdict.setdefault(key, []).append((issue.finding, where))
        if by_verdict:
            lines.extend(["### Findings that fail or are unknown", ""])
        for verdict in report.ordered():
            found = by_verdict.get((verdict.artifact, verdict.policy))
            if not found:
                continue
            title = html.escape(
                f"{clean(report.display_name(verdict.artifact), single_line=True)} · "
                f"{verdict.policy}: {cell_text(verdict)} ({len(found)} finding(s))"
            )
            lines.extend([f"<details><summary>{_ICON[verdict.outcome]} {title}</summary>", ""])
            for finding, where in found:
                _finding(finding, 0, lines, where)
            lines.extend(["", "</details>", ""])
        return "\n".join(lines).rstrip("\n") + "\n"
