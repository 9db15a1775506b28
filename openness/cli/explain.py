"""``openness explain ID [FILE...]``: what a rule (or a policy) checks, the clause it cites,
what passes; with files, its findings on each artifact."""

from __future__ import annotations

import difflib
import sys

import click

from openness.cli.check import subject_text
from openness.cli.hub import depth_option
from openness.cli.main import EXIT_INPUT, EXIT_OK
from openness.cli.output import echo, echo_problems
from openness.cli.policies import describe
from openness.errors import InputError, Problem
from openness.hub.ids import is_hub_id
from openness.loading import LoadResult, load
from openness.model import Artifact
from openness.policy import Policy, check
from openness.policy.base import RuleInfo
from openness.policy.registry import get_policy, policy_ids
from openness.policy.verdict import Finding, Verdict

__all__ = ["explain", "find_rule"]


def find_rule(rule_id: str) -> tuple[Policy, RuleInfo]:
    """The policy and rule for a rule id such as ``osaid/parameters-license``; raises
    :class:`InputError` with a did-you-mean when there is none."""
    policy_id = rule_id.split("/", 1)[0]
    known: list[str] = []
    for candidate in [policy_id, *(p for p in policy_ids() if p != policy_id)]:
        try:
            policy = get_policy(candidate)
        except InputError:
            continue
        for rule in policy.rules():
            if rule.id == rule_id:
                return policy, rule
            known.append(rule.id)
    close = difflib.get_close_matches(rule_id, known + policy_ids(), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise InputError(
        [
            Problem(
                "ID",
                rule_id,
                f"no policy or rule {rule_id!r}{hint} ('openness policies' lists the policies, "
                "'openness policies ID' their rules)",
            )
        ]
    )


def _rule_text(policy: Policy, rule: RuleInfo) -> str:
    cite = rule.citation
    lines = [
        f"{rule.id} ({policy.id} {policy.version}, severity {rule.severity.value})",
        f"  {rule.title}",
        f"  passes: {rule.passes}",
        f"  document: {cite.document}",
    ]
    if cite.section:
        lines.append(f"  section: {cite.section}")
    if cite.url:
        lines.append(f"  url: {cite.url}")
    if cite.clause:
        lines.append(f'  clause: "{cite.clause}"')
    return "\n".join(lines) + "\n"


def _finding_text(finding: Finding, artifact: Artifact, depth: int = 1) -> list[str]:
    pad = "  " * depth
    lines = [
        f"{pad}{finding.outcome.value} [{subject_text(artifact, finding.subject)}] "
        f"{finding.message}"
    ]
    if finding.how_to_fix:
        lines.append(f"{pad}  how to fix: {finding.how_to_fix}")
    for evidence in finding.evidence:
        where = evidence.source + (f" at {evidence.locator}" if evidence.locator else "")
        note = f": {evidence.note}" if evidence.note else ""
        lines.append(f"{pad}  evidence ({evidence.kind.value}): {where}{note}")
    for sub in finding.findings:
        lines.extend(_finding_text(sub, artifact, depth + 1))
    return lines


def _verdict_text(verdict: Verdict, artifact: Artifact, rule: RuleInfo | None) -> str:
    level = f" ({verdict.level})" if verdict.level else ""
    lines = [f"\n{artifact.display_name} under {verdict.policy}: {verdict.outcome.value}{level}"]
    for ref in verdict.upstream:
        ref_level = f" ({ref.level})" if ref.level else ""
        lines.append(f"  upstream {ref.artifact} ({ref.relation}): {ref.outcome.value}{ref_level}")
    for finding in verdict.findings:
        if rule is None or finding.rule == rule.id:
            lines.extend(_finding_text(finding, artifact))
    return "\n".join(lines)


def _artifact(result: LoadResult, wanted: str) -> Artifact | None:
    for artifact in result.artifacts:
        if wanted in (artifact.id, artifact.name, artifact.purl):
            return artifact
    return None


@click.command()
@click.argument("rule_id", metavar="ID")
@click.argument("files", nargs=-1, type=click.Path(allow_dash=True))
@depth_option
def explain(rule_id: str, files: tuple[str, ...], depth: int | None) -> None:
    """Explain ID: a rule (such as osaid/parameters-license) or a policy: the clause it cites
    and what passes; with FILES, its findings on each artifact, with evidence. Or an artifact
    id in FILES: every verdict on it, with every finding; a Hub id (hf:ORG/NAME) as ID needs
    no FILES."""
    result = None
    if is_hub_id(rule_id) and not files:
        files = (rule_id,)
    if files:
        result = load(list(files), depth=depth)
        if not result.ok:
            echo_problems(result.problems)
            sys.exit(EXIT_INPUT)
        resolved = result.hub_inputs.get(rule_id)
        target = _artifact(result, resolved[0] if resolved else rule_id)
        if target is not None and rule_id not in policy_ids():
            for verdict in check(result.artifacts):
                if verdict.artifact == target.id:
                    echo(_verdict_text(verdict, target, None))
            sys.exit(EXIT_OK)
    try:
        if rule_id in policy_ids():
            policy, rule = get_policy(rule_id), None
        else:
            policy, rule = find_rule(rule_id)
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    echo(describe(policy) if rule is None else _rule_text(policy, rule), nl=False)
    if result is None:
        sys.exit(EXIT_OK)
    artifacts = {a.id: a for a in result.artifacts}
    for verdict in check(result.artifacts, [policy]):
        echo(_verdict_text(verdict, artifacts[verdict.artifact], rule))
    sys.exit(EXIT_OK)
