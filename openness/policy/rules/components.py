"""Component rules: the effective license of a component, its availability, and the
``component-license`` and ``declared-license`` checks."""

from __future__ import annotations

import re
from functools import lru_cache

from openness.model import (
    Artifact,
    Availability,
    Component,
    ContentType,
    Evidence,
    EvidenceKind,
    LicenseExpression,
    Role,
    covered_by_declared_license,
)
from openness.policy.rules.licenses import license_finding
from openness.policy.rules.spec import Require, RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding, Outcome

__all__ = [
    "component_finding",
    "component_license",
    "component_words",
    "declared_license",
    "effective_license",
    "is_available",
    "release_terms",
    "source_code",
    "terms_words",
]


@lru_cache(maxsize=4096)
def _evidence(source: str, locator: str, kind: EvidenceKind, note: str) -> Evidence:
    return Evidence(source=source, locator=locator, kind=kind, note=note)


def effective_license(
    artifact: Artifact, index: int, component: Component, where: str = ""
) -> tuple[LicenseExpression | None, Evidence | None]:
    """The license that covers a component, and evidence saying where it came from.

    The component's own license; else the release-wide license for its content type
    (``release_licenses``, as the Model Openness Tool does); else the artifact's declared
    license, for the roles it covers (:func:`openness.model.covered_by_declared_license`: the
    release's own parts, never a paper, a data card, training data or a third-party library).
    ``(None, None)`` when none is stated. The evidence's source is ``artifact`` (the
    one judged) and its locator the field the license was read from, prefixed with ``where``
    when ``artifact`` is an upstream one (``lineage[0].components[1].license``).
    """
    prefix = f"{where}." if where else ""
    source = "artifact"
    if component.license is not None:
        return component.license, _evidence(
            source,
            f"{prefix}components[{index}].license",
            EvidenceKind.DECLARED,
            "the component's own license",
        )
    content: ContentType = component.role.content_type
    release = artifact.release_licenses.get(content)
    if release is not None:
        return release, _evidence(
            source,
            f"{prefix}release_licenses.{content.value}",
            EvidenceKind.INHERITED,
            f"the release-wide {content.value} license; the component states none",
        )
    if artifact.license is not None and covered_by_declared_license(artifact.kind, component.role):
        return artifact.license, _evidence(
            source,
            f"{prefix}license",
            EvidenceKind.INHERITED,
            "the artifact's declared license; the component states none",
        )
    return None, None


def is_available(component: Component, require: Require, release_wide: bool = False) -> bool | None:
    """Whether the component is available as ``require`` asks; None when nobody said.

    For ``obtainable``, a component whose availability is unstated but that states a license or
    a location, or that a release-wide license covers (``release_wide``, as the Model Openness
    Tool lists released components), counts as released.
    """
    availability = component.availability
    if require is Require.PUBLIC:
        if availability is Availability.INCLUDED:
            return True
        if availability is None or availability is Availability.THIRD_PARTY:
            return None
        return False
    if availability is None:
        stated = component.license is not None or component.location or release_wide
        return True if stated else None
    return availability.obtainable


_AVAILABILITY_WORDS: dict[Availability, str] = {
    Availability.INCLUDED: "included in the release",
    Availability.GATED: "gated (registration or click-through), not downloadable by anyone",
    Availability.ON_REQUEST: "available only on request",
    Availability.THIRD_PARTY: "obtainable only from third parties, so not known to be public",
    Availability.NOT_RELEASED: "not released",
}


def _unavailable(spec: RuleSpec, subject: str, what: str, component: Component) -> Finding:
    availability = component.availability
    if availability is None:
        return Finding(
            rule=spec.id,
            subject=subject,
            outcome=Outcome.UNKNOWN,
            message=f"the availability of {what} is not stated",
            severity=spec.severity,
            how_to_fix=f"state the availability of {what} (included, gated, on-request, "
            "third-party or not-released)",
            citation=spec.citation,
            evidence=tuple(component.evidence),
        )
    unknown = availability is Availability.THIRD_PARTY
    public = " publicly" if spec.require is Require.PUBLIC else ""
    return Finding(
        rule=spec.id,
        subject=subject,
        outcome=Outcome.UNKNOWN if unknown else Outcome.FAIL,
        message=f"{what} is {availability.value}: {_AVAILABILITY_WORDS[availability]}",
        severity=spec.severity,
        how_to_fix=(
            f"state whether anonymous users can download {what} from the third party"
            if unknown
            else spec.fix(f"release {what}{public} under {spec.terms}", what=what)
        ),
        citation=spec.citation,
        evidence=tuple(component.evidence),
    )


