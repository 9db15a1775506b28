"""``openness export``: write artifacts in a standard format."""

from __future__ import annotations

import sys

import click

from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_output
from openness.cli.progress import quiet_option
from openness.errors import InputError, OpennessError
from openness.exporters import exporter_names, get_exporter
from openness.loading import load
from openness.policy import check as judge
from openness.policy.registry import parse_option_args, resolve_policies


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
@click.option(
    "-p",
    "--policy",
    "policy_ids",
    multiple=True,
    metavar="ID",
    help="Judge under this policy (an id or a policy file; repeat for several) and embed the "
    "verdicts in the document. Default: no verdicts.",
)
@click.option(
    "--option",
    "option_args",
    multiple=True,
    metavar="POLICY.KEY=VALUE",
    help="A policy option for the verdicts, as in 'openness check'; repeat for several.",
)
@click.option("--strict", is_flag=True, help="Embedded verdicts count unknown as fail.")
@depth_option
@quiet_option
def export(
    files: tuple[str, ...],
    fmt: str,
    output: str | None,
    policy_ids: tuple[str, ...],
    option_args: tuple[str, ...],
    strict: bool,
    depth: int | None,
    quiet: bool,
) -> None:
    """Export the artifacts in FILES to a standard format (exit 2 on bad input).

    With -p, the artifacts are judged under those policies first and the verdicts are embedded
    in the document (where the format has room for them: annotations in SPDX, properties and
    annotations in CycloneDX). The exit code stays 0 whatever the verdicts say: gate with
    'openness check'."""
    if (option_args or strict) and not policy_ids:
        raise click.UsageError("--option and --strict set the embedded verdicts: add -p POLICY")
    result = load(list(files), depth=depth, quiet=quiet)
    if not result.ok:
        echo_problems(result.problems, quiet=quiet)
        sys.exit(EXIT_INPUT)
    try:
        verdicts = (
            judge(
                result.artifacts,
                resolve_policies(list(policy_ids)),
                strict=strict,
                options=parse_option_args(option_args),
            )
            if policy_ids
            else []
        )
        data = get_exporter(fmt).export(result.artifacts, verdicts)
    except InputError as exc:  # a setting the export reads (SOURCE_DATE_EPOCH) is malformed
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    except OpennessError as exc:
        # Input that cannot become a document of this format (for example no artifacts).
        click.echo(f"error: cannot export to {fmt}: {exc}", err=True)
        sys.exit(EXIT_INPUT)
    write_output(output, data)
    sys.exit(EXIT_OK)
