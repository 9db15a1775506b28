"""Compatibility path: ``openness.exporters.base`` re-exports the names that now live in
:mod:`openness.formats.exporter`. Existing imports keep working; new code imports the new path."""

from openness.formats.exporter import Exporter

__all__ = ["Exporter"]
