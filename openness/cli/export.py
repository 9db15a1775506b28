"""``openness export``: write artifacts in a standard format."""

from __future__ import annotations

import sys

import click

from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_atomic, write_stdout
from openness.cli.progress import quiet_option
from openness.errors import InputError, OpennessError
from openness.exporters import exporter_names, get_exporter
from openness.loading import load


class _FormatChoice(click.Choice):  # type: ignore[type-arg]
    """Choices read from the exporter registry when the command runs."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        return exporter_names()

    @choices.setter
    def choices(self, value: object) -> None:
        pass


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--to", "fmt", required=True, type=_FormatChoice(), help="The output format.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically) instead of standard output.",
)
@depth_option
@quiet_option
def export(
    files: tuple[str, ...], fmt: str, output: str | None, depth: int | None, quiet: bool
) -> None:
    """Export the artifacts in FILES to a standard format (exit 2 on bad input)."""
    result = load(list(files), depth=depth, quiet=quiet)
    if not result.ok:
        echo_problems(result.problems, quiet=quiet)
        sys.exit(EXIT_INPUT)
    try:
        data = get_exporter(fmt).export(result.artifacts)
    except InputError as exc:  # a setting the export reads (SOURCE_DATE_EPOCH) is malformed
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    except OpennessError as exc:
        # Input that cannot become a document of this format (for example no artifacts).
        click.echo(f"error: cannot export to {fmt}: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    if output and output != "-":
        write_atomic(output, data)
    else:
        write_stdout(data)
    sys.exit(EXIT_OK)
