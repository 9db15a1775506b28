"""Compatibility path: ``openness.exporters.spdx2.mapping`` re-exports the names that now live in
:mod:`openness.formats.spdx2.mapping`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.mapping import *  # noqa: F403
from openness.formats.spdx2.mapping import __all__ as __all__
