"""What changed between two releases: artifacts (licenses, components, lineage) and verdicts.

Pure functions of two sets of artifacts and two sets of verdicts (from a manifest, an imported
SBOM, a Hub id, or a JSON report read back). Changes come per artifact, in the new input's
order (artifacts only in the old input last), each as *what* changed from *old* to *new*;
rendered as text, JSON and Markdown (for a pull-request comment). Linear in the inputs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openness._gc import gc_paused
from openness.model import Artifact, Component
from openness.policy.verdict import Verdict

__all__ = ["Change", "Diff", "diff"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: ``kind`` is ``artifact``, ``license``, ``component``, ``lineage`` or
    ``verdict``; ``what`` names the part (a component, an edge, a policy); ``old`` and ``new``
    are the values before and after (None where the part did not exist)."""

    artifact: str
    kind: str
    what: str
    old: str | None
    new: str | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "artifact": self.artifact,
            "kind": self.kind,
            "what": self.what,
            "old": self.old,
            "new": self.new,
        }

    def words(self) -> str:
        """The change as a phrase: ``license declared: MIT -> Apache-2.0``, ``lineage: added
        fine-tuned-from base``."""
        head = f"{self.kind} {self.what}" if self.what else self.kind
        if self.old is None:
            return f"{head}: added {self.new}"
        if self.new is None:
            return f"{head}: removed {self.old}"
        return f"{head}: {self.old} -> {self.new}"


@dataclass(frozen=True, slots=True)
class Diff:
    """Every change between an old and a new input."""

    old: str
    new: str
    changes: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def by_artifact(self) -> dict[str, list[Change]]:
        """The changes grouped per artifact, in order."""
        out: dict[str, list[Change]] = {}
        for change in self.changes:
            out.setdefault(change.artifact, []).append(change)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``diff --format json`` shape."""
        return {"old": self.old, "new": self.new, "changes": [c.to_dict() for c in self.changes]}

    def to_text(self) -> str:
        """One block per artifact, a line per change."""
        if not self.changes:
            return f"no changes between {self.old} and {self.new}\n"
        lines = [f"changes between {self.old} and {self.new}:"]
        for artifact, changes in self.by_artifact().items():
            lines += ["", artifact, *(f"  {c.words()}" for c in changes)]
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """A heading and a table per artifact (for a pull-request comment)."""
        lines = [f"## openness: changes between `{_md(self.old)}` and `{_md(self.new)}`", ""]
        if not self.changes:
            return "\n".join([*lines, "No changes."]) + "\n"
        for artifact, changes in self.by_artifact().items():
            lines += [f"### {_md(artifact)}", "", "| what | before | after |", "|---|---|---|"]
            for c in changes:
                before = _md(c.old) if c.old is not None else "*(none)*"
                after = _md(c.new) if c.new is not None else "*(none)*"
                lines.append(f"| {c.kind} {_md(c.what)} | {before} | {after} |")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: pipes, backticks and line breaks escaped."""
    return " ".join(text.split()).replace("|", "\\|").replace("`", "\\`")


def _license(value: object) -> str:
    return "(none)" if value is None else str(value)


def _component_keys(components: Sequence[Component]) -> dict[str, Component]:
    """Components by role and name (or location); repeated keys numbered in order."""
    out: dict[str, Component] = {}
    for component in components:
        base = str(component.role)
        label = component.name or component.location
        key = f"{base} ({label})" if label else base
        if key in out:
            n = 2
            while f"{key} #{n}" in out:
                n += 1
            key = f"{key} #{n}"
        out[key] = component
    return out


