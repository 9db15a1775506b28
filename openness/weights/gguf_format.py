"""GGUF headers (versions 2 and 3, either byte order): magic, version, counts, the metadata
key-value pairs (every value type, arrays nested or not) and the tensor infos.

Arrays are walked but not kept (a tokenizer's vocabulary is most of a header): only scalar
``general.*`` values become metadata. Every count is checked against the bytes it would need
before anything is read or allocated for it.
"""

from __future__ import annotations

import re
import struct
from typing import Any

from openness.weights._reader import MAX_HEADER_BYTES, BoundedReader
from openness.weights.facts import BaseModelRef, WeightFacts
from openness.weights.gguf_tables import file_type_name, tensor_type_name

__all__ = ["MAGIC", "read_gguf"]

MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
MAX_KEY_BYTES = 65535
MAX_DIMS = 8
MAX_ARRAY_DEPTH = 8
MAX_COUNT = 1 << 24

_STRING = 8
_ARRAY = 9
_SCALARS: dict[int, tuple[str, str]] = {
    0: ("B", "uint8"),
    1: ("b", "int8"),
    2: ("H", "uint16"),
    3: ("h", "int16"),
    4: ("I", "uint32"),
    5: ("i", "int32"),
    6: ("f", "float32"),
    7: ("B", "bool"),
    10: ("Q", "uint64"),
    11: ("q", "int64"),
    12: ("d", "float64"),
}
_VALID_TYPES = "0-7 and 10-12 (numbers and bool), 8 (string) or 9 (array)"
_BASE_MODEL_KEY = re.compile(r"^general\.base_model\.(\d+)\.(name|organization|version|repo_url)$")


class _Parser:
    def __init__(self, reader: BoundedReader, order: str) -> None:
        self.r = reader
        self.order = order
        self._u32 = struct.Struct(order + "I")
        self._u64 = struct.Struct(order + "Q")
        self._scalars = {code: struct.Struct(order + fmt) for code, (fmt, _) in _SCALARS.items()}

    def u32(self, what: str) -> int:
        value: int = self._u32.unpack(self.r.read(4, what))[0]
        return value

    def u64(self, what: str) -> int:
        value: int = self._u64.unpack(self.r.read(8, what))[0]
        return value

    def count(self, what: str, claimed: int, each: int) -> int:
        """Refuse a count that cannot fit in what is left of the cap (or is absurd)."""
        room = self.r.limit - self.r.position
        under_cap = MAX_HEADER_BYTES - self.r.position
        if claimed <= MAX_COUNT and claimed * each > room and claimed * each <= under_cap:
            raise self.r.error(
                f"truncated header: a {what} of {claimed} needs at least {claimed * each} "
                f"more bytes but the file ends {room} bytes later",
                "a complete file (was the download or upload cut short?)",
                offset=self.r.position,
            )
        if claimed > MAX_COUNT or claimed * each > room:
            raise self.r.error(
                f"absurd {what}: {claimed} (at least {claimed * each} more bytes, "
                f"but only {room} can follow)",
                f"a {what} of at most {min(MAX_COUNT, room // each)}",
                offset=self.r.position,
            )
        return claimed

    def string_bytes(self, what: str, limit: int | None = None) -> bytes:
        at = self.r.position
        length = self.u64(f"the length of {what}")
        if limit is not None and length > limit:
            raise self.r.error(f"{what} claims {length} bytes", f"at most {limit} bytes", offset=at)
        return self.r.read(length, what)

    def text(self, what: str, limit: int | None = None) -> str:
        at = self.r.position
        raw = self.string_bytes(what, limit)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise self.r.error(
                f"{what} is not valid UTF-8 ({exc.reason} at byte {exc.start} of it)",
                "UTF-8 text",
                offset=at,
            ) from None

    def value_type(self, what: str) -> int:
        at = self.r.position
        code = self.u32(f"the value type of {what}")
        if code not in _SCALARS and code not in (_STRING, _ARRAY):
            raise self.r.error(
                f"unknown value type {code} for {what}", f"a type in {_VALID_TYPES}", offset=at
            )
        return code

    def value(self, code: int, what: str, depth: int = 0) -> Any:
        """A scalar or a string as a Python value; an array is walked and None returned."""
        if code == _STRING:
            return self.text(what)
        if code == _ARRAY:
            self.array(what, depth + 1)
            return None
        raw = self.r.read(self._scalars[code].size, what)
        value = self._scalars[code].unpack(raw)[0]
        return bool(value) if code == 7 else value

    def array(self, what: str, depth: int) -> None:
        if depth > MAX_ARRAY_DEPTH:
            raise self.r.error(
                f"arrays nested deeper than {MAX_ARRAY_DEPTH} in {what}",
                f"arrays nested at most {MAX_ARRAY_DEPTH} deep",
                offset=self.r.position,
            )
        code = self.value_type(f"the elements of {what}")
        if code in _SCALARS:
            size = self._scalars[code].size
            n = self.count(f"element count of {what}", self.u64(f"the length of {what}"), size)
            self.r.skip(n * size, what)
            return
        each = 8 if code == _STRING else 12
        n = self.count(f"element count of {what}", self.u64(f"the length of {what}"), each)
        if code == _STRING:
            self.r.skip_strings(n, self.order, what)
            return
        for i in range(n):
            self.array(f"{what}[{i}]", depth + 1)


