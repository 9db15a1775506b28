"""Weight files made from a spec: real safetensors and GGUF v3 headers over a sparse body.

A weight file of a test repo is described in its ``repo.yaml`` (``generated:``) rather than
stored: the header is built here byte for byte as the real formats lay it out, and the body
after it reads as zeros. The size is what the real file's would be, so a client that downloads
a whole weight file instead of a range of its header shows up in the server's request log.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

# Bytes per element of the safetensors dtypes used here.
SAFETENSORS_DTYPE_SIZE = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I8": 1}

# GGML tensor types: id, elements per block, bytes per block (gguf.constants.GGML_QUANT_SIZES).
GGML_TYPES: dict[str, tuple[int, int, int]] = {
    "F32": (0, 1, 4),
    "F16": (1, 1, 2),
    "Q4_0": (2, 32, 18),
    "Q8_0": (8, 32, 34),
    "Q4_K": (12, 256, 144),
    "Q5_K": (13, 256, 176),
    "Q6_K": (14, 256, 210),
    "BF16": (30, 1, 2),
}
# llama.cpp's LLAMA_FTYPE values (general.file_type) of the quantisations used here.
GGUF_FILE_TYPES = {
    "F32": 0,
    "F16": 1,
    "Q8_0": 7,
    "Q4_K_M": 15,
    "Q5_K_M": 17,
    "Q6_K": 18,
    "BF16": 32,
}

# GGUF metadata value types.
_GGUF_UINT32, _GGUF_INT32, _GGUF_FLOAT32, _GGUF_BOOL, _GGUF_STRING, _GGUF_ARRAY = 4, 5, 6, 7, 8, 9
_GGUF_UINT64 = 10
GGUF_ALIGNMENT = 32


@dataclass(frozen=True)
class SparseFile:
    """A file of ``size`` bytes whose first bytes are ``head`` and whose rest is zeros."""

    head: bytes
    size: int

    def read(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` (exclusive), clipped to the file."""
        end = min(end, self.size)
        if start >= end:
            return b""
        part = self.head[start:end]
        return part + bytes(end - start - len(part))

    def chunks(self, start: int, end: int, chunk: int = 1 << 20) -> Iterator[bytes]:
        """The bytes ``start`` to ``end`` in pieces of at most ``chunk`` bytes."""
        for offset in range(start, min(end, self.size), chunk):
            yield self.read(offset, min(offset + chunk, end))


