"""Reading a weight file's header, local or remote: the format by magic and file name."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from openness.weights._reader import MAX_HEADER_BYTES, BoundedReader
from openness.weights.facts import WeightFacts
from openness.weights.gguf_format import MAGIC, read_gguf
from openness.weights.safetensors_format import read_safetensors

__all__ = ["WEIGHT_SUFFIXES", "is_weight_file", "read_file", "read_header"]

WEIGHT_SUFFIXES = (".safetensors", ".gguf")
"""File name endings whose headers :func:`read_header` reads."""


def is_weight_file(filename: str) -> bool:
    """Whether ``filename`` ends with a suffix in :data:`WEIGHT_SUFFIXES` (any case)."""
    return filename.lower().endswith(WEIGHT_SUFFIXES)


def read_header(
    stream: BinaryIO,
    *,
    filename: str,
    size: int | None = None,
    limit: int = MAX_HEADER_BYTES,
) -> WeightFacts:
    """The facts in the header of the safetensors or GGUF file read from ``stream``.

    Reads from the stream's current position, sequentially (no seeking), and only as much as the
    header takes: safetensors exactly its length prefix and JSON; GGUF in growing chunks (64 KiB
    first), since its header's length is known only once read, so a remote stream answering
    range requests is asked a few times. ``filename`` names the file in errors and decides the
    format when the magic does not (GGUF starts with ``GGUF``; safetensors has no magic).
    ``size``, the file's length when known, turns claims past the end into truncation errors
    before anything is read. No header is read past ``limit`` bytes (100 MiB).

    Raises :class:`WeightHeaderError` for anything wrong with the header; errors of the stream
    itself (``OSError``) pass through.
    """
    reader = BoundedReader(stream, filename, size=size, limit=limit)
    first = reader.read(8, "the first 8 bytes (magic or header length)")
    lower = filename.lower()
    if first[:4] == MAGIC or lower.endswith(".gguf"):
        reader.chunked = True
        return read_gguf(reader, first)
    if lower.endswith(".safetensors") or reader.peek(1, "the JSON header") == b"{":
        return read_safetensors(reader, first)
    raise reader.error(
        f"neither a GGUF magic nor a safetensors JSON header (starts with {first!r})",
        "a .safetensors or .gguf file",
        offset=0,
    )


def read_file(path: str | os.PathLike[str]) -> WeightFacts:
    """The facts in the header of the local safetensors or GGUF file at ``path``.

    Raises :class:`WeightHeaderError` for a bad header, ``OSError`` if the file cannot be read.
    """
    path = Path(path)
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        return read_header(stream, filename=str(path), size=size)
