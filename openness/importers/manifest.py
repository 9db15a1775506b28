"""Compatibility path: ``openness.importers.manifest`` re-exports the names that now live in
:mod:`openness.formats.manifest.read`. Existing imports keep working; new code imports the new
path."""

from openness.formats.manifest.read import ManifestImporter, pydantic_problems

__all__ = ["ManifestImporter", "pydantic_problems"]
