"""Compatibility path: ``openness.exporters.common`` re-exports the names that now live in
:mod:`openness.formats.deterministic`. Existing imports keep working; new code imports the new
path."""

from openness.formats.deterministic import DEFAULT_EPOCH, content_digest, content_id, creation_time

__all__ = ["DEFAULT_EPOCH", "content_digest", "content_id", "creation_time"]
