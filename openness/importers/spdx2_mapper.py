"""Compatibility path: ``openness.importers.spdx2_mapper`` re-exports the names that now live in
:mod:`openness.formats.spdx2.read.mapper`. Existing imports keep working; new code imports the
new path."""

from openness.formats.spdx2.read.mapper import Mapper

__all__ = ["Mapper"]
