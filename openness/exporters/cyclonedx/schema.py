"""Compatibility path: ``openness.exporters.cyclonedx.schema`` re-exports the names that now live
in :mod:`openness.formats.cyclonedx.schema`. Existing imports keep working; new code imports the
new path."""

from openness.formats.cyclonedx.schema import (
    SchemaIssue,
    component_fields,
    spdx_license_ids,
    spdx_license_names,
    validate,
    validator,
)

__all__ = [
    "SchemaIssue",
    "component_fields",
    "spdx_license_ids",
    "spdx_license_names",
    "validate",
    "validator",
]
