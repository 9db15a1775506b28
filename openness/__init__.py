"""openness: license and provenance metadata for models, datasets and software.

Does an artifact have a freely licensed preferred form for modification? The library answers
under several definitions side by side (OSAID, MOF, Debian ML policy, FSF, OSD, ...), from
typed metadata.
"""

from __future__ import annotations

from openness import _repr

__version__ = "0.1.0"

__all__ = ["__version__"]

# The notebook display of the model and verdict types (see openness._repr).
_repr.register("artifact", "openness.display:artifact_html")
_repr.register("verdict", "openness.display:verdict_html")
_repr.register("comparison", "openness.display:comparison_html")
