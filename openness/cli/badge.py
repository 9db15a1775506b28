"""``openness badge ARTIFACT FILES... -p POLICY``: a verdict as an SVG badge for a README."""

from __future__ import annotations

import difflib
import sys

import click

from openness.cli.compare import load_or_exit, policies_or_exit
from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_atomic, write_stdout
from openness.cli.progress import quiet_option
from openness.display.badge import verdict_badge
from openness.errors import InputError
from openness.hub.ids import is_hub_id
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
    if not files and not is_hub_id(artifact_id):
        raise click.UsageError("give the FILES that define ARTIFACT (or a Hub id as ARTIFACT)")
    result = load_or_exit(files or (artifact_id,), quiet, depth)
    if is_hub_id(artifact_id) and result.hub_inputs.get(artifact_id):
        artifact_id = result.hub_inputs[artifact_id][0]
    (policy,) = policies_or_exit((policy_id,))
    ids = [a.id for a in result.artifacts]
    if artifact_id not in ids:
        close = difflib.get_close_matches(artifact_id, ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise click.BadParameter(
            f"no artifact {artifact_id!r} in the inputs{hint} (artifacts: {', '.join(ids[:10])})",
            param_hint="'ARTIFACT'",
        )
    try:
        verdicts = check(result.artifacts, [policy])
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    (verdict,) = (v for v in verdicts if v.artifact == artifact_id)
    svg = verdict_badge(verdict, label)
    if output and output != "-":
        write_atomic(output, svg)
    else:
        write_stdout(svg)
    sys.exit(EXIT_OK)
