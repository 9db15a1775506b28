"""``openness diff OLD NEW``: what changed between two releases (and their verdicts)."""

from __future__ import annotations

import json
import sys

import click

from openness.cli.compare import load_or_exit, policies_or_exit
from openness.cli.hub import depth_option
from openness.cli.main import EXIT_FAIL, EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_output
from openness.cli.progress import quiet_option
from openness.diff import diff
from openness.errors import InputError
from openness.model import Artifact
from openness.policy import Policy, Verdict, check
from openness.reporters.baseline import is_report, read_report


def read_side(
    path: str, policies: list[Policy], quiet: bool, depth: int | None
) -> tuple[list[Artifact] | None, list[Verdict]]:
    """One side of a diff: a JSON report's verdicts, or the artifacts of any input we read and
    their verdicts under ``policies``."""
    if path.endswith(".json") and path != "-":
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            data = json.loads(text)
        except (OSError, UnicodeDecodeError, ValueError):
            data = None  # not a report: the loader says what is wrong with it
        if is_report(data):
            return None, read_report(text, path)
    result = load_or_exit((path,), quiet, depth)
    return list(result.artifacts), check(result.artifacts, policies)


@click.command("diff")
@click.argument("old", type=click.Path(allow_dash=False))
@click.argument("new", type=click.Path(allow_dash=False))
@click.option(
    "-p",
    "--policy",
    "policy_ids",
    multiple=True,
    metavar="ID",
    help="Judge manifests and SBOMs under this policy (repeatable; default every built-in one).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are changes (as git diff).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically) instead of standard output.",
)
@depth_option
@quiet_option
def diff_command(
    old: str,
    new: str,
    policy_ids: tuple[str, ...],
    fmt: str,
    exit_code: bool,
    output: str | None,
    depth: int | None,
    quiet: bool,
) -> None:
    """What changed from OLD to NEW, per artifact: verdicts and levels, licenses, components,
    lineage. Each is a manifest (or folder, or hf: id), an exported SBOM in any format openness
    reads, or a JSON report of 'openness check --format json' (then only verdicts compare).

    Exit 0 (with --exit-code: 0 when nothing changed, 1 when something did), 2 on bad input."""
    policies = policies_or_exit(policy_ids)
    try:
        old_artifacts, old_verdicts = read_side(old, policies, quiet, depth)
        new_artifacts, new_verdicts = read_side(new, policies, quiet, depth)
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    found = diff(old, new, old_artifacts, new_artifacts, old_verdicts, new_verdicts)
    if fmt == "json":
        text = json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = found.to_markdown()
    else:
        text = found.to_text()
    write_output(output, text)
    sys.exit(EXIT_FAIL if exit_code and found else EXIT_OK)
