"""``openness schema``: print the manifest's JSON Schema."""

from __future__ import annotations

import click

from openness.cli.output import write_json
from openness.schema import manifest_schema


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the schema here (atomically).",
)
def schema(output: str | None) -> None:
    """Print the JSON Schema (2020-12) of the manifest format, generated from the model."""
    write_json(manifest_schema(), output)
