"""Compatibility path: ``openness.importers.spdx2`` re-exports the names that now live in
:mod:`openness.formats.spdx2.read`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.read import Spdx2Importer, serialisation

__all__ = ["Spdx2Importer", "serialisation"]
