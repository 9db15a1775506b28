"""What every exporter needs to be deterministic: a creation time and content-derived ids."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime

from openness.model import Artifact

__all__ = ["DEFAULT_EPOCH", "content_digest", "content_id", "creation_time"]

#: Used when SOURCE_DATE_EPOCH is unset, so that output never depends on the clock.
DEFAULT_EPOCH = 0


def creation_time() -> datetime:
    """The document creation time: ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) when set,
    else the Unix epoch, so that the same input always gives the same bytes. UTC, whole
    seconds."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        epoch = int(raw) if raw else DEFAULT_EPOCH
    except ValueError:
        epoch = DEFAULT_EPOCH
    return datetime.fromtimestamp(epoch, tz=UTC)


def content_digest(artifacts: Sequence[Artifact]) -> str:
    """SHA-256 over the canonical JSON of the artifacts (order-independent)."""
    digest = hashlib.sha256()
    for text in sorted(
        json.dumps(a.model_dump(mode="json", exclude_defaults=True), sort_keys=True)
        for a in artifacts
    ):
        digest.update(text.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def content_id(*parts: str, length: int = 16) -> str:
    """A short stable id from the given strings (for element ids and namespaces)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]
