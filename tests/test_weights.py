"""Weight-file headers: safetensors and GGUF read from their real layouts, checked against the
reference writers and readers (safetensors, llama.cpp's gguf-py) and public model shapes."""

from __future__ import annotations

import io
import json
import struct
import sys
from pathlib import Path
from typing import Any

import pytest

from openness.errors import OpennessError
from openness.weights import (
    MAX_HEADER_BYTES,
    BaseModelRef,
    WeightHeaderError,
    is_weight_file,
    read_file,
    read_header,
)
from openness.weights.gguf_tables import FILE_TYPES, TENSOR_TYPES

DATA = Path(__file__).parent / "data" / "weights"
sys.path.insert(0, str(DATA))
from make_fixtures import mistral_shapes, safetensors_header  # noqa: E402

MISTRAL_7B_PARAMETERS = 7_241_732_096  # Mistral-7B-v0.1 as published
SAFETENSORS = DATA / "mistral-7b-v0.1.header.safetensors"
GGUF = DATA / "mistral-7b-instruct-v0.2.Q4_K_M.header.gguf"


class CountingStream(io.BytesIO):
    """A stream that records every read, as a range-request file would be charged."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.reads: list[int] = []

    def read(self, n: int | None = -1, /) -> bytes:
        data = super().read(n)
        self.reads.append(len(data))
        return data


def header(data: bytes, filename: str = "model.safetensors", size: int | None = None) -> Any:
    return read_header(io.BytesIO(data), filename=filename, size=size)


# --- safetensors -----------------------------------------------------------------------------


def test_a_mistral_7b_shaped_safetensors_header_counts_its_published_parameters() -> None:
    stream = CountingStream(SAFETENSORS.read_bytes())
    facts = read_header(stream, filename=SAFETENSORS.name)
    assert facts.format == "safetensors"
    assert facts.parameter_count == MISTRAL_7B_PARAMETERS
    assert facts.tensor_count == 291
    assert facts.dtypes == ("BF16",)
    assert facts.header_bytes == SAFETENSORS.stat().st_size
    assert dict(facts.metadata) == {"format": "pt"}
    assert facts.license is None
    assert facts.base_models == ()
    # exactly the length prefix and the JSON: nothing more is asked of the stream
    assert sum(stream.reads) == facts.header_bytes


def test_a_header_only_file_read_as_a_whole_file_is_reported_truncated() -> None:
    with pytest.raises(WeightHeaderError, match=r"truncated file: tensor 'model\.embed_tokens"):
        read_file(SAFETENSORS)


def test_the_fixture_is_what_the_generator_writes() -> None:
    assert SAFETENSORS.read_bytes() == safetensors_header(mistral_shapes())


def test_a_real_safetensors_file_agrees_with_the_safetensors_library(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    st = pytest.importorskip("safetensors.numpy")
    from safetensors import safe_open

    path = tmp_path / "model.safetensors"
    tensors = {
        "embed": np.zeros((10, 4), dtype=np.float16),
        "norm": np.ones((4,), dtype=np.float32),
        "ids": np.zeros((3, 2, 2), dtype=np.int64),
        "scalar": np.zeros((), dtype=np.float32),
    }
    metadata = {"format": "pt", "modelspec.license": "CC-BY-4.0", "modelspec.title": "Tiny"}
    st.save_file(tensors, str(path), metadata=metadata)
    facts = read_file(path)
    with safe_open(str(path), framework="numpy") as f:
        expected = sum(int(np.prod(f.get_slice(k).get_shape())) for k in f.keys())  # noqa: SIM118
        assert dict(facts.metadata) == f.metadata()
    assert facts.parameter_count == expected == 40 + 4 + 12 + 1
    assert facts.dtypes == ("F16", "F32", "I64")
    assert facts.license == "CC-BY-4.0"
    assert facts.name == "Tiny"
    assert facts.header_bytes == 8 + struct.unpack("<Q", path.read_bytes()[:8])[0]


def test_safetensors_metadata_license_architecture_and_name() -> None:
    data = safetensors_header(
        {"w": [2, 2]}, metadata={"license": "mit", "architecture": "bert", "name": "x"}
    )
    facts = header(data)
    assert (facts.license, facts.architecture, facts.name) == ("mit", "bert", "x")


def test_non_text_metadata_values_are_kept_as_json() -> None:
    body = json.dumps({"__metadata__": {"n": 3, "l": [1]}, "w": _tensor([1])}).encode()
    facts = header(struct.pack("<Q", len(body)) + body)
    assert dict(facts.metadata) == {"l": "[1]", "n": "3"}


def test_a_safetensors_file_without_the_suffix_is_recognised_by_its_json() -> None:
    assert header(safetensors_header({"w": [3]}), filename="blob").parameter_count == 3


def test_metadata_is_read_only_and_facts_are_hashable() -> None:
    facts = header(safetensors_header({"w": [3]}))
    with pytest.raises(TypeError):
        facts.metadata["x"] = "y"  # type: ignore[index]
    assert hash(facts) == hash(header(safetensors_header({"w": [3]})))


def _tensor(shape: list[int], dtype: str = "F32") -> dict[str, Any]:
    n = 4
    for d in shape:
        n *= d
    return {"dtype": dtype, "shape": shape, "data_offsets": [0, n]}


def _raw(body: bytes) -> bytes:
    return struct.pack("<Q", len(body)) + body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x05\x00", "truncated header: the first 8 bytes"),
        (_raw(b'{"w": 1'), "not valid JSON"),
        (_raw(b"\xff\xfe{}"), "not valid UTF-8"),
        (_raw(b"[1, 2]"), "the JSON header is a list"),
        (_raw(b"{}")[:-1], "truncated header"),
        (_raw(b'{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 0]}}'), "shape"),
        (_raw(b'{"w": {"dtype": "F32", "shape": [true], "data_offsets": [0, 0]}}'), "shape"),
        (_raw(b'{"w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 0]}}'), "data_offsets"),
        (_raw(b'{"w": {"dtype": 3, "shape": [1], "data_offsets": [0, 4]}}'), "dtype 3"),
        (_raw(b'{"w": [1]}'), "tensor 'w' is a list"),
        (_raw(b'{"__metadata__": [1]}'), "__metadata__ is a list"),
        (_raw(b"[" * 100_000 + b"]" * 100_000), "cannot be read"),
        (_raw(b'{"w": {"shape": [' + b"9" * 5000 + b"]}}"), "cannot be read"),
        (struct.pack("<Q", 1) + b"{", "at least 2 bytes"),
    ],
)
def test_broken_safetensors_headers_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(WeightHeaderError, match=message) as caught:
        header(data, filename="bad.safetensors")
    assert str(caught.value).startswith("bad.safetensors: ")
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, OpennessError)


def test_a_claim_of_ten_gigabytes_of_json_is_refused_before_reading_it() -> None:
    stream = CountingStream(struct.pack("<Q", 10 * 2**30) + b"{" + b" " * 1000)
    with pytest.raises(WeightHeaderError, match=r"claims 10737418240 bytes of JSON") as caught:
        read_header(stream, filename="huge.safetensors")
    assert sum(stream.reads) == 8
    assert f"at most {MAX_HEADER_BYTES - 8} bytes" in str(caught.value)


def test_a_claim_past_the_end_of_a_file_of_known_size_is_truncation() -> None:
    data = safetensors_header({"w": [3]})
    with pytest.raises(WeightHeaderError, match="truncated header: the header claims"):
        read_header(io.BytesIO(data), filename="m.safetensors", size=len(data) - 1)


def test_tensor_data_past_the_end_of_the_file_is_truncation() -> None:
    data = safetensors_header({"w": [3]})  # F16 data of 6 bytes, not written
    with pytest.raises(WeightHeaderError, match=r"tensor 'w' ends at byte 6"):
        read_header(io.BytesIO(data), filename="m.safetensors", size=len(data) + 5)
    assert read_header(io.BytesIO(data), filename="m.safetensors", size=len(data) + 6)


def test_a_lower_limit_is_honoured() -> None:
    with pytest.raises(WeightHeaderError, match="at most 992 bytes"):
        read_header(io.BytesIO(SAFETENSORS.read_bytes()), filename="m.safetensors", limit=1000)


# --- GGUF ------------------------------------------------------------------------------------


def test_a_mistral_7b_q4_k_m_gguf_header_says_its_license_base_and_quantisation() -> None:
    stream = CountingStream(GGUF.read_bytes())
    facts = read_header(stream, filename=GGUF.name)
    assert facts.format == "gguf"
    assert facts.version == 3
    assert facts.parameter_count == MISTRAL_7B_PARAMETERS
    assert facts.tensor_count == 291
    assert facts.dtypes == ("F32", "Q4_K", "Q6_K")
    assert facts.quantization == "MOSTLY_Q4_K_M"
    assert facts.license == "apache-2.0"
    assert facts.architecture == "llama"
    assert facts.name == "Mistral 7B Instruct v0.2"
    assert facts.base_models == (
        BaseModelRef(
            name="Mistral 7B Instruct v0.2",
            organization="Mistralai",
            repo_url="https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.2",
        ),
    )
    assert facts.base_models[0].hub_id == "mistralai/Mistral-7B-Instruct-v0.2"
    assert facts.header_bytes == GGUF.stat().st_size
    assert facts.metadata["general.file_type"] == "15"
    assert "general.tags" not in facts.metadata  # arrays are walked, not kept
    assert not any(k.startswith("llama.") for k in facts.metadata)
    assert len(stream.reads) <= 3  # chunked: a remote stream is asked a few times


def _write_gguf(path: Path, *, endianess: Any = None, data: bool = True) -> Any:
    gguf = pytest.importorskip("gguf")
    np = pytest.importorskip("numpy")
    kwargs = {} if endianess is None else {"endianess": endianess}
    w = gguf.GGUFWriter(path, "gemma", **kwargs)
    w.add_name("Tiny Gemma LoRA")
    w.add_license("gemma")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_BF16)
    w.add_uint32("general.base_model.count", 2)
    w.add_string("general.base_model.0.name", "Gemma 2b")
    w.add_string("general.base_model.0.organization", "Google")
    w.add_string("general.base_model.0.version", "1.1")
    w.add_string("general.base_model.0.repo_url", "https://huggingface.co/google/gemma-2b")
    w.add_string("general.base_model.1.name", "Other")
    w.add_string("general.base_model.5.name", "beyond the count")
    for kind in ("uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"):
        getattr(w, f"add_{kind}")(f"general.x_{kind}", 7)
    w.add_float32("general.x_float32", 0.5)
    w.add_float64("general.x_float64", 0.25)
    w.add_bool("general.x_bool", False)
    w.add_string("general.x_text", "naïve ✓")
    w.add_array("general.x_strings", ["a", "bc", ""])
    w.add_array("general.x_ints", [1, 2, 3])
    w.add_array("general.x_nested", [[1, 2], [3]])
    w.add_array("general.x_empty", [])
    w.add_string("tokenizer.chat_template", "{{ x }}")
    w.add_tensor("a", np.zeros((3, 5), dtype=np.float32))
    w.add_tensor("b", np.zeros((7,), dtype=np.float16))
    w.add_tensor("c", np.zeros((2, 2, 2), dtype=np.int32))
    if data:
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_tensors_to_file()
    else:
        w.write_header_to_file()
        w.write_kv_data_to_file()
        w.write_ti_data_to_file()
    w.close()
    return gguf


@pytest.mark.parametrize("big", [False, True], ids=["little-endian", "big-endian"])
def test_a_real_gguf_file_agrees_with_gguf_py(tmp_path: Path, big: bool) -> None:
    gguf = pytest.importorskip("gguf")
    path = tmp_path / "tiny.gguf"
    _write_gguf(path, endianess=gguf.GGUFEndian.BIG if big else None)
    facts = read_file(path)
    reader = gguf.GGUFReader(path)
    assert facts.parameter_count == sum(int(t.n_elements) for t in reader.tensors) == 15 + 7 + 8
    assert facts.tensor_count == len(reader.tensors)
    assert facts.dtypes == tuple(sorted({t.tensor_type.name for t in reader.tensors}))
    assert facts.dtypes == ("F16", "F32", "I32")
    assert facts.header_bytes <= reader.data_offset < facts.header_bytes + 32
    for key, field in reader.fields.items():
        if key.startswith("general.") and len(field.types) == 1 and field.types[0].name != "ARRAY":
            value = field.contents()
            if isinstance(value, bool):
                expected = "true" if value else "false"
            else:
                expected = value if isinstance(value, str) else repr(value)
            assert facts.metadata[key] == expected, key
    assert facts.metadata["general.x_text"] == "naïve ✓"
    assert facts.metadata["general.x_bool"] == "false"
    assert facts.metadata["general.x_int64"] == "7"
    assert facts.license == "gemma"
    assert facts.quantization == "MOSTLY_BF16"
    assert facts.base_models == (
        BaseModelRef(
            name="Gemma 2b",
            organization="Google",
            version="1.1",
            repo_url="https://huggingface.co/google/gemma-2b",
        ),
        BaseModelRef(name="Other"),
    )
    assert "tokenizer.chat_template" not in facts.metadata


def test_the_code_tables_match_llama_cpp() -> None:
    gguf = pytest.importorskip("gguf")
    for member in gguf.LlamaFileType:
        assert FILE_TYPES[member.value] == member.name
    for member in gguf.GGMLQuantizationType:
        assert TENSOR_TYPES[member.value] == member.name


def _gguf(version: int = 3, n_tensors: int = 0, n_kv: int = 0, rest: bytes = b"") -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, n_tensors, n_kv) + rest


def _key(key: str, kind: int, payload: bytes) -> bytes:
    raw = key.encode()
    return struct.pack("<Q", len(raw)) + raw + struct.pack("<I", kind) + payload


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GGUX" + bytes(20), "bad magic b'GGUX'"),
        (_gguf(version=1), "unsupported GGUF version 1"),
        (_gguf(version=4), "unsupported GGUF version 4"),
        (_gguf(n_kv=2**40), "absurd metadata key-value count"),
        (_gguf(n_tensors=2**62), "absurd tensor count"),
        (_gguf(n_kv=1, rest=_key("k", 42, b"")), "unknown value type 42"),
        (
            _gguf(n_kv=1, rest=_key("k", 9, struct.pack("<IQ", 4, 2**60))),
            "absurd element count",
        ),
        (_gguf(n_kv=1, rest=_key("k", 9, struct.pack("<IQ", 8, 2**61))), "absurd element"),
        (_gguf(n_kv=1, rest=_key("k", 9, struct.pack("<IQ", 9, 1) * 20)), "nested deeper"),
        (_gguf(n_kv=1, rest=_key("k", 8, struct.pack("<Q", 2**40))), "header larger than"),
        (_gguf(n_kv=1, rest=_key("k", 8, struct.pack("<Q", 2) + b"\xff\xff")), "not valid UTF-8"),
        (_gguf(n_kv=1, rest=struct.pack("<Q", 70000)), "claims 70000 bytes"),
        (
            _gguf(n_tensors=1, rest=struct.pack("<Q", 1) + b"t" + struct.pack("<I", 99)),
            "claims 99 dimensions",
        ),
        (_gguf(n_kv=1, rest=_key("k", 4, b"\x01")), "truncated header"),
    ],
)
def test_broken_gguf_headers_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(WeightHeaderError, match=message) as caught:
        header(data, filename="bad.gguf")
    assert str(caught.value).startswith("bad.gguf: ")
    assert caught.value.filename == "bad.gguf"
    assert caught.value.as_problem().file == "bad.gguf"


def test_a_truncated_gguf_of_known_size_says_truncated_not_absurd() -> None:
    data = GGUF.read_bytes()[:100]
    with pytest.raises(WeightHeaderError, match="truncated header") as caught:
        read_header(io.BytesIO(data), filename=GGUF.name, size=len(data))
    assert "download or upload cut short" in str(caught.value)


def test_a_tensor_type_llama_cpp_does_not_know_is_named_by_its_code() -> None:
    tensor = struct.pack("<Q", 1) + b"t" + struct.pack("<IQIQ", 1, 5, 77, 0)
    facts = header(_gguf(n_tensors=1, rest=tensor), filename="m.gguf")
    assert facts.dtypes == ("TYPE_77",)
    assert facts.parameter_count == 5
    assert facts.quantization is None


def test_an_unknown_file_type_is_named_by_its_code() -> None:
    facts = header(_gguf(n_kv=1, rest=_key("general.file_type", 4, b"\x63\0\0\0")), "m.gguf")
    assert facts.quantization == "FILE_TYPE_99"
    assert facts.parameter_count is None


def test_a_file_that_is_neither_format_is_named_so() -> None:
    with pytest.raises(WeightHeaderError, match="neither a GGUF magic nor a safetensors"):
        header(b"PK\x03\x04" + bytes(40), filename="model.bin")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("a/model-00001-of-00002.safetensors", True), ("Q.GGUF", True), ("pytorch_model.bin", False)],
)
def test_is_weight_file(name: str, expected: bool) -> None:
    assert is_weight_file(name) is expected


@pytest.mark.parametrize(
    ("url", "hub_id"),
    [
        ("https://huggingface.co/meta-llama/Llama-3.1-8B", "meta-llama/Llama-3.1-8B"),
        ("https://hf.co/google/gemma-2b/", "google/gemma-2b"),
        ("https://huggingface.co/datasets/org/data", "datasets/org/data"),
        ("https://github.com/org/repo", None),
        ("https://huggingface.co/only-one-part", None),
    ],
)
def test_base_model_hub_ids(url: str, hub_id: str | None) -> None:
    assert BaseModelRef(repo_url=url).hub_id == hub_id


def test_the_weights_package_imports_nothing_of_ours_but_errors() -> None:
    import ast

    for path in (Path(__file__).parent.parent / "openness" / "weights").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openness"):
                assert node.module.startswith(("openness.weights", "openness.errors")), path


class TrickleStream(io.RawIOBase):
    """A non-seekable raw stream that answers each read with at most 7 bytes, as a socket may."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, n: int = -1) -> bytes:
        n = 7 if n < 0 else min(n, 7)
        chunk = self.data[self.at : self.at + n]
        self.at += len(chunk)
        return chunk


