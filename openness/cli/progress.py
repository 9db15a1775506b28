"""A progress bar on standard error, only when it is a terminal and the work takes a moment.

Use :class:`Progress` around slow work and :data:`quiet_option` on the command::

    with Progress("Checking", total=len(files), quiet=quiet) as bar:
        for name in files:
            ...
            bar.advance()

The bar appears only after ``delay`` seconds (fast runs print nothing), is removed when the work
ends, and never writes to standard output, so reports piped elsewhere stay clean.
"""

from __future__ import annotations

import os
import sys
import threading
from types import TracebackType
from typing import TextIO

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as RichProgress

__all__ = ["Progress", "progress_enabled", "quiet_option"]

#: ``-q/--quiet``: no progress bar (and nothing else that is not the result).
quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    default=False,
    help="Print only the result: no progress bar and no warnings on stderr.",
)


def progress_enabled(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """True when a progress bar may be shown: not quiet, and ``stream`` (stderr) is a
    terminal that is not ``TERM=dumb``."""
    if quiet or os.environ.get("TERM") == "dumb":
        return False
    target = stream if stream is not None else sys.stderr
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """A delayed, transient rich progress bar on stderr; a no-op when not enabled.

    ``total=None`` shows a spinner with the elapsed time (for one long call); ``advance`` is
    safe to call from the worker while the bar is being drawn.
    """

    def __init__(
        self,
        description: str,
        total: int | None = None,
        *,
        quiet: bool = False,
        delay: float = 0.5,
        stream: TextIO | None = None,
    ) -> None:
        self.description = description
        self.total = total
        self.completed = 0
        self.delay = delay
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled(quiet, self.stream)
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._closed = False

    def __enter__(self) -> Progress:
        if self.enabled:
            self._timer = threading.Timer(self.delay, self._start)
            self._timer.daemon = True
            self._timer.start()
        return self

    def _start(self) -> None:
        with self._lock:
            if self._closed:
                return
            columns = [SpinnerColumn(), TextColumn("{task.description}")]
            if self.total is not None:
                columns += [BarColumn(), MofNCompleteColumn()]
            columns.append(TimeElapsedColumn())
            console = Console(file=self.stream, stderr=True)
            self._bar = RichProgress(*columns, console=console, transient=True)
            self._bar.start()
            self._task = self._bar.add_task(
                self.description, total=self.total, completed=self.completed
            )

    def advance(self, amount: int = 1) -> None:
        """Count ``amount`` more items done."""
        with self._lock:
            self.completed += amount
            if self._bar is not None and self._task is not None:
                self._bar.update(self._task, completed=self.completed)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()