def _artifact_changes(old: Artifact, new: Artifact) -> list[Change]:
    aid = new.id
    out: list[Change] = []
    if old.license != new.license:
        out.append(Change(aid, "license", "declared", _license(old.license), _license(new.license)))
    before, after = _component_keys(old.components), _component_keys(new.components)
    for key, component in after.items():
        was = before.get(key)
        if was is None:
            out.append(
                Change(aid, "component", key, None, f"license {_license(component.license)}")
            )
            continue
        if was.license != component.license:
            out.append(
                Change(
                    aid,
                    "component",
                    f"{key} license",
                    _license(was.license),
                    _license(component.license),
                )
            )
        if was.availability != component.availability:
            out.append(
                Change(
                    aid,
                    "component",
                    f"{key} availability",
                    str(was.availability) if was.availability else "(unstated)",
                    str(component.availability) if component.availability else "(unstated)",
                )
            )
    out.extend(
        Change(aid, "component", key, f"license {_license(c.license)}", None)
        for key, c in before.items()
        if key not in after
    )
    edges_before = [(str(e.relation), e.target) for e in old.lineage]
    edges_after = [(str(e.relation), e.target) for e in new.lineage]
    out.extend(
        Change(aid, "lineage", "", None, f"{r} {t}")
        for r, t in edges_after
        if (r, t) not in edges_before
    )
    out.extend(
        Change(aid, "lineage", "", f"{r} {t}", None)
        for r, t in edges_before
        if (r, t) not in edges_after
    )
    return out


def _cell(verdict: Verdict) -> str:
    return f"{verdict.outcome.value} ({verdict.level})" if verdict.level else verdict.outcome.value


def diff(
    old_name: str,
    new_name: str,
    old_artifacts: Iterable[Artifact] | None,
    new_artifacts: Iterable[Artifact] | None,
    old_verdicts: Iterable[Verdict] = (),
    new_verdicts: Iterable[Verdict] = (),
) -> Diff:
    """The changes from the old input to the new one. Artifacts are compared when both sides
    have them (None: the side is a report, only verdicts), verdicts always."""
    with gc_paused():  # many small acyclic objects: no collection needed meanwhile
        return _diff(old_name, new_name, old_artifacts, new_artifacts, old_verdicts, new_verdicts)


def _diff(
    old_name: str,
    new_name: str,
    old_artifacts: Iterable[Artifact] | None,
    new_artifacts: Iterable[Artifact] | None,
    old_verdicts: Iterable[Verdict],
    new_verdicts: Iterable[Verdict],
) -> Diff:
    changes: list[Change] = []
    verdicts_old = {(v.artifact, v.policy): v for v in old_verdicts}
    verdicts_new = {(v.artifact, v.policy): v for v in new_verdicts}
    order: list[str] = []
    artifact_changes: dict[str, list[Change]] = {}
    if old_artifacts is not None and new_artifacts is not None:
        before = {a.id: a for a in old_artifacts}
        after = {a.id: a for a in new_artifacts}
        for aid, artifact in after.items():
            order.append(aid)
            was = before.get(aid)
            artifact_changes[aid] = (
                [Change(aid, "artifact", "", None, artifact.kind.value)]
                if was is None
                else _artifact_changes(was, artifact)
            )
        for aid, was in before.items():
            if aid not in after:
                order.append(aid)
                artifact_changes[aid] = [Change(aid, "artifact", "", was.kind.value, None)]
    for aid, _policy in [*verdicts_new, *verdicts_old]:
        if aid not in artifact_changes:
            order.append(aid)
            artifact_changes[aid] = []
    for aid, policy in verdicts_new:
        new_v, old_v = verdicts_new[(aid, policy)], verdicts_old.get((aid, policy))
        if old_v is None:
            artifact_changes[aid].append(Change(aid, "verdict", policy, None, _cell(new_v)))
        elif _cell(old_v) != _cell(new_v):
            artifact_changes[aid].append(Change(aid, "verdict", policy, _cell(old_v), _cell(new_v)))
    for aid, policy in verdicts_old:
        if (aid, policy) not in verdicts_new:
            old_v = verdicts_old[(aid, policy)]
            artifact_changes[aid].append(Change(aid, "verdict", policy, _cell(old_v), None))
    for aid in order:
        changes.extend(artifact_changes[aid])
    return Diff(old_name, new_name, tuple(changes))
