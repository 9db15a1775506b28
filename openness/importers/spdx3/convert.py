"""Compatibility path: ``openness.importers.spdx3.convert`` re-exports the names that now live in
:mod:`openness.formats.spdx3.read.convert`. Existing imports keep working; new code imports the
new path."""

from openness.formats.spdx3.read.convert import convert

__all__ = ["convert"]
