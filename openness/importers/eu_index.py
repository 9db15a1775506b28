"""Compatibility path: ``openness.importers.eu_index`` re-exports the names that now live in
:mod:`openness.formats.eu_index.ratings`, :mod:`openness.formats.eu_index.read`. Existing
imports keep working; new code imports the new path."""

from openness.formats.eu_index.ratings import (
    DIMENSIONS,
    Dimension,
    Rating,
    SystemRatings,
    availability,
    index_ratings,
    ratings_of,
    read_ratings,
)
from openness.formats.eu_index.read import EUIndexImporter

__all__ = [
    "DIMENSIONS",
    "Dimension",
    "EUIndexImporter",
    "Rating",
    "SystemRatings",
    "availability",
    "index_ratings",
    "ratings_of",
    "read_ratings",
]
