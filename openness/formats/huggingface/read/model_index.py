"""A card's ``model-index`` results as :class:`~openness.model.EvalResult` facts: one per
metric, with the task, dataset, split, configuration and source it was measured on."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from openness.model import EvalResult

__all__ = ["evaluation_facts"]


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def _value(raw: Any) -> float | str:
    """A metric's value: a number stays a number, text stays text, anything else (a list, a
    mapping) is kept as its JSON text."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, str):
        return raw
    return json.dumps(raw, sort_keys=True, ensure_ascii=False)


def _source(raw: Any) -> str | None:
    if isinstance(raw, Mapping):
        return _text(raw.get("url")) or _text(raw.get("name"))
    return _text(raw)


def _mapping(raw: Any) -> Mapping[str, Any]:
    return raw if isinstance(raw, Mapping) else {}


def evaluation_facts(results: Any) -> list[EvalResult]:
    """The evaluation facts of the cleaned ``model-index`` results (the ``results`` list of
    the evaluation-results component :func:`.metrics.eval_results` makes; the malformed
    entries were reported and left out there)."""
    out: list[EvalResult] = []
    for result in results if isinstance(results, list) else []:
        task = _mapping(result.get("task"))
        dataset = _mapping(result.get("dataset"))
        source = _source(result.get("source"))
        for metric in result.get("metrics") or []:
            metric_type = _text(metric.get("type"))
            if metric_type is None:
                continue
            verified = metric.get("verified")
            out.append(
                EvalResult(
                    metric=metric_type,
                    value=_value(metric.get("value")),
                    metric_name=_text(metric.get("name")),
                    task=_text(task.get("type")),
                    dataset=_text(dataset.get("type")),
                    dataset_name=_text(dataset.get("name")),
                    split=_text(dataset.get("split")),
                    config=_text(dataset.get("config")),
                    verified=verified if isinstance(verified, bool) else None,
                    source=source,
                )
            )
    return out
