"""Compatibility path: ``openness.exporters.spdx2.build`` re-exports the names that now live in
:mod:`openness.formats.spdx2.write.build`. Existing imports keep working; new code imports the
new path."""

from openness.formats.spdx2.write.build import artifact_spdx_id, build_document

__all__ = ["artifact_spdx_id", "build_document"]