_WORD = re.compile(r"[a-z0-9]+")
#: The words of each role's slug: a name made of them only (MOT's "Data card") adds nothing.
_ROLE_WORDS: dict[Role, set[str]] = {role: set(role.value.split("-")) for role in Role}


def component_words(component: Component, where: str = "") -> str:
    """How a message names a component: by its role and name (``the datasets component 'Tulu
    3 SFT mixture'``), of the upstream artifact at ``where`` when there is one. The finding's
    ``subject`` keeps the field path (``components[6]``) for machines."""
    name = component.name
    repeats = name is not None and set(_WORD.findall(name.lower())) <= _ROLE_WORDS[component.role]
    named = f" '{name}'" if name and not repeats else ""
    upstream = f" of the dataset at {where}" if where else ""
    return f"the {component.role.value} component{named}{upstream}"


def component_finding(
    spec: RuleSpec, artifact: Artifact, index: int, component: Component, where: str = ""
) -> Finding:
    """One component judged by a rule: available as required, and under the rule's terms.

    ``where`` locates ``artifact`` relative to the one judged (``""`` for itself,
    ``"lineage[0]"`` for an upstream artifact); subjects and evidence are relative to it.
    """
    license_, source = effective_license(artifact, index, component, where)
    key = (
        "component",
        where,
        index,
        component.role,
        component.availability,
        None if license_ is None else str(license_),
        source,
        None if license_ is not None or artifact.license is None else str(artifact.license),
        bool(component.location),
        tuple(component.evidence),
        component.name,
    )
    cached: Finding | None = spec.cache.get(key)
    if cached is not None:
        return cached
    subject = f"{where}.components[{index}]" if where else f"components[{index}]"
    what = component_words(component, where)
    release_wide = source is not None and "release_licenses" in (source.locator or "")
    available = is_available(component, spec.require, release_wide)
    if available is False:
        return spec.remember(key, _unavailable(spec, subject, what, component))
    if license_ is None:
        declared = artifact.license
        licensed = Finding(
            rule=spec.id,
            subject=subject,
            outcome=Outcome.UNKNOWN,
            message=f"{what} states no license, and the release declares none"
            if declared is None
            else f"{what} states no license, and the release's declared license '{declared}' "
            f"does not cover a {component.role.value} component, a separate work with terms "
            "of its own",
            severity=spec.severity,
            how_to_fix=f"state the license of {what} as an SPDX expression",
            citation=spec.citation,
            evidence=tuple(component.evidence),
        )
    else:
        evidence = (source, *component.evidence) if source is not None else ()
        origin = ""
        if source is not None and source.kind is EvidenceKind.INHERITED:
            content = component.role.content_type.value
            origin = (
                f"the release-wide {content} license"
                if "release_licenses" in (source.locator or "")
                else "the release's declared license"
            )
        licensed = license_finding(spec, subject, what, license_, evidence, origin)
    if available is None and licensed.outcome is not Outcome.FAIL:
        missing = _unavailable(spec, subject, what, component)
        licensed = Finding(
            rule=spec.id,
            subject=subject,
            outcome=Outcome.UNKNOWN,
            message=f"{missing.message}; {licensed.message}",
            severity=spec.severity,
            how_to_fix=missing.how_to_fix,
            citation=spec.citation,
            evidence=licensed.evidence,
            findings=(missing, licensed),
        )
    return spec.remember(key, licensed)


def _alternatives(roles: tuple[Role, ...] | list[Role], joiner: str = "or") -> str:
    """``a, b or c``: roles named as alternatives."""
    names = [r.value for r in roles]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def _missing(spec: RuleSpec, roles: tuple[Role, ...] | None = None) -> Finding:
    """The finding for roles nobody listed (all the rule's roles unless ``roles`` says which)."""
    absent = tuple(spec.roles) if roles is None else roles

    def make() -> Finding:
        return Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.UNKNOWN,
            message=f"no {_alternatives(absent)} component is listed, so whether it is released "
            f"under {spec.terms} is unknown",
            severity=spec.severity,
            how_to_fix=f"list the {absent[0].value} component with its availability "
            "and license (an SPDX expression), or state availability: not-released",
            citation=spec.citation,
        )

    return spec.cached(("missing", absent), make)