def decoder_tensors(spec: Mapping[str, Any]) -> list[tuple[str, list[int]]]:
    """The tensors (Hugging Face names, row-major shapes) of a Llama-style decoder.

    Spec keys: ``vocab``, ``hidden``, ``layers``, ``intermediate``, ``heads``, ``kv_heads``,
    optional ``head_dim`` (default hidden/heads), ``tied`` (no ``lm_head``) and ``norms``
    (``llama``: two per layer; ``gemma2``: four).
    """
    vocab, hidden, layers = int(spec["vocab"]), int(spec["hidden"]), int(spec["layers"])
    inter, heads, kv = int(spec["intermediate"]), int(spec["heads"]), int(spec["kv_heads"])
    head_dim = int(spec.get("head_dim", hidden // heads))
    norms = ["input_layernorm", "post_attention_layernorm"]
    if spec.get("norms") == "gemma2":
        norms += ["pre_feedforward_layernorm", "post_feedforward_layernorm"]
    out: list[tuple[str, list[int]]] = [("model.embed_tokens.weight", [vocab, hidden])]
    for i in range(layers):
        p = f"model.layers.{i}."
        out += [
            (p + "self_attn.q_proj.weight", [heads * head_dim, hidden]),
            (p + "self_attn.k_proj.weight", [kv * head_dim, hidden]),
            (p + "self_attn.v_proj.weight", [kv * head_dim, hidden]),
            (p + "self_attn.o_proj.weight", [hidden, heads * head_dim]),
            (p + "mlp.gate_proj.weight", [inter, hidden]),
            (p + "mlp.up_proj.weight", [inter, hidden]),
            (p + "mlp.down_proj.weight", [hidden, inter]),
        ]
        out += [(p + n + ".weight", [hidden]) for n in norms]
    out.append(("model.norm.weight", [hidden]))
    if not spec.get("tied", False):
        out.append(("lm_head.weight", [vocab, hidden]))
    return out


def lora_tensors(spec: Mapping[str, Any]) -> list[tuple[str, list[int]]]:
    """The tensors of a PEFT LoRA adapter: ``lora_A`` (r x in) and ``lora_B`` (out x r).

    Spec keys: ``layers``, ``r``, ``modules`` (a mapping of ``self_attn.q_proj``-style names to
    ``[in, out]``).
    """
    r = int(spec["r"])
    out: list[tuple[str, list[int]]] = []
    for i in range(int(spec["layers"])):
        for module, (d_in, d_out) in spec["modules"].items():
            p = f"base_model.model.model.layers.{i}.{module}."
            out += [(p + "lora_A.weight", [r, int(d_in)]), (p + "lora_B.weight", [int(d_out), r])]
    return out


def tensors_of(spec: Mapping[str, Any]) -> list[tuple[str, list[int]]]:
    """The tensor list a spec names: a template (``decoder``, ``lora``) or explicit ``tensors``."""
    template = spec.get("template")
    if template == "decoder":
        return decoder_tensors(spec)
    if template == "lora":
        return lora_tensors(spec)
    return [(name, [int(d) for d in shape]) for name, shape in spec["tensors"].items()]


def _count(shape: list[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def shard(tensors: list[tuple[str, list[int]]], shards: int) -> list[list[tuple[str, list[int]]]]:
    """Split a tensor list, in order, into ``shards`` runs of about equal element counts."""
    total = sum(_count(s) for _, s in tensors)
    runs: list[list[tuple[str, list[int]]]] = [[] for _ in range(shards)]
    seen = 0
    for name, shape in tensors:
        runs[min(shards - 1, seen * shards // total)].append((name, shape))
        seen += _count(shape)
    return runs


def safetensors_file(
    tensors: list[tuple[str, list[int]]], dtype: str, metadata: Mapping[str, str] | None = None
) -> SparseFile:
    """A safetensors file: 8-byte little-endian header length, JSON header padded with spaces
    to a multiple of 8, then the tensor data (zeros) at the offsets the header gives."""
    header: dict[str, Any] = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    offset = 0
    width = SAFETENSORS_DTYPE_SIZE[dtype]
    for name, shape in tensors:
        end = offset + _count(shape) * width
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, end]}
        offset = end
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    return SparseFile(struct.pack("<Q", len(raw)) + raw, 8 + len(raw) + offset)


def safetensors_parameters(tensors: list[tuple[str, list[int]]]) -> int:
    """The parameter count of a tensor list (the sum of its shapes' products)."""
    return sum(_count(s) for _, s in tensors)


_GGUF_NAMES = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
    "input_layernorm": "attn_norm",
    "post_attention_layernorm": "ffn_norm",
    "pre_feedforward_layernorm": "ffn_pre_norm",
    "post_feedforward_layernorm": "post_ffw_norm",
}


def gguf_name(hf_name: str) -> str:
    """The llama.cpp tensor name of a Hugging Face decoder tensor name."""
    fixed = {
        "model.embed_tokens.weight": "token_embd.weight",
        "model.norm.weight": "output_norm.weight",
        "lm_head.weight": "output.weight",
    }
    if hf_name in fixed:
        return fixed[hf_name]
    _, _, layer, rest = hf_name.split(".", 3)
    return f"blk.{layer}.{_GGUF_NAMES[rest.removesuffix('.weight')]}.weight"


def gguf_tensor_type(name: str, shape: list[int], quant: str) -> str:
    """The tensor type llama.cpp's quantiser picks, simplified: 1-D tensors stay F32; for
    Q4_K_M the output, ``attn_v`` and ``ffn_down`` get Q6_K and the rest Q4_K."""
    if len(shape) == 1:
        return "F32"
    if quant == "Q4_K_M":
        return (
            "Q6_K" if name == "output.weight" or "attn_v" in name or "ffn_down" in name else "Q4_K"
        )
    if quant == "Q5_K_M":
        return "Q6_K" if name == "output.weight" or "attn_v" in name else "Q5_K"
    return quant


def _gguf_str(text: str) -> bytes:
    raw = text.encode()
    return struct.pack("<Q", len(raw)) + raw


def _gguf_value(value: Any) -> tuple[int, bytes]:
    if isinstance(value, bool):
        return _GGUF_BOOL, struct.pack("<?", value)
    if isinstance(value, int):
        if value < 0:
            return _GGUF_INT32, struct.pack("<i", value)
        if value < 1 << 32:
            return _GGUF_UINT32, struct.pack("<I", value)
        return _GGUF_UINT64, struct.pack("<Q", value)
    if isinstance(value, float):
        return _GGUF_FLOAT32, struct.pack("<f", value)
    if isinstance(value, str):
        return _GGUF_STRING, _gguf_str(value)
    if isinstance(value, list):
        kinds = {_gguf_value(v)[0] for v in value} or {_GGUF_STRING}
        if len(kinds) != 1:
            raise ValueError(f"GGUF arrays hold one type; got {value!r}")
        body = b"".join(_gguf_value(v)[1] for v in value)
        return _GGUF_ARRAY, struct.pack("<IQ", kinds.pop(), len(value)) + body
    raise TypeError(f"no GGUF type for {value!r}")


def gguf_file(
    metadata: Mapping[str, Any], tensors: list[tuple[str, list[int]]], quant: str
) -> SparseFile:
    """A GGUF v3 file: magic, version, counts, the metadata key-values, the tensor infos
    (llama.cpp names, dimensions innermost first, type, aligned offset), padding to
    ``general.alignment`` (32), then the tensor data (zeros)."""
    kv = b"".join(_gguf_str(k) + struct.pack("<I", t) + v for k, (t, v) in _typed(metadata))
    infos = b""
    offset = 0
    for hf_name, shape in tensors:
        name = gguf_name(hf_name) if hf_name.startswith(("model.", "lm_head")) else hf_name
        kind = gguf_tensor_type(name, shape, quant)
        type_id, block, size = GGML_TYPES[kind]
        dims = list(reversed(shape))
        infos += _gguf_str(name) + struct.pack("<I", len(dims))
        infos += b"".join(struct.pack("<Q", d) for d in dims)
        infos += struct.pack("<IQ", type_id, offset)
        offset += _count(shape) // block * size
        offset += -offset % GGUF_ALIGNMENT
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(metadata)) + kv + infos
    head += bytes(-len(head) % GGUF_ALIGNMENT)
    return SparseFile(head, len(head) + offset)


def _typed(metadata: Mapping[str, Any]) -> Iterator[tuple[str, tuple[int, bytes]]]:
    for key, value in metadata.items():
        yield key, _gguf_value(value)


def build(spec: Mapping[str, Any]) -> SparseFile:
    """The file a ``generated:`` entry of a repo.yaml describes.

    ``format: safetensors`` (``dtype``, a tensor spec, optional ``metadata``, ``shard: [i, n]``)
    or ``format: gguf`` (``quant``, ``metadata``, a tensor spec, ``vocab_tokens: N`` to add a
    ``tokenizer.ggml.tokens`` array of N strings) or ``format: opaque`` (``head``, ``size``: a
    data file such as a parquet shard). Broken files: ``truncate_to: BYTES`` cuts a
    valid file short; ``claim_header_length: N`` overwrites the safetensors length prefix.
    """
    if spec["format"] == "opaque":  # a data file: a few leading bytes (a magic), then zeros
        return SparseFile(str(spec.get("head", "")).encode("latin-1"), int(spec["size"]))
    tensors = tensors_of(spec)
    if "shard" in spec:
        index, count = (int(x) for x in spec["shard"])
        tensors = shard(tensors, count)[index - 1]
    if spec["format"] == "safetensors":
        made = safetensors_file(tensors, str(spec.get("dtype", "BF16")), spec.get("metadata"))
    elif spec["format"] == "gguf":
        quant = str(spec["quant"])
        metadata = dict(spec.get("metadata", {}))
        metadata.setdefault("general.file_type", GGUF_FILE_TYPES[quant])
        metadata.setdefault("general.quantization_version", 2)
        if "vocab_tokens" in spec:
            n = int(spec["vocab_tokens"])
            metadata["tokenizer.ggml.tokens"] = [f"<tok{i:05d}>" for i in range(n)]
        made = gguf_file(metadata, tensors, quant)
    else:
        raise ValueError(f"unknown generated format {spec['format']!r}")
    if "claim_header_length" in spec:
        made = SparseFile(
            struct.pack("<Q", int(spec["claim_header_length"])) + made.head[8:], made.size
        )
    if "truncate_to" in spec:
        cut = int(spec["truncate_to"])
        made = SparseFile(made.head[:cut], cut)
    return made
