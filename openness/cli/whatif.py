"""``openness what-if``: the command around :func:`openness.whatif.plan`, which finds the
component changes that would raise an artifact to a policy (or one of its levels)."""

from __future__ import annotations

import json
import sys

import click

from openness.cli.artifact import artifact_or_exit
from openness.cli.compare import policies_or_exit
from openness.cli.hub import depth_option
from openness.cli.main import EXIT_FAIL, EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_output
from openness.cli.progress import Progress, quiet_option
from openness.display.escape import clean
from openness.errors import InputError
from openness.policy.registry import parse_option_args
from openness.policy.verdict import Outcome, Verdict
from openness.whatif import Change, Plan, apply, candidates, describe, plan, reached

__all__ = ["Change", "Plan", "apply", "candidates", "describe", "plan", "reached", "whatif"]


def _cell(verdict: Verdict) -> str:
    return f"{verdict.outcome.value} ({verdict.level})" if verdict.level else verdict.outcome.value


def mark_hypothetical(message: str, paths: tuple[str, ...]) -> str:
    """``message`` with every value it quotes from a field the what-if changed marked as the
    what-if's own: ``(at components[0].license)`` reads ``(at components[0].license, a value
    what-if tried)``."""
    for path in paths:
        message = message.replace(f"(at {path})", f"(at {path}, a value what-if tried)")
    return message


def render_text(result: Plan, name: str) -> str:
    """The plan in plain words; values the what-if tried are marked as such wherever a
    remaining finding quotes them."""
    lines = [f"{clean(name, single_line=True)} under {result.policy}: {_cell(result.before)} now"]
    if not result.changes and result.reachable:
        lines.append(f"It already reaches {result.target}; nothing to change.")
    elif result.reachable:
        steps = describe(result.changes)
        lines.append(f"To reach {result.target}, {len(steps)} change(s):")
        lines.extend(f"  - {step}" for step in steps)
        lines.append(f"After these changes: {_cell(result.after)}")
    else:
        lines.append(
            f"No change to its components or licenses reaches {result.target}; even with every "
            f"change tried it is {_cell(result.after)}. What still stands in the way, with "
            "every change tried:"
        )
        tried = result.hypothetical()
        for finding in result.after.findings:
            if finding.outcome in (Outcome.FAIL, Outcome.UNKNOWN):
                fix = f" (fix: {finding.how_to_fix})" if finding.how_to_fix else ""
                message = mark_hypothetical(finding.message, tried)
                text = f"{finding.rule} on {finding.subject}: {message}{fix}"
                lines.append(f"  - {clean(text, single_line=True)}")
    return "\n".join(lines) + "\n"


@click.command("what-if")
@click.argument("artifact_id", metavar="ARTIFACT")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-p", "--policy", "policy_id", required=True, metavar="ID", help="The policy.")
@click.option("--level", metavar="L", help="A level of a graded policy, such as class-2 for mof.")
@click.option(
    "--option",
    "option_args",
    multiple=True,
    metavar="POLICY.KEY=VALUE",
    help="A policy option (repeatable).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write here (atomically) instead of standard output.",
)
@depth_option
@quiet_option
def whatif(
    artifact_id: str,
    files: tuple[str, ...],
    policy_id: str,
    level: str | None,
    option_args: tuple[str, ...],
    fmt: str,
    output: str | None,
    depth: int | None,
    quiet: bool,
) -> None:
    """Which components of ARTIFACT (an id in FILES), under which licenses, would raise it to
    the policy (or --level): release what is not released, license what is unlicensed or not
    openly licensed, add what is missing; report the smallest set of changes found.

    Exit 0 when a set is found (or none is needed), 1 when no such change reaches the target,
    2 on bad input.

    ARTIFACT may be a Hub id (hf:ORG/NAME): with no FILES, it is resolved and read alone.
    """
    result, artifact_id = artifact_or_exit(artifact_id, files, quiet, depth)
    (policy,) = policies_or_exit((policy_id,))
    if level is not None and level not in policy.levels:
        choices = ", ".join(policy.levels) or "none (it does not grade)"
        raise click.BadParameter(
            f"policy {policy.id!r} has no level {level!r}; its levels: {choices}",
            param_hint="'--level'",
        )
    artifact = result.graph().artifacts[artifact_id]
    try:
        options = parse_option_args(option_args).get(policy.id)
        with Progress("Searching", quiet=quiet):
            found = plan(artifact, result.artifacts, policy, level, options)
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    if fmt == "json":
        text = json.dumps(found.to_dict(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = render_text(found, artifact.display_name)
    write_output(output, text)
    sys.exit(EXIT_OK if found.reachable else EXIT_FAIL)
