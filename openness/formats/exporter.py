"""The exporter interface: artifacts (and optionally verdicts) to one document format."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from openness.model import Artifact
from openness.policy.verdict import Verdict

__all__ = ["Exporter"]


@runtime_checkable
class Exporter(Protocol):
    """One output format and version, such as ``spdx-2.3-json``.

    ``export`` must be deterministic: the same input gives byte-identical output (creation
    times from ``SOURCE_DATE_EPOCH`` via :func:`openness.formats.deterministic.creation_time`, ids
    from :func:`openness.formats.deterministic.content_id`, never random UUIDs).
    """

    name: str  # the format name, part of the CLI interface
    media_type: str
    suffix: str  # the usual file name suffix, with the dot

    def export(self, artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> bytes:
        """Serialise ``artifacts`` (with ``verdicts`` where the format has room for them)."""
        ...
