"""Writing a report in the format asked for, and the exit code that goes with it.

``openness check`` (and any command that judges) calls :func:`emit` once with its
:class:`~openness.reporters.Report`.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from collections.abc import Iterable
from typing import TextIO

import click

from openness.cli.output import write_atomic, write_stdout
from openness.reporters import FAIL_ON, Report, get_reporter, reporter_names
from openness.reporters.json import JsonReporter

__all__ = ["color_enabled", "emit"]


def color_enabled(stream: TextIO) -> bool:
    """Colour for ``stream``: never when ``NO_COLOR`` is set (no-color.org) or ``TERM=dumb``;
    always when ``FORCE_COLOR`` is set (CI logs that render ANSI); else when it is a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit(
    report: Report, fmt: str, output: str | None, fail_on: str, *, summary: bool = False
) -> int:
    """Render ``report`` as ``fmt`` to ``output`` (written atomically) or standard output
    (``None`` or ``-``), and return the exit code: 1 when the report fails at the ``fail_on``
    level (``error`` or ``warning``), else 0.

    File paths in the report are shown relative to the current folder (as CI annotations and
    SARIF need) unless the report sets ``base``. Unknown formats and levels are usage errors
    that list the valid choices. The text format wraps its findings at the terminal's width
    when it writes to one, and ``summary`` gives only its table and counts.
    """
    try:
        reporter = get_reporter(fmt)
    except KeyError:
        raise click.BadParameter(
            f"unknown format {fmt!r}; choose from {', '.join(reporter_names())}",
            param_hint="'--format'",
        ) from None
    if fail_on not in FAIL_ON:
        raise click.BadParameter(
            f"unknown level {fail_on!r}; choose from {', '.join(FAIL_ON)}",
            param_hint="'--fail-on'",
        )
    if report.base is None:
        report = dataclasses.replace(report, base=os.getcwd())
    to_file = output is not None and output != "-"
    color = not to_file and color_enabled(sys.stdout)
    # The text and JSON formats come in pieces, written as they are made: the whole text of
    # a large report at once took several times its size in memory (benchmarks/bench_memory.py).
    text: str | Iterable[str]
    if fmt == "text":
        from openness.reporters.text import TextReporter, render_matrix

        assert isinstance(reporter, TextReporter)
        if summary:
            text = render_matrix(report, color=color)
        else:
            width = shutil.get_terminal_size().columns if _is_terminal(sys.stdout) else None
            text = reporter.chunks(report, color=color, width=width)
    elif isinstance(reporter, JsonReporter):
        text = reporter.chunks(report, color=color)
    else:
        text = reporter.render(report, color=color)
    if to_file:
        assert output is not None
        write_atomic(output, text)
    else:
        write_stdout(text)
    return report.exit_code(fail_on)
