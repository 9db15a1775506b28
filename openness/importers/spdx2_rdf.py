"""Compatibility path: ``openness.importers.spdx2_rdf`` re-exports the names that now live in
:mod:`openness.formats.spdx2.read.rdf`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.read.rdf import parse_license_expression, use_grouped_expressions

__all__ = ["parse_license_expression", "use_grouped_expressions"]
