"""Generated weight files are real: independent readers (the ``safetensors`` and ``gguf``
packages) parse their headers, and parameter counts match the public models'."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from . import weights
from .repos import load_all


def _spec(repo: str, path: str) -> dict:  # type: ignore[type-arg]
    return dict(load_all()[repo].options["generated"][path])


@pytest.mark.parametrize(
    ("repo", "count"),
    [
        ("meta-llama/Llama-3.1-8B", 8_030_261_248),
        ("mistralai/Mistral-7B-v0.1", 7_241_732_096),
        ("google/gemma-2-2b", 2_614_341_888),
    ],
)
def test_decoder_parameter_counts_match_the_public_models(repo: str, count: int) -> None:
    spec = _spec(repo, "model.safetensors.index.json")
    assert weights.safetensors_parameters(weights.tensors_of(spec)) == count


def test_sharded_index_maps_every_tensor_to_its_shard() -> None:
    repo = load_all()["meta-llama/Llama-3.1-8B"]
    index_file = repo.files["model.safetensors.index.json"]
    index = json.loads(index_file.read(0, index_file.size))
    shards = sorted(set(index["weight_map"].values()))
    assert shards == [f"model-0000{i}-of-00004.safetensors" for i in range(1, 5)]
    assert index["metadata"]["total_size"] == 2 * 8_030_261_248  # bf16
    for shard in shards:
        f = repo.files[shard]
        (length,) = struct.unpack("<Q", f.read(0, 8))
        header = json.loads(f.read(8, 8 + length))
        assert length % 8 == 0
        names = {n for n, s in index["weight_map"].items() if s == shard}
        assert set(header) - {"__metadata__"} == names
        last = max(info["data_offsets"][1] for n, info in header.items() if n != "__metadata__")
        assert f.size == 8 + length + last


def _sparse_copy(made: weights.SparseFile, path: Path) -> Path:
    with path.open("wb") as out:
        out.write(made.head)
        out.truncate(made.size)
    return path


def test_the_safetensors_library_reads_a_generated_file(tmp_path: Path) -> None:
    st = pytest.importorskip("safetensors")
    pytest.importorskip("numpy")
    made = weights.build(_spec("acme/sentiment-tiny", "model.safetensors"))
    path = _sparse_copy(made, tmp_path / "model.safetensors")
    with st.safe_open(str(path), framework="numpy") as f:
        assert f.metadata() == {"format": "pt"}
        assert f.get_slice("bert.embeddings.word_embeddings.weight").get_shape() == [30522, 128]
        assert f.get_tensor("classifier.bias").tolist() == [0.0, 0.0]


def test_the_gguf_library_reads_a_generated_file(tmp_path: Path) -> None:
    gguf = pytest.importorskip("gguf")
    made = weights.build(_spec("TheBloke/Mistral-7B-v0.1-GGUF", "mistral-7b-v0.1.Q4_K_M.gguf"))
    assert 400_000 < len(made.head) < 1_000_000  # the tokens array makes a big header
    assert 4_000_000_000 < made.size < 5_000_000_000  # Q4_K_M of a 7B model
    reader = gguf.GGUFReader(str(_sparse_copy(made, tmp_path / "m.gguf")))

    def field(name: str) -> object:
        return reader.fields[name].contents()

    assert field("general.architecture") == "llama"
    assert field("general.license") == "apache-2.0"
    assert field("general.base_model.count") == 1
    assert (
        field("general.base_model.0.repo_url") == "https://huggingface.co/mistralai/Mistral-7B-v0.1"
    )
    assert field("general.base_model.0.organization") == "Mistralai"
    assert field("general.file_type") == 15  # MOSTLY_Q4_K_M
    assert len(field("tokenizer.ggml.tokens")) == 32000  # type: ignore[arg-type]
    by_name = {t.name: t for t in reader.tensors}
    assert len(by_name) == 2 + 32 * 9 + 1
    assert by_name["token_embd.weight"].shape.tolist() == [4096, 32000]
    assert by_name["blk.0.ffn_down.weight"].tensor_type.name == "Q6_K"
    assert by_name["blk.0.attn_q.weight"].tensor_type.name == "Q4_K"
    assert sum(int(t.n_elements) for t in reader.tensors) == 7_241_732_096


def test_broken_variants() -> None:
    spec = _spec("acme/truncated-safetensors", "model.safetensors")
    truncated = weights.build(spec)
    (claimed,) = struct.unpack("<Q", truncated.head[:8])
    assert truncated.size == 4096 and claimed > 4096
    huge = weights.build(_spec("acme/huge-header", "model.safetensors"))
    assert struct.unpack("<Q", huge.head[:8]) == (10_000_000_000,)
    assert huge.size > 2_000_000_000


def test_sparse_reads() -> None:
    f = weights.SparseFile(b"abc", 10)
    assert f.read(1, 5) == b"bc\0\0"
    assert f.read(8, 20) == b"\0\0"
    assert f.read(12, 20) == b""
    assert b"".join(f.chunks(0, 10, chunk=4)) == b"abc" + bytes(7)
