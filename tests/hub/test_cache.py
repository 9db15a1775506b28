"""The offline-cache builder: the layout hf_hub_download writes, read back with no server at
all under HF_HUB_OFFLINE=1."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("huggingface_hub")

from huggingface_hub import hf_hub_download, scan_cache_dir, snapshot_download
from huggingface_hub.errors import LocalEntryNotFoundError

from .cache import add_repo
from .fixtures import OfflineHub
from .repos import DATA, load_all
from .server import GRANTED_TOKEN, HubServer

FINETUNE = "acme/llama-3.1-8b-support"


def test_offline_downloads_come_from_the_built_cache(hub_offline: OfflineHub) -> None:
    snapshots = hub_offline.add(FINETUNE, "datasets/nvidia/HelpSteer2")
    sha = load_all()[FINETUNE].sha
    assert (
        snapshots[FINETUNE]
        == hub_offline.cache_dir / "models--acme--llama-3.1-8b-support" / "snapshots" / sha
    )
    card = hf_hub_download(FINETUNE, "README.md", local_files_only=True)
    assert Path(card).read_bytes() == (DATA / FINETUNE / "README.md").read_bytes()
    # HF_HUB_OFFLINE=1 alone serves from the cache too, by branch or by commit.
    assert hf_hub_download(FINETUNE, "config.json") == str(snapshots[FINETUNE] / "config.json")
    assert hf_hub_download(FINETUNE, "config.json", revision=sha) == str(
        snapshots[FINETUNE] / "config.json"
    )
    dataset_card = hf_hub_download("nvidia/HelpSteer2", "README.md", repo_type="dataset")
    assert "cc-by-4.0" in Path(dataset_card).read_text(encoding="utf-8")
    assert snapshot_download(FINETUNE) == str(snapshots[FINETUNE])


def test_weights_stay_out_unless_selected(hub_offline: OfflineHub) -> None:
    hub_offline.add(FINETUNE)
    with pytest.raises(LocalEntryNotFoundError):
        hf_hub_download(FINETUNE, "model-00001-of-00004.safetensors", local_files_only=True)
    with pytest.raises(LocalEntryNotFoundError):
        hf_hub_download("acme/not-cached", "README.md")
    (snapshot,) = hub_offline.add("acme/sentiment-tiny", select=lambda f: True).values()
    weights = snapshot / "model.safetensors"
    repo_file = load_all()["acme/sentiment-tiny"].files["model.safetensors"]
    assert weights.stat().st_size == repo_file.size
    assert weights.read_bytes()[:64] == repo_file.read(0, 64)
    assert weights.resolve().name == repo_file.sha256


def test_the_huggingface_scanner_accepts_the_layout(hub_offline: OfflineHub) -> None:
    hub_offline.add("allenai/OLMo-2-1124-7B", "datasets/allenai/olmo-mix-1124")
    info = scan_cache_dir(hub_offline.cache_dir)
    assert info.warnings == []
    repos = {(r.repo_type, r.repo_id): r for r in info.repos}
    olmo = repos[("model", "allenai/OLMo-2-1124-7B")]
    (revision,) = olmo.revisions
    assert revision.commit_hash == load_all()["allenai/OLMo-2-1124-7B"].sha
    assert revision.refs == {"main", "stage1-step928646-tokens3896B"}
    assert {f.file_name for f in revision.files} == {
        "README.md",
        "LICENSE",
        "config.json",
        "model.safetensors.index.json",
    }
    assert ("dataset", "allenai/olmo-mix-1124") in repos


def _layout(root: Path) -> set[tuple[str, str]]:
    """Relative paths under root, with what each symlink points to."""
    out = set()
    for path in root.rglob("*"):
        if ".locks" in path.parts or (path.is_dir() and not path.is_symlink()):
            continue
        target = os.readlink(path) if path.is_symlink() else ""
        out.add((path.relative_to(root).as_posix(), target))
    return out


def test_the_builder_writes_what_the_client_writes(hub_server: HubServer, tmp_path: Path) -> None:
    repo = load_all()["meta-llama/Llama-3.1-8B"]
    small = [p for p, f in repo.files.items() if not f.lfs]
    for path in small:
        hf_hub_download(repo.repo_id, path, token=GRANTED_TOKEN)
    built = tmp_path / "built"
    add_repo(built, repo)
    assert hub_server.cache_dir is not None
    downloaded = _layout(hub_server.cache_dir)
    downloaded.discard(("CACHEDIR.TAG", ""))
    assert downloaded == _layout(built)
    for path in small:
        name = f"models--meta-llama--Llama-3.1-8B/snapshots/{repo.sha}/{path}"
        assert (built / name).read_bytes() == (hub_server.cache_dir / name).read_bytes()


def test_an_older_tagged_commit_offline(hub_offline: OfflineHub) -> None:
    snapshots = hub_offline.add(FINETUNE, f"{FINETUNE}@v1.0")
    old = load_all()[FINETUNE].tagged["v1.0"]
    assert snapshots[f"{FINETUNE}@v1.0"].name == old.sha
    card = hf_hub_download(FINETUNE, "README.md", revision="v1.0", local_files_only=True)
    assert "license: llama3.1" in Path(card).read_text(encoding="utf-8")
    card = hf_hub_download(FINETUNE, "README.md", local_files_only=True)
    assert "license: apache-2.0" in Path(card).read_text(encoding="utf-8")
