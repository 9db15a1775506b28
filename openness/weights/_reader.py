"""A bounded reader over a binary stream: reads what the parser asks for and no more than a cap.

Remote files (range requests through ``huggingface_hub``) make each ``read`` call costly, so
:class:`BoundedReader` can fetch in growing chunks; local files and exact-length formats read
exactly. It never allocates more than the cap, whatever a header claims.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from openness.weights.facts import WeightHeaderError

MAX_HEADER_BYTES = 100 * 1024 * 1024
"""No header is read past this many bytes (100 MiB): a claim of more is an error."""

_FIRST_CHUNK = 64 * 1024
_LARGEST_CHUNK = 4 * 1024 * 1024


class BoundedReader:
    """Sequential reads from ``stream`` with a position, a cap and clear truncation errors."""

    def __init__(
        self,
        stream: BinaryIO,
        filename: str,
        *,
        size: int | None,
        limit: int = MAX_HEADER_BYTES,
        chunked: bool = False,
    ) -> None:
        self.stream = stream
        self.filename = filename
        self.size = size
        self.limit = limit if size is None else min(limit, size)
        self.chunked = chunked
        self.position = 0
        self._buffer = bytearray()
        self._start = 0  # offset in _buffer of self.position
        self._eof = False
        self._chunk = _FIRST_CHUNK

    def error(self, problem: str, expected: str, *, offset: int | None = None) -> WeightHeaderError:
        """A :class:`WeightHeaderError` for this file."""
        return WeightHeaderError(self.filename, problem, expected, offset=offset)

    def _fill(self, wanted: int, what: str) -> None:
        """Make at least ``wanted`` bytes available past the position, or raise."""
        available = len(self._buffer) - self._start
        if available >= wanted:
            return
        if self.position + wanted > self.limit:
            if self.size is not None and self.position + wanted > self.size:
                raise self.error(
                    f"truncated header: {what} needs {wanted} bytes but the file ends "
                    f"{self.size - self.position} bytes later",
                    "a complete file (was the download or upload cut short?)",
                    offset=self.position,
                )
            raise self.error(
                f"header larger than {self.limit} bytes: {what} needs {wanted} bytes",
                f"a header of at most {self.limit} bytes",
                offset=self.position,
            )
        if self._start:
            del self._buffer[: self._start]
            self._start = 0
        need = wanted - available
        fetch = need
        if self.chunked:
            fetch = max(need, self._chunk)
            self._chunk = min(self._chunk * 2, _LARGEST_CHUNK)
        fetch = min(fetch, self.limit - self.position - available)
        while need > 0 and not self._eof:
            data = self.stream.read(min(fetch, _LARGEST_CHUNK))
            if not data:
                self._eof = True
                break
            self._buffer += data
            need -= len(data)
            fetch -= len(data)
        if len(self._buffer) < wanted:
            raise self.error(
                f"truncated header: {what} needs {wanted} bytes but the file ends "
                f"{len(self._buffer)} bytes later",
                "a complete file (was the download or upload cut short?)",
                offset=self.position,
            )

    def read(self, n: int, what: str) -> bytes:
        """Exactly ``n`` bytes, or a :class:`WeightHeaderError` naming ``what`` was being read."""
        self._fill(n, what)
        data = bytes(self._buffer[self._start : self._start + n])
        self._start += n
        self.position += n
        return data

    def peek(self, n: int, what: str) -> bytes:
        """The next ``n`` bytes without moving past them."""
        self._fill(n, what)
        return bytes(self._buffer[self._start : self._start + n])

    def skip(self, n: int, what: str) -> None:
        """Move past ``n`` bytes without keeping them (still bounded by the cap)."""
        if self.position + n > self.limit:
            self._fill(n, what)  # raises the cap or truncation error before reading anything
        while n > 0:
            step = min(n, _LARGEST_CHUNK)
            self._fill(step, what)
            self._start += step
            self.position += step
            n -= step

    def skip_strings(self, count: int, order: str, what: str) -> None:
        """Move past ``count`` GGUF strings (a 64-bit length, then that many bytes) without
        decoding them: a tokenizer's vocabulary of hundreds of thousands, walked in the buffer."""
        length = struct.Struct(order + "Q")
        done = 0
        while done < count:
            self._fill(8, f"the length of {what}[{done}]")
            buffer, at, end = self._buffer, self._start, len(self._buffer)
            while done < count and at + 8 <= end:
                n = length.unpack_from(buffer, at)[0]
                if at + 8 + n > end:
                    break
                at += 8 + n
                done += 1
            self.position += at - self._start
            self._start = at
            if done < count and at + 8 <= end:  # a string across the end of the buffer
                n = length.unpack(self.read(8, f"the length of {what}[{done}]"))[0]
                self.skip(n, f"{what}[{done}]")
                done += 1
