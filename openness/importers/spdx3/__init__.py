"""Compatibility path: ``openness.importers.spdx3`` re-exports the names that now live in
:mod:`openness.formats.spdx3.read`, :mod:`openness.formats.spdx3.read.raw`. Existing imports
keep working; new code imports the new path."""

from openness.formats.spdx3.read import Spdx3Importer
from openness.formats.spdx3.read.raw import spdx_version

__all__ = ["Spdx3Importer", "spdx_version"]
