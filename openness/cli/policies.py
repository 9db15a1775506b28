"""``openness policies [ID]``: list the policies, or show one with its rules and options."""

from __future__ import annotations

import sys
from typing import Any

import click

from openness.cli.check import render_table
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo_problems, write_json
from openness.errors import InputError
from openness.policy import Policy
from openness.policy.registry import policy_ids, resolve_policies

__all__ = ["describe", "policies_command", "policy_dict"]


def policy_dict(policy: Policy) -> dict[str, Any]:
    """A policy's metadata, rules and options as a JSON-ready dict."""
    return {
        "id": policy.id,
        "version": policy.version,
        "title": policy.title,
        "summary": policy.summary,
        "levels": list(policy.levels),
        "data_hash": policy.data_hash(),
        "options": [
            {
                "name": o.name,
                "type": o.type.__name__,
                "default": o.default,
                "help": o.help,
            }
            for o in policy.options().values()
        ],
        "rules": [
            {
                "id": r.id,
                "title": r.title,
                "severity": r.severity.value,
                "passes": r.passes,
                "citation": r.citation.to_dict(),
            }
            for r in policy.rules()
        ],
    }


def describe(policy: Policy) -> str:
    """A policy in plain text: title, summary, levels, options, then each rule."""
    lines = [f"{policy.id} {policy.version}: {policy.title}", "", policy.summary, ""]
    if policy.levels:
        lines.append("levels (best first): " + ", ".join(policy.levels))
        lines.append("")
    options = policy.options()
    if options:
        lines.append("options:")
        for option in options.values():
            lines.append(
                f"  {option.name} ({option.type.__name__}, default {option.default!r}): "
                f"{option.help}"
            )
        lines.append("")
    lines.append("rules:")
    for rule in policy.rules():
        severity = "" if rule.severity.value == "error" else f" [{rule.severity.value}]"
        lines.append(f"  {rule.id}{severity}: {rule.title}")
        lines.append(f"      passes: {rule.passes}")
        cite = rule.citation
        where = ", ".join(x for x in (cite.document, cite.section) if x)
        lines.append(f"      clause: {where}" + (f" <{cite.url}>" if cite.url else ""))
        if cite.clause:
            lines.append(f'      "{cite.clause}"')
    return "\n".join(lines) + "\n"


@click.command("policies")
@click.argument("policy_id", required=False, metavar="[ID]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
def policies_command(policy_id: str | None, fmt: str) -> None:
    """List the policies (built-in, from plug-ins), or show policy ID (an id or a policy file)
    with its rules, clauses and options."""
    try:
        chosen = resolve_policies([policy_id] if policy_id else policy_ids())
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    if fmt == "json":
        data: Any = policy_dict(chosen[0]) if policy_id else [policy_dict(p) for p in chosen]
        write_json(data, None)
    elif policy_id:
        click.echo(describe(chosen[0]), nl=False)
    else:
        rows = [["id", "version", "levels", "title"]]
        rows.extend([p.id, p.version, ", ".join(p.levels) or "-", p.title] for p in chosen)
        click.echo(render_table(rows), nl=False)
    sys.exit(EXIT_OK)
