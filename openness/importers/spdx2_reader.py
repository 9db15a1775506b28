"""Compatibility path: ``openness.importers.spdx2_reader`` re-exports the names that now live in
:mod:`openness.formats.spdx2.read.problems` and :mod:`openness.formats.spdx2.read.reader`.
Existing imports keep working; new code imports the new path."""

from openness.formats.spdx2.read.problems import Where
from openness.formats.spdx2.read.reader import read

__all__ = ["Where", "read"]
