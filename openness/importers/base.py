"""Compatibility path: ``openness.importers.base`` re-exports the names that now live in
:mod:`openness.formats.importer`. Existing imports keep working; new code imports the new path."""

from openness.formats.importer import Importer, ImportResult, Origin, Unbuilt

__all__ = ["ImportResult", "Importer", "Origin", "Unbuilt"]
