"""The ``mof`` policy: the Model Openness Framework 1.0, as the Model Openness Tool evaluates it.

Classes are cumulative: Class III (``class-3``) needs components 9-14, Class II (``class-2``)
adds 7, 8, 18 and 19, Class I (``class-1``) adds 15, 16, 21 and 24 (``Role.mof_id``). A
component counts when it is released under an open license (OSI-approved, FSF-libre, open data,
or typed by MOT's license list, and free of restrictions); one whose license does not suit its
content type still counts, with a warning. A research paper stands in for the technical report.
A component that states no license takes the release-wide license of its content type, else the
release's own license (MOT's ``distribution``), and the finding records that as evidence.

The verdict passes at ``class-3`` or better; it fails when a Class III component is absent, not
released or not openly licensed, and is unknown when a Class III license is unstated or has no
facts. ``level`` is the best class whose components are all known to be open, whatever the
outcome, which is the class MOT reports when license names are SPDX ids.

The requirement table is package data (``openness/policy/data/mof.toml``).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files
from typing import Any

from openness.licenses import Freedom, LicenseFacts, Notion, judge_facts, knowledge_base
from openness.licenses.expression import Node, parse_expression
from openness.model import (
    Artifact,
    ArtifactKind,
    Component,
    ContentType,
    Evidence,
    EvidenceKind,
    LicenseExpression,
    Role,
)
from openness.policy.base import Context, OptionInfo, RuleInfo, UpstreamVerdict
from openness.policy.builtin.signature import intern, parts_of
from openness.policy.rules import CHECKS, ArtifactView, RuleSpec, inherited_terms
from openness.policy.rules.components import release_terms
from openness.policy.rules.detected import judge_license_texts
from openness.policy.rules.lineage import EDGES_KEY, passed_on
from openness.policy.run import Run
from openness.policy.verdict import (
    Citation,
    Finding,
    FindingSeverity,
    Outcome,
    UpstreamRef,
    Verdict,
)

__all__ = ["MofPolicy", "MofTable", "load_table"]

_ORDER = {Outcome.FAIL: 0, Outcome.UNKNOWN: 1, Outcome.PASS: 2}
_CACHE_LIMIT = 200_000


@dataclass(frozen=True, slots=True)
class MofClass:
    """One MOF class: its level slug, label, the components it adds, and its rule id."""

    level: str
    label: str
    requires: tuple[int, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class MofTable:
    """The parsed requirement table (see ``data/mof.toml``)."""

    id: str
    version: str
    title: str
    summary: str
    kinds: frozenset[ArtifactKind]
    names: Mapping[int, str]
    classes: tuple[MofClass, ...]  # worst first
    substitutes: Mapping[int, tuple[int, ...]]
    open_any: frozenset[str]
    open_data: frozenset[str]  # lower-case ids
    type_ok: Mapping[ContentType, frozenset[str]]
    suggest: Mapping[ContentType, str]
    rules: tuple[RuleInfo, ...]
    digest: str
    #: The rules that follow lineage (``lineage-inheritance``, ``open-washing``), as rule specs
    #: for the shared lineage checks of :mod:`openness.policy.rules`.
    lineage: tuple[RuleSpec, ...] = ()
    #: The ``license-texts`` rules: the declared license against the identified license files.
    texts: tuple[RuleSpec, ...] = ()


def load_table(raw: bytes | None = None) -> MofTable:
    """Parse the shipped table (or ``raw`` TOML with the same shape)."""
    if raw is None:
        raw = files("openness.policy").joinpath("data/mof.toml").read_bytes()
    data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    policy = data["policy"]
    rules = tuple(
        RuleInfo(
            id=r["id"],
            title=r["title"],
            citation=Citation(r["document"], r.get("section"), r.get("url"), r.get("clause")),
            passes=r["passes"],
            severity=FindingSeverity(r.get("severity", "error")),
        )
        for r in data["rules"]
    )
    lineage = tuple(
        RuleSpec(
            id=r["id"],
            check=r["check"],
            title=r["title"],
            passes=r["passes"],
            citation=Citation(r["document"], r.get("section"), r.get("url"), r.get("clause")),
            severity=FindingSeverity(r.get("severity", "error")),
            notions=tuple(Notion(n) for n in r.get("notions", ["open"])),
        )
        for r in data["rules"]
        if r.get("check") in ("lineage-inheritance", "open-washing", "license-texts")
    )
    texts = tuple(spec for spec in lineage if spec.check == "license-texts")
    lineage = tuple(spec for spec in lineage if spec.check != "license-texts")
    return MofTable(
        id=policy["id"],
        version=policy["version"],
        title=policy["title"],
        summary=policy["summary"],
        kinds=frozenset(ArtifactKind(k) for k in policy["kinds"]),
        names={int(k): v for k, v in data["components"].items()},
        classes=tuple(
            MofClass(c["level"], c["label"], tuple(c["requires"]), c["rule"])
            for c in data["classes"]
        ),
        substitutes={int(k): tuple(v) for k, v in data.get("substitutes", {}).items()},
        open_any=frozenset(data["open"]["any_of"]),
        open_data=frozenset(i.lower() for i in data["open"]["open_data"]),
        type_ok={ContentType(k): frozenset(v) for k, v in data["type_appropriate"].items()},
        suggest={ContentType(k): v for k, v in data["suggest"].items()},
        rules=rules,
        digest=hashlib.sha256(raw).hexdigest(),
        lineage=lineage,
        texts=texts,
    )


@dataclass(frozen=True, slots=True)
class OpenJudgement:
    """Whether a license expression is open for the MOF.

    ``outcome`` is pass (open), fail (not open) or unknown; ``decided_by`` names the ids that
    settled it (every operand of an AND, the open branch of an OR); ``operands`` holds the
    judgements of a compound expression's parts.
    """

    expression: str
    outcome: Outcome
    reason: str
    decided_by: tuple[str, ...] = ()
    operands: tuple[OpenJudgement, ...] = ()


@dataclass(frozen=True, slots=True)
class _Result:
    """One requirement's status on one artifact, with the findings that explain it."""

    outcome: Outcome
    findings: tuple[Finding, ...]
    summary: str  # what was found, without the component's name
    fix: str = ""  # how to fix it, when it does not pass


