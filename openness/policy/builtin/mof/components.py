"""The ``mof`` classes on one artifact: each required component found, released and openly
licensed (a research paper standing in for the technical report), its license resolved from
the release when it states none, and the license files against the declared license."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openness.licenses import knowledge_base
from openness.model import (
    Artifact,
    Component,
    ContentType,
    Evidence,
    EvidenceKind,
    LicenseExpression,
    Role,
)
from openness.policy.base import RuleInfo
from openness.policy.builtin.mof.licenses import MofLicenses, OpenJudgement
from openness.policy.builtin.mof.table import MofClass, MofTable
from openness.policy.builtin.mof.text import cap, reach
from openness.policy.rules.detected import judge_license_texts
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = ["ORDER", "ClassJudge"]

#: Outcomes worst first.
ORDER = {Outcome.FAIL: 0, Outcome.UNKNOWN: 1, Outcome.PASS: 2}
_ORDER = ORDER

#: The source of the evidence of a license a component inherits, when the artifact states no
#: evidence of its own: the artifact judged, named relatively as the table policies name it
#: (see :func:`openness.policy.rules.components.effective_license`), so that verdict bodies
#: stay shareable between artifacts with the same facts.
_JUDGED = "artifact"

_ROLE_OF: dict[int, Role] = {r.mof_id: r for r in Role if r.mof_id is not None}


@dataclass(frozen=True, slots=True)
class _Result:
    """One requirement's status on one artifact, with the findings that explain it."""

    outcome: Outcome
    findings: tuple[Finding, ...]
    summary: str  # what was found, without the component's name
    fix: str = ""  # how to fix it, when it does not pass


