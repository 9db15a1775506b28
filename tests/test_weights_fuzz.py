"""Hostile weight files: truncations, random bytes and flipped bytes give a WeightFacts or a
WeightHeaderError, never another exception."""

from __future__ import annotations

import io
import struct
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.weights import WeightFacts, WeightHeaderError, read_header

DATA = Path(__file__).parent / "data" / "weights"
GGUF = (DATA / "mistral-7b-instruct-v0.2.Q4_K_M.header.gguf").read_bytes()
SAFETENSORS = (DATA / "mistral-7b-v0.1.header.safetensors").read_bytes()
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(data: bytes, filename: str, size: int | None = None) -> WeightFacts | None:
    try:
        return read_header(io.BytesIO(data), filename=filename, size=size)
    except WeightHeaderError as exc:
        message = str(exc)
    assert message.startswith(filename + ": ")
    return None


@FAST
@given(st.integers(min_value=0, max_value=len(GGUF) - 1), st.booleans())
def test_every_truncated_gguf_header_is_an_error(cut: int, sized: bool) -> None:
    data = GGUF[:cut]
    assert outcome(data, "m.gguf", len(data) if sized else None) is None


@FAST
@given(st.integers(min_value=0, max_value=len(SAFETENSORS) - 1), st.booleans())
def test_every_truncated_safetensors_header_is_an_error(cut: int, sized: bool) -> None:
    data = SAFETENSORS[:cut]
    assert outcome(data, "m.safetensors", len(data) if sized else None) is None


@FAST
@given(st.binary(max_size=512), st.sampled_from(["x.gguf", "x.safetensors", "x.bin"]))
def test_random_bytes_never_raise_anything_else(data: bytes, filename: str) -> None:
    outcome(data, filename)


@FAST
@given(st.binary(max_size=256))
def test_random_bytes_after_a_gguf_prefix_never_raise_anything_else(tail: bytes) -> None:
    outcome(b"GGUF\x03\x00\x00\x00" + tail, "x.gguf")
    outcome(b"GGUF\x03\x00\x00\x00" + struct.pack("<QQ", 1, 1) + tail, "x.gguf")


@FAST
@given(st.binary(max_size=256))
def test_random_bytes_as_a_safetensors_json_header_never_raise_anything_else(body: bytes) -> None:
    outcome(struct.pack("<Q", len(body)) + body, "x.safetensors")


@FAST
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=2000), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    )
)
def test_flipped_bytes_in_real_headers_never_raise_anything_else(
    flips: list[tuple[int, int]],
) -> None:
    for original, name in ((GGUF, "m.gguf"), (SAFETENSORS, "m.safetensors")):
        data = bytearray(original)
        for where, value in flips:
            data[where % len(data)] = value
        facts = outcome(bytes(data), name)
        if facts is not None:
            assert facts.header_bytes <= len(data)