#: The source of the evidence of a license a component inherits, when the artifact states no
#: evidence of its own: the artifact judged, named relatively as the table policies name it
#: (see :func:`openness.policy.rules.components.effective_license`), so that verdict bodies
#: stay shareable between artifacts with the same facts.
_JUDGED = "artifact"

#: A verdict body: outcome, level, findings.
_SharedBody = tuple[Outcome, "str | None", tuple[Finding, ...]]


#: The lineage rules' findings, or (on an artifact the policy does not judge) the evidence of
#: the terms it inherits.
_Lineage = tuple[tuple[Finding, ...], tuple[Evidence, ...]]


def _combine(
    outcome: Outcome, level: str | None, findings: tuple[Finding, ...], lineage: _Lineage
) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
    """The class body with the lineage findings added: a failure there fails the verdict and
    leaves it without a class, an unknown leaves it without a class."""
    extra, carried = lineage
    if outcome is Outcome.NOT_APPLICABLE:
        if carried:
            findings = tuple(replace(f, evidence=(*f.evidence, *carried)) for f in findings)
        return outcome, level, findings
    if not extra:
        return outcome, level, findings
    inherited = Outcome.combine([f.outcome for f in extra])
    if inherited is Outcome.FAIL:
        outcome, level = Outcome.FAIL, None
    elif inherited is Outcome.UNKNOWN:
        level = None
        if outcome is not Outcome.FAIL:
            outcome = Outcome.UNKNOWN
    return outcome, level, (*findings, *extra)


#: A verdict body (outcome, level, findings) and what its artifact passes on downstream (an
#: interned key of the licenses: its own terms and what it inherited).
_Done = tuple[tuple[Outcome, "str | None", tuple[Finding, ...]], int]


