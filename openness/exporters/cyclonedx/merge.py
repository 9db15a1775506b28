"""Compatibility path: ``openness.exporters.cyclonedx.merge`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.write.merge`. Existing imports keep working; new code imports
the new path."""

from openness.formats.cyclonedx.write.merge import Fix, SameCheck, artifact_entry, component_entry

__all__ = ["Fix", "SameCheck", "artifact_entry", "component_entry"]
