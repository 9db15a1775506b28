"""The command-line options for Hub ids (``hf:ORG/NAME``), which every command that reads
inputs accepts in place of a file: ``--depth``, how far up the lineage to resolve."""

from __future__ import annotations

import click

__all__ = ["depth_option"]

#: ``--depth N``: resolve the lineage of Hub ids N steps up (default: the whole chain).
depth_option = click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="For Hub ids (hf:ORG/NAME[@REVISION], hf:datasets/ORG/NAME): follow base models and "
    "datasets N steps up the lineage (0: the named repositories only) [default: the whole "
    "chain]; what lies beyond is a stub.",
)
