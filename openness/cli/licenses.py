"""``openness licenses [ID]``: the knowledge base's facts and their sources."""

from __future__ import annotations

import dataclasses
import sys

import click

from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import write_json
from openness.licenses import Notion, evaluate, knowledge_base
from openness.licenses.facts import LicenseFacts


def _row(facts: LicenseFacts) -> dict[str, object]:
    return {k: v for k, v in dataclasses.asdict(facts).items() if v not in (None, (), False, [])}


#: The name column is cut at this width (with an ellipsis); ids are never cut.
_NAME_WIDTH = 50


def _table(rows: list[LicenseFacts]) -> list[str]:
    """Rows of id, name and restrictions, in columns as wide as their widest cell."""
    names = [
        f.name if len(f.name) <= _NAME_WIDTH else f.name[: _NAME_WIDTH - 1] + "…" for f in rows
    ]
    id_width = max((len(f.id) for f in rows), default=0)
    name_width = max((len(n) for n in names), default=0)
    out = []
    for facts, name in zip(rows, names, strict=True):
        flags = ", ".join(facts.restrictions) or facts.category or ""
        out.append(f"{facts.id:{id_width}}  {name:{name_width}}  {flags}".rstrip())
    return out


@click.command()
@click.argument("license_id", required=False)
@click.option("--search", help="List only licenses whose id or name contains this text.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def licenses(license_id: str | None, search: str | None, fmt: str) -> None:
    """Show what the knowledge base knows about LICENSE_ID (facts, judgements under every
    notion of freedom, and where each fact came from), or list the licenses it knows."""
    kb = knowledge_base()
    if license_id is None:
        needle = (search or "").lower()
        rows = [f for f in kb if needle in f.id.lower() or needle in f.name.lower()]
        if fmt == "json":
            write_json([_row(f) for f in rows], None)
        else:
            for line in _table(rows):
                click.echo(line)
            click.echo(f"{len(rows)} license(s); data: {kb.version}", err=True)
        sys.exit(EXIT_OK)
    facts = kb.get(license_id)
    if facts is None:
        click.echo(
            f"error: the knowledge base has no license {license_id!r}; "
            "list known ids with 'openness licenses --search TEXT'",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    judgements = {n.value: evaluate(facts.id, n) for n in Notion}
    if fmt == "json":
        data = _row(facts)
        data["judgements"] = {
            k: {"freedom": j.freedom.value, "reason": j.reason} for k, j in judgements.items()
        }
        write_json(data, None)
        sys.exit(EXIT_OK)
    for key, value in _row(facts).items():
        shown = ", ".join(map(str, value)) if isinstance(value, tuple) else value
        click.echo(f"{key:24} {shown}")
    click.echo("judgements:")
    for notion, judgement in judgements.items():
        click.echo(f"  {notion:22} {judgement.freedom.value:9} {judgement.reason}")
    sys.exit(EXIT_OK)
