"""License files of resolved repos (tests/data/hub/README.md): identified, with detected evidence
pinned to the commit's blob URLs, and compared with the card's license by ``license-texts``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.loading import load
from openness.model import Artifact, EvidenceKind, Role
from openness.policy import Outcome, check
from openness.policy.registry import resolve_policies
from openness.policy.verdict import Finding, FindingSeverity

from .fixtures import OfflineHub
from .repos import load_all
from .server import GRANTED_TOKEN, HubServer

LLAMA = "LicenseRef-scancode-llama-3.1-license-2024"


def resolved(hub_id: str, repo: str) -> Artifact:
    result = load([hub_id], quiet=True)
    assert result.ok, result.errors
    (artifact,) = [a for a in result.artifacts if a.id == f"pkg:huggingface/{repo}"]
    return artifact


def texts_finding(artifact: Artifact, policy: str = "osaid") -> Finding:
    (verdict,) = [
        v for v in check([artifact], resolve_policies([policy])) if v.artifact == artifact.id
    ]
    (found,) = [f for f in verdict.findings if f.rule == f"{policy}/license-texts"]
    return found


def file_evidence(artifact: Artifact) -> dict[str, str]:
    """The license-text component's per-file evidence: blob URL to note."""
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    return {
        e.source: e.note or ""
        for e in texts.evidence
        if e.kind is EvidenceKind.DETECTED and "/blob/" in e.source
    }


def test_a_license_file_that_contradicts_the_card_is_a_finding(hub_server: HubServer) -> None:
    artifact = resolved("hf:acme/sentiment-tiny", "acme/sentiment-tiny")
    assert artifact.license == "Apache-2.0"
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert texts.license == "MIT"
    commit = hub_server.repos["acme/sentiment-tiny"].sha
    url = f"https://huggingface.co/acme/sentiment-tiny/blob/{commit}/LICENSE"
    assert list(file_evidence(artifact)) == [url]
    assert (
        "LICENSE: license text identified, score 1.00: MIT (MIT License)"
        in (file_evidence(artifact)[url])
    )
    for policy in ("osaid", "osd", "mof", "weights-as-source"):
        found = texts_finding(artifact, policy)
        assert found.outcome is Outcome.FAIL, policy
        # Both free: the metadata contradicts itself, but the terms are what the rule asks for.
        assert found.severity is FindingSeverity.WARNING, policy
        assert "'Apache-2.0'" in found.message and "'MIT' (MIT License)" in found.message
        assert found.how_to_fix and "`license: mit`" in found.how_to_fix
        assert url in [e.source for e in found.evidence]


def test_the_cli_shows_the_conflict_as_a_warning(hub_server: HubServer) -> None:
    proc = CliRunner().invoke(
        cli, ["check", "hf:acme/sentiment-tiny", "-p", "osaid"], catch_exceptions=False
    )
    assert proc.exit_code == 0, proc.output  # unknown (missing facts), and a warning
    assert "warning [osaid] osaid/license-texts on components[2]" in proc.output
    assert "'MIT' (MIT License)" in proc.output


def test_the_llama_base_license_and_use_policy_are_the_llama_terms(
    hub_server: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", GRANTED_TOKEN)  # gated: its files need access
    artifact = resolved("hf:meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B")
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert texts.license == LLAMA
    notes = file_evidence(artifact)
    assert sorted(u.rsplit("/", 1)[1] for u in notes) == ["LICENSE", "USE_POLICY.md"]
    assert all(f"score 1.00: {LLAMA}" in n for n in notes.values())
    found = texts_finding(artifact)
    assert found.outcome is Outcome.PASS
    assert f"which the declared license '{LLAMA}' names" in found.message


def test_without_access_the_gated_license_files_are_not_read(hub_server: HubServer) -> None:
    artifact = resolved("hf:meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B")
    assert all(c.license is None for c in artifact.components_with_role(Role.LICENSE_TEXT))
    assert texts_finding(artifact).outcome is Outcome.NOT_APPLICABLE


def test_olmo_has_no_conflict(hub_server: HubServer) -> None:
    artifact = resolved("hf:allenai/OLMo-2-1124-7B", "allenai/OLMo-2-1124-7B")
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert texts.license == "Apache-2.0"
    assert texts_finding(artifact).outcome is Outcome.PASS


def test_the_fine_tune_tag_and_main(hub_server: HubServer) -> None:
    """v1.0 declared llama3.1 over the Llama LICENSE (agrees); main relabelled the card
    apache-2.0 and dropped the LICENSE, so only open-washing through the lineage catches it."""
    tagged = resolved("hf:acme/llama-3.1-8b-support@v1.0", "acme/llama-3.1-8b-support")
    (texts,) = tagged.components_with_role(Role.LICENSE_TEXT)
    assert texts.license == LLAMA
    commit = hub_server.repos["acme/llama-3.1-8b-support"].tagged["v1.0"].sha
    assert all(f"/blob/{commit}/" in u for u in file_evidence(tagged))
    assert texts_finding(tagged).outcome is Outcome.PASS
    main = resolved("hf:acme/llama-3.1-8b-support", "acme/llama-3.1-8b-support")
    assert not main.components_with_role(Role.LICENSE_TEXT)
    assert texts_finding(main).outcome is Outcome.NOT_APPLICABLE


def test_offline_from_the_cache_the_same_finding(hub_offline: OfflineHub) -> None:
    hub_offline.add("acme/sentiment-tiny")
    artifact = resolved("hf:acme/sentiment-tiny", "acme/sentiment-tiny")
    sha = load_all()["acme/sentiment-tiny"].sha
    assert list(file_evidence(artifact)) == [
        f"https://huggingface.co/acme/sentiment-tiny/blob/{sha}/LICENSE"
    ]
    found = texts_finding(artifact)
    assert (found.outcome, found.severity) == (Outcome.FAIL, FindingSeverity.WARNING)
