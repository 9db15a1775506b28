"""safetensors headers: an 8-byte little-endian length, then that many bytes of JSON naming each
tensor's ``dtype``, ``shape`` and ``data_offsets``, and an optional ``__metadata__`` map."""

from __future__ import annotations

import json
import math
import struct
from typing import Any

from openness.weights._reader import BoundedReader
from openness.weights.facts import WeightFacts

__all__ = ["read_safetensors"]

MAX_RANK = 64
_U64 = 2**64 - 1
_LICENSE_KEYS = ("license", "modelspec.license")
_ARCHITECTURE_KEYS = ("architecture", "modelspec.architecture")
_NAME_KEYS = ("name", "modelspec.title")


def read_safetensors(reader: BoundedReader, first: bytes) -> WeightFacts:
    """Parse a safetensors header whose first 8 bytes (the JSON length) are ``first``."""
    length = struct.unpack("<Q", first)[0]
    limit = reader.limit
    if reader.size is not None and 8 + length > reader.size:
        raise reader.error(
            f"truncated header: the header claims {length} bytes of JSON but the file ends "
            f"{reader.size - 8} bytes after the length",
            "a complete file (was the download or upload cut short?), or not a safetensors file",
            offset=0,
        )
    if 8 + length > limit:
        raise reader.error(
            f"the header claims {length} bytes of JSON ({length / 2**20:.0f} MiB)",
            f"a JSON header of at most {limit - 8} bytes (is this a safetensors file?)",
            offset=0,
        )
    if length < 2:
        raise reader.error(
            f"the header claims {length} bytes of JSON",
            "a JSON object of at least 2 bytes after the 8-byte length",
            offset=0,
        )
    raw = reader.read(length, "the JSON header")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise reader.error(
            f"the JSON header is not valid UTF-8 ({exc.reason})",
            "UTF-8 JSON",
            offset=8 + exc.start,
        ) from None
    try:
        header = json.loads(text)
    except json.JSONDecodeError as exc:
        raise reader.error(
            f"the JSON header is not valid JSON ({exc.msg})",
            "a JSON object mapping tensor names to dtype, shape and data_offsets",
            offset=8 + len(text[: exc.pos].encode("utf-8")),
        ) from None
    except (RecursionError, ValueError) as exc:
        raise reader.error(
            f"the JSON header cannot be read ({type(exc).__name__}: {str(exc)[:80]})",
            "a JSON object mapping tensor names to dtype, shape and data_offsets",
            offset=8,
        ) from None
    if not isinstance(header, dict):
        raise reader.error(
            f"the JSON header is a {type(header).__name__}",
            "a JSON object mapping tensor names to dtype, shape and data_offsets",
            offset=8,
        )
    metadata = _metadata(reader, header.get("__metadata__", {}))
    data_size = None if reader.size is None else reader.size - 8 - length
    dtypes: set[str] = set()
    parameters = 0
    count = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, shape = _tensor(reader, name, entry, data_size)
        dtypes.add(dtype)
        parameters += math.prod(shape)
        count += 1
    return WeightFacts(
        format="safetensors",
        parameter_count=parameters if count else None,
        tensor_count=count,
        dtypes=tuple(sorted(dtypes)),
        header_bytes=8 + length,
        license=_first(metadata, _LICENSE_KEYS),
        architecture=_first(metadata, _ARCHITECTURE_KEYS),
        name=_first(metadata, _NAME_KEYS),
        metadata=metadata,
    )


def _metadata(reader: BoundedReader, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise reader.error(
            f"__metadata__ is a {type(value).__name__}",
            "__metadata__ as a JSON object of strings",
            offset=8,
        )
    return {
        str(key): item if isinstance(item, str) else json.dumps(item, sort_keys=True)
        for key, item in value.items()
    }


def _first(metadata: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = metadata.get(key, "").strip()
        if value:
            return value
    return None


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _tensor(
    reader: BoundedReader, name: str, entry: Any, data_size: int | None
) -> tuple[str, list[int]]:
    expected = 'an object like {"dtype": "F16", "shape": [4096, 4096], "data_offsets": [0, 8]}'
    if not isinstance(entry, dict):
        raise reader.error(f"tensor {name!r} is a {type(entry).__name__}", expected, offset=8)
    dtype = entry.get("dtype")
    shape = entry.get("shape")
    offsets = entry.get("data_offsets")
    if not isinstance(dtype, str) or not dtype:
        raise reader.error(f"tensor {name!r} has dtype {dtype!r}", expected, offset=8)
    if (
        not isinstance(shape, list)
        or len(shape) > MAX_RANK
        or not all(_is_count(d) and d <= _U64 for d in shape)
    ):
        raise reader.error(
            f"tensor {name!r} has shape {str(shape)[:80]}",
            f"a shape that is a list of at most {MAX_RANK} integers from 0 to 2**64 - 1",
            offset=8,
        )
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(_is_count(o) for o in offsets)
        or offsets[0] > offsets[1]
    ):
        raise reader.error(
            f"tensor {name!r} has data_offsets {str(offsets)[:80]}",
            "data_offsets as [begin, end] with 0 <= begin <= end",
            offset=8,
        )
    if data_size is not None and offsets[1] > data_size:
        raise reader.error(
            f"truncated file: tensor {name!r} ends at byte {offsets[1]} of the data but the "
            f"file holds only {data_size} bytes of data",
            "a complete file (was the download or upload cut short?)",
        )
    return dtype, shape
