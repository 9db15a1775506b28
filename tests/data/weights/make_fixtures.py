"""Write the weight-header fixtures in this folder (run from the repository root):

    python tests/data/weights/make_fixtures.py

Each file is a header only (no tensor data), shaped like a public model, written with the
real writers: ``gguf`` (llama.cpp's gguf-py) and the safetensors JSON layout. The tensor shapes
come from Mistral-7B-v0.1's public config.json: hidden 4096, 32 layers, 32 attention heads and
8 key-value heads (head size 128), intermediate 14336, vocabulary 32000; 7,241,732,096
parameters.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

HERE = Path(__file__).parent
HIDDEN, LAYERS, HEADS, KV_HEADS, INTERMEDIATE, VOCAB = 4096, 32, 32, 8, 14336, 32000
KV = HIDDEN // HEADS * KV_HEADS


def mistral_shapes() -> dict[str, list[int]]:
    """Hugging Face tensor names and shapes of Mistral-7B-v0.1."""
    shapes: dict[str, list[int]] = {"model.embed_tokens.weight": [VOCAB, HIDDEN]}
    for i in range(LAYERS):
        p = f"model.layers.{i}."
        shapes[p + "self_attn.q_proj.weight"] = [HIDDEN, HIDDEN]
        shapes[p + "self_attn.k_proj.weight"] = [KV, HIDDEN]
        shapes[p + "self_attn.v_proj.weight"] = [KV, HIDDEN]
        shapes[p + "self_attn.o_proj.weight"] = [HIDDEN, HIDDEN]
        shapes[p + "mlp.gate_proj.weight"] = [INTERMEDIATE, HIDDEN]
        shapes[p + "mlp.up_proj.weight"] = [INTERMEDIATE, HIDDEN]
        shapes[p + "mlp.down_proj.weight"] = [HIDDEN, INTERMEDIATE]
        shapes[p + "input_layernorm.weight"] = [HIDDEN]
        shapes[p + "post_attention_layernorm.weight"] = [HIDDEN]
    shapes["model.norm.weight"] = [HIDDEN]
    shapes["lm_head.weight"] = [VOCAB, HIDDEN]
    return shapes


def safetensors_header(
    shapes: dict[str, list[int]], dtype: str = "BF16", metadata: dict[str, str] | None = None
) -> bytes:
    """The 8-byte length and JSON header of a safetensors file (data offsets in order)."""
    width = {"BF16": 2, "F16": 2, "F32": 4}[dtype]
    header: dict[str, object] = {"__metadata__": metadata or {"format": "pt"}}
    offset = 0
    for name, shape in shapes.items():
        n = width
        for d in shape:
            n *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + n]}
        offset += n
    body = json.dumps(header, separators=(",", ":")).encode()
    body += b" " * (-len(body) % 8)  # padded to 8 bytes with spaces, as safetensors does
    return struct.pack("<Q", len(body)) + body


def gguf_mistral(path: Path) -> None:
    """A Q4_K_M GGUF header of Mistral-7B-Instruct-v0.2, as llama.cpp's converter names it."""
    import gguf
    import numpy as np

    q4k, q6k, f32 = (
        gguf.GGMLQuantizationType.Q4_K,
        gguf.GGMLQuantizationType.Q6_K,
        gguf.GGMLQuantizationType.F32,
    )
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("Mistral 7B Instruct v0.2")
    w.add_license("apache-2.0")
    w.add_file_type(gguf.LlamaFileType.MOSTLY_Q4_K_M)
    w.add_uint32("general.base_model.count", 1)
    w.add_string("general.base_model.0.name", "Mistral 7B Instruct v0.2")
    w.add_string("general.base_model.0.organization", "Mistralai")
    w.add_string(
        "general.base_model.0.repo_url", "https://huggingface.co/mistralai/Mistral-7B-Instruct-v0.2"
    )
    w.add_array("general.tags", ["text-generation"])
    w.add_context_length(32768)
    w.add_embedding_length(HIDDEN)
    w.add_block_count(LAYERS)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV_HEADS)
    w.add_rope_freq_base(1000000.0)
    w.add_tokenizer_model("llama")
    w.add_token_list([f"<tok{i}>" for i in range(64)])
    w.add_token_scores([0.0] * 64)

    def info(name: str, shape: list[int], kind: gguf.GGMLQuantizationType) -> None:
        w.add_tensor_info(name, shape, np.dtype(np.float32), 0, raw_dtype=kind)

    info("token_embd.weight", [VOCAB, HIDDEN], q4k)
    for i in range(LAYERS):
        p = f"blk.{i}."
        info(p + "attn_q.weight", [HIDDEN, HIDDEN], q4k)
        info(p + "attn_k.weight", [KV, HIDDEN], q4k)
        info(p + "attn_v.weight", [KV, HIDDEN], q6k)
        info(p + "attn_output.weight", [HIDDEN, HIDDEN], q4k)
        info(p + "ffn_gate.weight", [INTERMEDIATE, HIDDEN], q4k)
        info(p + "ffn_up.weight", [INTERMEDIATE, HIDDEN], q4k)
        info(p + "ffn_down.weight", [HIDDEN, INTERMEDIATE], q6k)
        info(p + "attn_norm.weight", [HIDDEN], f32)
        info(p + "ffn_norm.weight", [HIDDEN], f32)
    info("output_norm.weight", [HIDDEN], f32)
    info("output.weight", [VOCAB, HIDDEN], q6k)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_ti_data_to_file()
    w.close()


def main() -> None:
    (HERE / "mistral-7b-v0.1.header.safetensors").write_bytes(safetensors_header(mistral_shapes()))
    gguf_mistral(HERE / "mistral-7b-instruct-v0.2.Q4_K_M.header.gguf")


if __name__ == "__main__":
    main()
