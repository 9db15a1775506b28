"""The named rule functions, through the policies that use them (design.md sections 3 and 4)."""

from __future__ import annotations

from typing import Any

import pytest

from openness.model import (
    DECLARED_LICENSE_ROLES,
    Artifact,
    ArtifactKind,
    EvidenceKind,
    Role,
    covered_by_declared_license,
)
from openness.policy import Finding, Outcome, Verdict, check, get_policy
from openness.policy.builtin.reproducible import load_table

MINE = ["osaid", "debian-ml", "osd", "fsf", "weights-as-source", "data-as-source", "cost-aware"]


def judge(policy: str, **fields: Any) -> Verdict:
    artifacts = fields.pop("upstream", [])
    artifact = Artifact.model_validate({"id": "m", "kind": "model", **fields})
    verdicts = check([*artifacts, artifact], [policy])
    return verdicts[-1]


def rule(verdict: Verdict, rule_id: str) -> Finding:
    (found,) = [f for f in verdict.findings if f.rule == rule_id]
    return found


def params(license_: str | None, **extra: Any) -> list[dict[str, Any]]:
    return [{"role": "model-parameters-final", "license": license_, **extra}]


def test_and_needs_every_operand_with_a_sub_finding_each() -> None:
    finding = rule(
        judge("osaid", components=params("MIT AND CC-BY-NC-4.0")), "osaid/parameters-license"
    )
    assert finding.outcome is Outcome.FAIL
    assert "'MIT AND CC-BY-NC-4.0'" in finding.message and "CC-BY-NC-4.0" in finding.message
    operands = [(f.message.split("'")[1], f.outcome) for f in finding.findings]
    assert operands == [("MIT", Outcome.PASS), ("CC-BY-NC-4.0", Outcome.FAIL)]
    assert all(f.how_to_fix for f in finding.findings if f.outcome is Outcome.FAIL)


def test_or_names_the_branch_that_suffices() -> None:
    finding = rule(
        judge("osd", components=params("LicenseRef-scancode-llama-2-license-2023 OR MIT")),
        "osd/parameters-license",
    )
    assert finding.outcome is Outcome.PASS
    assert "MIT suffices" in finding.message


def test_unknown_ids_and_noassertion_are_unknown_not_fail() -> None:
    unknown = rule(
        judge("osaid", components=params("LicenseRef-acme-weights")), "osaid/parameters-license"
    )
    assert unknown.outcome is Outcome.UNKNOWN
    assert unknown.how_to_fix and "LicenseRef-acme-weights" in unknown.how_to_fix
    noassertion = rule(judge("osaid", components=params("NOASSERTION")), "osaid/parameters-license")
    assert noassertion.outcome is Outcome.UNKNOWN
    assert noassertion.how_to_fix == (
        "state the license of the model-parameters-final component as an SPDX expression"
    )
    # Issue 18 item 8: in words, not the index path or "NOASSERTION: no license is stated".
    assert noassertion.message == (
        "the model-parameters-final component states no license (NOASSERTION), so whether it is "
        "under OSI-approved terms (terms that grant the four freedoms) is unknown"
    )
    assert noassertion.subject == "components[0]"


@pytest.mark.parametrize(
    ("fields", "locator", "kind"),
    [
        ({"components": params("MIT")}, "components[0].license", EvidenceKind.DECLARED),
        (
            {
                "components": params(None),
                "release_licenses": {"data": "MIT"},
                "license": "GPL-3.0-only",
            },
            "release_licenses.data",
            EvidenceKind.INHERITED,
        ),
        (
            {"components": params(None, availability="included"), "license": "MIT"},
            "license",
            EvidenceKind.INHERITED,
        ),
    ],
)
def test_effective_license_records_where_it_came_from(
    fields: dict[str, Any], locator: str, kind: EvidenceKind
) -> None:
    finding = rule(judge("osaid", **fields), "osaid/parameters-license")
    assert finding.outcome is Outcome.PASS
    assert "'MIT'" in finding.message
    (evidence,) = finding.evidence
    assert (evidence.locator, evidence.kind) == (locator, kind)


