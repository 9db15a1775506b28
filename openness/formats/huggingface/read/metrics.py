"""``model-index`` as an evaluation-results component, and ``co2_eq_emissions`` as the
training's compute."""

from __future__ import annotations

import math
from typing import Any

from openness.formats.huggingface.read.card import Card, plain_value
from openness.model import Availability, Component, Compute, Role, plain_extra

__all__ = ["eval_results", "training_emissions"]


def eval_results(card: Card, raw: Any, location: str | None) -> Component | None:
    """The ``model-index`` section as an evaluation-results component; malformed parts are
    reported and left out."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        card.warn(("model-index",), f"model-index must be a list, got {type(raw).__name__}")
        return None
    results: list[dict[str, Any]] = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            card.warn(("model-index", i), "each model-index entry must be a mapping")
            continue
        entries = entry.get("results")
        if not isinstance(entries, list):
            card.warn(("model-index", i, "results"), "results must be a list of evaluations")
            continue
        for j, result in enumerate(entries):
            where: tuple[str | int, ...] = ("model-index", i, "results", j)
            clean = _eval_result(card, where, result)
            if clean is not None:
                clean["model"] = entry.get("name")
                results.append(clean)
    if not results:
        return None
    return Component(
        role=Role.EVALUATION_RESULTS,
        name="model-index",
        availability=Availability.INCLUDED,
        location=location,
        evidence=[card.evidence(("model-index",), f"{len(results)} evaluation result(s)")],
        extra={"results": results},
    )


def _eval_result(card: Card, where: tuple[str | int, ...], result: Any) -> dict[str, Any] | None:
    if not isinstance(result, dict):
        card.warn(where, "an evaluation result must be a mapping with task, dataset and metrics")
        return None
    task, dataset, metrics = result.get("task"), result.get("dataset"), result.get("metrics")
    problems = []
    if not isinstance(task, dict) or "type" not in task:
        problems.append("task (a mapping with type)")
    if not isinstance(dataset, dict) or "type" not in dataset:
        problems.append("dataset (a mapping with type and name)")
    if not isinstance(metrics, list) or not metrics:
        problems.append("metrics (a list of type and value)")
    if problems:
        card.warn(where, f"evaluation result left out: it needs {', '.join(problems)}")
        return None
    assert isinstance(metrics, list)
    good: list[dict[str, Any]] = []
    for k, metric in enumerate(metrics):
        if not isinstance(metric, dict) or "type" not in metric or "value" not in metric:
            card.warn((*where, "metrics", k), "a metric needs type and value; left out")
            continue
        _, unfit = plain_extra({"metric": metric})
        if unfit is not None:  # NaN, an infinity, binary data: nothing every format can write
            card.warn((*where, "metrics", k), f"{unfit}; left out")
            continue
        good.append(plain_value(metric))
    if not good:
        return None
    clean: dict[str, Any] = {
        "task": plain_value(task),
        "dataset": plain_value(dataset),
        "metrics": good,
    }
    if "source" in result:
        clean["source"] = plain_value(result["source"])
    return clean


def _finite(number: float) -> bool:
    """True for a number a float holds and that is neither NaN nor infinite."""
    try:
        return math.isfinite(float(number))
    except OverflowError:  # an integer of hundreds of digits
        return False


def training_emissions(card: Card, raw: Any) -> Compute | None:
    grams: Any = raw.get("emissions") if isinstance(raw, dict) else raw
    if (
        isinstance(grams, bool)
        or not isinstance(grams, int | float)
        or not _finite(grams)
        or grams < 0
    ):
        if raw is not None:
            card.warn(("co2_eq_emissions",), "co2_eq_emissions needs a number of grams; ignored")
        return None
    hardware = raw.get("hardware_used") if isinstance(raw, dict) else None
    region = raw.get("geographical_location") if isinstance(raw, dict) else None
    return Compute(
        co2_kg=float(grams) / 1000.0,
        accelerator=str(hardware) if hardware else None,
        region=str(region) if region else None,
        evidence=[card.evidence(("co2_eq_emissions",), f"{grams} g CO2eq")],
    )
