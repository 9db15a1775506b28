"""``openness import FORMAT FILE...``: read inputs with a named importer, write a manifest.

The manifest keeps everything the importer read: fields the model has, and the rest in
``extra``. Each file is imported on its own (a lineage target defined elsewhere is fine here;
``openness validate`` checks the result together with other files).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click
import yaml

from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_atomic, write_stdout
from openness.cli.progress import Progress, quiet_option
from openness.documents import read_document
from openness.errors import InputError, Problem, Severity
from openness.hub.ids import is_hub_id
from openness.importers import importers
from openness.loading import expand_inputs, load, load_document
from openness.model import Artifact, Manifest
from openness.schema import SCHEMA_ID

__all__ = ["import_command", "manifest_data"]


class _ImporterChoice(click.Choice):  # type: ignore[type-arg]
    """Choices read from the importer registry when the command runs."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        return list(importers())

    @choices.setter
    def choices(self, value: object) -> None:
        pass

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """A Hub id in place of FORMAT is an input, not a format (``import hf:ORG/NAME``)."""
        if is_hub_id(value):
            return value
        return super().convert(value, param, ctx)


def manifest_data(artifacts: list[Artifact]) -> dict[str, Any]:
    """A manifest document (plain JSON types) holding ``artifacts``."""
    dumped = [a.model_dump(mode="json", exclude_defaults=True, by_alias=True) for a in artifacts]
    data: dict[str, Any] = json.loads(json.dumps({"$schema": SCHEMA_ID, "artifacts": dumped}))
    Manifest.model_validate(data)  # what we write must read back
    return data


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=_ImporterChoice())
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the manifest here (atomically) instead of standard output.",
)
@click.option(
    "--to",
    "to",
    type=click.Choice(["yaml", "json"]),
    default=None,
    help="Manifest syntax (default: json when OUTPUT ends in .json, else yaml).",
)
@depth_option
@quiet_option
def import_command(
    fmt: str,
    files: tuple[str, ...],
    output: str | None,
    to: str | None,
    depth: int | None,
    quiet: bool,
) -> None:
    """Read FILES as FORMAT (any registered importer) and write one manifest with all their
    artifacts. A folder is read whole (a folder of cards, a Hub snapshot): its files that are
    not FORMAT are skipped with a warning. Problems go to stderr; exit 2, writing nothing,
    when a file has errors.

    'openness import hf:ORG/NAME [hf:...]' resolves Hub ids with their lineage (--depth) and
    writes the resolved manifest, pinned to the commits read and with the digests the cache
    records, so that the same check can be rerun offline and reviewed."""
    if is_hub_id(fmt):
        _import_hub((fmt, *files), output, to, depth, quiet)
    if not files:
        raise click.UsageError("give the FILES to read as FORMAT")
    artifacts: list[Artifact] = []
    inputs, problems = expand_inputs(files)
    reader = importers()[fmt]
    seen: dict[str, str] = {}
    with Progress("Importing", total=len(inputs), quiet=quiet) as bar:
        for name, folder in inputs:
            bar.advance()
            try:
                document = read_document(name)
                if folder is not None and not reader.detect(document):
                    problems.append(_not_this_format(name, folder, fmt, reader.description))
                    continue
                result = load_document(document, fmt)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            problems.extend(result.problems)
            for artifact, origin in zip(result.artifacts, result.origins, strict=True):
                if artifact.id in seen:
                    problems.append(
                        origin.document.problem(
                            (*origin.path, "id"),
                            f"duplicate artifact id {artifact.id!r}: also in {seen[artifact.id]}",
                        )
                    )
                    continue
                seen[artifact.id] = document.path
                artifacts.append(artifact)
    folders = [f for f in files if f != "-" and os.path.isdir(f)]
    if folders and not artifacts:
        problems.append(
            Problem(", ".join(folders), "", f"no {fmt} input found in the folder; nothing imported")
        )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    echo_problems(problems, quiet=quiet)
    if errors:
        sys.exit(EXIT_INPUT)
    _write_manifest(artifacts, output, to)
    if not quiet:
        click.echo(f"imported {len(artifacts)} artifact(s) from {len(inputs)} file(s)", err=True)
    sys.exit(EXIT_OK)


def _not_this_format(name: str, folder: str, fmt: str, description: str) -> Problem:
    """A file found in a folder that the chosen importer does not read: skipped with a warning
    (a folder holds other files too); named directly, the importer reports what is wrong."""
    return Problem(
        name,
        "",
        f"not a {fmt} input ({description}); skipped (found in the folder {folder})",
        severity=Severity.WARNING,
    )


def _import_hub(
    ids: tuple[str, ...], output: str | None, to: str | None, depth: int | None, quiet: bool
) -> None:
    """``import hf:...``: every artifact the ids resolve to, as one manifest; exit."""
    not_hub = [i for i in ids if not is_hub_id(i)]
    if not_hub:
        raise click.UsageError(
            f"{not_hub[0]}: after a Hub id give only Hub ids (files need a FORMAT: "
            "openness import FORMAT FILE...)"
        )
    result = load(list(ids), depth=depth, quiet=quiet)
    echo_problems(result.problems, quiet=quiet)
    if result.errors:
        sys.exit(EXIT_INPUT)
    _write_manifest(result.artifacts, output, to)
    if not quiet:
        click.echo(
            f"resolved {len(result.artifacts)} artifact(s) from {len(ids)} Hub id(s)", err=True
        )
    sys.exit(EXIT_OK)


def _write_manifest(artifacts: list[Artifact], output: str | None, to: str | None) -> None:
    data = manifest_data(artifacts)
    syntax = to or ("json" if output and output.lower().endswith(".json") else "yaml")
    if syntax == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    if output and output != "-":
        write_atomic(output, text)
    else:
        write_stdout(text)
