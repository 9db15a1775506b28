"""Progress on standard error: one helper for every slow step (items or bytes).

A bar appears only when standard error is a terminal (not ``TERM=dumb``), the caller is not
quiet, and the work takes longer than ``delay`` seconds; it is removed when the work ends and
never writes to standard output, so reports piped elsewhere stay clean::

    with Progress("Checking", total=len(files), quiet=quiet) as bar:
        for name in files:
            ...
            bar.advance()

``unit="bytes"`` shows sizes, speed and time left (hashing, downloads) and redraws at most once
per 16 MiB, so a callback called for every block costs next to nothing.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Literal, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

__all__ = ["Progress", "byte_progress", "progress_enabled"]

#: Bytes mode redraws the bar after this many more bytes.
_BYTE_STEP = 1 << 24


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

    ``total=None`` shows a spinner with the elapsed time (for one long call). ``advance`` is
    safe to call from worker threads while the bar is being drawn. ``enabled`` overrides the
    terminal test (``None``: decide by :func:`progress_enabled`).
    """

    def __init__(
        self,
        description: str,
        total: int | None = None,
        *,
        quiet: bool = False,
        delay: float = 0.5,
        stream: TextIO | None = None,
        unit: Literal["items", "bytes"] = "items",
        enabled: bool | None = None,
    ) -> None:
        self.description = description
        self.total = total
        self.completed = 0
        self.delay = delay
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_enabled(quiet, self.stream) if enabled is None else enabled
        self._shown = 0
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
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )
        from rich.progress import Progress as Rich

        with self._lock:
            if self._closed:
                return
            columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.description}")]
            if self.total is not None and self.unit == "bytes":
                columns += [BarColumn(), DownloadColumn(), TransferSpeedColumn()]
                columns.append(TimeRemainingColumn())
            elif self.total is not None:
                columns += [BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
            else:
                columns.append(TimeElapsedColumn())
            bar = Rich(*columns, console=Console(file=self.stream, stderr=True), transient=True)
            bar.start()
            self._task = bar.add_task(self.description, total=self.total, completed=self.completed)
            self._bar = bar
            self._shown = self.completed

    def advance(self, amount: int = 1) -> None:
        """Count ``amount`` more items (or bytes) done."""
        with self._lock:
            self.completed += amount
            bar = self._bar
            if bar is None or self._task is None:
                return
            if self.unit == "bytes" and self.completed - self._shown < _BYTE_STEP:
                return
            self._shown = self.completed
            bar.update(self._task, completed=self.completed)

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


@contextmanager
def byte_progress(
    total: int, description: str = "hashing", *, enabled: bool | None = None
) -> Iterator[Callable[[int], None] | None]:
    """Yield a thread-safe ``advance(byte_count)`` callback driving a bytes :class:`Progress`,
    or None when there is nothing to show (``enabled`` defaults to: standard error is a
    terminal)."""
    if enabled is None:
        enabled = progress_enabled()
    if not enabled or total <= 0:
        yield None
        return
    with Progress(description, total, unit="bytes", enabled=True, delay=0.2) as bar:
        yield bar.advance
