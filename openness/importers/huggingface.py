"""Compatibility path: ``openness.importers.huggingface`` re-exports the names that now live in
:mod:`openness.formats.huggingface.read`. Existing imports keep working; new code imports the
new path."""

from openness.formats.huggingface.read import (
    RELATIONS,
    HuggingFaceImporter,
    RepoRef,
    hub_license,
    locate_repo,
    snapshot_card,
    split_card,
)

__all__ = [
    "RELATIONS",
    "HuggingFaceImporter",
    "RepoRef",
    "hub_license",
    "locate_repo",
    "snapshot_card",
    "split_card",
]
