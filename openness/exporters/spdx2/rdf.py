"""Compatibility path: ``openness.exporters.spdx2.rdf`` re-exports the names that now live in
:mod:`openness.formats.spdx2.write.rdf`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.write.rdf import write_rdf

__all__ = ["write_rdf"]
