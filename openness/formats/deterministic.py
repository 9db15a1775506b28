"""What every exporter needs to be deterministic: a creation time and content-derived ids."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from openness._env import env_whole_number
from openness.model import Artifact

__all__ = ["DEFAULT_EPOCH", "content_digest", "content_id", "creation_time"]

#: Used when SOURCE_DATE_EPOCH is unset, so that output never depends on the clock.
DEFAULT_EPOCH = 0


#: The last second a document date can hold (9999-12-31T23:59:59Z).
_LAST_SECOND = 253_402_300_799


def creation_time() -> datetime:
    """The document creation time: ``SOURCE_DATE_EPOCH`` (reproducible-builds.org) when set,
    else the Unix epoch, so that the same input always gives the same bytes. UTC, whole
    seconds.

    A value that is not a whole number of seconds since 1970 (as ``date +%s`` prints), up to
    the year 9999, raises :class:`~openness.errors.InputError`: the specification asks a
    build to stop rather than guess. Empty counts as unset."""
    epoch = env_whole_number(
        "SOURCE_DATE_EPOCH",
        minimum=0,
        maximum=_LAST_SECOND,
        expected="a time: give whole seconds since 1970-01-01 UTC, as 'date +%s' prints (such "
        "as 1700000000), up to the year 9999; or unset it",
    )
    return datetime.fromtimestamp(DEFAULT_EPOCH if epoch is None else epoch, tz=UTC)


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