@pytest.mark.parametrize("path", [SAFETENSORS, GGUF], ids=["safetensors", "gguf"])
def test_short_reads_of_a_non_seekable_stream_give_the_same_facts(path: Path) -> None:
    data = path.read_bytes()
    trickled = read_header(TrickleStream(data), filename=path.name)  # type: ignore[arg-type]
    assert trickled == read_header(io.BytesIO(data), filename=path.name)


def test_reading_starts_at_the_streams_position() -> None:
    stream = io.BytesIO(b"junk" + GGUF.read_bytes())
    stream.read(4)
    assert read_header(stream, filename="m.gguf").parameter_count == MISTRAL_7B_PARAMETERS


def test_a_gguf_header_of_many_megabytes_is_read_in_few_growing_chunks(tmp_path: Path) -> None:
    gguf = pytest.importorskip("gguf")
    path = tmp_path / "vocab.gguf"
    w = gguf.GGUFWriter(path, "llama")
    w.add_token_list([f"token-{i:06d}" for i in range(150_000)])  # a Llama-3-sized vocabulary
    w.add_token_merges([f"a{i} b{i}" for i in range(150_000)])
    w.add_license("llama3.1")
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    w.close()
    data = path.read_bytes()
    stream = CountingStream(data)
    facts = read_header(stream, filename="m.gguf", size=len(data))
    assert facts.license == "llama3.1"
    assert facts.header_bytes == len(data) > 3_000_000
    assert len(stream.reads) <= 8


