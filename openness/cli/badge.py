"""``openness badge ARTIFACT FILES... -p POLICY``: a verdict as an SVG badge for a README."""

from __future__ import annotations

import sys

import click

from openness.cli.artifact import artifact_or_exit
from openness.cli.compare import policies_or_exit
from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_output
from openness.cli.progress import quiet_option
from openness.display.badge import verdict_badge
from openness.errors import InputError
from openness.policy import check


@click.command()
@click.argument("artifact_id", metavar="ARTIFACT")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-p", "--policy", "policy_id", required=True, metavar="ID", help="The policy.")
@click.option("--label", help="The badge's left text (default: the policy's short name).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the SVG here (atomically) instead of standard output.",
)
@depth_option
@quiet_option
def badge(
    artifact_id: str,
    files: tuple[str, ...],
    policy_id: str,
    label: str | None,
    output: str | None,
    depth: int | None,
    quiet: bool,
) -> None:
    """Write ARTIFACT's verdict under one policy as an SVG badge: 'MOF | Class II',
    'OSAID | pass'. The SVG embeds no external resource (no font, image or link), so a README
    shows it without fetching anything. Exit 0 when the badge is written, whatever the
    verdict; 2 on bad input.

    ARTIFACT may be a Hub id (hf:ORG/NAME): with no FILES, it is resolved and read alone."""
    result, artifact_id = artifact_or_exit(artifact_id, files, quiet, depth)
    (policy,) = policies_or_exit((policy_id,))
    try:
        verdicts = check(result.artifacts, [policy])
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    (verdict,) = (v for v in verdicts if v.artifact == artifact_id)
    svg = verdict_badge(verdict, label)
    write_output(output, svg)
    sys.exit(EXIT_OK)
