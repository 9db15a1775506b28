"""Reporters: verdicts to text, JSON, Markdown, GitHub annotations, SARIF, JUnit and HTML.

Built-ins are listed in :data:`REPORTERS` and imported on first use; third parties register
more through the ``openness.reporters`` entry point group (an object with ``name``,
``media_type``, ``suffix`` and ``render(report, *, color=False)``; see :class:`Reporter`).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.metadata import entry_points

from openness.reporters.base import Reporter
from openness.reporters.report import FAIL_ON, Issue, Location, Report

__all__ = [
    "FAIL_ON",
    "REPORTERS",
    "Issue",
    "Location",
    "Report",
    "Reporter",
    "get_reporter",
    "reporter_names",
]

#: Format name -> "module:Class". The names are part of the CLI interface (``--format``).
REPORTERS: dict[str, str] = {
    "text": "openness.reporters.text:TextReporter",
    "json": "openness.reporters.json:JsonReporter",
    "markdown": "openness.reporters.markdown:MarkdownReporter",
    "html": "openness.reporters.html:HtmlReporter",
    "sarif": "openness.reporters.sarif:SarifReporter",
    "junit": "openness.reporters.junit:JunitReporter",
    "github": "openness.reporters.github:GithubReporter",
}


def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group="openness.reporters")}


def reporter_names() -> list[str]:
    """Every format name, built-ins first."""
    names = list(REPORTERS)
    names.extend(n for n in sorted(_entry_points()) if n not in REPORTERS)
    return names


@cache
def get_reporter(name: str) -> Reporter:
    """The reporter for a format name; ``KeyError`` names the valid choices."""
    spec = REPORTERS.get(name) or _entry_points().get(name)
    if spec is None:
        raise KeyError(f"unknown report format {name!r}; choose from {', '.join(reporter_names())}")
    module, _, attr = spec.partition(":")
    obj = getattr(import_module(module), attr)
    reporter = obj() if isinstance(obj, type) else obj
    if not isinstance(reporter, Reporter):  # pragma: no cover - programming error
        raise TypeError(f"{spec} is not a reporter")
    return reporter