class _GraphRun:
    """What ``mof`` memoises while the engine judges one graph (kept in the engine's
    :class:`~openness.policy.run.Run`): each artifact's body and what it passes on (``done``),
    the bodies shared by artifacts with the same facts and upstream terms (``memo``), and the
    lineage findings shared more widely still (``lineage``)."""

    __slots__ = ("done", "graph", "lineage", "memo", "run")

    def __init__(self, run: Run):
        self.run = run
        self.graph = run.graph
        self.done: dict[str, _Done] = {}
        self.memo: dict[Hashable, _Done] = {}
        self.lineage: dict[Hashable, tuple[_Lineage, int]] = {}

    def verdict(self, policy: MofPolicy, artifact: str) -> Verdict:
        """The verdict made for an upstream artifact (for the lineage rules, which read its
        findings)."""
        outcome, level, findings = self.done[artifact][0]
        return Verdict(artifact, policy.id, policy.version, outcome, level, findings)


class MofPolicy:
    """The Model Openness Framework 1.0 (``mof``): level ``class-3`` < ``class-2`` <
    ``class-1``, or none."""

    def __init__(self, table: MofTable | None = None):
        self.table = table or load_table()
        self.id = self.table.id
        self.version = self.table.version
        self.title = self.table.title
        self.summary = self.table.summary
        self.levels: tuple[str, ...] = tuple(c.level for c in reversed(self.table.classes))
        self._rules = {r.id: r for r in self.table.rules}
        self._judgements: dict[str, OpenJudgement] = {}
        # Keyed by content (canonical expressions, interned facts): shared by every run and
        # thread, each filling in the same value for the same key.
        self._bodies: dict[Hashable, _SharedBody] = {}
        digest = hashlib.sha256(self.table.digest.encode())
        digest.update(knowledge_base().version.encode())
        self._data_hash = digest.hexdigest()

    def clear_cache(self) -> None:
        """Forget memoised judgements and verdict bodies (for cold benchmarks)."""
        self._bodies.clear()
        self._judgements.clear()

    # --- the Policy protocol --------------------------------------------------------------

    def rules(self) -> Sequence[RuleInfo]:
        """Every rule this policy reports, with its citation."""
        return self.table.rules

    def options(self) -> Mapping[str, OptionInfo]:
        """The ``mof`` policy takes no options."""
        return {}

    def data_hash(self) -> str:
        """A digest of the requirement table and the knowledge base version."""
        return self._data_hash

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge one artifact; missing facts give unknown findings, never exceptions.

        The components are judged once per distinct set of the facts the classes read (the
        artifact's signature parts, :mod:`openness.policy.builtin.signature`) and shared; when
        the artifact states no evidence, the evidence of a license a component inherits names
        the artifact judged relatively (``artifact``). Then the lineage rules: the licenses
        inherited through deriving edges (from ``context``'s upstream ``mof`` verdicts) must be
        open, and the declared license must not claim more than they allow (open-washing); a
        failure there fails the verdict and leaves it without a class, an unknown leaves it
        without a class.
        """
        outcome, level, findings = self._with_lineage(
            artifact, context, *self._class_body(artifact, context.run)
        )
        return Verdict(
            artifact=artifact.id,
            policy=self.id,
            policy_version=self.version,
            outcome=outcome,
            level=level,
            findings=findings,
            data_hash=self._data_hash,
            upstream=tuple(
                UpstreamRef(
                    u.artifact.id, u.edge.relation.value, u.verdict.outcome, u.verdict.level
                )
                for u in context.upstream
            ),
            levels=self.levels,
        )

    def verdict_body(
        self, artifact: Artifact, evaluation: Run, options: Mapping[str, Any]
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        """What :meth:`evaluate` gives (level, outcome, findings), for the engine, which judges
        the graph upstream first: the upstream ``mof`` verdicts are the ones this method made.

        Shared between artifacts: a body per distinct set of the artifact's facts (its signature
        parts) and of what each deriving edge passes on (the upstream's own terms and what it
        inherited, interned); only a new combination is judged. Memoised in ``evaluation`` (the
        engine's run over this graph), never in the policy.
        """
        run: _GraphRun = evaluation.state(self, lambda: _GraphRun(evaluation))
        whole = parts_of(artifact, evaluation).whole
        lineage = artifact.lineage
        edges: tuple[Hashable, ...] = ()
        if lineage and self.table.lineage:
            # Per edge: what a deriving edge's upstream passes on (its id when it is not
            # loaded: judged upstream first, every loaded one is done); None for other edges.
            done = run.done
            if len(lineage) == 1:
                edge = lineage[0]
                if edge.relation.derives:
                    upstream = done.get(edge.target)
                    edges = ((edge.relation, edge.target) if upstream is None else upstream[1],)
                else:
                    edges = (None,)
            else:
                edges = tuple(
                    [
                        ((e.relation, e.target) if (u := done.get(e.target)) is None else u[1])
                        if e.relation.derives
                        else None
                        for e in lineage
                    ]
                )
        key = (whole, edges)
        shared = run.memo.get(key)
        if shared is None:
            shared = run.memo[key] = self._shared_body(artifact, edges, run, options)
        run.done[artifact.id] = shared
        outcome, level, findings = shared[0]
        return level, outcome, findings

    def _shared_body(
        self,
        artifact: Artifact,
        edges: tuple[Hashable, ...],
        run: _GraphRun,
        options: Mapping[str, Any],
    ) -> _Done:
        """The body of an artifact with facts and upstream terms not seen before, and what it
        passes on."""
        outcome, level, findings = self._class_body(artifact, run.run)
        applicable = outcome is not Outcome.NOT_APPLICABLE
        # The lineage findings read what the edges pass on, the name's head and the declared
        # terms (not the components), and so does what the artifact passes on (its declared
        # terms and what it inherits): shared more widely than the body.
        lineage_key = (edges, parts_of(artifact, run.run).head, release_terms(artifact), applicable)
        found = run.lineage.get(lineage_key)
        if found is None:
            graph = run.graph
            upstream = tuple(
                UpstreamVerdict(e, graph.artifacts[e.target], run.verdict(self, e.target))
                for e in artifact.lineage
                if e.relation.derives and e.target in run.done
            )
            lineage = self._lineage(
                artifact, Context(graph, upstream, options, run.run), applicable, ("mof", edges)
            )
            body = _combine(outcome, level, findings, lineage)
            found = run.lineage[lineage_key] = (
                lineage,
                intern(passed_on(artifact, body[2], run.run)),
            )
            return body, found[1]
        return _combine(outcome, level, findings, found[0]), found[1]

    def _class_body(
        self, artifact: Artifact, run: Run | None
    ) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
        """The outcome, level and findings of the classes (components and their licenses),
        memoised per set of the facts they read."""
        key = parts_of(artifact, run).whole
        body = self._bodies.get(key)
        if body is None:
            body = self._body(artifact)
            if len(self._bodies) >= _CACHE_LIMIT:
                self._bodies.clear()
            self._bodies[key] = body
        return body

    def _with_lineage(
        self,
        artifact: Artifact,
        context: Context,
        outcome: Outcome,
        level: str | None,
        findings: tuple[Finding, ...],
    ) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
        """The class body with the lineage rules' findings added, and their effect."""
        lineage = self._lineage(artifact, context, outcome is not Outcome.NOT_APPLICABLE)
        return _combine(outcome, level, findings, lineage)

    def _lineage(
        self,
        artifact: Artifact,
        context: Context,
        applicable: bool,
        shared: Hashable | None = None,
    ) -> _Lineage:
        """The lineage rules' findings on an artifact the policy judges; for one it does not
        judge, the terms it inherits, which its not-applicable finding carries on (as evidence)
        to the derivatives downstream. ``shared`` identifies what the deriving edges pass on,
        so that the analyses of the lineage rules are shared between artifacts."""
        if not self.table.lineage:
            return (), ()
        view = ArtifactView.of(artifact, context)
        if shared is not None:
            view.state[EDGES_KEY] = shared
        if not applicable:
            return (), inherited_terms(view).evidence if artifact.lineage else ()
        return tuple(CHECKS[spec.check](spec, view) for spec in self.table.lineage), ()

    def _body(self, artifact: Artifact) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
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

    # --- requirements ---------------------------------------------------------------------

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
                message=f"{_cap(stand_in)} stands in for {name} ({own.summary})",
                severity=FindingSeverity.INFO,
                citation=note_rule.citation,
                evidence=head.evidence,
            )
            finding = Finding(
                rule=rule.id,
                subject=head.subject,
                outcome=Outcome.PASS,
                message=f"{_cap(name)}: {own.summary}; {stand_in} stands in for it: "
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
            message=f"{_cap(name)}: {own.summary}; whether {stand_in} can stand in for it is "
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

    def _reach(self, mof_class: MofClass) -> str:
        return f" to reach {mof_class.level} ({mof_class.label})"

    def _absent(self, mof_id: int, mof_class: MofClass) -> _Result:
        rule = self._rules[mof_class.rule]
        name = self.table.names[mof_id]
        role = _ROLE_OF[mof_id]
        summary = f"not listed in the release (no component has role {role.value})"
        fix = (
            f"release {name} under {self.table.suggest[role.content_type]} and list it with "
            f"role {role.value}{self._reach(mof_class)}"
        )
        finding = Finding(
            rule=rule.id,
            subject="artifact",
            outcome=Outcome.FAIL,
            message=f"{_cap(name)}: {summary}; a component counts only when it is released",
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
                f"release {name} under {suggest}{self._reach(mof)}",
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
                f"{content_type.value} license){self._reach(mof)}",
                evidence,
            )
        if inherited is not None:
            evidence = (*evidence, inherited)
        judgement = self.judge(expression)
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
            fix = f"release {name} under {suggest}{self._reach(mof)}"
        else:
            summary = f"{stated}; whether it is an open license is unknown: {judgement.reason}"
            fix = self._unknown_fix(name, expression, mof, content_type)
        finding = Finding(
            rule=rule.id,
            subject=subject,
            outcome=judgement.outcome,
            message=f"{_cap(name)}: {summary}",
            severity=rule.severity,
            how_to_fix=fix,
            citation=rule.citation,
            evidence=evidence,
            findings=self._operand_findings(rule, subject, judgement, fix),
        )
        out = [finding]
        if judgement.outcome is Outcome.PASS:
            unsuited = self.unsuited(judgement, content_type)
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
            message=f"{_cap(name)}: {summary}",
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
            return f"state the license of {name} as an SPDX id{self._reach(mof)}"
        unknown = ", ".join(i for i in expression.ids if knowledge_base().get(i) is None)
        if unknown:
            return (
                f"identify the license of {name} with an SPDX id (https://spdx.org/licenses/) "
                f"or a LicenseRef- the knowledge base has facts for (none are known for "
                f"{unknown}){self._reach(mof)}"
            )
        return (
            f"find out whether the terms of '{expression}' are open, or release {name} under "
            f"{self.table.suggest[content_type]}{self._reach(mof)}"
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
            message=f"{_cap(name)}: '{expression}' is open, but {', '.join(unsuited)} is not "
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

    # --- judging licenses -----------------------------------------------------------------

    def judge(self, expression: str) -> OpenJudgement:
        """Whether ``expression`` is an open license for the MOF (cached per canonical text)."""
        parsed = parse_expression(str(expression))
        cached = self._judgements.get(parsed.canonical)
        if cached is not None:
            return cached
        if parsed.is_noassertion:
            result = OpenJudgement(parsed.canonical, Outcome.UNKNOWN, "no license is stated")
        elif parsed.is_none or parsed.tree is None:
            result = OpenJudgement(
                parsed.canonical, Outcome.FAIL, "released without a license", ("NONE",)
            )
        else:
            result = self._node(parsed.tree)
        self._judgements[parsed.canonical] = result
        return result

    def properties(self, facts: LicenseFacts) -> frozenset[str]:
        """The table's open-license properties that hold for a license."""
        found: set[str] = set()
        if facts.osi_approved:
            found.add("osi-approved")
        if facts.fsf_libre:
            found.add("fsf-libre")
        if facts.open_data or facts.id.lower() in self.table.open_data:
            found.add("open-data")
        if facts.mof_types:
            found.add("mot-typed")
        return frozenset(found)

    def unsuited(self, judgement: OpenJudgement, content_type: ContentType) -> tuple[str, ...]:
        """The ids that decided an open judgement but do not suit ``content_type``."""
        wanted = self.table.type_ok[content_type]
        kb = knowledge_base()
        out: list[str] = []
        for key in judgement.decided_by:
            facts = kb.get(key)
            if facts is None:
                continue
            props = set(self.properties(facts) - {"mot-typed"})
            if content_type.value in facts.mof_types:
                props.add("mot-typed")
            if not props & wanted:
                out.append(facts.id)
        return tuple(out)

    def _leaf(self, node: Node) -> OpenJudgement:
        text = node.render()
        key = str(node.key)
        facts = knowledge_base().get(key)
        if facts is None:
            return OpenJudgement(text, Outcome.UNKNOWN, f"no facts are known for {key}", (key,))
        if node.op == "WITH" and node.exception is not None:
            exc = knowledge_base().exception(node.exception)
            if exc is not None and exc.restricts:
                return OpenJudgement(
                    text, Outcome.FAIL, f"exception {exc.id} adds restrictions", (exc.id,)
                )
        freedom, reason = judge_facts(facts, Notion.OPEN)
        if freedom is Freedom.NOT_FREE:
            return OpenJudgement(text, Outcome.FAIL, f"{facts.id} is {reason}", (facts.id,))
        props = self.properties(facts) & self.table.open_any
        if props:
            return OpenJudgement(
                text,
                Outcome.PASS,
                f"{facts.id} is {_and([w for p, w in _PROPERTY_WORDS.items() if p in props])}",
                (facts.id,),
            )
        if freedom is Freedom.FREE:
            return OpenJudgement(
                text,
                Outcome.FAIL,
                f"{facts.id} is {reason}, but not OSI-approved, FSF-libre, an open data "
                "license or on MOT's license list, so the MOF does not count it as open",
                (facts.id,),
            )
        return OpenJudgement(text, Outcome.UNKNOWN, f"{facts.id}: {reason}", (facts.id,))

    def _node(self, node: Node) -> OpenJudgement:
        if node.op in ("ID", "WITH"):
            return self._leaf(node)
        text = node.render()
        operands = tuple(self._node(child) for child in node.children)
        by = {o: [p for p in operands if p.outcome is o] for o in _ORDER}
        if node.op == "AND":
            for outcome in (Outcome.FAIL, Outcome.UNKNOWN):
                if by[outcome]:
                    return OpenJudgement(
                        text,
                        outcome,
                        "AND needs every operand open; " + "; ".join(o.reason for o in by[outcome]),
                        tuple(i for o in by[outcome] for i in o.decided_by),
                        operands,
                    )
            return OpenJudgement(
                text,
                Outcome.PASS,
                "every operand of AND is open",
                tuple(i for o in operands for i in o.decided_by),
                operands,
            )
        if by[Outcome.PASS]:
            first = by[Outcome.PASS][0]
            return OpenJudgement(
                text,
                Outcome.PASS,
                f"OR needs one open branch: {first.expression} suffices ({first.reason})",
                first.decided_by,
                operands,
            )
        worst = Outcome.UNKNOWN if by[Outcome.UNKNOWN] else Outcome.FAIL
        return OpenJudgement(
            text,
            worst,
            "no branch of OR is known to be open; " + "; ".join(o.reason for o in operands),
            tuple(i for o in by[worst] for i in o.decided_by),
            operands,
        )


_PROPERTY_WORDS = {
    "osi-approved": "OSI-approved",
    "fsf-libre": "FSF-libre",
    "open-data": "an open data license",
    "mot-typed": "on MOT's license list",
}

_ROLE_OF: dict[int, Role] = {r.mof_id: r for r in Role if r.mof_id is not None}


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
