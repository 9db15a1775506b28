"""A byte-count progress bar on standard error, shown only when standard error is a terminal."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["byte_progress"]


@contextmanager
def byte_progress(
    total: int, description: str = "hashing", *, enabled: bool | None = None
) -> Iterator[Callable[[int], None] | None]:
    """Yield a thread-safe ``advance(byte_count)`` callback driving a progress bar, or None
    when there is nothing to show (``enabled`` defaults to: standard error is a terminal).

    The bar is transient: it disappears when done, leaving the terminal to the report.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled or total <= 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = progress.add_task(description, total=total)
    lock = threading.Lock()
    pending = [0]
    step = 1 << 24  # refresh the bar every 16 MiB: cheap even at gigabytes per second

    def advance(count: int) -> None:
        with lock:
            pending[0] += count
            if pending[0] < step:
                return
            done, pending[0] = pending[0], 0
        progress.advance(task, done)

    with progress:
        yield advance
        progress.advance(task, pending[0])
