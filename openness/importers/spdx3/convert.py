"""Compatibility path: ``openness.importers.spdx3.convert`` re-exports the names that now live in
:mod:`openness.formats.spdx3.read.convert`,
:mod:`openness.formats.spdx3.read.structure`. Existing imports keep working; new code imports
the new path."""

from openness.formats.spdx3.read.convert import convert
from openness.formats.spdx3.read.structure import PART_ROLE, PURPOSE_ROLE

__all__ = ["PART_ROLE", "PURPOSE_ROLE", "convert"]
