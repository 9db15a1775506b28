"""The ``-q/--quiet`` option of the commands, and the progress bar they show
(:mod:`openness.progress`, re-exported here)."""

from __future__ import annotations

import click

from openness.progress import Progress, progress_enabled

__all__ = ["Progress", "progress_enabled", "quiet_option"]

#: ``-q/--quiet``: no progress bar (and nothing else that is not the result).
quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    default=False,
    help="Print only the result: no progress bar and no warnings on stderr.",
)
