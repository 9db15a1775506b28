"""Headers of remote weight files, read by HTTP range requests through huggingface_hub's own
HTTP session (its headers, token, proxies and redirects to the CDN): a few kilobytes per
safetensors file, a few chunks per GGUF file, never the tensor data. The parsing is
:func:`openness.weights.read_header`, the same as for local files."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from openness.hub.cache import RemoteFile
from openness.hub.client import HubSettings, hub_library, is_failure, status_of, with_retries
from openness.hub.ids import HubId
from openness.weights import WeightFacts, WeightHeaderError, read_header

__all__ = ["HeaderFacts", "read_remote_headers", "weight_files"]

#: At most this many safetensors shards are read per repository (their counts add up).
MAX_SHARDS = 64
#: The first request asks for this much (most safetensors headers fit).
_FIRST_RANGE = 64 * 1024


@dataclass(frozen=True, slots=True)
class HeaderFacts:
    """What one weight file's header said, as kept in the cache's file list."""

    path: str
    format: str
    parameter_count: int | None
    license: str | None
    architecture: str | None
    quantization: str | None
    base_models: tuple[str, ...]  # Hub ids (org/name) of the base models a GGUF file names

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the cache's file list."""
        return {
            "path": self.path,
            "format": self.format,
            "parameter_count": self.parameter_count,
            "license": self.license,
            "architecture": self.architecture,
            "quantization": self.quantization,
            "base_models": list(self.base_models),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> HeaderFacts:
        """The facts :meth:`as_dict` gave (``ValueError``/``KeyError`` when they are not)."""
        count = data.get("parameter_count")

        def text(key: str) -> str | None:
            value = data.get(key)
            return str(value) if value else None

        return cls(
            path=str(data["path"]),
            format=str(data["format"]),
            parameter_count=int(count) if count is not None else None,
            license=text("license"),
            architecture=text("architecture"),
            quantization=text("quantization"),
            base_models=tuple(str(b) for b in data.get("base_models") or ()),
        )

    @classmethod
    def of(cls, path: str, facts: WeightFacts) -> HeaderFacts:
        """The facts of ``path`` kept from its parsed header."""
        bases = tuple(b.hub_id for b in facts.base_models if b.hub_id and "/" in b.hub_id)
        return cls(
            path,
            facts.format,
            facts.parameter_count,
            facts.license,
            facts.architecture,
            facts.quantization,
            tuple(b for b in bases if not b.startswith("datasets/")),
        )


def weight_files(files: list[RemoteFile]) -> list[RemoteFile]:
    """The weight files whose headers are read: every safetensors shard (at most
    :data:`MAX_SHARDS`), else the first GGUF file (the others are quantisations of the same
    model, with the same license and base model)."""
    shards = [f for f in files if f.path.lower().endswith(".safetensors")]
    if shards:
        return shards[:MAX_SHARDS]
    gguf = [f for f in files if f.path.lower().endswith(".gguf")]
    return gguf[:1]


class _RangeStream(io.RawIOBase):
    """A remote file read front to back: each read that the buffer cannot answer asks for the
    next range (at least 64 KiB) and never more than was asked for."""

    def __init__(self, settings: HubSettings, url: str) -> None:
        super().__init__()
        self.settings = settings
        self.url = url
        self.position = 0
        self.buffer = b""
        self.requests = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise OSError("a remote weight file is read in ranges, never whole")
        if len(self.buffer) < size:
            want = max(size, _FIRST_RANGE) - len(self.buffer)
            start = self.position + len(self.buffer)
            self.buffer += with_retries(self.settings, lambda: self._get(start, want))
        out, self.buffer = self.buffer[:size], self.buffer[size:]
        self.position += len(out)
        return out

    def _get(self, start: int, length: int) -> bytes:
        hub = hub_library()
        headers = dict(hub.utils.build_hf_headers(token=self.settings.token))
        headers["Range"] = f"bytes={start}-{start + length - 1}"
        session = hub.utils.get_session()
        self.requests += 1
        if hasattr(session, "stream"):  # httpx (huggingface_hub 1.0 and later)
            with session.stream("GET", self.url, headers=headers, follow_redirects=True) as r:
                hub.utils.hf_raise_for_status(r)
                return _first(r.iter_bytes(), length)
        response = session.get(self.url, headers=headers, stream=True, allow_redirects=True)
        try:
            hub.utils.hf_raise_for_status(response)
            return _first(response.iter_content(65536), length)
        finally:
            response.close()


def _first(chunks: Any, length: int) -> bytes:
    """At most ``length`` bytes of a response (a server that ignores the range is cut off)."""
    out = bytearray()
    for chunk in chunks:
        out += chunk
        if len(out) >= length:
            break
    return bytes(out[:length])


def read_remote_headers(
    settings: HubSettings, hub_id: HubId, commit: str, files: list[RemoteFile]
) -> tuple[list[HeaderFacts], list[str]]:
    """The header facts of the repository's weight files at ``commit``, and a note for each
    header that could not be read (truncated, too large, not a weight file, refused)."""
    hub = hub_library()
    found: list[HeaderFacts] = []
    notes: list[str] = []
    for item in weight_files(files):
        url = hub.hf_hub_url(
            hub_id.repo_id,
            item.path,
            repo_type=hub_id.kind,
            revision=commit,
            endpoint=settings.endpoint,
        )
        stream = _RangeStream(settings, url)
        try:
            facts = read_header(stream, filename=item.path, size=item.size)  # type: ignore[arg-type]
        except WeightHeaderError as exc:
            notes.append(f"the header of {exc}; its facts are not read")
            continue
        except Exception as exc:
            if not is_failure(exc):
                raise
            if status_of(exc) in (401, 403):
                notes.append(
                    "the weight headers are not read: the repository's files are gated "
                    f"({status_of(exc)}); set HF_TOKEN to a token with access"
                )
                break
            notes.append(f"the header of {item.path} could not be fetched ({type(exc).__name__})")
            continue
        found.append(HeaderFacts.of(item.path, facts))
    return found, notes
