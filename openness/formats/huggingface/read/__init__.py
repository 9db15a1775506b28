"""Hugging Face model and dataset cards (``README.md`` with YAML metadata), alone, in a folder,
or in a local snapshot of a Hub repository. Offline: nothing here touches the network.

The card's metadata becomes one artifact: ``license`` (a Hub keyword, mapped with
``data/hf_licenses.yaml``; ``other`` with ``license_name`` / ``license_link`` through the
license normaliser), ``base_model`` with ``base_model_relation`` and ``datasets`` as lineage,
``model-index`` as an evaluation-results component, everything else as extra metadata; the
arXiv papers and GitHub repositories it links to become components of kind ``detected`` with no
license asserted (``links.py``). In a
snapshot the files beside the card (weights, configuration, tokenizer, code) become components
with the digests the snapshot records. Base models and datasets that the inputs do not define
become stub artifacts, so that lineage resolves and their unknown facts make verdicts unknown.
See docs/importers/huggingface.md.
"""

from __future__ import annotations

import os

from pydantic import ValidationError

from openness.documents import STDIN_NAME, Document
from openness.errors import Problem, format_path
from openness.formats.huggingface.read.build import read_card
from openness.formats.huggingface.read.card import FRONT_MATTER, split_card
from openness.formats.huggingface.read.licenses import hub_license
from openness.formats.huggingface.read.lineage import RELATIONS
from openness.formats.huggingface.read.repo import RepoRef, locate_repo
from openness.formats.huggingface.read.snapshot import snapshot_card
from openness.formats.importer import ImportResult

__all__ = [
    "RELATIONS",
    "HuggingFaceImporter",
    "RepoRef",
    "hub_license",
    "locate_repo",
    "snapshot_card",
    "split_card",
]


class HuggingFaceImporter:
    """Reads Hugging Face model and dataset cards, and the Hub snapshots they sit in."""

    name = "huggingface"
    description = (
        "Hugging Face model or dataset card (README.md with YAML metadata), a folder of cards, "
        "or a Hub snapshot"
    )

    def detect(self, document: Document) -> bool:
        """A ``.md`` file with a metadata block, the ``README.md`` of a Hub snapshot, or another
        file inside a Hub snapshot (recorded as a component of the snapshot's card)."""
        name = os.path.basename(document.path).lower()
        if (name.endswith(".md") or document.path == STDIN_NAME) and FRONT_MATTER.match(
            document.text
        ):
            return True  # (from standard input, a card has nothing but its metadata to go by)
        if document.path == STDIN_NAME:
            return False
        return snapshot_card(os.path.dirname(os.path.abspath(document.path))) is not None

    def load(self, document: Document) -> ImportResult:
        """Import one card; a file of a snapshot other than its card gives nothing (the card's
        import records it as a component)."""
        if not self._is_card(document):
            return ImportResult()
        try:
            return read_card(document)
        except ValidationError as exc:  # most fields are checked first; extra's depth is not
            return ImportResult(
                problems=[
                    Problem(
                        document.path,
                        "",
                        f"could not build the artifact: {format_path(list(err['loc']))}: "
                        f"{err['msg']}",
                    )
                    for err in exc.errors(include_url=False)
                ]
            )

    @staticmethod
    def _is_card(document: Document) -> bool:
        name = os.path.basename(document.path).lower()
        if not name.endswith(".md") and document.path != STDIN_NAME:
            return False
        if FRONT_MATTER.match(document.text) or document.path == STDIN_NAME:
            return True
        absolute = os.path.abspath(document.path)
        card = snapshot_card(os.path.dirname(absolute))
        return card is None or card == absolute