def component_license(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``component-license``: a component of one of ``roles`` is available and under the rule's
    terms. Roles are alternatives (any passing role suffices); within a role every component
    must pass. A role nobody listed leaves the rule unknown unless another role passes; the
    message then names the listed components that leave it unknown, and only the roles that are
    missing."""
    artifact = view.artifact
    judged: list[tuple[Outcome, list[Finding]]] = []
    missing: list[Role] = []
    for role in spec.roles:
        components = view.components(role)
        if not components:
            missing.append(role)
            continue
        findings = [component_finding(spec, artifact, i, c) for i, c in components]
        judged.append((Outcome.combine([f.outcome for f in findings]), findings))
    if not judged:
        return _missing(spec)
    if (
        len(judged) == 1
        and len(judged[0][1]) == 1
        and (not missing or judged[0][0] is Outcome.PASS)
    ):
        return judged[0][1][0]
    outcomes = [outcome for outcome, _ in judged]
    if Outcome.PASS in outcomes:
        outcome = Outcome.PASS
    elif missing or Outcome.UNKNOWN in outcomes:
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.FAIL
    everything = [f for _, findings in judged for f in findings]
    deciding = next(
        (f for o, findings in judged if o is outcome for f in findings if f.outcome is o),
        everything[0],
    )
    message = deciding.message
    fix = deciding.how_to_fix
    subs = tuple(everything)
    if missing and outcome is not Outcome.PASS:
        absent = _missing(spec, tuple(missing))
        if outcome is Outcome.UNKNOWN:
            # The listed components leave the rule open; the missing roles could close it.
            message = f"{message}; nor is any {_alternatives(missing)} component listed"
            listed = f"list the {missing[0].value} component with its availability and license"
            fix = f"{fix}; or {listed}" if fix else absent.how_to_fix
        subs = (absent, *subs)
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=outcome,
        message=message,
        severity=spec.severity,
        how_to_fix=fix if outcome is not Outcome.PASS else None,
        citation=spec.citation,
        findings=subs,
    )


def source_code(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``source-code``: like ``component-license`` over the source roles, except that binaries
    released without any source component fail (the Open Source Definition's clause 2) instead
    of leaving the rule unknown. ``params.binaries`` lists the binary roles (default
    ``binaries``)."""
    if any(view.components(role) for role in spec.roles):
        return component_license(spec, view)
    binary_roles = [Role(r) for r in spec.params.get("binaries", [Role.BINARIES.value])]
    binaries = [i for role in binary_roles for i, _ in view.components(role)]
    if not binaries:
        return component_license(spec, view)
    key = ("binaries-only", tuple(binaries))

    def make() -> Finding:
        return Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.FAIL,
            message=f"binaries are released without any "
            f"{' or '.join(r.value for r in spec.roles)} component: no preferred form for "
            "modification",
            severity=spec.severity,
            how_to_fix=spec.fix(
                f"release the source code under {spec.terms}", what="the source code"
            ),
            citation=spec.citation,
        )

    return spec.cached(key, make)


def declared_license(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``declared-license``: the artifact's declared license is under the rule's terms."""
    license_ = view.artifact.license
    if license_ is None:
        return spec.cached(
            "undeclared",
            lambda: Finding(
                rule=spec.id,
                subject="artifact",
                outcome=Outcome.UNKNOWN,
                message="the artifact declares no license",
                severity=spec.severity,
                how_to_fix="declare the release's license (license: an SPDX expression)",
                citation=spec.citation,
            ),
        )
    evidence = (
        _evidence("artifact", "license", EvidenceKind.DECLARED, "the artifact's declared license"),
        *view.artifact.evidence,
    )
    return license_finding(spec, "artifact", "the declared license", license_, evidence)


def terms_words(locator: str) -> str:
    """The field :func:`release_terms` read a license from, in words: ``components[4].license``
    (final parameters are the only component it reads) is "its final parameters' license"."""
    if locator.startswith("components["):
        return "its final parameters' license"
    if locator.startswith("release_licenses."):
        return f"its release-wide {locator.removeprefix('release_licenses.')} license"
    return "its declared license" if locator == "license" else locator


def release_terms(artifact: Artifact) -> tuple[LicenseExpression | None, str]:
    """The terms a derivative of ``artifact`` inherits: the license of its final parameters
    (for a model), else its declared license; with the field path it came from."""
    for index, component in enumerate(artifact.components):
        if component.role is Role.MODEL_PARAMETERS_FINAL:
            license_, source = effective_license(artifact, index, component)
            if license_ is not None and source is not None and source.locator is not None:
                return license_, source.locator
    return artifact.license, "license"
