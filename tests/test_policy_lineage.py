"""Lineage: upstream terms travel along deriving edges (fine-tune, quantisation, merge, adapter),
transitively, and a derivative declaring a license that contradicts them is open-washing.

design.md section 4: "An artifact derived from another inherits the obligations and
restrictions of its upstream licenses; a fine-tune of a Llama model declared 'MIT' is an
inconsistency to report (open-washing), and is not free under any stance."
"""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.loading import load
from openness.model import EvidenceKind
from openness.policy import Finding, Outcome, Verdict, check

DATA = Path(__file__).parent / "data" / "policy" / "lineage.yaml"
Verdicts = dict[tuple[str, str], Verdict]
MINE = [
    "osaid",
    "mof",
    "debian-ml",
    "osd",
    "fsf",
    "weights-as-source",
    "data-as-source",
    "cost-aware",
]


@pytest.fixture(scope="module")
def verdicts() -> Verdicts:
    result = load([DATA])
    assert result.ok, result.errors
    return {(v.artifact, v.policy): v for v in check(result.artifacts, MINE)}


def finding(verdict: Verdict, suffix: str) -> Finding:
    found = [f for f in verdict.findings if f.rule.endswith("/" + suffix)]
    assert len(found) == 1, [f.rule for f in verdict.findings]
    return found[0]


@pytest.mark.parametrize("policy", MINE)
def test_finetune_declared_mit_is_open_washing_everywhere(verdicts: Verdicts, policy: str) -> None:
    verdict = verdicts[("washed-finetune", policy)]
    washing = finding(verdict, "open-washing")
    assert washing.outcome is Outcome.FAIL
    assert "'MIT'" in washing.message
    assert "LicenseRef-scancode-llama-3.1-license-2024" in washing.message
    assert washing.how_to_fix and washing.citation
    assert finding(verdict, "lineage-inheritance").outcome is Outcome.FAIL
    assert verdict.outcome is Outcome.FAIL


def test_quantisation_inherits_transitively_through_a_washed_finetune(verdicts: Verdicts) -> None:
    verdict = verdicts[("washed-quant", "weights-as-source")]
    inheritance = finding(verdict, "lineage-inheritance")
    notes = {(e.source, e.locator, e.note) for e in inheritance.evidence}
    assert ("lineage[0]", "components[0].license", "MIT") in notes
    assert ("lineage[0]", "lineage", "LicenseRef-scancode-llama-3.1-license-2024") in notes
    assert all(e.kind is EvidenceKind.INHERITED for e in inheritance.evidence)
    # Issue 18 item 8: the field in words; its path is the evidence's locator.
    terms = {f.message for f in inheritance.findings}
    assert any("from lineage[0] (its final parameters' license)" in t for t in terms), terms
    assert not any("components[" in t for t in terms)
    assert inheritance.outcome is Outcome.FAIL
    assert finding(verdict, "open-washing").outcome is Outcome.FAIL
    # The quantisation's own weights are MIT: without lineage it would pass this stance.
    assert finding(verdict, "parameters-license").outcome is Outcome.PASS
    assert verdict.outcome is Outcome.FAIL


def test_honest_finetune_is_consistent_but_still_bound(verdicts: Verdicts) -> None:
    verdict = verdicts[("honest-finetune", "osaid")]
    assert finding(verdict, "open-washing").outcome is Outcome.PASS
    assert finding(verdict, "lineage-inheritance").outcome is Outcome.FAIL
    assert verdicts[("honest-finetune", "debian-ml")].level == "non-free"


def test_open_finetune_may_relicense_permissively(verdicts: Verdicts) -> None:
    verdict = verdicts[("open-finetune", "weights-as-source")]
    assert finding(verdict, "lineage-inheritance").outcome is Outcome.PASS
    assert finding(verdict, "open-washing").outcome is Outcome.PASS
    assert verdict.outcome is Outcome.PASS


def test_merge_inherits_from_every_parent(verdicts: Verdicts) -> None:
    mixed = verdicts[("mixed-merge", "weights-as-source")]
    washing = finding(mixed, "open-washing")
    assert washing.outcome is Outcome.FAIL
    assert "lineage[1]" in washing.message  # the restricted parent is the second edge
    subjects = {f.subject for f in finding(mixed, "lineage-inheritance").findings}
    assert {"lineage[0]", "lineage[1]"} <= subjects
    clean = verdicts[("open-merge", "weights-as-source")]
    assert clean.outcome is Outcome.PASS
    assert [u.artifact for u in clean.upstream] == ["open-base", "open-finetune"]


def test_share_alike_upstream_cannot_be_relicensed_permissively(verdicts: Verdicts) -> None:
    washing = finding(verdicts[("sharealike-relicensed", "osaid")], "open-washing")
    assert washing.outcome is Outcome.FAIL
    assert "share-alike" in washing.message


