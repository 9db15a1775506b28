"""The model-card facts of a component: the native ``modelCard`` fields, then the
``openness:facts:*`` properties (see :mod:`openness.formats.cyclonedx.card_facts`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openness.formats.cyclonedx.card_facts import native_card_facts
from openness.formats.cyclonedx.read.lineage import LineageReader
from openness.formats.cyclonedx.read.values import Path, Props
from openness.formats.cyclonedx.vocab import P
from openness.model import ArtifactKind, EvalResult

__all__ = ["CardFactsReader"]


class CardFactsReader(LineageReader):
    """Reads the model-card facts of a component (the BOM reader builds on it)."""

    def _card_facts(
        self, card: Mapping[str, Any], props: Props, kind: ArtifactKind, path: Path
    ) -> dict[str, Any]:
        """Task, uses, limitations, risks, evaluation, languages, context length, contact:
        the native ``modelCard`` fields, then the ``openness:facts:*`` properties."""
        values = native_card_facts(card) if kind is ArtifactKind.MODEL else {}
        stated = props.first(P.TASK)
        if stated is not None:
            values["task"] = stated[1]
        for name, key in (
            (P.INTENDED_USE, "intended_uses"),
            (P.LIMITATION, "limitations"),
            (P.RISK, "risks"),
            (P.OUT_OF_SCOPE_USE, "out_of_scope_uses"),
            (P.LANGUAGE, "languages"),
        ):
            items = [v for _, v in props.all(name)]
            if items:
                values[key] = items
        for name, key in ((P.TRAINING_INFORMATION, "training_information"), (P.CONTACT, "contact")):
            stated = props.first(name)
            if stated is not None:
                values[key] = stated[1]
        results = [
            self._json_prop(path, index, P.EVALUATION, text, EvalResult)
            for index, text in props.all(P.EVALUATION)
        ]
        if results:
            values["evaluation"] = [r for r in results if r is not None]
        stated = props.first(P.CONTEXT_LENGTH)
        if stated is not None:
            if stated[1].isdigit():
                values["context_length"] = int(stated[1])
            else:
                self.problem(
                    (*path, "properties", stated[0], "value"),
                    f"{P.CONTEXT_LENGTH} must be a whole number of tokens, got {stated[1]!r}",
                )
        return values