class ClassJudge:
    """Judges the classes of one table on an artifact (no state but the table and the license
    judge)."""

    def __init__(self, table: MofTable, licenses: MofLicenses):
        self.table = table
        self.licenses = licenses
        self._rules = {r.id: r for r in table.rules}

    def body(self, artifact: Artifact) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
        """The outcome, level and findings of one artifact."""
        if artifact.kind not in self.table.kinds:
            rule = self._rules["mof/applies-to-models"]
            finding = Finding(
                rule=rule.id,
                subject="artifact",
                outcome=Outcome.NOT_APPLICABLE,
                message=f"the MOF classifies models; this artifact is a {artifact.kind.value}",
                severity=FindingSeverity.INFO,
                citation=rule.citation,
            )
            return Outcome.NOT_APPLICABLE, None, (finding,)
        by_id: dict[int, list[tuple[int, Component]]] = {}
        for index, component in enumerate(artifact.components):
            mof_id = component.role.mof_id
            if mof_id is not None:
                by_id.setdefault(mof_id, []).append((index, component))
        findings: list[Finding] = []
        reached: str | None = None
        met = True
        class_three: list[Outcome] = []
        for mof_class in self.table.classes:
            for mof_id in mof_class.requires:
                result = self._requirement(artifact, by_id, mof_id, mof_class)
                findings.extend(result.findings)
                if mof_class is self.table.classes[0]:
                    class_three.append(result.outcome)
                met = met and result.outcome is Outcome.PASS
            if met:
                reached = mof_class.level
        if reached is not None:
            outcome = Outcome.PASS
        elif Outcome.FAIL in class_three:
            outcome = Outcome.FAIL
        else:
            outcome = Outcome.UNKNOWN
        for spec in self.table.texts:  # license files against the declared license
            finding = judge_license_texts(spec, artifact)
            findings.append(finding)
            if finding.severity is FindingSeverity.ERROR and finding.outcome is Outcome.FAIL:
                outcome, reached = Outcome.FAIL, None
            elif finding.severity is FindingSeverity.ERROR and finding.outcome is Outcome.UNKNOWN:
                reached = None
                outcome = Outcome.FAIL if outcome is Outcome.FAIL else Outcome.UNKNOWN
        return outcome, reached, tuple(findings)

    def _requirement(
        self,
        artifact: Artifact,
        by_id: Mapping[int, list[tuple[int, Component]]],
        mof_id: int,
        mof_class: MofClass,
    ) -> _Result:
        """The status of a required component, with substitutes (research paper for the
        technical report) taken into account."""
        own = self._component_status(artifact, by_id, mof_id, mof_class)
        if own.outcome is Outcome.PASS:
            return own
        best = own
        for other in self.table.substitutes.get(mof_id, ()):
            alternative = self._component_status(artifact, by_id, other, mof_class)
            if _ORDER[alternative.outcome] > _ORDER[best.outcome]:
                best = self._substituted(own, alternative, mof_id, other, mof_class)
        return best

    def _substituted(
        self, own: _Result, alternative: _Result, mof_id: int, other: int, mof_class: MofClass
    ) -> _Result:
        """The finding for a requirement met (or possibly met) by a substitute."""
        rule = self._rules[mof_class.rule]
        name, stand_in = self.table.names[mof_id], self.table.names[other]
        head = alternative.findings[0]
        if alternative.outcome is Outcome.PASS:
            note_rule = self._rules["mof/research-paper-for-technical-report"]
            note = Finding(
                rule=note_rule.id,
                subject=head.subject,
                outcome=Outcome.PASS,
                message=f"{cap(stand_in)} stands in for {name} ({own.summary})",
                severity=FindingSeverity.INFO,
                citation=note_rule.citation,
                evidence=head.evidence,
            )
            finding = Finding(
                rule=rule.id,
                subject=head.subject,
                outcome=Outcome.PASS,
                message=f"{cap(name)}: {own.summary}; {stand_in} stands in for it: "
                f"{alternative.summary}",
                severity=rule.severity,
                citation=rule.citation,
                evidence=head.evidence,
                findings=(note,),
            )
            return _Result(Outcome.PASS, (finding,), alternative.summary)
        fix = f"{alternative.fix}; or {own.fix}"
        finding = Finding(
            rule=rule.id,
            subject=head.subject,
            outcome=alternative.outcome,
            message=f"{cap(name)}: {own.summary}; whether {stand_in} can stand in for it is "
            f"unknown: {alternative.summary}",
            severity=rule.severity,
            how_to_fix=fix,
            citation=rule.citation,
            evidence=head.evidence,
        )
        return _Result(alternative.outcome, (finding,), alternative.summary, fix)

    def _component_status(
        self,
        artifact: Artifact,
        by_id: Mapping[int, list[tuple[int, Component]]],
        mof_id: int,
        mof_class: MofClass,
    ) -> _Result:
        entries = by_id.get(mof_id, ())
        if not entries:
            return self._absent(mof_id, mof_class)
        parts = [self._judge_component(artifact, i, c, mof_id, mof_class) for i, c in entries]
        worst = min(parts, key=lambda p: _ORDER[p.outcome])
        return _Result(
            worst.outcome, tuple(f for p in parts for f in p.findings), worst.summary, worst.fix
        )

    def _absent(self, mof_id: int, mof_class: MofClass) -> _Result:
        rule = self._rules[mof_class.rule]
        name = self.table.names[mof_id]
        role = _ROLE_OF[mof_id]
        summary = f"not listed in the release (no component has role {role.value})"
        fix = (
            f"release {name} under {self.table.suggest[role.content_type]} and list it with "
            f"role {role.value}{reach(mof_class)}"
        )
        finding = Finding(
            rule=rule.id,
            subject="artifact",
            outcome=Outcome.FAIL,
            message=f"{cap(name)}: {summary}; a component counts only when it is released",
            severity=rule.severity,
            how_to_fix=fix,
            citation=rule.citation,
        )
        return _Result(Outcome.FAIL, (finding,), summary, fix)

    def _judge_component(
        self, artifact: Artifact, index: int, component: Component, mof_id: int, mof: MofClass
    ) -> _Result:
        rule = self._rules[mof.rule]
        name = self.table.names[mof_id]
        subject = f"components[{index}]"
        content_type = component.content_type
        suggest = self.table.suggest[content_type]
        evidence = tuple(component.evidence)
        if component.availability is not None and not component.availability.obtainable:
            return self._simple(
                rule,
                subject,
                Outcome.FAIL,
                name,
                f"not released (availability '{component.availability.value}')",
                f"release {name} under {suggest}{reach(mof)}",
                evidence,
            )
        expression, source, inherited = self._resolve(artifact, component)
        if expression is None:
            return self._simple(
                rule,
                subject,
                Outcome.UNKNOWN,
                name,
                f"no license is stated, on the component or for the release "
                f"({content_type.value} or distribution-wide)",
                f"state the license of {name} (an SPDX id on the component, or a release-wide "
                f"{content_type.value} license){reach(mof)}",
                evidence,
            )
        if inherited is not None:
            evidence = (*evidence, inherited)
        judgement = self.licenses.judge(expression)
        stated = f"'{expression}' ({source})"
        fix: str | None = None
        if expression.is_noassertion:  # no license to judge: say so once
            summary = (
                f"no license is stated ('NOASSERTION', {source}), so whether it is open is unknown"
            )
            fix = self._unknown_fix(name, expression, mof, content_type)
        elif judgement.outcome is Outcome.PASS:
            summary = f"{stated}, an open license: {judgement.reason}"
        elif judgement.outcome is Outcome.FAIL:
            summary = f"{stated}, not an open license: {judgement.reason}"
            fix = f"release {name} under {suggest}{reach(mof)}"
        else:
            summary = f"{stated}; whether it is an open license is unknown: {judgement.reason}"
            fix = self._unknown_fix(name, expression, mof, content_type)
        finding = Finding(
            rule=rule.id,
            subject=subject,
            outcome=judgement.outcome,
            message=f"{cap(name)}: {summary}",
            severity=rule.severity,
            how_to_fix=fix,
            citation=rule.citation,
            evidence=evidence,
            findings=self._operand_findings(rule, subject, judgement, fix),
        )
        out = [finding]
        if judgement.outcome is Outcome.PASS:
            unsuited = self.licenses.unsuited(judgement, content_type)
            if unsuited:
                out.append(self._type_warning(subject, name, expression, unsuited, content_type))
        return _Result(judgement.outcome, tuple(out), summary, fix or "")

    @staticmethod
    def _simple(
        rule: RuleInfo,
        subject: str,
        outcome: Outcome,
        name: str,
        summary: str,
        fix: str,
        evidence: tuple[Evidence, ...],
    ) -> _Result:
        finding = Finding(
            rule=rule.id,
            subject=subject,
            outcome=outcome,
            message=f"{cap(name)}: {summary}",
            severity=rule.severity,
            how_to_fix=fix,
            citation=rule.citation,
            evidence=evidence,
        )
        return _Result(outcome, (finding,), summary, fix)

    def _unknown_fix(
        self, name: str, expression: LicenseExpression, mof: MofClass, content_type: ContentType
    ) -> str:
        if expression.is_noassertion:
            return f"state the license of {name} as an SPDX id{reach(mof)}"
        unknown = ", ".join(i for i in expression.ids if knowledge_base().get(i) is None)
        if unknown:
            return (
                f"identify the license of {name} with an SPDX id (https://spdx.org/licenses/) "
                f"or a LicenseRef- the knowledge base has facts for (none are known for "
                f"{unknown}){reach(mof)}"
            )
        return (
            f"find out whether the terms of '{expression}' are open, or release {name} under "
            f"{self.table.suggest[content_type]}{reach(mof)}"
        )

    def _operand_findings(
        self, rule: RuleInfo, subject: str, judgement: OpenJudgement, fix: str | None
    ) -> tuple[Finding, ...]:
        return tuple(
            Finding(
                rule=rule.id,
                subject=subject,
                outcome=op.outcome,
                message=f"operand '{op.expression}': {op.reason}",
                severity=rule.severity,
                how_to_fix=None
                if op.outcome is Outcome.PASS
                else fix or "nothing to do: another branch of the expression is open",
                citation=rule.citation,
                findings=self._operand_findings(rule, subject, op, fix),
            )
            for op in judgement.operands
        )

    def _type_warning(
        self,
        subject: str,
        name: str,
        expression: LicenseExpression,
        unsuited: tuple[str, ...],
        content_type: ContentType,
    ) -> Finding:
        rule = self._rules["mof/type-appropriate-license"]
        return Finding(
            rule=rule.id,
            subject=subject,
            outcome=Outcome.FAIL,
            message=f"{cap(name)}: '{expression}' is open, but {', '.join(unsuited)} is not "
            f"a type-appropriate license for {content_type.value} (it still counts)",
            severity=FindingSeverity.WARNING,
            how_to_fix=f"release {name} under {self.table.suggest[content_type]}",
            citation=rule.citation,
        )

    def _resolve(
        self, artifact: Artifact, component: Component
    ) -> tuple[LicenseExpression | None, str, Evidence | None]:
        """The component's license, where it came from, and evidence when inherited."""
        if component.license is not None:
            return component.license, "declared on the component", None
        content_type = component.content_type
        source = artifact.evidence[0].source if artifact.evidence else _JUDGED
        release = artifact.release_licenses.get(content_type)
        if release is not None:
            return (
                release,
                f"inherited from the release-wide {content_type.value} license",
                Evidence(
                    source=source,
                    locator=f"release_licenses.{content_type.value}",
                    kind=EvidenceKind.INHERITED,
                    note=f"the component states no license; the release-wide "
                    f"{content_type.value} license '{release}' applies",
                ),
            )
        if artifact.license is not None:
            return (
                artifact.license,
                "inherited from the release's own license",
                Evidence(
                    source=source,
                    locator="license",
                    kind=EvidenceKind.INHERITED,
                    note=f"the component states no license and the release none for "
                    f"{content_type.value}; the release's own (distribution) license "
                    f"'{artifact.license}' applies",
                ),
            )
        return None, "", None
