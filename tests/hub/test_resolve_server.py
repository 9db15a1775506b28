"""The resolver against the full test Hub (tests/hub/server.py, repos under tests/data/hub)
and its offline cache builder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.hub.fetch import is_metadata
from openness.loading import load

from .fixtures import OfflineHub
from .server import DENIED_TOKEN, GRANTED_TOKEN, HubServer


def test_a_gated_repo_says_how_to_get_access(hub_server: HubServer) -> None:
    result = CliRunner().invoke(cli, ["check", "hf:meta-llama/Llama-3.1-8B"])
    assert result.exit_code == 1  # judged from the card's metadata the Hub gives anyone
    assert "read from the Hub's repository information (cardData)" in result.output
    assert "hf:meta-llama/Llama-3.1-8B: the repository is gated (401; no HF_TOKEN is set)" in (
        result.output
    )
    assert f"request access on its page ({hub_server.endpoint}/meta-llama/Llama-3.1-8B)" in (
        result.output
    )


def test_a_denied_token_is_named_as_such(
    hub_server: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", DENIED_TOKEN)
    result = load(["hf:meta-llama/Llama-3.1-8B"], quiet=True)
    assert "(403; HF_TOKEN is set but has no access)" in result.warnings[0].message


def test_gated_llama_base_resolves_with_a_token(
    hub_server: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", GRANTED_TOKEN)
    result = load(["hf:meta-llama/Llama-3.1-8B"], quiet=True)
    assert result.ok, result.errors
    (llama,) = result.artifacts
    assert llama.purl is not None and llama.purl.startswith(
        "pkg:huggingface/meta-llama/Llama-3.1-8B@"
    )
    assert "llama-3.1" in str(llama.license).lower()
    gets = [r for r in hub_server.requests if r.method == "GET" and r.file]
    whole = {r.file for r in gets if r.range is None}
    assert whole and all(is_metadata(f) for f in whole if f), whole
    # the four bf16 shards: only their headers, by range requests of 64 KiB at most
    ranged = [r for r in gets if r.range is not None]
    assert {r.file for r in ranged} == {f"model-0000{i}-of-00004.safetensors" for i in range(1, 5)}
    assert all(r.body_bytes <= 64 * 1024 for r in ranged)
    assert llama.facts.parameters is not None and llama.facts.parameters > 7_000_000_000
    weights = next(c for c in llama.components if c.role.value == "model-parameters-final")
    assert any(
        "safetensors" in (e.note or "") and "parameters" in (e.note or "") for e in weights.evidence
    )


def test_offline_cache_without_a_server(hub_offline: OfflineHub) -> None:
    hub_offline.add("meta-llama/Llama-3.1-8B")
    result = CliRunner().invoke(cli, ["check", "hf:meta-llama/Llama-3.1-8B", "-p", "osaid", "-q"])
    assert result.exit_code == 1, result.output
    assert "Llama" in result.output


def test_offline_lineage_not_cached_is_a_stub(hub_offline: OfflineHub) -> None:
    hub_offline.add("acme/llama-3.1-8b-support")
    result = load(["hf:acme/llama-3.1-8b-support"], quiet=True)
    assert result.ok, result.errors
    base = next(a for a in result.artifacts if a.id == "pkg:huggingface/meta-llama/Llama-3.1-8B")
    assert base.extra["stub"]["reason"].startswith("offline:")
    assert any(
        "hf:meta-llama/Llama-3.1-8B is not in the Hugging Face cache" in p.message
        for p in result.warnings
    )