def test_declared_license_alone_does_not_say_a_component_is_released() -> None:
    finding = rule(
        judge("osaid", components=params(None), license="MIT"), "osaid/parameters-license"
    )
    assert finding.outcome is Outcome.UNKNOWN
    assert "availability" in finding.message and "'MIT'" in finding.message


def test_no_license_anywhere_is_unknown() -> None:
    finding = rule(judge("osaid", components=params(None)), "osaid/parameters-license")
    assert finding.outcome is Outcome.UNKNOWN
    assert "states no license" in finding.message


@pytest.mark.parametrize(
    ("availability", "obtainable", "public"),
    [
        ("included", Outcome.PASS, Outcome.PASS),
        ("gated", Outcome.PASS, Outcome.FAIL),
        ("on-request", Outcome.PASS, Outcome.FAIL),
        ("third-party", Outcome.PASS, Outcome.UNKNOWN),
        ("not-released", Outcome.FAIL, Outcome.FAIL),
    ],
)
def test_availability(availability: str, obtainable: Outcome, public: Outcome) -> None:
    data = [{"role": "datasets", "license": "CC0-1.0", "availability": availability}]
    assert rule(judge("fsf", components=data), "fsf/training-data").outcome is obtainable
    assert rule(judge("debian-ml", components=data), "debian-ml/training-data").outcome is public


def test_unstated_availability() -> None:
    bare = rule(judge("osaid", components=[{"role": "training-code"}]), "osaid/code-training")
    assert bare.outcome is Outcome.UNKNOWN and "availability" in bare.message
    licensed = rule(
        judge("osaid", components=[{"role": "training-code", "license": "MIT"}]),
        "osaid/code-training",
    )
    assert licensed.outcome is Outcome.PASS  # a license is granted for something released


def test_missing_component_is_unknown_with_how_to_fix() -> None:
    finding = rule(judge("osaid"), "osaid/code-inference")
    assert finding.outcome is Outcome.UNKNOWN
    assert (
        finding.how_to_fix is not None and "list the inference-code component" in finding.how_to_fix
    )


def test_alternative_roles_any_suffices() -> None:
    docs = [
        {"role": "data-card", "license": "LicenseRef-scancode-llama-2-license-2023"},
        {"role": "research-paper", "license": "CC-BY-4.0"},
    ]
    assert rule(judge("osaid", components=docs), "osaid/data-information").outcome is Outcome.PASS
    assert (
        rule(judge("osaid", components=docs[:1]), "osaid/data-information").outcome
        is Outcome.UNKNOWN
    )


def test_alternative_roles_name_only_the_missing_ones() -> None:
    """Issue 18 item 5: a listed research paper was called missing in the same sentence."""
    paper = [{"role": "research-paper", "license": "NOASSERTION", "availability": "included"}]
    finding = rule(judge("osaid", components=paper), "osaid/data-information")
    assert finding.outcome is Outcome.UNKNOWN
    assert "research-paper" in finding.message
    assert "no data-card, datasheet or technical-report component" in finding.findings[0].message
    assert "nor is any data-card, datasheet or technical-report component listed" in (
        finding.message
    )
    for text in (finding.message, *(f.message for f in finding.findings)):
        assert "or research-paper component" not in text
    # The fix is the listed paper's first (state its license), then the missing alternative.
    assert finding.how_to_fix is not None
    assert finding.how_to_fix.startswith("state the license of")
    assert finding.how_to_fix.endswith(
        "or list the data-card component with its availability and license"
    )
    nothing = rule(judge("osaid"), "osaid/data-information")
    assert nothing.message.startswith(
        "no data-card, datasheet, technical-report or research-paper component is listed"
    )


def test_binaries_without_source_fail() -> None:
    binaries = [{"role": "binaries", "license": "MIT", "availability": "included"}]
    verdict = judge("osd", kind="software", license="MIT", components=binaries)
    assert rule(verdict, "osd/source-code").outcome is Outcome.FAIL
    assert (
        rule(judge("osd", kind="software", license="MIT"), "osd/source-code").outcome
        is Outcome.UNKNOWN
    )


