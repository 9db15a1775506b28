"""The stated cost to rebuild an artifact: the training compute of the artifact and of every
upstream model it must be rebuilt with, summed along the lineage (:func:`rebuild_cost`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from openness.lineage import LineageGraph
from openness.model import Artifact, Evidence
from openness.policy.builtin.reproducible.table import ReproducibleTable, default_table

__all__ = [
    "MAX_COST_CLOSURE",
    "RebuildCost",
    "rebuild_cost",
    "summarise",
    "with_unstated_model",
]

#: The cost of rebuilding is summed over at most this many models of the lineage closure.
MAX_COST_CLOSURE = 100


_METRICS: tuple[tuple[str, str], ...] = (
    ("training_flop", "FLOP"),
    ("accelerator_hours", "accelerator-hours"),
    ("energy_kwh", "kWh"),
    ("co2_kg", "kg CO2"),
    ("cost_usd", "USD"),
)
#: Metrics of which one stated per model makes the cost "stated".
_CORE_METRICS = ("training_flop", "accelerator_hours", "cost_usd")


@dataclass(frozen=True, slots=True)
class RebuildCost:
    """The stated compute of rebuilding an artifact with every upstream model it needs.

    ``models`` are the models retrained, each once, in lineage order (the artifact first; see
    :func:`rebuild_cost`); ``totals`` sums each metric over those that state it; ``missing``
    names, per metric, those that do not, in the same order (``_core``: those stating
    none of FLOP, accelerator hours and cost). ``truncated`` is true when more than
    :data:`MAX_COST_CLOSURE` models would have to be retrained: the sum is then not made and
    ``models`` holds the artifact alone.
    """

    artifact: str
    models: tuple[str, ...]
    totals: Mapping[str, float]
    missing: Mapping[str, tuple[str, ...]]
    accelerators: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    truncated: bool = False

    @property
    def stated(self) -> bool:
        """True when every model states its FLOP, accelerator hours or cost."""
        return bool(self.models) and not self.missing.get("_core")

    def describe(self) -> str:
        """The cost in one sentence, with what is not stated."""
        if not self.models:
            return "no model has to be trained to rebuild it: no compute cost applies"
        missing = self.missing
        parts = [
            f"{label} (not stated for {', '.join(missing[name])})" if missing.get(name) else label
            for name, label in _labels(self.totals, self.accelerators)
        ]
        stated = "; ".join(parts) if parts else "no training compute is stated"
        if self.truncated:
            return (
                f"more than {MAX_COST_CLOSURE} models of the lineage would have to be retrained: "
                f"the cost to rebuild is not summed; stated for {self.artifact} alone: {stated}"
            )
        count, who = len(self.models), ", ".join(self.models)
        return f"stated cost to rebuild along the lineage ({count} model(s): {who}): {stated}"


def _labels(
    totals: Mapping[str, float], accelerators: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """Each stated metric, in order, with its total as the description shows it (before what
    is not stated)."""
    out = []
    for name, unit in _METRICS:
        if name in totals:
            value = totals[name]
            shown = f"{value:.3g}" if name == "training_flop" else _number(value)
            label = f"{shown} {unit}"
            if name == "accelerator_hours" and accelerators:
                label += f" ({', '.join(accelerators)})"
            out.append((name, label))
    return tuple(out)


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def _retrained(artifact: Artifact, table: ReproducibleTable) -> bool:
    rules = table.kinds.get(artifact.kind)
    return rules is not None and rules.recipe == "required"


def _cost_parents(
    artifact: Artifact, graph: LineageGraph, table: ReproducibleTable
) -> Iterator[Artifact]:
    """The upstream models that rebuilding ``artifact`` retrains directly."""
    rules = table.kinds.get(artifact.kind)
    if rules is None or not rules.follow_lineage:
        return
    for edge in artifact.lineage:
        if edge.relation in table.input_relations:
            target = graph.get(edge.target)
            if target is not None and _retrained(target, table):
                yield target


def summarise(artifact: Artifact, models: Sequence[Artifact], truncated: bool) -> RebuildCost:
    totals: dict[str, float] = {}
    missing: dict[str, list[str]] = {}
    accelerators: list[str] = []
    evidence: list[Evidence] = []
    for model in models:
        compute = model.facts.training
        core = False
        for name, _ in _METRICS:
            value = getattr(compute, name) if compute is not None else None
            if value is None:
                missing.setdefault(name, []).append(model.id)
            else:
                totals[name] = totals.get(name, 0.0) + float(value)
                core = core or name in _CORE_METRICS
        if not core:
            missing.setdefault("_core", []).append(model.id)
        if compute is not None:
            if compute.accelerator and compute.accelerator not in accelerators:
                accelerators.append(compute.accelerator)
            evidence.extend(compute.evidence)
    return RebuildCost(
        artifact=artifact.id,
        models=tuple([m.id for m in models]),
        totals=totals,
        missing={k: tuple(v) for k, v in missing.items()},
        accelerators=tuple(accelerators),
        evidence=tuple(evidence),
        truncated=truncated,
    )


#: The keys of ``RebuildCost.missing`` for a model that states no compute, in order.
_UNSTATED = (*(name for name, _ in _METRICS), "_core")


def with_unstated_model(model: str, upstream: RebuildCost) -> RebuildCost:
    """The cost of rebuilding ``model``, which states no compute, with the models of
    ``upstream`` (none of them ``model``): what ``_summarise`` of ``model`` and then the models
    of ``upstream`` gives, without summing again. Totals are unchanged (``0.0 + x`` is ``x``
    for every total, itself a sum starting at ``0.0``); ``model`` comes first among the models
    and in every list of what is not stated."""
    before = upstream.missing
    missing = {key: (model, *before.get(key, ())) for key in _UNSTATED}
    return RebuildCost(
        artifact=model,
        models=(model, *upstream.models),
        totals=upstream.totals,
        missing=missing,
        accelerators=upstream.accelerators,
        evidence=upstream.evidence,
    )


def rebuild_cost(
    artifact: Artifact, graph: LineageGraph, table: ReproducibleTable | None = None
) -> RebuildCost:
    """The stated cost of rebuilding ``artifact`` with every upstream model it needs (each
    counted once, through every input edge), from ``facts.training``; what nobody states is
    listed, never guessed. Not summed beyond :data:`MAX_COST_CLOSURE` models.

    The models are listed in lineage order: the artifact, then depth first along its input
    edges (in the order they are written) each model it is rebuilt from, each once where it is
    first reached: a fine-tune, its base, the base's own base; a merge, its first parent's
    lineage, then what its second parent adds."""
    table = table or default_table()
    if not _retrained(artifact, table):
        return summarise(artifact, (), False)
    seen: dict[str, Artifact] = {}
    stack = [artifact]
    while stack:
        model = stack.pop()
        if model.id in seen:
            continue
        if len(seen) >= MAX_COST_CLOSURE:
            return summarise(artifact, (artifact,), True)
        seen[model.id] = model
        stack.extend(reversed(list(_cost_parents(model, graph, table))))
    return summarise(artifact, list(seen.values()), False)
