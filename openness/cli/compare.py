"""``openness compare``: the artifact by policy matrix of every artifact in the inputs."""

from __future__ import annotations

import csv
import io
import json
import sys

import click

from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, nothing_to_judge, write_atomic, write_stdout
from openness.cli.partial import Judgeable, judgeable, report_problems
from openness.cli.progress import Progress, quiet_option
from openness.cli.reporting import color_enabled
from openness.display.escape import spreadsheet_safe
from openness.errors import InputError, Problem
from openness.index_comparison import compare_with_index
from openness.loading import LoadResult, load
from openness.policy import Comparison, Policy, compare
from openness.policy.registry import parse_option_args, resolve_policies
from openness.reporters import Report, get_reporter
from openness.reporters.markdown import md
from openness.reporters.text import render_matrix

__all__ = ["FORMATS", "compare_command", "load_or_exit", "policies_or_exit"]

#: Output formats of ``compare``.
FORMATS = ("text", "markdown", "json", "csv", "html")


def load_or_exit(
    files: tuple[str, ...], quiet: bool, depth: int | None = None, *, partial: bool = False
) -> LoadResult:
    """Load the inputs; on errors print every problem (errors first) and exit 2, or with
    ``partial`` go on with what can still be judged (:mod:`openness.cli.partial`; the caller
    exits 2 when the result has errors). Warnings are printed unless ``quiet``."""
    with Progress("Loading", quiet=quiet):
        result = load(list(files), depth=depth, quiet=True)  # (one bar at a time)
    found = judgeable(result) if partial else Judgeable(result)
    report_problems(found, quiet=quiet)
    if not result.ok and (not partial or not found.result.artifacts):
        sys.exit(EXIT_INPUT)
    if not result.artifacts:
        echo_problems([nothing_to_judge(files)])
        sys.exit(EXIT_INPUT)
    return found.result


def policies_or_exit(ids: tuple[str, ...]) -> list[Policy]:
    """The policies for ``--policy`` values (every built-in one when none); exit 2 naming the
    valid ids when one is unknown."""
    try:
        return resolve_policies(list(ids))
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)


def _markdown(comparison: Comparison) -> str:
    lines = ["| artifact | " + " | ".join(f"`{p}`" for p in comparison.policies) + " |"]
    lines.append("|---|" + "---|" * len(comparison.policies))
    for artifact in comparison.artifacts:
        cells = [md(comparison.cell(artifact, p)) for p in comparison.policies]
        name = md(comparison.names.get(artifact, artifact))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _csv(comparison: Comparison) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_safe(c) for c in ("artifact", "name", *comparison.policies)])
    for artifact in comparison.artifacts:
        name = comparison.names.get(artifact, artifact)
        row = [artifact, name, *(comparison.cell(artifact, p) for p in comparison.policies)]
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return buffer.getvalue()


def _beside_index(
    files: tuple[str, ...], result: LoadResult, comparison: Comparison, fmt: str
) -> str:
    """The --beside-index report; exit 2 when the inputs hold no index system."""
    beside = compare_with_index(result.artifacts, comparison)
    if not beside.rows:
        echo_problems(
            [
                Problem(
                    ", ".join(files),
                    "",
                    "--beside-index: no system of the European Open Source AI Index in these "
                    "inputs; give the index's system files (main-database/*.yaml)",
                )
            ]
        )
        sys.exit(EXIT_INPUT)
    if fmt == "json":
        return json.dumps(beside.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return beside.to_markdown() + "\n" + beside.summary_markdown()
    if fmt == "csv":
        return beside.to_csv()
    return beside.to_text()


@click.command("compare")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "-p",
    "--policy",
    "policy_ids",
    multiple=True,
    metavar="ID",
    help="A policy id or policy file (repeat for more; default: every built-in policy "
    "but the documentation profiles).",
)
@click.option(
    "--option",
    "option_args",
    multiple=True,
    metavar="POLICY.KEY=VALUE",
    help="A policy option, such as cost-aware.budget_flop=1e22 (repeatable).",
)
@click.option("--strict", is_flag=True, help="Count unknown as fail.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: a table; markdown: a table for release notes; json; csv; html: a "
    "self-contained page with the matrix, the lineage graph and the findings.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically) instead of standard output.",
)
@click.option(
    "--beside-index",
    is_flag=True,
    help="Set the verdicts beside the European Open Source AI Index's ratings, one row per "
    "index system in FILES (formats text, markdown, json, csv).",
)
@depth_option
@quiet_option
def compare_command(
    files: tuple[str, ...],
    policy_ids: tuple[str, ...],
    option_args: tuple[str, ...],
    strict: bool,
    fmt: str,
    output: str | None,
    beside_index: bool,
    depth: int | None,
    quiet: bool,
) -> None:
    """Judge every artifact in FILES under each policy and show them side by side: one row
    per artifact, one column per policy. Exit 0 (whatever the verdicts), 2 on bad input:
    what can be judged is still shown, and the inputs left out are named on stderr.

    With --beside-index, one row per system of the European Open Source AI Index in FILES:
    our verdicts beside what the index's ratings say about each policy's needs."""
    if beside_index and fmt == "html":
        raise click.UsageError("--beside-index writes text, markdown, json or csv, not html")
    result = load_or_exit(files, quiet, depth, partial=True)
    chosen = policies_or_exit(policy_ids)
    try:
        options = parse_option_args(option_args)
        with Progress("Judging", quiet=quiet):
            comparison = compare(result.artifacts, chosen, strict=strict, options=options)
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    to_file = output is not None and output != "-"
    if beside_index:
        text = _beside_index(files, result, comparison, fmt)
    elif fmt == "json":
        text = json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = _markdown(comparison)
    elif fmt == "csv":
        text = _csv(comparison)
    else:
        report = Report.from_load(comparison.verdicts.values(), result, chosen)
        if fmt == "html":
            text = get_reporter("html").render(report)
        else:
            text = render_matrix(report, color=not to_file and color_enabled(sys.stdout))
    if to_file:
        assert output is not None
        write_atomic(output, text)
    else:
        write_stdout(text)
    sys.exit(EXIT_OK if result.ok else EXIT_INPUT)
