"""``reproducible``'s findings on an artifact's own inputs: the required components, each input
component (released, freely licensed, pinned), the training data and the recipe."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from openness.licenses import Freedom, evaluate
from openness.model import (
    Artifact,
    Availability,
    Component,
    LicenseExpression,
    LineageEdge,
    Relation,
    Role,
)
from openness.policy.builtin.reproducible.findings import FindingBuilder
from openness.policy.builtin.reproducible.memo import Grade, GraphRun
from openness.policy.builtin.reproducible.table import (
    R_DATA,
    R_FREE,
    R_PINNED,
    R_RECIPE,
    R_RELEASED,
    R_REQUIRED,
    KindRules,
)
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = ["InputFindings", "Issue", "edge_pin", "pinned", "versioned"]


def versioned(artifact: Artifact) -> bool:
    if artifact.version:
        return True
    ident = artifact.purl or artifact.id
    return ident.startswith("pkg:") and "@" in ident


def pinned(component: Component, self_sourced: Artifact | None) -> str | None:
    """What pins a component, or None."""
    if component.revision:
        return f"revision {component.revision}"
    if component.digests:
        return ", ".join(f"{a.value} digest" for a in component.digests)
    if component.files and all(f.digests for f in component.files):
        return f"digests of its {len(component.files)} file(s)"
    if self_sourced is not None and versioned(self_sourced):
        return f"the release's version {self_sourced.version or self_sourced.purl or ''}".strip()
    return None


def edge_pin(edge: LineageEdge, target: Artifact | None) -> str | None:
    if edge.revision:
        return f"revision {edge.revision}"
    if edge.digests:
        return ", ".join(f"{a.value} digest" for a in edge.digests)
    if target is not None and versioned(target):
        return f"the upstream's own version ({target.version or target.purl or target.id})"
    return None


@dataclass(frozen=True, slots=True)
class Issue:
    grade: Grade
    rule: str
    message: str
    fix: str = ""


class InputFindings(FindingBuilder):
    """The findings on an artifact's own inputs, each with its grade."""

    def _required(self, artifact: Artifact, rules: KindRules) -> Iterator[tuple[Grade, Finding]]:
        for role in rules.required:
            if artifact.components_with_role(role):
                continue
            what = role.value.replace("-", " ")
            yield (
                Grade.UNKNOWN,
                self._finding(
                    R_REQUIRED,
                    "artifact",
                    Outcome.UNKNOWN,
                    f"no {what} component is listed: whether it is released is unknown",
                    self._fix(R_REQUIRED, role=role.value),
                ),
            )

    def _license(
        self, artifact: Artifact, component: Component, rules: KindRules
    ) -> tuple[LicenseExpression | None, str]:
        if component.license is not None:
            return component.license, ""
        inherited = artifact.release_licenses.get(component.content_type)
        if inherited is not None:
            return inherited, f" (release-wide {component.content_type.value} license)"
        if artifact.license is not None and component.role in rules.inherit_license:
            return artifact.license, " (the release's declared license)"
        return None, ""

    def _component(
        self, artifact: Artifact, index: int, component: Component, rules: KindRules, run: GraphRun
    ) -> tuple[Grade, Finding]:
        subject = f"components[{index}]"
        what = f"the {component.role.value} component" + (
            f" {component.name!r}" if component.name else ""
        )
        issues: list[Issue] = []
        availability = component.availability
        license_, source = self._license(artifact, component, rules)
        if availability is None:
            issues.append(
                Issue(
                    Grade.UNKNOWN,
                    R_RELEASED,
                    f"{what}: its availability is not stated",
                    "state the availability of "
                    f"{what} (included, third-party, gated, on-request or not-released)",
                )
            )
        elif availability in self.table.released:
            pass  # released with the artifact: no finding on its availability
        elif availability in self.table.missing:
            issues.append(
                Issue(
                    Grade.MISSING,
                    R_RELEASED,
                    f"{what} is not released",
                    self._fix(R_RELEASED, what=what),
                )
            )
        elif availability in self.table.obtainable:
            issues.append(
                Issue(
                    Grade.OBTAINABLE,
                    R_RELEASED,
                    f"{what} is not released with the artifact: it is {availability.value}",
                    self._fix(R_RELEASED, what=what),
                )
            )
        if availability is not None and availability not in self.table.missing:
            issues.extend(self._license_issues(what, license_, source, availability, run))
            self_sourced = artifact if not rules.follow_lineage else None
            pin = pinned(component, self_sourced)
            if pin is None:
                issues.append(
                    Issue(
                        Grade.UNKNOWN,
                        R_PINNED,
                        f"{what} is not pinned by a revision or digest: whether what can be "
                        "obtained today is what was used is unknown",
                        self._fix(R_PINNED, what=what),
                    )
                )
        grade = min((i.grade for i in issues), default=Grade.FREE)
        outcome, severity = self._outcome(grade, run)
        evidence = tuple(component.evidence)
        if grade is Grade.FREE:
            pin = pinned(component, artifact if not rules.follow_lineage else None)
            message = f"{what} is released under {license_}{source}, pinned by {pin}"
            return grade, self._finding(R_RELEASED, subject, outcome, message, evidence=evidence)
        worst = [i for i in issues if i.grade is grade]
        others = [i for i in issues if i.grade is not grade]
        message = "; ".join(i.message for i in (*worst, *others))
        fix = "; ".join(dict.fromkeys(i.fix for i in (*worst, *others) if i.fix))
        return grade, self._finding(
            worst[0].rule, subject, outcome, message, fix, severity=severity, evidence=evidence
        )

    def _license_issues(
        self,
        what: str,
        license_: LicenseExpression | None,
        source: str,
        availability: Availability,
        run: GraphRun,
    ) -> list[Issue]:
        third_party = availability in self.table.obtainable
        if license_ is None:
            if third_party:  # its terms are the third party's: not ours to require
                return []
            return [
                Issue(
                    Grade.UNKNOWN,
                    R_FREE,
                    f"{what} states no license",
                    self._fix(R_FREE, what=what),
                )
            ]
        judgement = evaluate(license_, run.notion)
        if judgement.freedom is Freedom.FREE:
            return []
        if judgement.freedom is Freedom.NOT_FREE:
            return [
                Issue(
                    Grade.OBTAINABLE,
                    R_FREE,
                    f"{what} is under {license_}{source}, not free under {run.notion.value}: "
                    f"{judgement.reason}",
                    self._fix(R_FREE, what=what),
                )
            ]
        if third_party:
            return []
        if license_.is_noassertion:  # nothing to judge: say so once, in words
            origin = f", {source.strip()[1:-1]}" if source else ""
            unknown = (
                f"{what} states no license (NOASSERTION{origin}): whether it is free is unknown"
            )
        else:
            unknown = f"whether {license_}{source} of {what} is free is unknown: {judgement.reason}"
        return [
            Issue(
                Grade.UNKNOWN,
                R_FREE,
                unknown,
                self._fix(R_FREE, what=what),
            )
        ]

    def _training_data(self, artifact: Artifact) -> Iterator[tuple[Grade, Finding]]:
        if artifact.components_with_role(Role.DATASETS):
            return
        relations = {e.relation for e in artifact.lineage}
        if Relation.TRAINED_ON in relations or relations & self.table.no_training_data:
            return
        yield (
            Grade.UNKNOWN,
            self._finding(
                R_DATA,
                "artifact",
                Outcome.UNKNOWN,
                "no training data is described: neither a datasets component nor a trained-on "
                "lineage edge",
                self._fix(R_DATA),
            ),
        )

    def _recipe(self, artifact: Artifact, rules: KindRules) -> Iterator[tuple[Grade, Finding]]:
        if rules.recipe == "none":
            return
        recipe = artifact.facts.recipe
        fix = self._fix(R_RECIPE)
        required = rules.recipe == "required"
        if recipe is None or not (recipe.config or recipe.command):
            message = "the recipe (configuration file or command) that produced it is not stated"
            if required:
                yield (
                    Grade.UNKNOWN,
                    self._finding(R_RECIPE, "facts.recipe", Outcome.UNKNOWN, message, fix),
                )
            else:
                yield (
                    Grade.FREE,
                    self._finding(
                        R_RECIPE,
                        "facts.recipe",
                        Outcome.PASS,
                        message,
                        fix,
                        severity=FindingSeverity.WARNING,
                    ),
                )
            return
        evidence = tuple(recipe.evidence)
        gaps = []
        if not recipe.seeds:
            gaps.append("no random seeds (a bit-identical rerun needs them)")
        if not recipe.frameworks:
            gaps.append("no framework versions")
        where = recipe.config or recipe.command
        if gaps:
            yield (
                Grade.FREE,
                self._finding(
                    R_RECIPE,
                    "facts.recipe",
                    Outcome.PASS,
                    f"the recipe is stated ({where}), but with " + " and ".join(gaps),
                    fix,
                    severity=FindingSeverity.WARNING,
                    evidence=evidence,
                ),
            )
            return
        frameworks = ", ".join(f"{k} {v}" for k, v in sorted(recipe.frameworks.items()))
        yield (
            Grade.FREE,
            self._finding(
                R_RECIPE,
                "facts.recipe",
                Outcome.PASS,
                f"the recipe is stated ({where}) with {len(recipe.seeds)} seed(s) and {frameworks}",
                evidence=evidence,
            ),
        )
