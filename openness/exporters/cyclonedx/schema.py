"""Compatibility path: ``openness.exporters.cyclonedx.schema`` re-exports the names that now live
in :mod:`openness.formats.cyclonedx.messages`, :mod:`openness.formats.cyclonedx.schema`.
Existing imports keep working; new code imports the new path."""

from openness.formats.cyclonedx.messages import SchemaIssue, describe
from openness.formats.cyclonedx.schema import (
    component_fields,
    spdx_license_ids,
    spdx_license_names,
    validate,
    validator,
)

__all__ = [
    "SchemaIssue",
    "component_fields",
    "describe",
    "spdx_license_ids",
    "spdx_license_names",
    "validate",
    "validator",
]
