"""The model-card facts of a card: task and languages from the front matter, evaluation
results from ``model-index``, uses, limitations, risks, training, environmental impact and
contact from the template's headed sections, and the context length from ``config.json``.

Each fact read gets an evidence item naming the field or section (and its line) it came from.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

from openness.formats.huggingface.read.card import Card
from openness.formats.huggingface.read.model_index import evaluation_facts
from openness.formats.huggingface.read.sections import Section, section_facts
from openness.model import Compute, EvalResult, Evidence, EvidenceKind

__all__ = ["CONTEXT_KEYS", "card_facts", "config_context_length", "context_length"]


#: The ``config.json`` keys that state the longest input, in tokens (first found wins).
CONTEXT_KEYS = ("max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "n_ctx")

_NUMBER = r"(\d[\d,]*(?:\.\d+)?(?:[eE][+-]?\d+)?)"
_CARBON = re.compile(
    _NUMBER + r"\s*(kg|kilograms?|g|grams?|t|tonnes?|tons?|metric\s+tons?|lbs?|pounds?)\b",
    re.IGNORECASE,
)
_KG_PER_UNIT = {"kg": 1.0, "g": 0.001, "t": 1000.0, "lb": 0.45359237}


def _unit(word: str) -> str:
    word = word.lower()
    if word.startswith(("kg", "kilo")):
        return "kg"
    if word.startswith(("g", "gram")):
        return "g"
    if word.startswith(("lb", "pound")):
        return "lb"
    return "t"


def _number(text: str) -> float | None:
    match = re.search(_NUMBER, text)
    return float(match.group(1).replace(",", "")) if match else None


def _kg(text: str) -> float | None:
    match = _CARBON.search(text)
    if match is None:
        return None
    return float(match.group(1).replace(",", "")) * _KG_PER_UNIT[_unit(match.group(2))]


def context_length(folder: str, shown: str) -> tuple[int, Evidence] | None:
    """The longest input the snapshot's ``config.json`` states, with its evidence (whose
    source is ``shown``, the file's path as the card's path names it)."""
    path = os.path.join(folder, "config.json")
    try:
        with open(path, encoding="utf-8") as handle:
            config = json.load(handle)
    except (OSError, ValueError):
        return None
    return config_context_length(config, shown)


def config_context_length(config: Any, shown: str) -> tuple[int, Evidence] | None:
    """:func:`context_length` of a ``config.json`` already parsed (None: none was read)."""
    if not isinstance(config, dict):
        return None
    for key in CONTEXT_KEYS:
        value = config.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value, Evidence(
                source=shown, locator=key, kind=EvidenceKind.DECLARED, note=f"{key}: {value}"
            )
    return None


def _languages(card: Card, raw: Any) -> list[str]:
    values = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for index, value in enumerate(values):
        path: tuple[str | int, ...] = ("language", index)
        if not isinstance(raw, list):
            path = ("language",)
        text = card.text(path, value)
        if text is not None and text not in out:
            out.append(text)
    return out


class _Facts:
    """The facts being gathered, and their evidence."""

    def __init__(self, card: Card, body_line: int):
        self.card = card
        self.body_line = body_line
        self.values: dict[str, Any] = {}
        self.evidence: list[Evidence] = []

    def section_evidence(self, section: Section, what: str) -> Evidence:
        return Evidence(
            source=self.card.document.path,
            locator=f"section {section.title!r}",
            line=self.body_line + section.line + 1,
            kind=EvidenceKind.DECLARED,
            note=what,
        )

    def front_matter(self, meta: Mapping[str, Any]) -> None:
        task = self.card.text(("pipeline_tag",), meta.get("pipeline_tag"))
        if task is not None:
            self.values["task"] = task
            self.evidence.append(self.card.evidence(("pipeline_tag",), f"task {task}"))
        if "language" in meta:
            languages = _languages(self.card, meta.get("language"))
            if languages:
                self.values["languages"] = languages
                note = f"languages {', '.join(languages)}"
                self.evidence.append(self.card.evidence(("language",), note))

    def sections(self, body: str, training: Compute | None) -> Compute | None:
        found = section_facts(body)
        for fact, items in found.lists.items():
            self.values[fact] = items
            what = f"{fact.replace('_', ' ')}: {len(items)} statement(s)"
            self.evidence.append(self.section_evidence(found.where[fact], what))
        for fact, text in found.texts.items():
            self.values[fact] = text
            self.evidence.append(self.section_evidence(found.where[fact], fact.replace("_", " ")))
        if not found.environment:
            return training
        return self._environment(found.environment, found.where["environment"], training)

    def _environment(
        self, fields: Mapping[str, str], section: Section, training: Compute | None
    ) -> Compute | None:
        stated: dict[str, Any] = {}
        if "hardware type" in fields:
            stated["accelerator"] = fields["hardware type"]
        hours = _number(fields.get("hours used", ""))
        if hours is not None:
            stated["accelerator_hours"] = hours
        region = fields.get("compute region")
        if region is not None:
            stated["region"] = region
        carbon = _kg(fields.get("carbon emitted", ""))
        if carbon is not None:
            stated["co2_kg"] = carbon
        have = training.model_dump(exclude_defaults=True) if training is not None else {}
        new = {k: v for k, v in stated.items() if have.get(k) is None}
        if not new:
            return training
        evidence = self.section_evidence(section, ", ".join(f"{k} {v}" for k, v in new.items()))
        base = training or Compute()
        return base.model_copy(update={**new, "evidence": [*base.evidence, evidence]})


def card_facts(
    card: Card,
    meta: Mapping[str, Any],
    body: str,
    body_line: int,
    training: Compute | None,
    results: Any,
    folder: str | None,
    config: Any = None,
) -> tuple[dict[str, Any], list[Evidence]]:
    """The card's facts (keyword arguments of :class:`~openness.model.Facts`) and their
    evidence. ``body_line`` is the number of lines before the body; ``training`` the compute
    the front matter states (sections fill what it leaves out); ``results`` the cleaned
    ``model-index`` results; ``folder`` the snapshot's folder, if the card sits in one, and
    ``config`` its ``config.json`` as :func:`~.snapshot.read_config` parsed it."""
    facts = _Facts(card, body_line)
    facts.front_matter(meta)
    training = facts.sections(body, training)
    if training is not None:
        facts.values["training"] = training
    evaluation: list[EvalResult] = evaluation_facts(results)
    if evaluation:
        facts.values["evaluation"] = evaluation
        facts.evidence.append(
            card.evidence(("model-index",), f"{len(evaluation)} evaluation metric(s)")
        )
    if folder is not None:
        shown = os.path.join(os.path.dirname(card.document.path), "config.json")
        found = config_context_length(config, shown)
        if found is not None:
            facts.values["context_length"] = found[0]
            facts.evidence.append(found[1])
    return facts.values, facts.evidence
