"""The ``license-texts`` check: the license an artifact declares against what its license files
say (the license of its ``license-text`` components, which readers identify from the texts of
LICENSE, USE_POLICY and NOTICE files as ``detected`` evidence).

A declared license more open than the license texts (``apache-2.0`` over the Llama 3.1
Community License) is open-washing and fails; a disagreement that does not make the release
look more open than its texts (MIT texts under a card that says Apache-2.0, both free) is a
warning: the metadata contradicts itself, but either way the terms are what the rule asks for.
Missing facts are not failures: with no license identified, or no license declared, the check
does not apply.
"""

from __future__ import annotations

from functools import cache

from openness.licenses import Freedom, knowledge_base
from openness.model import Artifact, Component, Evidence, EvidenceKind, LicenseExpression, Role
from openness.policy.rules.licenses import judge
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = ["equivalent_ids", "judge_license_texts", "license_texts"]


@cache
def _equivalence() -> dict[str, frozenset[str]]:
    """Lower-case id to the lower-case ids whose reference text is the same (``GPL-3.0-only``
    and ``GPL-3.0-or-later``), from the license identifier's references."""
    from openness.licenses.identify import references

    groups: dict[str, set[str]] = {}
    for ref in references():
        if not ref.equivalents:
            continue
        group = {ref.id.lower(), *(e.lower() for e in ref.equivalents)}
        for member in list(group):
            group |= groups.get(member, set())
        for member in group:
            groups[member] = group
    return {k: frozenset(v) for k, v in groups.items()}


def equivalent_ids(license_id: str) -> frozenset[str]:
    """``license_id`` and the ids with the same license text, lower case."""
    key = license_id.lower()
    return _equivalence().get(key, frozenset({key}))


def _named_by(license_id: str, declared: frozenset[str]) -> bool:
    key = license_id.lower()
    return key in declared or not equivalent_ids(key).isdisjoint(declared)


def _describe(license_id: str) -> str:
    facts = knowledge_base().get(license_id)
    return (
        f"'{license_id}' ({facts.name})" if facts is not None and facts.name else f"'{license_id}'"
    )


def _card_keyword(license_id: str) -> str:
    """How a Hugging Face card names the license: an SPDX id in lower case, a knowledge-base
    license by its shortest alias."""
    if not license_id.startswith("LicenseRef-"):
        return license_id.lower()
    facts = knowledge_base().get(license_id)
    aliases = [a for a in (facts.aliases if facts is not None else ()) if " " not in a]
    return min(aliases, key=lambda a: (len(a), a)) if aliases else "other"


def _files(component: Component) -> str:
    return ", ".join(f.path for f in component.files) or "the license files"


def _conflict(
    spec: RuleSpec,
    index: int,
    component: Component,
    declared: LicenseExpression,
    unnamed: list[str],
) -> Finding:
    files = _files(component)
    texts = LicenseExpression(" AND ".join(unnamed))
    said = ", ".join(_describe(i) for i in unnamed)
    carried = component.license
    assert carried is not None
    keyword = " AND ".join(_card_keyword(i) for i in carried.ids)
    evidence = _evidence(component)
    of_texts, of_declared = judge(texts, spec), judge(declared, spec)
    fix = (
        f"declare the terms the license files carry: license '{carried}' (in a "
        f"Hugging Face card's front matter, `license: {keyword}`); or, if the release really "
        f"is under '{declared}', replace {files} with the text of '{declared}'"
    )
    base = (
        f"the artifact declares '{declared}', but its license files ({files}) are identified "
        f"as {said}, which the declared license does not name"
    )
    if of_texts.freedom is Freedom.NOT_FREE and of_declared.freedom is not Freedom.NOT_FREE:
        return Finding(
            rule=spec.id,
            subject=f"components[{index}]",
            outcome=Outcome.FAIL,
            message=f"{base}; they are not {spec.terms} ({of_texts.reason}): a declared license "
            "more open than the license texts is open-washing",
            severity=spec.severity,
            how_to_fix=spec.fix(fix, what=files, license=texts),
            citation=spec.citation,
            evidence=evidence,
        )
    if of_texts.freedom is Freedom.UNKNOWN and of_declared.freedom is Freedom.FREE:
        return Finding(
            rule=spec.id,
            subject=f"components[{index}]",
            outcome=Outcome.UNKNOWN,
            message=f"{base}; whether they are {spec.terms} is unknown ({of_texts.reason})",
            severity=spec.severity,
            how_to_fix=spec.fix(fix, what=files, license=texts),
            citation=spec.citation,
            evidence=evidence,
        )
    severity = FindingSeverity.WARNING if spec.severity is FindingSeverity.ERROR else spec.severity
    return Finding(
        rule=spec.id,
        subject=f"components[{index}]",
        outcome=Outcome.FAIL,
        message=f"{base}; the metadata contradicts itself (a warning: the license texts "
        "claim no more than the declared license)",
        severity=severity,
        how_to_fix=spec.fix(fix, what=files, license=texts),
        citation=spec.citation,
        evidence=evidence,
    )


