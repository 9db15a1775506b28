"""The bundled examples under every built-in policy.

Under ``osaid`` the outcomes must agree with OSI's published validation of OSAID 1.0
(design.md section 3): "Pythia, OLMo, Amber, CrystalCoder and T5 pass; BLOOM, StarCoder2 and
Falcon fail on license terms alone; Llama 2, Phi-2, Mixtral and Grok fail."
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest

from openness.loading import load
from openness.policy import Outcome, Verdict, check
from openness.policy.registry import builtin_ids

EXAMPLES = sorted((Path(__file__).parent.parent / "examples").glob("*.yaml"))
Verdicts = dict[tuple[str, str], Verdict]
# Every built-in policy that is installed (mof is written alongside; the examples do not need it).
POLICIES = [
    p for p in builtin_ids() if p != "mof" or find_spec("openness.policy.builtin.mof") is not None
]


@pytest.fixture(scope="module")
def verdicts() -> Verdicts:
    result = load(EXAMPLES)
    assert result.ok, result.errors
    assert not result.warnings, result.warnings
    return {(v.artifact, v.policy): v for v in check(result.artifacts, POLICIES)}


def rule(verdict: Verdict, rule_id: str) -> Outcome:
    (found,) = [f for f in verdict.findings if f.rule == rule_id]
    return found.outcome


OSI_VALIDATION = {
    "pythia-6.9b": Outcome.PASS,
    "olmo-7b": Outcome.PASS,
    "amber-7b": Outcome.PASS,
    "t5-11b": Outcome.PASS,
    "bloom-176b": Outcome.FAIL,
    "starcoder2-15b": Outcome.FAIL,
    "falcon2-11b": Outcome.FAIL,
    "llama-2-70b": Outcome.FAIL,
    "phi-2": Outcome.FAIL,
    "mixtral-8x7b-v0.1": Outcome.FAIL,
}


@pytest.mark.parametrize(("artifact", "expected"), sorted(OSI_VALIDATION.items()))
def test_osaid_agrees_with_osi_validation(
    verdicts: Verdicts, artifact: str, expected: Outcome
) -> None:
    assert verdicts[(artifact, "osaid")].outcome is expected


@pytest.mark.parametrize("artifact", ["bloom-176b", "starcoder2-15b", "falcon2-11b"])
def test_license_terms_alone_fail_them(verdicts: Verdicts, artifact: str) -> None:
    assert rule(verdicts[(artifact, "osaid")], "osaid/parameters-license") is Outcome.FAIL


@pytest.mark.parametrize("artifact", ["phi-2", "mixtral-8x7b-v0.1"])
def test_open_weights_fail_for_missing_code(verdicts: Verdicts, artifact: str) -> None:
    verdict = verdicts[(artifact, "osaid")]
    assert rule(verdict, "osaid/parameters-license") is Outcome.PASS
    assert rule(verdict, "osaid/code-training") is Outcome.FAIL
    # The stances disagree: the weights alone are freely licensed.
    assert verdicts[(artifact, "weights-as-source")].outcome is Outcome.PASS


def test_debian_levels(verdicts: Verdicts) -> None:
    levels = {a: verdicts[(a, "debian-ml")].level for a in ("olmo-7b", "phi-2", "llama-2-70b")}
    assert levels == {"olmo-7b": "free", "phi-2": "toxic-candy", "llama-2-70b": "non-free"}
    assert verdicts[("olmo-7b", "debian-ml")].outcome is Outcome.PASS
    assert verdicts[("phi-2", "debian-ml")].outcome is Outcome.FAIL
    # The Pile's license is not asserted: free or toxic candy cannot be told apart.
    pythia = verdicts[("pythia-6.9b", "debian-ml")]
    assert (pythia.outcome, pythia.level) == (Outcome.UNKNOWN, None)


def test_software_library_under_software_definitions(verdicts: Verdicts) -> None:
    for policy in ("osd", "fsf"):
        assert verdicts[("requests-2.32.3", policy)].outcome is Outcome.PASS
    for policy in ("osaid", "debian-ml", "weights-as-source", "cost-aware"):
        assert verdicts[("requests-2.32.3", policy)].outcome is Outcome.NOT_APPLICABLE


def test_derivatives_fail_with_their_upstream(verdicts: Verdicts) -> None:
    for artifact in ("llama-2-70b-gguf", "llama-3.1-tulu-3-8b", "goliath-120b"):
        for policy in ("osaid", "weights-as-source", "fsf"):
            verdict = verdicts[(artifact, policy)]
            assert verdict.outcome is Outcome.FAIL
            assert rule(verdict, f"{policy}/lineage-inheritance") is Outcome.FAIL
            assert verdict.upstream, (artifact, policy)
    goliath = verdicts[("goliath-120b", "osaid")]
    assert [u.artifact for u in goliath.upstream] == ["xwin-lm-70b-v0.1", "euryale-1.3-l2-70b"]
    # Tulu 3 releases its training code and data, yet inherits Llama 3.1's terms.
    tulu = verdicts[("llama-3.1-tulu-3-8b", "osaid")]
    assert rule(tulu, "osaid/code-training") is Outcome.PASS
    assert rule(tulu, "osaid/open-washing") is Outcome.PASS


def test_every_negative_finding_says_how_to_fix_and_cites(verdicts: Verdicts) -> None:
    """Every fail or unknown finding (sub-findings too) of every example under every built-in
    policy has a how-to-fix and a citation."""
    walked = 0
    for (artifact, policy), verdict in verdicts.items():
        for finding in verdict.all_findings():
            walked += 1
            if finding.outcome in (Outcome.FAIL, Outcome.UNKNOWN):
                where = (artifact, policy, finding.rule, finding.message)
                assert finding.how_to_fix, where
                assert finding.citation is not None and finding.citation.document, where
    assert walked > 500


def test_every_verdict_is_explained(verdicts: Verdicts) -> None:
    for verdict in verdicts.values():
        assert verdict.findings, (verdict.artifact, verdict.policy)
        assert verdict.data_hash and verdict.policy_version
