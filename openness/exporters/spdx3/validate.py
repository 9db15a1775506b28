"""Compatibility path: ``openness.exporters.spdx3.validate`` re-exports the names that now live in
:mod:`openness.formats.spdx3.validate`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx3.validate import (
    ValidationIssue,
    context,
    data_file,
    schema,
    schema_issues,
    shacl_issues,
    to_graph,
)

__all__ = [
    "ValidationIssue",
    "context",
    "data_file",
    "schema",
    "schema_issues",
    "shacl_issues",
    "to_graph",
]
