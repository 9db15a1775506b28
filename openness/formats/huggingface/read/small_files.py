"""Reading a small file whole with as few system calls as it takes: open, read until the end,
close. ``open()`` adds a status call, a terminal check and seeks (a text file: two of each),
and each call lets the interpreter switch to another thread; reading a repository from many
threads at once, those switches cost more processor time than the reading itself."""

from __future__ import annotations

import os

__all__ = ["read_bytes", "read_text"]

_CHUNK = 1 << 16


def read_bytes(path: str, limit: int | None = None) -> bytes:
    """The bytes of the file ``path`` (at most ``limit`` of them, when given); OSError when it
    cannot be read (missing, a folder, no permission)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks: list[bytes] = []
        left = limit
        while left is None or left > 0:
            chunk = os.read(fd, _CHUNK if left is None else min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            if left is not None:
                left -= len(chunk)
    finally:
        os.close(fd)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_text(path: str) -> str:
    """The file ``path`` as UTF-8 text, its line ends read as ``open(path, encoding="utf-8")``
    reads them (``\\r\\n`` and ``\\r`` become ``\\n``); OSError when it cannot be read,
    UnicodeDecodeError when it is not UTF-8."""
    text = read_bytes(path).decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
