"""Compatibility path: ``openness.importers.eu_index`` re-exports the names that now live in
:mod:`openness.formats.eu_index.read`. Existing imports keep working; new code imports the new
path."""

from openness.formats.eu_index.read import (
    DIMENSIONS,
    Dimension,
    EUIndexImporter,
    Rating,
    SystemRatings,
    index_ratings,
    ratings_of,
    read_ratings,
)

__all__ = [
    "DIMENSIONS",
    "Dimension",
    "EUIndexImporter",
    "Rating",
    "SystemRatings",
    "index_ratings",
    "ratings_of",
    "read_ratings",
]
