"""Compatibility path: ``openness.exporters.spdx3`` re-exports the names that now live in
:mod:`openness.formats.spdx3.write`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx3.write import Spdx3Exporter

__all__ = ["Spdx3Exporter"]
