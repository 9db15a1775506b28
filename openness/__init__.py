"""openness: license and provenance metadata for models, datasets and software.

Does an artifact have a freely licensed preferred form for modification? The library answers
under several definitions side by side (OSAID, MOF, Debian ML policy, FSF, OSD, ...), from
typed metadata.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