def test_training_data_from_trained_on_edges() -> None:
    dataset = Artifact.model_validate(
        {
            "id": "d",
            "kind": "dataset",
            "components": [
                {"role": "data-files", "license": "CC-BY-NC-4.0", "availability": "included"}
            ],
        }
    )
    verdict = judge(
        "data-as-source", upstream=[dataset], lineage=[{"relation": "trained-on", "target": "d"}]
    )
    finding = rule(verdict, "data-as-source/training-data")
    assert finding.outcome is Outcome.FAIL
    assert finding.subject == "lineage[0].components[0]"
    assert "CC-BY-NC-4.0" in finding.message
    nothing = rule(judge("data-as-source"), "data-as-source/training-data")
    assert nothing.outcome is Outcome.UNKNOWN and "no training data is described" in nothing.message


OPEN_WEIGHTS = [
    {"role": "model-parameters-final", "license": "Apache-2.0", "availability": "included"},
    {"role": "inference-code", "license": "Apache-2.0", "availability": "included"},
]


@pytest.mark.parametrize(
    ("flop", "data", "outcome", "says"),
    [
        (1e19, "included", Outcome.PASS, "within the retraining budget"),
        (1e19, "not-released", Outcome.FAIL, "within the retraining budget"),
        (1e23, "not-released", Outcome.PASS, "exceeds the retraining budget"),
        (None, "included", Outcome.PASS, "not stated"),
        (None, "not-released", Outcome.UNKNOWN, "not stated"),
    ],
)
def test_cost_aware(flop: float | None, data: str, outcome: Outcome, says: str) -> None:
    components = [
        *OPEN_WEIGHTS,
        {"role": "training-code", "license": "MIT", "availability": "included"},
        {"role": "data-preprocessing-code", "license": "MIT", "availability": "included"},
        {"role": "datasets", "license": "CC0-1.0", "availability": data},
    ]
    facts = {"training": {"training_flop": flop}} if flop is not None else {}
    verdict = judge("cost-aware", components=components, facts=facts)
    assert verdict.outcome is outcome
    assert says in rule(verdict, "cost-aware/retraining-cost").message
    if flop == 1e23:
        assert rule(verdict, "cost-aware/training-data").outcome is Outcome.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("weights", "data", "level", "outcome"),
    [
        ("Apache-2.0", "included", "free", Outcome.PASS),
        ("Apache-2.0", "gated", "toxic-candy", Outcome.FAIL),
        ("Apache-2.0", "not-released", "toxic-candy", Outcome.FAIL),
        ("Apache-2.0", "third-party", None, Outcome.UNKNOWN),
        ("CC-BY-NC-4.0", "included", "non-free", Outcome.FAIL),
        ("CC-BY-NC-4.0", "third-party", "non-free", Outcome.FAIL),
        ("NOASSERTION", "not-released", None, Outcome.FAIL),
        ("NOASSERTION", "included", None, Outcome.UNKNOWN),
    ],
)
def test_debian_levels(weights: str, data: str, level: str | None, outcome: Outcome) -> None:
    components = [
        {"role": "model-parameters-final", "license": weights, "availability": "included"},
        {"role": "training-code", "license": "GPL-3.0-or-later", "availability": "included"},
        {"role": "datasets", "license": "CC-BY-SA-4.0", "availability": data},
    ]
    verdict = judge("debian-ml", components=components)
    assert (verdict.level, verdict.outcome) == (level, outcome)
    assert verdict.levels == ("free", "toxic-candy", "non-free")


def test_datasets_are_not_applicable_to_model_definitions() -> None:
    (verdict,) = check([Artifact.model_validate({"id": "d", "kind": "dataset"})], ["osaid"])
    assert verdict.outcome is Outcome.NOT_APPLICABLE
    (finding,) = verdict.findings
    assert finding.rule == "osaid/applies-to" and "dataset" in finding.message