def _evidence(component: Component) -> tuple[Evidence, ...]:
    declared = Evidence(
        source="artifact",
        locator="license",
        kind=EvidenceKind.DECLARED,
        note="the artifact's declared license",
    )
    return (declared, *(e for e in component.evidence if e.kind is EvidenceKind.DETECTED))


def _judge_one(
    spec: RuleSpec, index: int, component: Component, declared: LicenseExpression
) -> Finding:
    assert component.license is not None
    named = frozenset(i.lower() for i in declared.ids)
    unnamed = [i for i in component.license.ids if not _named_by(i, named)]
    if unnamed:
        return _conflict(spec, index, component, declared, unnamed)
    return Finding(
        rule=spec.id,
        subject=f"components[{index}]",
        outcome=Outcome.PASS,
        message=f"the license files ({_files(component)}) are identified as "
        f"'{component.license}', which the declared license '{declared}' names",
        severity=spec.severity,
        citation=spec.citation,
        evidence=_evidence(component),
    )


def license_texts(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``license-texts``: the licenses identified in the artifact's license files are among
    those its declared license names (or have the same text); a declared license more open
    than the texts fails (open-washing), another disagreement is a warning. Not applicable
    when no license text was identified or no license is declared."""
    return judge_license_texts(spec, view.artifact)


def judge_license_texts(spec: RuleSpec, artifact: Artifact) -> Finding:
    """The ``license-texts`` finding on ``artifact`` (for policies that judge without a
    view: ``mof``)."""
    texts = [
        (i, c)
        for i, c in enumerate(artifact.components)
        if c.role is Role.LICENSE_TEXT and c.license is not None
    ]
    declared = artifact.license
    if not texts:
        return spec.cached(
            "no-texts",
            lambda: Finding(
                rule=spec.id,
                subject="artifact",
                outcome=Outcome.NOT_APPLICABLE,
                message="no license file's text was identified as a license",
                severity=spec.severity,
                citation=spec.citation,
            ),
        )
    key = (
        "texts",
        None if declared is None else str(declared),
        tuple(
            (i, str(c.license), tuple(f.path for f in c.files), tuple(c.evidence)) for i, c in texts
        ),
    )

    def make() -> Finding:
        if declared is None or declared.is_noassertion:
            said = " AND ".join(str(c.license) for _, c in texts)
            return Finding(
                rule=spec.id,
                subject="artifact",
                outcome=Outcome.NOT_APPLICABLE,
                message=f"the artifact declares no license to compare; its license files are "
                f"identified as '{said}'",
                severity=spec.severity,
                how_to_fix=f"declare the license the files carry ('{said}')",
                citation=spec.citation,
                evidence=tuple(e for _, c in texts for e in _evidence(c)[1:]),
            )
        found = [_judge_one(spec, i, c, declared) for i, c in texts]
        if len(found) == 1:
            return found[0]
        return _combined(spec, found)

    return spec.cached(key, make)


def _combined(spec: RuleSpec, found: list[Finding]) -> Finding:
    """One finding for several license-text components: the first error that fails, else the
    first that is unknown, else the first warning, else a pass; each one as a sub-finding."""
    worst = found[0]
    for outcome, severity in (
        (Outcome.FAIL, FindingSeverity.ERROR),
        (Outcome.UNKNOWN, FindingSeverity.ERROR),
        (Outcome.FAIL, None),
    ):
        match = [f for f in found if f.outcome is outcome and severity in (None, f.severity)]
        if match:
            worst = match[0]
            break
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=worst.outcome,
        message=f"{len(found)} license-text components; {worst.subject}: {worst.message}",
        severity=worst.severity,
        how_to_fix=worst.how_to_fix,
        citation=spec.citation,
        findings=tuple(found),
    )
