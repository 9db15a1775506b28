"""The resolver over the test Hub's repos (tests/data/hub/README.md lists what each one
exercises): lineage in its forms, weight headers, gating, bad repos, retries, renames, tags,
and the same checks offline from the cache."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from openness.cli.main import cli
from openness.loading import load
from openness.model import Artifact
from openness.policy import Outcome, check
from openness.policy.registry import resolve_policies

from .server import GRANTED_TOKEN, HubServer


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def by_id(artifacts: list[Artifact]) -> dict[str, Artifact]:
    return {a.id: a for a in artifacts}


def test_the_relabelled_fine_tune_fails_osaid_naming_the_llama_terms(
    hub_server: HubServer,
) -> None:
    """No token: the gated base's card metadata comes from its repository information."""
    result = load(["hf:acme/llama-3.1-8b-support"], quiet=True)
    assert result.ok, result.errors
    artifacts = by_id(result.artifacts)
    base = artifacts["pkg:huggingface/meta-llama/Llama-3.1-8B"]
    assert "llama-3.1" in str(base.license).lower()
    assert any("cardData" in p.message for p in result.warnings)
    verdict = next(
        v
        for v in check(result.artifacts, resolve_policies(["osaid"]))
        if v.artifact == "pkg:huggingface/acme/llama-3.1-8b-support"
    )
    assert verdict.outcome is Outcome.FAIL
    washing = [f for f in verdict.all_findings() if f.rule == "osaid/open-washing"]
    assert washing and washing[0].outcome is Outcome.FAIL
    assert "Apache-2.0" in washing[0].message and "llama-3.1" in washing[0].message.lower()
    proc = invoke("check", "hf:acme/llama-3.1-8b-support", "-p", "osaid", "-q")
    assert proc.exit_code == 1
    assert "open-washing" in proc.output


