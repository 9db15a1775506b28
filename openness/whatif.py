"""What-if: which components, under which licenses, would raise an artifact to a
policy (or one of its levels).

Candidate changes are made on a copy of the artifact: release a component that is not
released (or whose availability is unstated), license a component under a type-appropriate
open license (code: Apache-2.0, data: CC-BY-4.0, documents: CC-BY-4.0), add a component the
release lacks, or license the release itself. Each candidate set is judged by the policy
engine, exactly as ``openness check`` would; the search tries every single change, then every
pair, then shrinks the set of all changes one change at a time, so the set reported is minimal
(no change in it can be dropped) and, when one or two changes suffice, the smallest.

``openness what-if`` (:mod:`openness.cli.whatif`) prints what :func:`plan` finds.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openness.lineage import LineageGraph
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    ContentType,
    LicenseExpression,
    Role,
)
from openness.policy import Policy, check
from openness.policy.verdict import Outcome, Verdict

__all__ = [
    "FALLBACK",
    "LICENSES",
    "Change",
    "Plan",
    "apply",
    "candidates",
    "describe",
    "plan",
    "reached",
]

#: The license suggested per content type, and how it is described.
LICENSES: dict[ContentType, tuple[str, str]] = {
    ContentType.CODE: ("Apache-2.0", "an OSI-approved license"),
    ContentType.DATA: ("CC-BY-4.0", "an open data license"),
    ContentType.DOCUMENT: ("CC-BY-4.0", "an open content license"),
}
#: Tried when the suggestions above cannot reach the target (a policy that wants an
#: OSI-approved license for everything).
FALLBACK: dict[ContentType, tuple[str, str]] = dict.fromkeys(
    ContentType, ("Apache-2.0", "an OSI-approved license")
)
_KIND_ROLES: dict[ArtifactKind, tuple[Role, ...]] = {
    ArtifactKind.MODEL: tuple(r for r in Role if r.mof_id is not None),
    ArtifactKind.SYSTEM: tuple(r for r in Role if r.mof_id is not None),
    ArtifactKind.SOFTWARE: (Role.SOURCE_CODE, Role.BUILD_SCRIPTS, Role.DOCUMENTATION),
    ArtifactKind.DATASET: (Role.DATA_FILES, Role.DATASHEET, Role.COLLECTION_CODE),
}
_PAIR_LIMIT = 40  # candidates above this skip the exhaustive pair search


def _role_name(role: Role) -> str:
    return role.value.replace("-", " ")


@dataclass(frozen=True, slots=True)
class Change:
    """One candidate change: ``release`` or ``license`` component ``index``, ``add`` a
    component with ``role``, or ``relicense`` the release itself."""

    action: str
    role: Role | None = None
    index: int | None = None
    license: str | None = None
    described: str | None = None  # "an OSI-approved license"

    @property
    def subject(self) -> str:
        """The finding-style subject: ``components[2]`` or ``artifact``."""
        return f"components[{self.index}]" if self.index is not None else "artifact"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "action": self.action,
            "subject": self.subject,
            "role": self.role.value if self.role else None,
            "license": self.license,
            "text": describe([self])[0],
        }


def _license_phrase(change: Change) -> str:
    return f"{change.described} (such as {change.license})"


def describe(changes: Sequence[Change]) -> list[str]:
    """The changes in plain words, a release and a license of the same component merged."""
    by_index: dict[int, list[Change]] = {}
    for change in changes:
        if change.index is not None:
            by_index.setdefault(change.index, []).append(change)
    out: list[str] = []
    done: set[int] = set()
    for change in changes:
        if change.action == "add" and change.role is not None:
            out.append(
                f"add the {_role_name(change.role)}, released under {_license_phrase(change)}"
            )
        elif change.action == "relicense":
            out.append(f"license the release itself under {_license_phrase(change)}")
        elif change.index is not None and change.index not in done:
            done.add(change.index)
            actions = {c.action: c for c in by_index[change.index]}
            name = f"the {_role_name(change.role)} ({change.subject})" if change.role else ""
            if "release" in actions and "license" in actions:
                out.append(f"release {name} under {_license_phrase(actions['license'])}")
            elif "release" in actions:
                out.append(f"release {name} publicly (availability: included)")
            else:
                out.append(f"license {name} under {_license_phrase(actions['license'])}")
    return out


def candidates(
    artifact: Artifact, licenses: dict[ContentType, tuple[str, str]] = LICENSES
) -> list[Change]:
    """Every candidate change for ``artifact``, cheapest first (releasing and licensing what
    exists before adding what is missing, changing a stated license last)."""
    release: list[Change] = []
    unlicensed: list[Change] = []
    relicense: list[Change] = []
    for index, component in enumerate(artifact.components):
        lic, words = licenses[component.content_type]
        if component.availability is not Availability.INCLUDED:
            release.append(Change("release", component.role, index))
        if component.license is None:
            unlicensed.append(Change("license", component.role, index, lic, words))
        elif str(component.license) != lic:
            relicense.append(Change("license", component.role, index, lic, words))
    present = {c.role for c in artifact.components}
    added = []
    for role in _KIND_ROLES.get(artifact.kind, ()):
        if role not in present:
            lic, words = licenses[role.content_type]
            added.append(Change("add", role, None, lic, words))
    own: list[Change] = []
    content = ContentType.DATA if artifact.kind is ArtifactKind.DATASET else ContentType.CODE
    lic, words = licenses[content]
    if artifact.license is None or str(artifact.license) != lic:
        own.append(Change("relicense", None, None, lic, words))
    return [*release, *unlicensed, *added, *relicense, *own]


def apply(artifact: Artifact, changes: Iterable[Change]) -> Artifact:
    """A copy of ``artifact`` with ``changes`` made."""
    components = list(artifact.components)
    license_ = artifact.license
    for change in changes:
        if change.action == "add" and change.role is not None and change.license:
            components.append(
                Component(
                    role=change.role,
                    availability=Availability.INCLUDED,
                    license=LicenseExpression.of(change.license),
                )
            )
        elif change.action == "relicense" and change.license:
            license_ = LicenseExpression.of(change.license)
        elif change.index is not None:
            component = components[change.index]
            if change.action == "release":
                update: dict[str, Any] = {"availability": Availability.INCLUDED}
            else:
                update = {"license": LicenseExpression.of(change.license or "")}
            components[change.index] = component.model_copy(update=update)
    return artifact.model_copy(update={"components": components, "license": license_})


@dataclass(frozen=True, slots=True)
class Plan:
    """What ``what-if`` found: the verdict now, the changes, and the verdict after them."""

    artifact: str
    policy: str
    level: str | None
    before: Verdict
    changes: tuple[Change, ...]
    after: Verdict
    reachable: bool
    #: How many components the artifact had before the changes (added ones are numbered on).
    components_before: int = 0

    def hypothetical(self) -> tuple[str, ...]:
        """The field paths whose values in :attr:`after` are the what-if's own, not the
        user's (``components[0].license``, ``license``, an added ``components[N]``), so that
        messages quoting them can say so."""
        out: list[str] = []
        added = self.components_before
        for change in self.changes:
            if change.action == "relicense":
                out.append("license")
            elif change.action == "add":
                out.append(f"components[{added}]")
                added += 1
            elif change.index is not None:
                field = "license" if change.action == "license" else "availability"
                out.append(f"components[{change.index}].{field}")
        return tuple(dict.fromkeys(out))

    @property
    def target(self) -> str:
        """The target in words: ``mof class-2`` or ``osaid``."""
        return f"{self.policy} {self.level}" if self.level else self.policy

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "artifact": self.artifact,
            "policy": self.policy,
            "level": self.level,
            "reachable": self.reachable,
            "before": {"outcome": self.before.outcome.value, "level": self.before.level},
            "after": {"outcome": self.after.outcome.value, "level": self.after.level},
            "changes": [c.to_dict() for c in self.changes],
            "steps": describe(self.changes),
            "hypothetical": list(self.hypothetical()),
            "remaining": [
                f.to_dict()
                for f in self.after.findings
                if f.outcome in (Outcome.FAIL, Outcome.UNKNOWN)
            ],
        }


def _closure(graph: LineageGraph, artifact: Artifact) -> list[Artifact]:
    seen = {artifact.id}
    order = [artifact]
    stack = [artifact]
    while stack:
        for _, target in graph.upstream(stack.pop()):
            if target.id not in seen:
                seen.add(target.id)
                order.append(target)
                stack.append(target)
    return order


def reached(verdict: Verdict, levels: Sequence[str], level: str | None) -> bool:
    """True when ``verdict`` is at ``level`` or better (levels are best first), or passes
    when no level is asked for."""
    if level is None:
        return verdict.outcome is Outcome.PASS
    return verdict.level is not None and verdict.level in levels[: levels.index(level) + 1]


def plan(
    artifact: Artifact,
    artifacts: Sequence[Artifact],
    policy: Policy,
    level: str | None = None,
    options: dict[str, Any] | None = None,
) -> Plan:
    """Find a minimal set of component changes that raises ``artifact`` to ``policy`` (at
    ``level`` or better, when given). ``artifacts`` supplies its upstream lineage."""
    graph = LineageGraph.build(artifacts)
    upstream = _closure(graph, artifact)[1:]
    opts = {policy.id: options} if options else None
    levels = tuple(policy.levels)

    def judge(changes: Iterable[Change]) -> Verdict:
        changed = apply(artifact, changes)
        verdicts = check([changed, *upstream], [policy], options=opts)
        return next(v for v in verdicts if v.artifact == artifact.id)

    before = judge(())
    if reached(before, levels, level):
        return Plan(
            artifact.id, policy.id, level, before, (), before, True, len(artifact.components)
        )
    everything: list[Change] = []
    after = before
    for table in (LICENSES, FALLBACK):
        everything = candidates(artifact, table)
        after = judge(everything)
        if reached(after, levels, level):
            break
    else:
        return Plan(
            artifact.id,
            policy.id,
            level,
            before,
            tuple(everything),
            after,
            False,
            len(artifact.components),
        )
    for size in (1, 2):
        if size == 2 and len(everything) > _PAIR_LIMIT:
            break
        for combo in itertools.combinations(everything, size):
            verdict = judge(combo)
            if reached(verdict, levels, level):
                return Plan(
                    artifact.id,
                    policy.id,
                    level,
                    before,
                    combo,
                    verdict,
                    True,
                    len(artifact.components),
                )
    kept = list(everything)
    for change in everything:
        trial = [c for c in kept if c is not change]
        verdict = judge(trial)
        if reached(verdict, levels, level):
            kept, after = trial, verdict
    return Plan(
        artifact.id, policy.id, level, before, tuple(kept), after, True, len(artifact.components)
    )