def test_unknown_upstream_license_gives_unknown_not_fail(verdicts: Verdicts) -> None:
    verdict = verdicts[("mystery-finetune", "weights-as-source")]
    assert finding(verdict, "lineage-inheritance").outcome is Outcome.UNKNOWN
    assert finding(verdict, "open-washing").outcome is Outcome.UNKNOWN
    assert all(f.how_to_fix for f in verdict.all_findings() if f.outcome is Outcome.UNKNOWN)


def test_verdicts_reference_their_upstream_verdicts(verdicts: Verdicts) -> None:
    quant = verdicts[("washed-quant", "osaid")]
    (ref,) = quant.upstream
    assert ref.artifact == "washed-finetune"
    assert ref.relation == "quantized-from"
    assert ref.outcome is verdicts[("washed-finetune", "osaid")].outcome
    assert verdicts[("llama-base", "osaid")].upstream == ()
    data = quant.to_dict()["upstream"]
    assert data == [
        {
            "artifact": "washed-finetune",
            "relation": "quantized-from",
            "outcome": "fail",
            "level": None,
        }
    ]


def test_not_applicable_without_deriving_edges(verdicts: Verdicts) -> None:
    verdict = verdicts[("open-base", "osaid")]
    assert finding(verdict, "lineage-inheritance").outcome is Outcome.NOT_APPLICABLE
    assert finding(verdict, "open-washing").outcome is Outcome.NOT_APPLICABLE


def test_naming_rule_of_an_inherited_license_is_a_warning(verdicts: Verdicts) -> None:
    from openness.licenses import knowledge_base

    facts = knowledge_base().get("LicenseRef-scancode-llama-3.1-license-2024")
    if facts is None or not facts.derivative_name_prefix:
        pytest.skip("the knowledge base records no naming rule for the Llama 3.1 license")
    prefix = facts.derivative_name_prefix.lower()
    for artifact, ok in (("washed-finetune", False), ("honest-finetune", True)):
        inheritance = finding(verdicts[(artifact, "osaid")], "lineage-inheritance")
        naming = [f for f in inheritance.findings if "requires derivative names" in f.message]
        assert len(naming) == 1, artifact
        assert naming[0].severity.value == "warning"
        assert (naming[0].outcome is Outcome.PASS) is ok, (artifact, prefix)


@pytest.mark.parametrize(
    ("artifact", "outcome", "words"),
    [
        # A licensee may choose MIT: the Llama terms are dropped.
        ("either-finetune", Outcome.FAIL, "LicenseRef-scancode-llama-3.1-license-2024"),
        # Every way to comply keeps the Llama terms.
        ("both-finetune", Outcome.PASS, "consistent"),
        # A licensee may choose Apache-2.0: the share-alike terms are dropped.
        ("sharealike-either", Outcome.FAIL, "share-alike"),
        # All rights reserved upstream; MIT declared downstream.
        ("closed-finetune", Outcome.FAIL, "'NONE'"),
        # Nobody knows the upstream's terms: neither consistent nor a contradiction.
        ("silent-finetune", Outcome.UNKNOWN, "states no license"),
    ],
)
@pytest.mark.parametrize("policy", MINE)
def test_open_washing_reads_every_way_to_comply(
    verdicts: Verdicts, policy: str, artifact: str, outcome: Outcome, words: str
) -> None:
    verdict = verdicts[(artifact, policy)]
    washing = finding(verdict, "open-washing")
    assert washing.outcome is outcome, washing.message
    assert words in washing.message
    if outcome is not Outcome.PASS:
        assert washing.how_to_fix
        assert verdict.outcome is not Outcome.PASS


def test_open_washing_of_an_upstream_not_loaded_is_unknown() -> None:
    from openness.model import Artifact

    orphan = Artifact.model_validate(
        {
            "id": "orphan",
            "kind": "model",
            "license": "MIT",
            "lineage": [{"relation": "fine-tuned-from", "target": "elsewhere"}],
        }
    )
    for verdict in check([orphan], MINE):
        washing = finding(verdict, "open-washing")
        assert washing.outcome is Outcome.UNKNOWN, (verdict.policy, washing.message)
        assert "'elsewhere'" in washing.message and "not loaded" in washing.message


def test_mof_follows_lineage(verdicts: Verdicts) -> None:
    # A quantisation of a washed fine-tune, and a merge with a restricted parent: no class.
    for artifact in ("washed-quant", "mixed-merge"):
        verdict = verdicts[(artifact, "mof")]
        assert verdict.outcome is Outcome.FAIL
        assert verdict.level is None
        assert finding(verdict, "lineage-inheritance").outcome is Outcome.FAIL
    upstream = verdicts[("washed-quant", "mof")].upstream
    assert [(u.artifact, u.relation) for u in upstream] == [("washed-finetune", "quantized-from")]