@pytest.mark.parametrize("policy_id", MINE)
def test_rules_have_stable_prefixed_ids_and_citations(policy_id: str) -> None:
    policy = get_policy(policy_id)
    ids = [r.id for r in policy.rules()]
    assert len(ids) == len(set(ids))
    assert all(i.startswith(policy_id + "/") for i in ids)
    assert all(r.citation.document and r.passes for r in policy.rules())
    assert policy.data_hash() and len(policy.data_hash()) == 16


def test_a_paper_does_not_take_the_models_license() -> None:
    """Issue 18 item 6: an arXiv paper stating no license was judged under the Llama license."""
    llama = "LicenseRef-scancode-llama-3.1-license-2024"
    paper = [{"role": "research-paper", "availability": "included"}]
    finding = rule(judge("osaid", components=paper, license=llama), "osaid/data-information")
    assert finding.outcome is Outcome.UNKNOWN
    assert finding.evidence == ()
    assert f"the release's declared license '{llama}' does not cover a research-paper" in (
        finding.message
    )
    # A release-wide document license still covers it (as the Model Openness Tool has it).
    wide = judge("osaid", components=paper, license=llama, release_licenses={"document": "CC0-1.0"})
    assert rule(wide, "osaid/data-information").outcome is Outcome.PASS


def test_inherited_licenses_say_so_in_the_message() -> None:
    weights = params(None, availability="included")
    finding = rule(judge("osaid", components=weights, license="MIT"), "osaid/parameters-license")
    assert finding.outcome is Outcome.PASS
    assert "states no license and takes the release's declared license 'MIT'" in finding.message
    wide = judge("osaid", components=weights, release_licenses={"data": "MIT"})
    assert "takes the release-wide data license 'MIT'" in (
        rule(wide, "osaid/parameters-license").message
    )
    own = rule(judge("osaid", components=params("MIT")), "osaid/parameters-license")
    assert "is licensed 'MIT'" in own.message and "takes" not in own.message


@pytest.mark.parametrize(
    ("kind", "role", "covered"),
    [
        ("model", "model-parameters-final", True),
        ("model", "configuration", True),
        ("model", "training-code", True),
        ("model", "model-card", True),
        ("model", "research-paper", False),
        ("model", "technical-report", False),
        ("model", "data-card", False),
        ("model", "datasets", False),
        ("model", "evaluation-data", False),
        ("model", "supporting-libraries", False),
        ("model", "datasheet", False),
        ("dataset", "datasheet", True),
        ("dataset", "data-files", True),
        ("dataset", "datasets", False),
        ("software", "source-code", True),
        ("software", "license-text", False),
    ],
)
def test_what_the_declared_license_covers(kind: str, role: str, covered: bool) -> None:
    assert covered_by_declared_license(ArtifactKind(kind), Role(role)) is covered


def test_reproducible_inherits_as_the_other_policies_do() -> None:
    """The reproducible table's ``inherit_license`` lists are the roles the declared license
    covers, among the inputs of each kind: one rule for every policy (but mof, which follows
    the Model Openness Tool)."""
    for kind, rules in load_table().kinds.items():
        assert rules.inherit_license == rules.inputs & DECLARED_LICENSE_ROLES[kind], kind


def test_messages_name_components_by_role_and_name() -> None:
    """Issue 18 item 8: "the datasets component 'Tulu 3 SFT mixture'", not "components[0]";
    the index path stays in the subject, for machines."""
    data = [
        {"role": "datasets", "name": "Tulu 3 SFT mixture", "license": "CC-BY-NC-4.0"},
        {"role": "datasets", "name": "Datasets", "license": "CC-BY-NC-4.0"},  # MOT's label
    ]
    finding = rule(judge("fsf", components=data), "fsf/training-data")
    first, second = finding.findings
    assert first.message.startswith("the datasets component 'Tulu 3 SFT mixture' is licensed")
    assert second.message.startswith("the datasets component is licensed")  # no 'Datasets'
    assert (first.subject, second.subject) == ("components[0]", "components[1]")
    for text in (first.message, first.how_to_fix or "", second.message, second.how_to_fix or ""):
        assert "components[" not in text
