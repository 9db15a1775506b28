"""Compatibility path: ``openness.importers.pyproject`` re-exports the names that now live in
:mod:`openness.formats.pyproject.read`. Existing imports keep working; new code imports the new
path."""

from openness.formats.pyproject.read import PyprojectImporter, classifier_license

__all__ = ["PyprojectImporter", "classifier_license"]
