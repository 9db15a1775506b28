"""Compatibility path: ``openness.exporters.spdx3.build`` re-exports the names that now live in
:mod:`openness.formats.spdx3.write.build`. Existing imports keep working; new code imports the
new path."""

from openness.formats.spdx3.write.build import artifact_spdx_id, build_object_set, namespace

__all__ = ["artifact_spdx_id", "build_object_set", "namespace"]
