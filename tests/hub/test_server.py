"""The test Hub against the real huggingface_hub client: info, downloads into the cache,
safetensors headers by range, gating, missing repos and revisions, rate limits, server errors,
renames, tree listings."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

hf = pytest.importorskip("huggingface_hub")

from huggingface_hub import HfApi, get_hf_file_metadata, hf_hub_download, hf_hub_url  # noqa: E402
from huggingface_hub.errors import (  # noqa: E402
    EntryNotFoundError,
    GatedRepoError,
    HfHubHTTPError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
    SafetensorsParsingError,
)
from huggingface_hub.hf_api import RepoFile, RepoFolder  # noqa: E402
from huggingface_hub.utils import _http  # noqa: E402

from .repos import DATA, load_all  # noqa: E402
from .server import DENIED_TOKEN, GRANTED_TOKEN, HubServer  # noqa: E402

FINETUNE = "acme/llama-3.1-8b-support"
LLAMA = "meta-llama/Llama-3.1-8B"


def api(server: HubServer, token: str | bool = False) -> HfApi:
    return HfApi(endpoint=server.endpoint, token=token)


def test_model_info_reproduces_the_card_and_pins_the_commit(hub_server: HubServer) -> None:
    info = api(hub_server).model_info(FINETUNE)
    repo = load_all()[FINETUNE]
    assert info.id == FINETUNE
    assert info.sha == repo.sha
    assert len(info.sha) == 40 and int(info.sha, 16) >= 0
    assert info.card_data is not None
    assert info.card_data.license == "apache-2.0"
    assert info.card_data.base_model == LLAMA
    assert info.card_data.base_model_relation == "finetune"
    assert info.card_data.datasets == ["nvidia/HelpSteer2"]
    assert info.card_data.eval_results[0].metric_value == 7.9  # model-index parsed
    assert "base_model:finetune:meta-llama/Llama-3.1-8B" in info.tags
    assert "license:apache-2.0" in info.tags and "dataset:nvidia/HelpSteer2" in info.tags
    assert info.safetensors is not None and info.safetensors.total == 8_030_261_248
    assert info.config == {"architectures": ["LlamaForCausalLM"], "model_type": "llama"}
    # Without blobs=true the Hub lists names only, as here.
    assert {s.rfilename for s in info.siblings} == set(repo.files)
    assert all(s.size is None for s in info.siblings)


def test_revisions_branch_and_sha_resolve_to_the_same_commit(hub_server: HubServer) -> None:
    client = api(hub_server)
    head = client.model_info("allenai/OLMo-2-1124-7B").sha
    assert client.model_info("allenai/OLMo-2-1124-7B", revision="main").sha == head
    branch = "stage1-step928646-tokens3896B"
    assert client.model_info("allenai/OLMo-2-1124-7B", revision=branch).sha == head
    assert client.model_info("allenai/OLMo-2-1124-7B", revision=head).sha == head
    paths = [r.path for r in hub_server.requests.select(repo="allenai/OLMo-2-1124-7B")]
    assert paths[1:] == [
        "/api/models/allenai/OLMo-2-1124-7B/revision/main",
        f"/api/models/allenai/OLMo-2-1124-7B/revision/{branch}",
        f"/api/models/allenai/OLMo-2-1124-7B/revision/{head}",
    ]
    with pytest.raises(RevisionNotFoundError):
        client.model_info("allenai/OLMo-2-1124-7B", revision="v9.9")


def test_shas_are_derived_from_content(hub_server: HubServer) -> None:
    with HubServer() as other:
        shas = {k: api(other).model_info(k).sha for k in ("acme/cycle-a", "acme/cycle-b")}
    assert shas == {k: api(hub_server).model_info(k).sha for k in shas}
    assert shas["acme/cycle-a"] != shas["acme/cycle-b"]


def test_files_metadata_gives_sizes_and_lfs_ids(hub_server: HubServer) -> None:
    info = api(hub_server).model_info("acme/gemma-2-2b-medical-lora", files_metadata=True)
    by_name = {s.rfilename: s for s in info.siblings}
    adapter = load_all()["acme/gemma-2-2b-medical-lora"].files["adapter_model.safetensors"]
    weights = by_name["adapter_model.safetensors"]
    data = 26 * (2 * 16 * 2304 + 16 * 2048 + 16 * 1024) * 4  # lora_A and lora_B of q and v, f32
    header = int.from_bytes(adapter.read(0, 8), "little")
    assert weights.size == adapter.size == 8 + header + data
    assert weights.lfs is not None and weights.lfs.sha256 == adapter.sha256
    assert by_name["adapter_config.json"].lfs is None
    assert (
        by_name["adapter_config.json"].size
        == (DATA / "acme/gemma-2-2b-medical-lora/adapter_config.json").stat().st_size
    )


def test_dataset_info_and_card(hub_server: HubServer) -> None:
    info = api(hub_server).dataset_info("nvidia/HelpSteer2")
    assert info.card_data is not None and info.card_data.license == "cc-by-4.0"
    assert "arxiv:2406.08673" in info.tags and "license:cc-by-4.0" in info.tags
    path = hf_hub_download("nvidia/HelpSteer2", "README.md", repo_type="dataset")
    assert Path(path).read_bytes() == (DATA / "datasets/nvidia/HelpSteer2/README.md").read_bytes()
    assert f"datasets--nvidia--HelpSteer2{os.sep}snapshots{os.sep}{info.sha}" in path


def test_download_fills_the_standard_cache_layout(hub_server: HubServer) -> None:
    path = Path(hf_hub_download(FINETUNE, "README.md"))
    sha = load_all()[FINETUNE].sha
    storage = hub_server.cache_dir / "models--acme--llama-3.1-8b-support"  # type: ignore[operator]
    assert (storage / "refs" / "main").read_text() == sha
    assert path == storage / "snapshots" / sha / "README.md"
    assert path.is_symlink()
    blob = load_all()[FINETUNE].files["README.md"].blob_id
    assert path.resolve() == (storage / "blobs" / blob).resolve()
    assert path.read_bytes() == (DATA / FINETUNE / "README.md").read_bytes()
    heads = hub_server.requests.select(method="HEAD", file="README.md")
    assert [r.path for r in heads] == [f"/{FINETUNE}/resolve/main/README.md"]


def test_lfs_file_metadata_redirects_to_the_cdn_without_the_token(hub_server: HubServer) -> None:
    repo = load_all()["acme/sentiment-tiny"]
    url = hf_hub_url("acme/sentiment-tiny", "model.safetensors", endpoint=hub_server.endpoint)
    meta = get_hf_file_metadata(url, token=GRANTED_TOKEN)
    weights = repo.files["model.safetensors"]
    assert (meta.commit_hash, meta.etag, meta.size) == (repo.sha, weights.sha256, weights.size)
    assert meta.location == f"{hub_server.cdn_endpoint}/lfs/{weights.sha256}"
    hf_hub_download("acme/sentiment-tiny", "model.safetensors", token=GRANTED_TOKEN)
    (cdn,) = hub_server.requests.select(server="cdn")
    assert cdn.authorization is None and cdn.status == 200 and cdn.body_bytes == weights.size
    assert all(
        r.authorization == f"Bearer {GRANTED_TOKEN}"
        for r in hub_server.requests.select(server="hub")
    )


def test_safetensors_metadata_reads_headers_by_range_only(hub_server: HubServer) -> None:
    meta = api(hub_server, GRANTED_TOKEN).get_safetensors_metadata(LLAMA)
    assert meta.sharded and meta.parameter_count == {"BF16": 8_030_261_248}
    assert len(meta.files_metadata) == 4
    assert meta.files_metadata["model-00001-of-00004.safetensors"].tensors[
        "model.embed_tokens.weight"
    ].shape == [128256, 4096]
    weight_gets = [r for r in hub_server.requests if r.lfs and r.method == "GET"]
    assert weight_gets and all(r.range == "bytes=0-100000" for r in weight_gets)
    assert hub_server.requests.full_downloads() == []
    assert hub_server.requests.lfs_bytes() <= 4 * 100_001


def test_gemma_parameter_count(hub_server: HubServer) -> None:
    meta = api(hub_server, GRANTED_TOKEN).get_safetensors_metadata("google/gemma-2-2b")
    assert meta.parameter_count == {"F32": 2_614_341_888}


def test_broken_safetensors_headers(hub_server: HubServer) -> None:
    client = api(hub_server)
    with pytest.raises(SafetensorsParsingError, match="not json-encoded"):
        client.parse_safetensors_file_metadata("acme/truncated-safetensors", "model.safetensors")
    with pytest.raises(SafetensorsParsingError, match="too big"):
        client.parse_safetensors_file_metadata("acme/huge-header", "model.safetensors")
    (huge,) = hub_server.requests.select(server="cdn", repo="acme/huge-header")
    assert huge.status == 206 and huge.body_bytes == 100_001


def test_gated_repo_401_403_then_access(hub_server: HubServer) -> None:
    assert api(hub_server).model_info(LLAMA).gated == "manual"  # the API answers anyone
    with pytest.raises(GatedRepoError) as anonymous:
        hf_hub_download(LLAMA, "config.json")
    assert anonymous.value.response.status_code == 401
    assert "restricted" in str(anonymous.value) and "log in" in str(anonymous.value)
    with pytest.raises(GatedRepoError) as denied:
        hf_hub_download(LLAMA, "config.json", token=DENIED_TOKEN)
    assert denied.value.response.status_code == 403
    assert "not in the authorized list" in str(denied.value)
    path = hf_hub_download(LLAMA, "LICENSE", token=GRANTED_TOKEN)
    assert "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT" in Path(path).read_text(encoding="utf-8")
    assert hub_server.requests.statuses(method="HEAD") == [401, 403, 200]


def test_missing_and_private_repos(hub_server: HubServer) -> None:
    for repo_id in ("acme/does-not-exist", "acme/private-model"):
        with pytest.raises(RepositoryNotFoundError) as anonymous:
            api(hub_server).model_info(repo_id)
        assert anonymous.value.response.status_code == 401
        with pytest.raises(RepositoryNotFoundError) as with_token:
            api(hub_server, DENIED_TOKEN).model_info(repo_id)
        assert with_token.value.response.status_code == 404
    with pytest.raises(RepositoryNotFoundError):
        hf_hub_download("acme/private-model", "README.md")
    with pytest.raises(RepositoryNotFoundError):
        api(hub_server).dataset_info("acme/llama-3.1-8b-support")  # a model, not a dataset


def test_missing_revision_and_entry(hub_server: HubServer) -> None:
    with pytest.raises(RevisionNotFoundError):
        hf_hub_download(FINETUNE, "README.md", revision="does-not-exist")
    with pytest.raises(EntryNotFoundError):
        hf_hub_download("acme/no-card", "README.md")
    assert api(hub_server).model_info("acme/no-card").card_data is None
    assert api(hub_server).model_info("acme/broken-yaml").card_data is None
    assert not api(hub_server).file_exists("acme/no-card", "README.md")
    # The client remembers the missing file under the commit the 404 named.
    sha = load_all()["acme/no-card"].sha
    storage = hub_server.cache_dir / "models--acme--no-card"  # type: ignore[operator]
    assert (storage / ".no_exist" / sha / "README.md").exists()


def test_rate_limit_then_success(hub_server: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    client = api(hub_server)
    for _ in range(2):
        with pytest.raises(HfHubHTTPError) as limited:
            client.model_info("acme/rate-limited")  # model_info does not retry
        assert limited.value.response.status_code == 429
        assert limited.value.response.headers["Retry-After"] == "1"
    assert client.model_info("acme/rate-limited").id == "acme/rate-limited"
    # The client's own backoff (tree listing) honours Retry-After (+1 s), without real sleeps.
    slept: list[float] = []
    monkeypatch.setattr(_http, "time", SimpleNamespace(sleep=slept.append))
    hub_server.fail("acme/rate-limited", 2, status=429, retry_after=1)
    assert client.list_repo_files("acme/rate-limited") == ["README.md"]
    assert slept == [2.0, 2.0]
    assert hub_server.requests.statuses(repo="acme/rate-limited")[-3:] == [429, 429, 200]


def test_server_error_once_is_retried_by_download(
    hub_server: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(_http, "time", SimpleNamespace(sleep=slept.append))
    path = hf_hub_download("acme/flaky", "README.md")
    assert Path(path).read_bytes() == (DATA / "acme/flaky/README.md").read_bytes()
    assert hub_server.requests.statuses(repo="acme/flaky") == [503, 200, 200]
    assert slept == []  # the first HEAD fails fast; the retry succeeds at once


def test_renamed_repo_redirects(hub_server: HubServer) -> None:
    info = api(hub_server).model_info("meta-llama/Meta-Llama-3.1-8B")
    assert info.id == LLAMA and info.sha == load_all()[LLAMA].sha
    first, second = hub_server.requests.select(server="hub")
    assert (first.status, first.path) == (307, "/api/models/meta-llama/Meta-Llama-3.1-8B")
    assert (second.status, second.path) == (200, f"/api/models/{LLAMA}")
    path = hf_hub_download("meta-llama/Meta-Llama-3.1-8B", "LICENSE", token=GRANTED_TOKEN)
    assert Path(path).read_bytes() == (DATA / LLAMA / "LICENSE").read_bytes()


def test_tree_listing_paths_info_and_refs(hub_server: HubServer) -> None:
    client = api(hub_server)
    top = list(client.list_repo_tree("allenai/olmo-mix-1124", repo_type="dataset"))
    assert [(type(e), e.path) for e in top] == [(RepoFolder, "data"), (RepoFile, "README.md")]
    files = client.list_repo_files("allenai/olmo-mix-1124", repo_type="dataset")
    assert "data/dclm/train-00001-of-00002.parquet" in files
    nested = list(client.list_repo_tree("allenai/olmo-mix-1124", "data/arxiv", repo_type="dataset"))
    (parquet,) = nested
    assert isinstance(parquet, RepoFile) and parquet.lfs is not None
    assert parquet.size == 734_003_200
    (info,) = client.get_paths_info(FINETUNE, ["config.json", "nope.txt"])
    assert info.path == "config.json"
    refs = client.list_repo_refs("allenai/OLMo-2-1124-7B")
    assert {b.name for b in refs.branches} == {"main", "stage1-step928646-tokens3896B"}


def test_ranges_on_small_and_lfs_files(hub_server: HubServer) -> None:
    import httpx2

    readme = (DATA / FINETUNE / "README.md").read_bytes()
    with httpx2.Client(follow_redirects=True) as http:
        url = f"{hub_server.endpoint}/{FINETUNE}/resolve/main/README.md"
        part = http.get(url, headers={"Range": "bytes=4-11"})
        assert (part.status_code, part.content) == (206, readme[4:12])
        assert part.headers["Content-Range"] == f"bytes 4-11/{len(readme)}"
        assert http.get(url, headers={"Range": "bytes=-5"}).content == readme[-5:]
        assert http.get(url, headers={"Range": f"bytes={len(readme)}-"}).status_code == 416
        repo, name = "TheBloke/Mistral-7B-v0.1-GGUF", "mistral-7b-v0.1.Q8_0.gguf"
        gguf = f"{hub_server.endpoint}/{repo}/resolve/main/{name}"
        head = http.get(gguf, headers={"Range": "bytes=0-7"})
        assert head.status_code == 206 and head.content[:4] == b"GGUF"
        assert int.from_bytes(head.content[4:8], "little") == 3
        unknown = http.get(f"{hub_server.endpoint}/api/whoami-v2")
        assert unknown.status_code == 404


def test_a_tag_names_an_older_commit_with_other_facts(hub_server: HubServer) -> None:
    client = api(hub_server)
    head = client.model_info(FINETUNE)
    old = client.model_info(FINETUNE, revision="v1.0")
    assert old.sha != head.sha and old.sha == load_all()[FINETUNE].tagged["v1.0"].sha
    assert old.card_data is not None and old.card_data.license == "llama3.1"
    assert client.model_info(FINETUNE, revision=old.sha).sha == old.sha
    path = Path(hf_hub_download(FINETUNE, "LICENSE", revision="v1.0"))
    assert path.parent.name == old.sha
    storage = hub_server.cache_dir / "models--acme--llama-3.1-8b-support"  # type: ignore[operator]
    assert (storage / "refs" / "v1.0").read_text() == old.sha
    with pytest.raises(EntryNotFoundError):  # main dropped the LICENSE
        hf_hub_download(FINETUNE, "LICENSE")
    refs = client.list_repo_refs(FINETUNE)
    assert [(t.name, t.target_commit) for t in refs.tags] == [("v1.0", old.sha)]


def test_expand_keeps_only_the_properties_asked(hub_server: HubServer) -> None:
    info = api(hub_server).model_info(FINETUNE, expand=["cardData", "sha", "gated"])
    assert info.sha == load_all()[FINETUNE].sha and info.gated is False
    assert info.siblings is None and info.tags is None
    (request,) = hub_server.requests.select(repo=FINETUNE)
    assert "expand=cardData" in request.query


def test_file_system_reads_gguf_headers_by_range(hub_server: HubServer) -> None:
    fs = hf.HfFileSystem(endpoint=hub_server.endpoint, token=False)
    path = "TheBloke/Mistral-7B-v0.1-GGUF/mistral-7b-v0.1.Q4_K_M.gguf"
    with fs.open(path, "rb", block_size=65536) as f:
        assert f.read(4) == b"GGUF"
        f.seek(600_000)
        f.read(16)
    assert fs.info(path)["size"] > 4_000_000_000
    ranges = [r.range for r in hub_server.requests.select(server="cdn")]
    starts = [int(r.split("=")[1].split("-")[0]) for r in ranges if r]
    assert len(starts) == len(ranges) == 2 and starts[0] == 0 and starts[1] == 600_000
    assert all(r.body_bytes <= 70_000 for r in hub_server.requests.select(server="cdn"))
    assert hub_server.requests.full_downloads() == []


def test_concurrent_clients(hub_server: HubServer) -> None:
    from concurrent.futures import ThreadPoolExecutor

    repos = load_all()
    keys = [k for k, r in repos.items() if r.repo_type == "model" and not r.missing]
    keys = [k for k in keys if not repos[k].failure and not repos[k].renamed_to] * 4
    client = api(hub_server)
    with ThreadPoolExecutor(8) as pool:
        shas = list(pool.map(lambda k: client.model_info(k).sha, keys))
    assert shas == [repos[k].sha for k in keys]
    assert len(hub_server.requests) == len(keys)
    assert {r.status for r in hub_server.requests} == {200}


def test_a_server_of_repos_made_in_code() -> None:
    from .repos import make_repo

    card = b"---\nlicense: mit\nbase_model: bench/m0\n---\n# m1\n"
    repos = {
        "bench/m0": make_repo("bench/m0", {"README.md": b"---\nlicense: mit\n---\n"}),
        "bench/m1": make_repo("bench/m1", {"README.md": card}, gated="auto"),
    }
    other = make_repo("bench/m1", {"README.md": card + b"changed\n"})
    assert other.sha != repos["bench/m1"].sha  # the sha follows the content
    with HubServer(repos) as server:
        info = api(server).model_info("bench/m1")
        assert info.sha == repos["bench/m1"].sha and info.gated == "auto"
        assert info.card_data is not None and info.card_data.base_model == "bench/m0"
        with pytest.raises(RepositoryNotFoundError):
            api(server).model_info(FINETUNE)  # only the repos given
