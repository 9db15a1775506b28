"""Compatibility path: ``openness.importers.spdx3.raw`` re-exports the names that now live in
:mod:`openness.formats.spdx3.read.raw`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx3.read.raw import Element, Reader, format_index, spdx_version

__all__ = ["Element", "Reader", "format_index", "spdx_version"]
