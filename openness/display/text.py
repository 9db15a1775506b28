"""Plain-text views of artifacts, verdicts and comparisons: the fallback shown where HTML with
styles cannot be (a sanitising notebook viewer, a console), and the ``text/plain`` half of a
notebook's output."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openness.display.escape import clean
from openness.model import Artifact
from openness.policy.verdict import Finding, Outcome, Verdict

__all__ = ["artifact_text", "cell_text", "finding_text", "matrix_text", "verdict_text"]


def cell_text(verdict: Verdict | None) -> str:
    """A verdict in a few characters: ``pass``, ``fail (class-3)``, ``-`` for none."""
    if verdict is None:
        return "-"
    if verdict.outcome is Outcome.NOT_APPLICABLE:
        return "n/a"
    text = verdict.outcome.value
    return f"{text} ({verdict.level})" if verdict.level else text


def artifact_text(artifact: Artifact) -> str:
    """An artifact in a few lines: id, kind, license, components and lineage."""
    lines = [f"{clean(artifact.display_name, single_line=True)} [{artifact.kind.value}]"]
    if artifact.name:
        lines.append(f"  id: {clean(artifact.id)}")
    if artifact.version:
        lines.append(f"  version: {clean(artifact.version, single_line=True)}")
    lines.append(f"  license: {clean(artifact.license) if artifact.license else 'unstated'}")
    for index, component in enumerate(artifact.components):
        state = component.availability.value if component.availability else "availability ?"
        lic = clean(component.license) if component.license else "license ?"
        lines.append(f"  components[{index}] {component.role.value}: {lic}, {state}")
    for edge in artifact.lineage:
        lines.append(f"  {edge.relation.value} {clean(edge.target)}")
    return "\n".join(lines)


def finding_text(finding: Finding, indent: str = "  ") -> list[str]:
    """A finding and its sub-findings that are not passing, as indented lines."""
    lines = [
        f"{indent}{finding.outcome.value} {finding.rule} ({clean(finding.subject)}): "
        f"{clean(finding.message, single_line=True)}"
    ]
    if finding.how_to_fix and finding.outcome is not Outcome.PASS:
        lines.append(f"{indent}  fix: {clean(finding.how_to_fix, single_line=True)}")
    for sub in finding.findings:
        if sub.outcome is not Outcome.PASS:
            lines.extend(finding_text(sub, indent + "  "))
    return lines


def verdict_text(verdict: Verdict) -> str:
    """A verdict: the outcome line, then its findings that are not passing."""
    head = (
        f"{clean(verdict.artifact)} under {verdict.policy} {verdict.policy_version}: "
        f"{cell_text(verdict)}"
    )
    lines = [head]
    for finding in verdict.findings:
        if finding.outcome in (Outcome.FAIL, Outcome.UNKNOWN):
            lines.extend(finding_text(finding))
    rest = sum(1 for f in verdict.findings if f.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE))
    if rest:
        lines.append(f"  ({rest} passing or not applicable finding(s) not shown)")
    return "\n".join(lines)


def matrix_text(
    artifacts: Sequence[str],
    policies: Sequence[str],
    cells: Mapping[tuple[str, str], Verdict],
    names: Mapping[str, str] | None = None,
) -> str:
    """An artifact by policy table in fixed-width columns."""
    names = names or {}
    first = [clean(names.get(a, a), single_line=True) for a in artifacts]
    rows = [[cell_text(cells.get((a, p))) for p in policies] for a in artifacts]
    widths = [max([len("artifact"), *map(len, first)])]
    for j, policy in enumerate(policies):
        widths.append(max([len(policy), *(len(r[j]) for r in rows)]))
    header = ["artifact", *policies]
    out = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
    for name, row in zip(first, rows, strict=True):
        out.append(
            "  ".join(c.ljust(w) for c, w in zip([name, *row], widths, strict=True)).rstrip()
        )
    return "\n".join(out)
