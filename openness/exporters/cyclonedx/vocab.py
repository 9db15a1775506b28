"""Compatibility path: ``openness.exporters.cyclonedx.vocab`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.vocab`. Existing imports keep working; new code imports the new
path."""

from openness.formats.cyclonedx.vocab import *  # noqa: F403
from openness.formats.cyclonedx.vocab import __all__ as __all__
