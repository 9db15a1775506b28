"""Compatibility path: ``openness.exporters.cyclonedx.document`` re-exports the names that now live
in :mod:`openness.formats.cyclonedx.vocab`, :mod:`openness.formats.cyclonedx.write.document`.
Existing imports keep working; new code imports the new path."""

from openness.formats.cyclonedx.vocab import TOOL_NAME
from openness.formats.cyclonedx.write.document import (
    TOOL_VERSION,
    CycloneDxExportError,
    build_bom,
    serialise,
    tool_component,
    write_bom,
)

__all__ = [
    "TOOL_NAME",
    "TOOL_VERSION",
    "CycloneDxExportError",
    "build_bom",
    "serialise",
    "tool_component",
    "write_bom",
]
