"""Compatibility path: ``openness.exporters.cyclonedx.view`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.view`. Existing imports keep working; new code imports the new
path."""

from openness.formats.cyclonedx.view import (
    EXTRA_KEY,
    MAX_VERSION_1_6,
    Context,
    artifact_view,
    component_ref,
    component_view,
    read_files,
)

__all__ = [
    "EXTRA_KEY",
    "MAX_VERSION_1_6",
    "Context",
    "artifact_view",
    "component_ref",
    "component_view",
    "read_files",
]
