"""Compatibility path: ``openness.exporters.spdx2.converter`` re-exports the names that now live in
:mod:`openness.formats.spdx2.converter`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.converter import AnnotationIndex, LinearDocumentConverter

__all__ = ["AnnotationIndex", "LinearDocumentConverter"]
