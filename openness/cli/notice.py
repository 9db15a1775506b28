"""``openness notice ARTIFACT FILES...``: the attribution and notice text a release must carry."""

from __future__ import annotations

import sys

import click

from openness.cli.artifact import artifact_or_exit
from openness.cli.hub import depth_option
from openness.cli.main import EXIT_OK
from openness.cli.output import write_output
from openness.cli.progress import quiet_option
from openness.policy.notice import notice


@click.command("notice")
@click.argument("artifact_id", metavar="ARTIFACT")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "text"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically) instead of standard output.",
)
@depth_option
@quiet_option
def notice_command(
    artifact_id: str,
    files: tuple[str, ...],
    fmt: str,
    output: str | None,
    depth: int | None,
    quiet: bool,
) -> None:
    """Write the attribution and notice text that a release of ARTIFACT must carry for
    everything in its lineage: license texts to include, attribution texts to display
    ("Built with Llama"), naming rules, CC BY attributions of datasets, NOTICE files. The
    same input gives the same bytes. Exit 0, or 2 on bad input.

    ARTIFACT may be a Hub id (hf:ORG/NAME): with no FILES, it is resolved and read alone."""
    result, artifact_id = artifact_or_exit(artifact_id, files, quiet, depth)
    graph = result.graph()
    found = notice(artifact_id, graph)
    text = found.to_markdown() if fmt == "markdown" else found.to_text()
    write_output(output, text)
    sys.exit(EXIT_OK)
