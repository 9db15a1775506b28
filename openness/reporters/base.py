"""The reporter interface: a :class:`~openness.reporters.report.Report` to one text format."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from openness.reporters.report import Report

__all__ = ["Reporter"]


@runtime_checkable
class Reporter(Protocol):
    """One report format, such as ``sarif``.

    ``render`` is deterministic: the same report gives the same text (no clocks, no random ids).
    ``color`` asks for terminal colour; formats other than ``text`` ignore it.
    """

    name: str  # the format name, part of the CLI interface
    media_type: str
    suffix: str  # the usual file name suffix, with the dot

    def render(self, report: Report, *, color: bool = False) -> str:
        """The report in this format."""
        ...