def test_the_shards_of_a_model_add_up() -> None:
    from openness.weights import combine_shards

    shapes = list(mistral_shapes().items())
    one = header(safetensors_header(dict(shapes[:150]), metadata={"format": "pt"}))
    two = header(safetensors_header(dict(shapes[150:]), metadata={"license": "apache-2.0"}))
    whole = combine_shards([one, two])
    assert whole.parameter_count == MISTRAL_7B_PARAMETERS
    assert whole.tensor_count == 291
    assert whole.header_bytes == one.header_bytes + two.header_bytes
    assert whole.license == "apache-2.0"
    assert dict(whole.metadata) == {"format": "pt", "license": "apache-2.0"}
    assert combine_shards([one]) == one
    gguf = read_header(io.BytesIO(GGUF.read_bytes()), filename=GGUF.name)
    with pytest.raises(ValueError, match="must share a format, got gguf, safetensors"):
        combine_shards([one, gguf])
    with pytest.raises(ValueError, match="at least one shard"):
        combine_shards([])


def test_facts_as_a_json_ready_dict() -> None:
    facts = read_header(io.BytesIO(GGUF.read_bytes()), filename=GGUF.name)
    data = json.loads(json.dumps(facts.as_dict()))
    assert data["parameter_count"] == MISTRAL_7B_PARAMETERS
    assert data["dtypes"] == ["F32", "Q4_K", "Q6_K"]
    assert data["base_models"] == [
        {
            "name": "Mistral 7B Instruct v0.2",
            "organization": "Mistralai",
            "repo_url": "https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.2",
            "hub_id": "mistralai/Mistral-7B-Instruct-v0.2",
        }
    ]
    plain = header(safetensors_header({"w": [3]})).as_dict()
    assert "license" not in plain
    assert "base_models" not in plain
    assert plain["metadata"] == {"format": "pt"}
