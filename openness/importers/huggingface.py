"""Compatibility path: ``openness.importers.huggingface`` re-exports the names that now live in
:mod:`openness.formats.huggingface.read`, :mod:`openness.formats.huggingface.read.card`,
:mod:`openness.formats.huggingface.read.licenses`,
:mod:`openness.formats.huggingface.read.lineage`, :mod:`openness.formats.huggingface.read.repo`,
:mod:`openness.formats.huggingface.read.snapshot`. Existing imports keep working; new code
imports the new path."""

from openness.formats.huggingface.read import HuggingFaceImporter
from openness.formats.huggingface.read.card import split_card
from openness.formats.huggingface.read.licenses import hub_license
from openness.formats.huggingface.read.lineage import RELATIONS
from openness.formats.huggingface.read.repo import RepoRef, locate_repo
from openness.formats.huggingface.read.snapshot import snapshot_card

__all__ = [
    "RELATIONS",
    "HuggingFaceImporter",
    "RepoRef",
    "hub_license",
    "locate_repo",
    "snapshot_card",
    "split_card",
]