def test_with_a_token_the_gated_files_are_read(
    hub_server: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", GRANTED_TOKEN)
    result = load(["hf:acme/llama-3.1-8b-support"], quiet=True)
    assert result.ok, result.errors
    assert not any("gated" in p.message for p in result.warnings)
    base = by_id(result.artifacts)["pkg:huggingface/meta-llama/Llama-3.1-8B"]
    names = {f.path for c in base.components for f in c.files}
    assert {"LICENSE", "USE_POLICY.md", "config.json"} <= names
    assert base.facts.parameters == 8_030_261_248
    assert base.facts.type_of_model == "llama"


def test_gguf_quantisation_header_facts_and_lineage(hub_server: HubServer) -> None:
    result = load(["hf:TheBloke/Mistral-7B-v0.1-GGUF"], depth=0, quiet=True)
    assert result.ok, result.errors
    gguf = result.artifacts[0]
    assert [(e.relation.value, e.target) for e in gguf.lineage] == [
        ("quantized-from", "pkg:huggingface/mistralai/Mistral-7B-v0.1")
    ]
    assert gguf.facts.parameters is not None and gguf.facts.parameters > 7_000_000_000
    weights = next(c for c in gguf.components if c.role.value == "model-parameters-final")
    notes = " ".join(e.note or "" for e in weights.evidence)
    assert "gguf" in notes and "license apache-2.0" in notes and "MOSTLY_Q4_K_M" in notes
    ranged = [r for r in hub_server.requests if r.range is not None]
    assert ranged and all(r.file and r.file.endswith(".gguf") for r in ranged)
    assert sum(r.body_bytes for r in ranged) < 4 << 20  # a 4 GB file: its header only


def test_adapter_and_merge_relations(hub_server: HubServer) -> None:
    lora = load(["hf:acme/gemma-2-2b-medical-lora"], quiet=True)
    assert lora.ok, lora.errors
    edge = lora.artifacts[0].lineage[0]
    assert (edge.relation.value, edge.target) == ("adapter-of", "pkg:huggingface/google/gemma-2-2b")
    merge = load(["hf:mergekit-community/Mistral-OpenHermes-slerp"], quiet=True)
    assert merge.ok, merge.errors
    ids = [a.id for a in merge.artifacts]
    assert ids[:3] == [
        "pkg:huggingface/mergekit-community/Mistral-OpenHermes-slerp",
        "pkg:huggingface/mistralai/Mistral-7B-v0.1",
        "pkg:huggingface/teknium/OpenHermes-2.5-Mistral-7B",
    ]
    assert {e.relation.value for e in merge.artifacts[0].lineage} == {"merged-from"}
    # OpenHermes names a dataset the Hub does not have: a stub that says so
    stub = by_id(merge.artifacts)["https://huggingface.co/datasets/teknium/OpenHermes-2.5"]
    assert stub.extra["stub"]["reason"].startswith("missing:")


def test_a_dataset_and_a_model_trained_on_it(hub_server: HubServer) -> None:
    result = load(["hf:acme/mistral-7b-helpsteer2", "hf:datasets/nvidia/HelpSteer2"], quiet=True)
    assert result.ok, result.errors
    data = by_id(result.artifacts)["https://huggingface.co/datasets/nvidia/HelpSteer2"]
    assert data.kind.value == "dataset" and str(data.license) == "CC-BY-4.0"
    assert data.version and len(data.version) == 40
    # named twice (as an id and as training data): read once
    info = [r for r in hub_server.requests if r.path.startswith("/api/datasets/nvidia/HelpSteer2")]
    assert len(info) == 1


def test_cycle_is_reported_and_each_repo_read_once(hub_server: HubServer) -> None:
    result = load(["hf:acme/cycle-a"], quiet=True)
    assert any("lineage cycle" in p.message for p in result.errors)
    info = [r.path for r in hub_server.requests if r.path.startswith("/api/models/acme/cycle-")]
    assert sorted(info) == ["/api/models/acme/cycle-a", "/api/models/acme/cycle-b"]


@pytest.mark.parametrize(
    ("repo", "message"),
    [
        ("acme/no-card", "has no card (README.md)"),
        ("acme/broken-yaml", "the card's metadata block is not valid YAML"),
        ("acme/private-model", "no such repository on the Hub"),
        ("acme/does-not-exist", "no such repository on the Hub"),
    ],
)
def test_bad_repos_are_bad_input(hub_server: HubServer, repo: str, message: str) -> None:
    proc = invoke("check", f"hf:{repo}", "-q")
    assert proc.exit_code == 2, proc.output
    assert message in proc.output
    assert "Traceback" not in proc.output


def test_a_revision_that_does_not_exist(hub_server: HubServer) -> None:
    proc = invoke("check", "hf:acme/sentiment-tiny@no-such-branch", "-q")
    assert proc.exit_code == 2
    assert "hf:acme/sentiment-tiny@no-such-branch: no such revision on the Hub" in proc.output


@pytest.mark.parametrize(
    ("repo", "says"),
    [
        ("acme/truncated-safetensors", "truncated header"),
        ("acme/huge-header", "model.safetensors"),
    ],
)
def test_bad_weight_headers_are_warnings_never_downloads(
    hub_server: HubServer, repo: str, says: str
) -> None:
    result = load([f"hf:{repo}"], quiet=True)
    assert result.ok, result.errors
    notes = [p.message for p in result.warnings if "the header of model.safetensors" in p.message]
    assert notes and says in notes[0]
    assert result.artifacts[0].facts.parameters is None
    ranged = [r for r in hub_server.requests if r.range is not None]
    assert sum(r.body_bytes for r in ranged) <= 64 * 1024


def test_429_and_503_are_retried(hub_server: HubServer) -> None:
    result = load(["hf:acme/rate-limited", "hf:acme/flaky"], quiet=True)
    assert result.ok, result.errors
    assert [a.id for a in result.artifacts[:2]] == [
        "pkg:huggingface/acme/rate-limited",
        "pkg:huggingface/acme/flaky",
    ]


def test_a_renamed_repo_and_a_tag(hub_server: HubServer) -> None:
    renamed = load(["hf:meta-llama/Meta-Llama-3.1-8B"], quiet=True)
    assert renamed.ok, renamed.errors
    assert renamed.artifacts[0].id == "pkg:huggingface/meta-llama/Meta-Llama-3.1-8B"
    assert any("now meta-llama/Llama-3.1-8B" in p.message for p in renamed.warnings)
    tagged = load(["hf:acme/llama-3.1-8b-support@v1.0"], depth=0, quiet=True)
    main = load(["hf:acme/llama-3.1-8b-support"], depth=0, quiet=True)
    assert tagged.ok and main.ok
    assert "llama-3.1" in str(tagged.artifacts[0].license).lower()
    assert str(main.artifacts[0].license) == "Apache-2.0"
    assert tagged.artifacts[0].version != main.artifacts[0].version


def test_check_offline_against_the_cache_the_run_filled(
    hub_server: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    online = invoke("check", "hf:TheBloke/Mistral-7B-v0.1-GGUF", "--format", "json", "-q")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    count = len(hub_server.requests)
    offline = invoke("check", "hf:TheBloke/Mistral-7B-v0.1-GGUF", "--format", "json", "-q")
    assert len(hub_server.requests) == count
    assert json.loads(offline.output) == json.loads(online.output)
