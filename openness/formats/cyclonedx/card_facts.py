"""The model-card facts (task, uses, limitations, risks, evaluation results, languages,
context length, contact) on the CycloneDX side: the native ``modelCard`` fields and the
``openness:facts:*`` properties for what CycloneDX has no field for.

Shared by the exporter (through :mod:`.view`) and the importer, so both directions read the
same mapping. Native fields written for a model:

- ``modelParameters.task``: the task;
- ``quantitativeAnalysis.performanceMetrics``: each result's metric type, value (as text) and
  slice (``dataset/split``); the full result is in ``openness:facts:evaluation`` (JSON);
- ``considerations.useCases``, ``technicalLimitations``, ``ethicalConsiderations`` (``name``):
  the intended uses, limitations and risks.

Out-of-scope uses, training information, languages, context length and contact are
properties. A non-model has no ``modelCard``: every fact is a property.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from openness.formats.cyclonedx.fields import prop
from openness.formats.cyclonedx.vocab import P
from openness.model import EvalResult, Facts

__all__ = [
    "card_fact_properties",
    "metric_slice",
    "metric_value",
    "native_card_facts",
    "write_card_facts",
]


def metric_value(value: float | str) -> str:
    """A result's value as the text ``performanceMetrics[].value`` holds."""
    if isinstance(value, float):
        if value.is_integer() and math.isfinite(value) and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    return value


def metric_slice(result: EvalResult) -> str | None:
    """The slice a result was measured on: ``dataset/split`` (what of them is known)."""
    parts = [p for p in (result.dataset or result.dataset_name, result.split) if p]
    return "/".join(parts) or None


def _metric(result: EvalResult) -> dict[str, str]:
    out = {"type": result.metric, "value": metric_value(result.value)}
    where = metric_slice(result)
    if where is not None:
        out["slice"] = where
    return out


def _evaluation_json(result: EvalResult) -> str:
    data = result.model_dump(mode="json", exclude_defaults=True)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def write_card_facts(facts: Facts, card: dict[str, Any], params: dict[str, Any]) -> None:
    """Write a model's card facts into its ``modelCard`` (``card``) and its
    ``modelParameters`` (``params``, added to the card by the caller when not empty)."""
    if facts.task is not None:
        params["task"] = facts.task
    if facts.evaluation:
        card["quantitativeAnalysis"] = {
            "performanceMetrics": [_metric(r) for r in facts.evaluation]
        }
    considerations: dict[str, Any] = {}
    if facts.intended_uses:
        considerations["useCases"] = list(facts.intended_uses)
    if facts.limitations:
        considerations["technicalLimitations"] = list(facts.limitations)
    if facts.risks:
        considerations["ethicalConsiderations"] = [{"name": risk} for risk in facts.risks]
    if considerations:
        card["considerations"] = considerations


def card_fact_properties(facts: Facts, native: bool) -> list[dict[str, str]]:
    """The ``openness:facts:*`` properties of the card facts; ``native`` when the component
    has a ``modelCard`` that holds the task, uses, limitations and risks."""
    props: list[dict[str, str]] = []
    if not native:
        if facts.task is not None:
            props.append(prop(P.TASK, facts.task))
        props.extend(prop(P.INTENDED_USE, use) for use in facts.intended_uses)
        props.extend(prop(P.LIMITATION, item) for item in facts.limitations)
        props.extend(prop(P.RISK, risk) for risk in facts.risks)
    props.extend(prop(P.OUT_OF_SCOPE_USE, use) for use in facts.out_of_scope_uses)
    if facts.training_information is not None:
        props.append(prop(P.TRAINING_INFORMATION, facts.training_information))
    if not native or not all(_native_enough(r) for r in facts.evaluation):
        props.extend(prop(P.EVALUATION, _evaluation_json(r)) for r in facts.evaluation)
    props.extend(prop(P.LANGUAGE, language) for language in facts.languages)
    if facts.context_length is not None:
        props.append(prop(P.CONTEXT_LENGTH, str(facts.context_length)))
    if facts.contact is not None:
        props.append(prop(P.CONTACT, facts.contact))
    return props


def _native_enough(result: EvalResult) -> bool:
    """True when ``performanceMetrics`` gives the result back whole: a metric, a number and
    at most a dataset (read back from the slice)."""
    stated = set(result.model_dump(exclude_defaults=True))
    return (
        stated <= {"metric", "value", "dataset"}
        and isinstance(result.value, float)
        and (result.dataset is None or metric_slice(result) == result.dataset)
        and _number_or_text(metric_value(result.value)) == result.value
    )


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else []
    return [item for item in items if isinstance(item, str)]


def _number_or_text(text: str) -> float | str:
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) and metric_value(number) == text else text


def _native_metrics(card: Mapping[str, Any]) -> list[EvalResult]:
    analysis = card.get("quantitativeAnalysis")
    metrics = analysis.get("performanceMetrics") if isinstance(analysis, Mapping) else None
    out: list[EvalResult] = []
    for item in metrics if isinstance(metrics, list) else []:
        if not isinstance(item, Mapping):
            continue
        kind, value = item.get("type"), item.get("value")
        if not isinstance(kind, str) or not kind or not isinstance(value, str):
            continue
        where = item.get("slice")
        out.append(
            EvalResult(
                metric=kind,
                value=_number_or_text(value),
                dataset=where if isinstance(where, str) and where else None,
            )
        )
    return out


def native_card_facts(card: Mapping[str, Any]) -> dict[str, Any]:
    """The card facts a ``modelCard`` states natively (as :class:`Facts` keywords): task,
    intended uses, limitations, risks and, from ``performanceMetrics``, evaluation results
    (metric, value and the slice as the dataset)."""
    values: dict[str, Any] = {}
    params = card.get("modelParameters")
    task = params.get("task") if isinstance(params, Mapping) else None
    if isinstance(task, str):
        values["task"] = task
    considerations = card.get("considerations")
    if isinstance(considerations, Mapping):
        uses = _texts(considerations.get("useCases"))
        if uses:
            values["intended_uses"] = uses
        limits = _texts(considerations.get("technicalLimitations"))
        if limits:
            values["limitations"] = limits
        risks = [
            r.get("name")
            for r in considerations.get("ethicalConsiderations") or []
            if isinstance(r, Mapping)
        ]
        named = _texts(risks)
        if named:
            values["risks"] = named
    evaluation = _native_metrics(card)
    if evaluation:
        values["evaluation"] = evaluation
    return values
