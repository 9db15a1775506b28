"""The ``training-data`` check: the data a model was trained on, from its ``datasets``
components and its ``trained-on`` lineage edges, is available and freely licensed."""

from __future__ import annotations

from openness.model import Artifact, Component, Relation, Role
from openness.policy.rules.components import component_finding, is_available
from openness.policy.rules.licenses import license_finding
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding, Outcome

__all__ = ["dataset_finding", "training_data"]


def _undescribed(spec: RuleSpec) -> Finding:
    return spec.cached(
        "undescribed",
        lambda: Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.UNKNOWN,
            message="no training data is described: neither a datasets component nor a "
            "trained-on lineage edge",
            severity=spec.severity,
            how_to_fix="list the training data: a datasets component with its availability and "
            "license, or trained-on lineage edges to dataset artifacts",
            citation=spec.citation,
        ),
    )


def dataset_finding(spec: RuleSpec, dataset: Artifact, where: str) -> Finding:
    """A dataset artifact (an upstream of the judged one, at ``where``) judged as training data:
    every ``data-files`` component, else the dataset's declared license."""
    files = [(i, c) for i, c in enumerate(dataset.components) if c.role is Role.DATA_FILES]
    if files:
        findings = [component_finding(spec, dataset, i, c, where) for i, c in files]
        if len(findings) == 1:
            return findings[0]
        outcome = Outcome.combine([f.outcome for f in findings])
        deciding = next(f for f in findings if f.outcome is outcome)
        return Finding(
            rule=spec.id,
            subject=where,
            outcome=outcome,
            message=deciding.message,
            severity=spec.severity,
            how_to_fix=deciding.how_to_fix,
            citation=spec.citation,
            findings=tuple(findings),
        )
    what = f"the training data {where}"
    stand_in = Component(role=Role.DATA_FILES, location=dataset.url, license=dataset.license)
    available = is_available(stand_in, spec.require)
    if dataset.license is None:
        return Finding(
            rule=spec.id,
            subject=where,
            outcome=Outcome.UNKNOWN,
            message=f"{what} declares no license and lists no data-files component",
            severity=spec.severity,
            how_to_fix=f"state the license and availability of {what} (a data-files component)",
            citation=spec.citation,
        )
    licensed = license_finding(spec, where, what, dataset.license)
    if available is None and licensed.outcome is not Outcome.FAIL:
        return Finding(
            rule=spec.id,
            subject=where,
            outcome=Outcome.UNKNOWN,
            message=f"{licensed.message}; its availability is not stated",
            severity=spec.severity,
            how_to_fix=f"list a data-files component for {what} with its availability",
            citation=spec.citation,
            findings=(licensed,),
        )
    return licensed


def training_data(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``training-data``: every source of training data (``datasets`` components or the rule's
    ``roles``, and ``trained-on`` lineage targets) is available as required and under the
    rule's terms. Nothing described gives unknown."""
    artifact = view.artifact
    findings: list[Finding] = []
    for role in spec.roles or (Role.DATASETS,):
        findings.extend(component_finding(spec, artifact, i, c) for i, c in view.components(role))
    positions = {id(edge): i for i, edge in enumerate(artifact.lineage)}
    for upstream in view.context.upstream:
        if upstream.edge.relation is Relation.TRAINED_ON:
            where = f"lineage[{positions.get(id(upstream.edge), 0)}]"
            findings.append(dataset_finding(spec, upstream.artifact, where))
    if not findings:
        return _undescribed(spec)
    if len(findings) == 1:
        return findings[0]
    outcome = Outcome.combine([f.outcome for f in findings])
    deciding = next(f for f in findings if f.outcome is outcome)
    passed = outcome is Outcome.PASS
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=outcome,
        message=(
            f"all {len(findings)} sources of training data are available and under {spec.terms}"
            if passed
            else deciding.message
        ),
        severity=spec.severity,
        how_to_fix=None if passed else deciding.how_to_fix,
        citation=spec.citation,
        findings=tuple(findings),
    )
