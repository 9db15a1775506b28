"""``openness may USE ARTIFACT FILES...``: may I use it for USE? yes, no, conditional, unknown."""

from __future__ import annotations

import difflib
import json
import sys

import click

from openness.cli.artifact import artifact_or_exit
from openness.cli.hub import depth_option
from openness.cli.main import EXIT_FAIL, EXIT_OK
from openness.cli.output import write_output, write_stdout
from openness.cli.progress import quiet_option
from openness.display.escape import clean
from openness.policy.uses import USES, Answer, UseAnswer, cite, may

_IDS = [u.id for u in USES]


def _text(found: UseAnswer) -> str:
    lines = [f"{found.artifact}: {found.use}: {found.answer.value}"]
    if found.conditions:
        lines.append("  conditions:")
        lines.extend(f"    - {clean(c, single_line=True)}" for c in found.conditions)
    reasons = [*found.reasons, *found.notes]
    if reasons:
        lines.append("  reasons:")
        seen: set[str] = set()
        for reason in reasons:
            line = clean(cite(reason), single_line=True)
            if line not in seen:
                seen.add(line)
                lines.append(f"    - {line}")
    return "\n".join(lines) + "\n"


def _vocabulary() -> str:
    width = max(len(u.id) for u in USES)
    return "".join(f"{u.id.ljust(width)}  {u.meaning}\n" for u in USES)


@click.command("may")
@click.argument("use", required=False, metavar="USE")
@click.argument("artifact_id", required=False, metavar="ARTIFACT")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--list", "list_uses", is_flag=True, help="Print the uses and what each means.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option("--strict", is_flag=True, help="Exit 1 for unknown and conditional too.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically) instead of standard output.",
)
@depth_option
@quiet_option
def may_command(
    use: str | None,
    artifact_id: str | None,
    files: tuple[str, ...],
    list_uses: bool,
    fmt: str,
    strict: bool,
    output: str | None,
    depth: int | None,
    quiet: bool,
) -> None:
    """May ARTIFACT (an id in FILES, or a Hub id) be used for USE? Answers yes, no,
    conditional (with the conditions) or unknown, through the lineage: a fine-tune carries its
    base's terms. Every reason cites the license, the clause and the artifact it comes from.

    Exit 0 for yes or conditional, 1 for no (and for unknown or conditional with --strict), 2
    on bad input. `openness may --list` prints the uses."""
    if list_uses:
        write_stdout(_vocabulary())
        sys.exit(EXIT_OK)
    if use is None or artifact_id is None:
        raise click.UsageError("give USE and ARTIFACT (and the FILES that define it)")
    if use not in _IDS:
        close = difflib.get_close_matches(use, _IDS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise click.BadParameter(
            f"unknown use {use!r}; {hint}choose from {', '.join(_IDS)} ('openness may --list')",
            param_hint="'USE'",
        )
    result, artifact_id = artifact_or_exit(artifact_id, files, quiet, depth)
    graph = result.graph()
    found = may(use, artifact_id, graph)
    if fmt == "json":
        text = json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "markdown":
        text = found.to_markdown()
    else:
        text = _text(found)
    write_output(output, text)
    ok = {Answer.YES} if strict else {Answer.YES, Answer.CONDITIONAL}
    sys.exit(EXIT_OK if found.answer in ok else EXIT_FAIL)
