"""The resolver (issue 15): Hub ids read with the real huggingface_hub client from a local
stand-in for the Hub, into a temporary standard cache, then again offline from that cache."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from openness.cli.main import cli
from openness.errors import InputError
from openness.hub import HubId, parse_hub_id
from openness.hub.fetch import is_metadata
from openness.loading import load
from openness.policy import Outcome, check
from openness.policy.registry import resolve_policies

from .minihub import MiniHub, commit_of, serve

LLAMA_CARD = """---
license: llama3.1
extra_gated_prompt: You agree to the Llama 3.1 Community License.
---
# Llama 3.1
"""
RELABELLED = """---
license: apache-2.0
base_model: meta-llama/Llama-3.1-8B
datasets:
- acme/chat
---
# Acme chat
"""


def _hub() -> MiniHub:
    hub = MiniHub()
    hub.add(
        "meta-llama/Llama-3.1-8B",
        {
            "README.md": LLAMA_CARD,
            "LICENSE": "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT",
            "USE_POLICY.md": "Llama 3.1 Acceptable Use Policy",
            "config.json": '{"model_type": "llama"}',
            "model-00001-of-00002.safetensors": b"\0" * 64,
            "model-00002-of-00002.safetensors": b"\1" * 64,
            "model.safetensors.index.json": '{"weight_map": {}}',
            "original/consolidated.00.pth": b"\2" * 64,
        },
        gated=True,
    )
    hub.add(
        "acme/llama-chat",
        {"README.md": RELABELLED, "model.safetensors": b"\3" * 32, "tokenizer.json": "{}"},
    )
    hub.add(
        "acme/chat",
        {"README.md": "---\nlicense: cc-by-4.0\n---\n# Chat data\n", "train.parquet": b"P"},
        kind="dataset",
    )
    return hub


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MiniHub]:
    with serve(_hub()) as running:
        monkeypatch.setenv("HF_ENDPOINT", running.endpoint)
        monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("HF_HOME", str(tmp_path / "home"))
        for name in ("HF_TOKEN", "HF_HUB_OFFLINE", "HUGGINGFACE_HUB_CACHE"):
            monkeypatch.delenv(name, raising=False)
        yield running


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- ids -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hf:org/name", HubId("model", "org/name")),
        ("hf:org/name@v1.0", HubId("model", "org/name", "v1.0")),
        ("hf:gpt2", HubId("model", "gpt2")),
        ("hf:datasets/org/data@refs/pr/1", HubId("dataset", "org/data", "refs/pr/1")),
        ("hf:models/org/name", HubId("model", "org/name")),
    ],
)
def test_ids_parse(text: str, expected: HubId) -> None:
    assert parse_hub_id(text) == expected
    assert parse_hub_id(expected.text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("hf:", "the repository name is missing"),
        ("hf:org/name@", "nothing follows '@'"),
        ("hf:a/b/c", "has 3 parts"),
        ("hf:org/-bad", "'-bad' is not a repository name part"),
        ("hf:org/na..me", "is not a repository name part"),
        ("hf:spaces/org/app", "Spaces are applications"),
        ("hf:https://huggingface.co/org/name", "a URL is not an id"),
        ("hf:org/name@../x", "is not a branch, tag or commit name"),
    ],
)
def test_malformed_ids_are_clear_errors(text: str, why: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_hub_id(text)
    message = caught.value.problems[0].message
    assert why in message
    assert "write hf:ORG/NAME" in message


def test_a_malformed_id_on_the_command_line_exits_2_without_a_traceback() -> None:
    result = invoke("check", "hf:org/na..me")
    assert result.exit_code == 2
    assert "malformed Hub id" in result.output


def test_only_metadata_files_are_fetched() -> None:
    for name in ("README.md", "LICENSE", "LICENSE.txt", "USE_POLICY.md", "NOTICE", "config.json"):
        assert is_metadata(name), name
    for name in ("generation_config.json", "tokenizer_config.json", "adapter_config.json"):
        assert is_metadata(name), name
    assert is_metadata("model.safetensors.index.json")
    for name in (
        "model.safetensors",
        "model.gguf",
        "tokenizer.json",
        "original/README.md",
        "train.parquet",
        "pytorch_model.bin",
        "modeling_x.py",
    ):
        assert not is_metadata(name), name


# --- without huggingface_hub; without hf: ids ---------------------------------------------------


def test_without_huggingface_hub_an_id_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "huggingface_hub", None)  # import fails
    result = load(["hf:org/name"])
    assert not result.ok
    assert [p.file for p in result.errors] == ["hf:org/name"]
    assert 'pip install "openness[hub]"' in result.errors[0].message
    proc = invoke("check", "hf:org/name")
    assert proc.exit_code == 2
    assert 'pip install "openness[hub]"' in proc.output


def test_no_hub_id_no_huggingface_hub_import(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\n---\n# x\n")
    code = (
        "import sys\nfrom openness.loading import load\nfrom openness.cli.main import main\n"
        f"assert load([{str(card)!r}]).ok\n"
        "assert 'huggingface_hub' not in sys.modules, 'imported without a hub id'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


# --- resolving --------------------------------------------------------------------------------


def test_resolves_the_lineage_pinned_to_commits(hub: MiniHub) -> None:
    result = load(["hf:acme/llama-chat"], quiet=True)
    assert result.ok, result.errors
    ids = [a.id for a in result.artifacts]
    assert ids == [
        "pkg:huggingface/acme/llama-chat",
        "pkg:huggingface/meta-llama/Llama-3.1-8B",
        "https://huggingface.co/datasets/acme/chat",
    ]
    chat, llama, data = result.artifacts
    sha = commit_of("acme/llama-chat", "model")
    assert chat.version == sha
    assert chat.purl == f"pkg:huggingface/acme/llama-chat@{sha}"
    llama_sha = commit_of("meta-llama/Llama-3.1-8B", "model")
    assert llama.purl == f"pkg:huggingface/meta-llama/Llama-3.1-8B@{llama_sha}"
    assert data.version == commit_of("acme/chat", "dataset")
    sources = {e.source for e in chat.evidence}
    assert sources == {f"https://huggingface.co/acme/llama-chat/blob/{sha}/README.md"}
    assert result.hub_inputs == {"hf:acme/llama-chat": ids}
    # the weights are listed with the Hub's digests, never downloaded
    weights = next(c for c in llama.components if c.role.value == "model-parameters-final")
    assert weights.availability is not None and weights.availability.value == "gated"
    assert [f.path for f in weights.files] == [
        "model-00001-of-00002.safetensors",
        "model-00002-of-00002.safetensors",
        "model.safetensors.index.json",
        "original/consolidated.00.pth",
    ]
    assert weights.files[0].digests and weights.files[0].size == 64
    fetched = {path for method, path in hub.requests if method == "GET" and "/resolve/" in path}
    assert all(is_metadata(p.rsplit("/", 1)[-1]) for p in fetched), fetched
    assert not any(
        p.endswith((".safetensors", ".pth", ".parquet", "tokenizer.json")) for p in fetched
    )
    ranged = {path.rsplit("/", 1)[-1] for method, path in hub.requests if method == "RANGE"}
    # the Llama shards are gated: the first is refused, the second never asked for
    assert ranged == {"model.safetensors", "model-00001-of-00002.safetensors"}
    notes = " ".join(p.message for p in result.warnings)
    assert "the header of model.safetensors" in notes  # 32 zero bytes are no header
    assert "the weight headers are not read: the repository's files are gated" in notes


def test_gated_files_are_warnings_saying_how_to_get_access(hub: MiniHub) -> None:
    result = load(["hf:acme/llama-chat"], quiet=True)
    gated = [p for p in result.warnings if p.file == "hf:meta-llama/Llama-3.1-8B"]
    assert gated, result.problems
    assert all("gated" in p.message and "HF_TOKEN" in p.message for p in gated)
    files = [p for p in gated if "not read: hf:meta-llama/Llama-3.1-8B file" in p.message]
    assert len(files) == 4  # LICENSE, USE_POLICY.md, config.json, the index
    assert all("gated (403; no HF_TOKEN is set)" in p.message for p in files)
    assert all("request access on its page" in p.message for p in files)
    assert all(f"{hub.endpoint}/meta-llama/Llama-3.1-8B" in p.message for p in files)


def test_relabelled_llama_fine_tune_fails_osaid_with_the_llama_terms(hub: MiniHub) -> None:
    result = load(["hf:acme/llama-chat"], quiet=True)
    verdicts = check(result.artifacts, resolve_policies(["osaid"]))
    mine = next(v for v in verdicts if v.artifact == "pkg:huggingface/acme/llama-chat")
    assert mine.outcome is Outcome.FAIL
    washing = [f for f in mine.all_findings() if f.rule == "osaid/open-washing"]
    assert washing and washing[0].outcome is Outcome.FAIL
    assert "declares 'Apache-2.0'" in washing[0].message
    assert "llama-3.1-license" in washing[0].message
    # without the base, it is only unknown
    alone = load(["hf:acme/llama-chat"], depth=0, quiet=True)
    verdict = check(alone.artifacts, resolve_policies(["osaid"]))[0]
    assert verdict.outcome is not Outcome.FAIL


def test_check_against_the_server_then_offline_from_the_cache(
    hub: MiniHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    online = invoke("check", "hf:acme/llama-chat", "-p", "osaid", "--format", "json", "-q")
    assert online.exit_code == 1, online.output
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    before = len(hub.requests)
    offline = invoke("check", "hf:acme/llama-chat", "-p", "osaid", "--format", "json", "-q")
    assert offline.exit_code == 1, offline.output
    assert len(hub.requests) == before
    assert _outcomes(offline.output) == _outcomes(online.output)
    missing = invoke("check", "hf:acme/not-cached", "-q")
    assert missing.exit_code == 2
    assert "hf:acme/not-cached is not in the Hugging Face cache" in missing.output
    assert "HF_HUB_OFFLINE=1" in missing.output


def _outcomes(report: str) -> dict[tuple[str, str], str]:
    data = json.loads(report)
    verdicts = data["verdicts"] if isinstance(data, dict) else data
    return {(v["artifact"], v["policy"]): v["outcome"] for v in verdicts}


def test_import_writes_the_resolved_manifest_that_reruns_offline(
    hub: MiniHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "resolved.yaml"
    result = invoke("import", "hf:acme/llama-chat", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert str(tmp_path / "cache") not in text  # evidence names the Hub, not this machine
    online = invoke("check", "hf:acme/llama-chat", "-p", "osaid", "--format", "json", "-q")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")
    rerun = invoke("check", str(out), "-p", "osaid", "--format", "json", "-q")
    assert _outcomes(rerun.output) == _outcomes(online.output)


def test_import_of_a_bad_id_writes_nothing(hub: MiniHub, tmp_path: Path) -> None:
    out = tmp_path / "resolved.yaml"
    result = invoke("import", "hf:acme/nothing-here", "-o", str(out))
    assert result.exit_code == 2
    assert "no such repository on the Hub" in result.output
    assert not out.exists()
    assert not (tmp_path / "cache" / "models--acme--nothing-here" / "snapshots").exists()