def read_gguf(reader: BoundedReader, first: bytes) -> WeightFacts:
    """Parse a GGUF header whose first 8 bytes (magic and version) are ``first``."""
    if first[:4] != MAGIC:
        raise reader.error(
            f"bad magic {first[:4]!r}", f"a GGUF file starts with {MAGIC!r}", offset=0
        )
    version = struct.unpack("<I", first[4:8])[0]
    order = "<"
    if version & 0xFFFF == 0 and version:  # written big-endian (GGUF v3 allows it)
        version = struct.unpack(">I", first[4:8])[0]
        order = ">"
    if version not in SUPPORTED_VERSIONS:
        raise reader.error(
            f"unsupported GGUF version {version}",
            "GGUF version 2 or 3 (version 1 files predate 64-bit counts; convert them with "
            "llama.cpp)",
            offset=4,
        )
    p = _Parser(reader, order)
    n_tensors = p.count("tensor count", p.u64("the tensor count"), 24)
    n_kv = p.count("metadata key-value count", p.u64("the metadata key-value count"), 13)
    general: dict[str, Any] = {}
    for i in range(n_kv):
        key = p.text(f"metadata key {i}", MAX_KEY_BYTES)
        code = p.value_type(f"metadata {key!r}")
        value = p.value(code, f"metadata {key!r}")
        if key.startswith("general.") and value is not None:
            general[key] = value
    dtypes: set[str] = set()
    parameters = 0
    for i in range(n_tensors):
        name = p.string_bytes(f"the name of tensor {i}", MAX_KEY_BYTES)
        label = f"tensor {name.decode('utf-8', 'replace')!r}"
        at = reader.position
        n_dims = p.u32(f"the dimension count of {label}")
        if n_dims > MAX_DIMS:
            raise reader.error(
                f"{label} claims {n_dims} dimensions", f"at most {MAX_DIMS}", offset=at
            )
        elements = 1
        for d in range(n_dims):
            elements *= p.u64(f"dimension {d} of {label}")
        parameters += elements
        dtypes.add(tensor_type_name(p.u32(f"the type of {label}")))
        p.u64(f"the data offset of {label}")
    return WeightFacts(
        format="gguf",
        version=version,
        parameter_count=parameters if n_tensors else None,
        tensor_count=n_tensors,
        dtypes=tuple(sorted(dtypes)),
        header_bytes=reader.position,
        license=_text(general.get("general.license")),
        architecture=_text(general.get("general.architecture")),
        name=_text(general.get("general.name")),
        base_models=_base_models(general),
        quantization=_file_type(general.get("general.file_type")),
        metadata={key: _as_text(value) for key, value in general.items()},
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else repr(value)


def _file_type(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return file_type_name(value)


def _base_models(general: dict[str, Any]) -> tuple[BaseModelRef, ...]:
    count = general.get("general.base_model.count")
    if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
        return ()
    fields: dict[int, dict[str, str]] = {}
    for key, value in general.items():
        match = _BASE_MODEL_KEY.match(key)
        if match and int(match.group(1)) < count and isinstance(value, str):
            fields.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return tuple(BaseModelRef(**fields[i]) for i in sorted(fields))
