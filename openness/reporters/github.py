"""The ``github`` format: GitHub Actions workflow commands that annotate the manifest lines.

One ``::error`` / ``::warning`` / ``::notice`` line per failing or unknown finding, with
``file`` and ``line`` where known, then a summary notice. Values are escaped as the Actions
toolkit does (``%``, CR and LF in messages; also ``:`` and ``,`` in properties), so metadata
cannot end a command early or inject another one.
"""

from __future__ import annotations

from openness.display.escape import clean
from openness.reporters.report import Report

__all__ = ["GithubReporter", "escape_data", "escape_property"]


def escape_data(value: str) -> str:
    """Escape a workflow command's message."""
    return clean(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(value: str) -> str:
    """Escape a workflow command's property value."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """Annotations for a GitHub Actions log (and the pull request's changed files)."""

    name = "github"
    media_type = "text/plain"
    suffix = ".txt"

    def render(self, report: Report, *, color: bool = False) -> str:
        """One workflow command a line."""
        lines = []
        for issue in report.issues():
            verdict, finding = issue.verdict, issue.finding
            command = "notice" if issue.level == "note" else issue.level
            props = []
            if issue.location is not None:
                props.append(f"file={escape_property(issue.location.file)}")
                if issue.location.line:
                    props.append(f"line={issue.location.line}")
            title = f"{verdict.policy}: {finding.rule} ({finding.outcome.value})"
            props.append(f"title={escape_property(title)}")
            message = f"{report.display_name(verdict.artifact)} ({finding.subject}): "
            message += finding.message
            if finding.waived is not None:
                message += f"\nWaived: {finding.waived}"
            elif finding.how_to_fix:
                message += f"\nHow to fix: {finding.how_to_fix}"
            lines.append(f"::{command} {','.join(props)}::{escape_data(message)}")
        lines.append(f"::notice title=openness::{escape_data(report.summary())}")
        return "\n".join(lines) + "\n"
