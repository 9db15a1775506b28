"""``openness validate``: load and check inputs, report every problem."""

from __future__ import annotations

import sys

import click

from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, problem_lines, write_atomic, write_json
from openness.cli.progress import quiet_option
from openness.loading import load


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: problems on stderr and a summary; json: a report on stdout.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the report here (atomically) instead of to the terminal: in text format, the "
    "problems and the summary.",
)
@depth_option
@quiet_option
def validate(
    files: tuple[str, ...], fmt: str, output: str | None, depth: int | None, quiet: bool
) -> None:
    """Load FILES (manifests and every other known input; '-' reads stdin), check them
    together, and report every problem: exit 0 when valid, 2 when not."""
    result = load(list(files), depth=depth, quiet=quiet)
    if fmt == "json":
        write_json(
            {
                "valid": result.ok,
                "artifacts": [
                    a.model_dump(mode="json", exclude_defaults=True) for a in result.artifacts
                ],
                "errors": [p.as_dict() for p in result.errors],
                "warnings": [p.as_dict() for p in result.warnings],
            },
            output,
        )
    else:
        state = "valid" if result.ok else "invalid"
        summary = (
            f"{state}: {len(result.artifacts)} artifact(s), {len(result.errors)} error(s), "
            f"{len(result.warnings)} warning(s)"
        )
        if output and output != "-":
            write_atomic(output, "\n".join([*problem_lines(result.problems), summary]) + "\n")
        else:
            echo_problems(result.problems, quiet=quiet)
            click.echo(summary, err=not result.ok)
    sys.exit(EXIT_OK if result.ok else EXIT_INPUT)
