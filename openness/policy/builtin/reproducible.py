"""The ``reproducible`` policy: can an artifact be rebuilt exclusively from what was released
with it?

Levels, best first:

- ``rebuildable``: every input in the artifact's lineage closure is released with it, freely
  licensed (under the ``notion`` option, default ``open``) and pinned by a revision or a digest,
  and the code and recipe that produced it are released;
- ``rebuildable-with-third-party-inputs``: as above, except that some inputs can be obtained
  only from third parties (including for a fee: OSAID's "obtainable" data), behind a gate
  (registration, click-through), on request, or under non-free terms;
- ``not-rebuildable``: something needed is not released.

An input is a component in an input role of the artifact's kind (training code, datasets,
preprocessing code, ... for a model; source code for software; data files for a dataset) or an
artifact a lineage edge of an input relation points to (``trained-on``, ``fine-tuned-from``,
``depends-on``, ...; not ``tested-on``). Upstream artifacts must reach the level themselves: a
fine-tune of an unreproducible base is not rebuildable. A dataset is its own source (its
preferred form is its data), so a dataset's own lineage is not followed.

Missing facts (unstated availability, no license, an unknown license, no revision or digest, no
recipe, an upstream not among the inputs) give ``unknown`` with a how-to-fix, never an
exception. The verdict passes at ``min_level`` or better (default: the middle level).

The stated cost to rebuild (training compute of the artifact and of every upstream model it
must be rebuilt with) is summed along the lineage and reported as an info finding; see
:func:`rebuild_cost`. The table is package data: ``openness/policy/data/reproducible.toml``.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Hashable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cache
from importlib.resources import files
from itertools import islice
from typing import Any

from openness.licenses import Freedom, Notion, evaluate, knowledge_base
from openness.lineage import LineageGraph
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    Evidence,
    LicenseExpression,
    LineageEdge,
    Relation,
    Role,
)
from openness.policy.base import Context, OptionInfo, RuleInfo
from openness.policy.builtin.signature import parts_of
from openness.policy.run import Run, direct_run
from openness.policy.verdict import (
    Citation,
    Finding,
    FindingSeverity,
    Outcome,
    UpstreamRef,
    Verdict,
)

__all__ = [
    "Grade",
    "KindRules",
    "RebuildCost",
    "ReproduciblePolicy",
    "ReproducibleTable",
    "load_table",
    "rebuild_cost",
]

#: At most this many upstream findings are carried under a lineage finding.
MAX_UPSTREAM_FINDINGS = 50
#: The cost of rebuilding is summed over at most this many models of the lineage closure.
MAX_COST_CLOSURE = 100

_R_RELEASED = "reproducible/input-released"
_R_FREE = "reproducible/input-free"
_R_PINNED = "reproducible/input-pinned"
_R_REQUIRED = "reproducible/required-input"
_R_DATA = "reproducible/training-data"
_R_RECIPE = "reproducible/recipe"
_R_UPSTREAM = "reproducible/upstream"
_R_COST = "reproducible/rebuild-cost"


class Grade(IntEnum):
    """What an input (or an artifact) allows, worst first; an artifact's grade is the lowest
    of its inputs' grades."""

    MISSING = 0  # something needed is not released
    UNKNOWN = 1  # a fact is missing
    OBTAINABLE = 2  # third-party, gated, on request, or non-free terms
    FREE = 3  # released, freely licensed, pinned


@dataclass(frozen=True, slots=True)
class KindRules:
    """What rebuilding an artifact of one kind needs (see the table's ``[kinds.*]``)."""

    required: tuple[Role, ...]
    inputs: frozenset[Role]
    inherit_license: frozenset[Role]
    recipe: str  # required | recommended | none
    training_data: bool
    follow_lineage: bool


@dataclass(frozen=True, slots=True)
class ReproducibleTable:
    """The parsed table (``data/reproducible.toml``)."""

    id: str
    version: str
    title: str
    summary: str
    levels: tuple[str, str, str]
    notion: Notion
    min_level: str
    released: frozenset[Availability]
    obtainable: frozenset[Availability]
    missing: frozenset[Availability]
    input_relations: frozenset[Relation]
    no_training_data: frozenset[Relation]
    kinds: Mapping[ArtifactKind, KindRules]
    rules: tuple[RuleInfo, ...]
    fixes: Mapping[str, str]
    digest: str


def load_table(raw: bytes | None = None) -> ReproducibleTable:
    """Parse the shipped table (or ``raw`` TOML of the same shape)."""
    if raw is None:
        raw = files("openness.policy").joinpath("data/reproducible.toml").read_bytes()
    data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    policy = data["policy"]
    levels = tuple(policy["levels"])
    if len(levels) != 3:
        raise ValueError("reproducible.toml: policy.levels must list three levels, best first")
    kinds = {
        ArtifactKind(name): KindRules(
            required=tuple(Role(r) for r in k["required"]),
            inputs=frozenset(Role(r) for r in k["inputs"]),
            inherit_license=frozenset(Role(r) for r in k["inherit_license"]),
            recipe=k["recipe"],
            training_data=bool(k["training_data"]),
            follow_lineage=bool(k["follow_lineage"]),
        )
        for name, k in data["kinds"].items()
    }
    rules = tuple(
        RuleInfo(
            id=r["id"],
            title=r["title"],
            citation=Citation(r["document"], r.get("section"), r.get("url"), r.get("clause")),
            passes=r["passes"],
            severity=FindingSeverity(r.get("severity", "error")),
        )
        for r in data["rules"]
    )
    availability = data["availability"]
    return ReproducibleTable(
        id=policy["id"],
        version=policy["version"],
        title=policy["title"],
        summary=policy["summary"],
        levels=(levels[0], levels[1], levels[2]),
        notion=Notion(policy["notion"]),
        min_level=policy["min_level"],
        released=frozenset(Availability(a) for a in availability["released"]),
        obtainable=frozenset(Availability(a) for a in availability["obtainable"]),
        missing=frozenset(Availability(a) for a in availability["missing"]),
        input_relations=frozenset(Relation(r) for r in data["relations"]["inputs"]),
        no_training_data=frozenset(Relation(r) for r in data["relations"]["no_training_data"]),
        kinds=kinds,
        rules=rules,
        fixes={r["id"]: r["how_to_fix"] for r in data["rules"]},
        digest=hashlib.sha256(raw).hexdigest(),
    )


# --- the cost to rebuild ---------------------------------------------------------------------

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


def _summarise(artifact: Artifact, models: Sequence[Artifact], truncated: bool) -> RebuildCost:
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


def _with_unstated_model(model: str, upstream: RebuildCost) -> RebuildCost:
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
    table = table or _default_table()
    if not _retrained(artifact, table):
        return _summarise(artifact, (), False)
    seen: dict[str, Artifact] = {}
    stack = [artifact]
    while stack:
        model = stack.pop()
        if model.id in seen:
            continue
        if len(seen) >= MAX_COST_CLOSURE:
            return _summarise(artifact, (artifact,), True)
        seen[model.id] = model
        stack.extend(reversed(list(_cost_parents(model, graph, table))))
    return _summarise(artifact, list(seen.values()), False)


@cache
def _default_table() -> ReproducibleTable:
    return load_table()


# --- judging inputs --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Issue:
    grade: Grade
    rule: str
    message: str
    fix: str = ""


class _Assessment:
    """An artifact's grade, its findings (with the grade of each), and, computed when a
    downstream artifact first asks, the findings that downstream artifact carries about it
    (prefixed with its id, deduplicated, capped) and the first of their messages."""

    __slots__ = (
        "_blockers",
        "_cost",
        "_named",
        "_upstream_cost",
        "artifact",
        "child_cost",
        "cost_finding",
        "cost_size",
        "findings",
        "grade",
        "grades",
        "retrained",
        "upstream",
    )

    def __init__(
        self,
        artifact: Artifact,
        grade: Grade,
        grades: tuple[Grade, ...],
        findings: tuple[Finding, ...],
        upstream: tuple[UpstreamRef, ...],
        cost: RebuildCost | None,
        upstream_cost: RebuildCost | None,
        cost_size: int | None,
        cost_finding: Finding,
        retrained: bool,
    ):
        self.artifact = artifact
        self.retrained = retrained  # rebuilding it retrains it (its kind requires a recipe)
        self.grade = grade
        self.grades = grades  # the grade of each finding but the last
        self.findings = findings  # the verdict's: then the cost finding
        self.upstream = upstream
        # The cost to rebuild: None when no model is retrained (then never merged downstream);
        # for a model that states no compute and has one retrained upstream model, made from
        # ``upstream_cost`` when a downstream model first needs it.
        self._cost = cost
        self._upstream_cost = upstream_cost
        # How many models rebuilding it retrains (None beyond MAX_COST_CLOSURE).
        self.cost_size = cost_size
        self.cost_finding = cost_finding
        # The cost finding of a downstream model with this one retrained model upstream,
        # which states no compute: its message and how-to-fix split where that model's id
        # goes (see ReproduciblePolicy._child_cost_finding), made when first needed.
        self.child_cost: tuple[list[str], list[str]] | None = None
        self._blockers: tuple[Finding, ...] | None = None
        self._named = ""

    @property
    def cost(self) -> RebuildCost | None:
        """The cost to rebuild (None when no model is retrained)."""
        cost = self._cost
        if cost is None and self._upstream_cost is not None:
            cost = self._cost = _with_unstated_model(self.artifact.id, self._upstream_cost)
        return cost

    def blocking(self) -> tuple[tuple[Finding, ...], str]:
        """What a downstream lineage finding carries about this artifact: its blockers and the
        first of their messages (made on the first call)."""
        if self._blockers is None:
            self._summarise_blockers()
        assert self._blockers is not None
        return self._blockers, self._named

    def _summarise_blockers(self) -> None:
        """Its findings that are not free (and its warnings), with its id before their subject
        and its name before their message, and in place of each lineage finding the blockers
        that finding carries about the upstream; each once (by subject, rule and message),
        at most :data:`MAX_UPSTREAM_FINDINGS`.

        Subjects hold no colon, so a blocker prefixed with this artifact's id never equals
        one of an upstream's: with one lineage finding, the upstream's blockers (distinct
        already) are taken as they are, and only this artifact's own are checked."""
        artifact = self.artifact
        prefix = f"{artifact.id}:"
        name = f"{artifact.display_name}: "
        out: list[Finding] = []
        seen: set[_Key] = set()
        carried: list[tuple[Finding, ...]] = []
        for g, f in zip(self.grades, self.findings[:-1], strict=True):  # not the cost finding
            if g is Grade.FREE and f.severity is not FindingSeverity.WARNING:
                continue
            if f.rule == _R_UPSTREAM:
                carried.append(f.findings)
                out.extend(f.findings)
                continue
            subject = prefix + f.subject
            message = name + f.message
            key = (subject, f.rule, message)
            if key not in seen:
                seen.add(key)
                out.append(
                    Finding(
                        f.rule,
                        subject,
                        f.outcome,
                        message,
                        f.severity,
                        f.how_to_fix,
                        f.citation,
                        f.evidence,
                    )
                )
        if len(carried) > 1:  # upstreams may share blockers (a diamond): each once
            distinct: dict[_Key, Finding] = {}
            for b in out:
                distinct.setdefault((b.subject, b.rule, b.message), b)
            out = list(distinct.values())
        capped = tuple(out[:MAX_UPSTREAM_FINDINGS])
        problems = [b for b in capped if b.outcome is not Outcome.PASS] or list(capped)
        named = "; ".join([b.message for b in problems[:3]])
        if len(problems) > 3:
            named += f" (and {len(problems) - 3} more)"
        self._blockers = capped
        self._named = named


#: A blocker's deduplication key: subject, rule, message.
_Key = tuple[str, str, str]

#: Findings with the grade of each, as computed for one key.
_Graded = tuple[tuple[Grade, ...], tuple[Finding, ...]]


@dataclass
class _Run:
    """Assessments of one graph under one set of options, and the findings computed for it,
    each under the facts it reads: an artifact's own findings (required roles, input
    components, training data, recipe) under its own facts (:meth:`ReproduciblePolicy._own_key`),
    a lineage edge's findings under the edge's index, target, relation, pins and evidence (the
    target's assessment is fixed once made). Kept in a :class:`~openness.policy.run.Run`
    (``run``), never in the policy."""

    graph: LineageGraph
    notion: Notion
    min_grade: Grade
    shapes: Mapping[Grade, tuple[str | None, Outcome]]  # the level and outcome of each grade
    run: Run | None = None  # the run this one lives in
    done: dict[str, _Assessment] = field(default_factory=dict)
    own: dict[Hashable, tuple[Grade, _Graded]] = field(default_factory=dict)
    edges: dict[Hashable, tuple[_Graded, UpstreamRef | None]] = field(default_factory=dict)
    no_cost: Finding | None = None  # the cost finding when no model is retrained


_NO_CYCLE: frozenset[str] = frozenset()
#: The index in the levels of the level an upstream of each known grade reaches.
_LEVEL_INDEX = {Grade.FREE: 0, Grade.OBTAINABLE: 1, Grade.MISSING: 2}
#: Where a model's id goes in a cost finding made for any model (see
#: ReproduciblePolicy._child_cost_finding).
_HOLE = "\x00"


def _versioned(artifact: Artifact) -> bool:
    if artifact.version:
        return True
    ident = artifact.purl or artifact.id
    return ident.startswith("pkg:") and "@" in ident


def _pinned(component: Component, self_sourced: Artifact | None) -> str | None:
    """What pins a component, or None."""
    if component.revision:
        return f"revision {component.revision}"
    if component.digests:
        return ", ".join(f"{a.value} digest" for a in component.digests)
    if component.files and all(f.digests for f in component.files):
        return f"digests of its {len(component.files)} file(s)"
    if self_sourced is not None and _versioned(self_sourced):
        return f"the release's version {self_sourced.version or self_sourced.purl or ''}".strip()
    return None


def _edge_pin(edge: LineageEdge, target: Artifact | None) -> str | None:
    if edge.revision:
        return f"revision {edge.revision}"
    if edge.digests:
        return ", ".join(f"{a.value} digest" for a in edge.digests)
    if target is not None and _versioned(target):
        return f"the upstream's own version ({target.version or target.purl or target.id})"
    return None


class ReproduciblePolicy:
    """Reproducibility from the release (``reproducible``): ``rebuildable`` >
    ``rebuildable-with-third-party-inputs`` > ``not-rebuildable``."""

    def __init__(self, table: ReproducibleTable | None = None):
        self.table = table or _default_table()
        self.id = self.table.id
        self.version = self.table.version
        self.title = self.table.title
        self.summary = self.table.summary
        self.levels: tuple[str, ...] = self.table.levels
        self._rules = {r.id: r for r in self.table.rules}
        digest = hashlib.sha256(self.table.digest.encode())
        digest.update(knowledge_base().version.encode())
        self._data_hash = digest.hexdigest()

    # --- the Policy protocol --------------------------------------------------------------

    def rules(self) -> Sequence[RuleInfo]:
        """Every rule this policy reports, with its citation."""
        return self.table.rules

    def options(self) -> Mapping[str, OptionInfo]:
        """``notion``: the notion of a free license inputs are judged under; ``min_level``:
        the lowest level that passes."""
        return {
            "notion": OptionInfo(
                "notion",
                str,
                self.table.notion.value,
                "the notion of a free license an input's license is judged under: "
                + ", ".join(n.value for n in Notion),
            ),
            "min_level": OptionInfo(
                "min_level",
                str,
                self.table.min_level,
                "the lowest level that passes: " + ", ".join(self.table.levels[:2]),
            ),
        }

    def data_hash(self) -> str:
        """A digest of the table and the knowledge base version."""
        return self._data_hash

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge one artifact; missing facts give unknown findings, never exceptions.

        Upstream artifacts are judged from ``context.graph`` (memoised in ``context.run``, else
        in this thread's :func:`~openness.policy.run.direct_run` of the graph), so the verdict
        does not depend on the engine having passed ``context.upstream``.
        """
        evaluation = context.run or direct_run(context.graph)
        run = self._run_in(evaluation, context.options)
        assessment = self._assess(artifact, run)
        level, outcome, findings = self._body(assessment, run)
        return Verdict(
            artifact=artifact.id,
            policy=self.id,
            policy_version=self.version,
            outcome=outcome,
            level=level,
            findings=findings,
            data_hash=self.data_hash(),
            upstream=assessment.upstream,
            levels=self.levels,
        )

    def verdict_body(
        self, artifact: Artifact, evaluation: Run, options: Mapping[str, Any]
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        """The level, outcome and findings :meth:`evaluate` gives (without the upstream
        references, which the engine makes): upstream artifacts are read from the graph of
        ``evaluation`` (the engine's run, where the assessments are memoised), so the engine
        needs no :class:`Context` for this policy."""
        run = self._run_in(evaluation, options)
        assessment = run.done.get(artifact.id)
        if assessment is None or assessment.artifact is not artifact:
            assessment = self._assess(artifact, run)
        level, outcome = run.shapes[assessment.grade]
        return level, outcome, assessment.findings

    def _body(
        self, assessment: _Assessment, run: _Run
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        level, outcome = run.shapes[assessment.grade]
        return level, outcome, assessment.findings

    def _shapes(self, min_grade: Grade) -> dict[Grade, tuple[str | None, Outcome]]:
        """The level and outcome of an artifact of each grade."""
        obtainable = Outcome.PASS if min_grade <= Grade.OBTAINABLE else Outcome.FAIL
        return {
            Grade.FREE: (self.levels[0], Outcome.PASS),
            Grade.OBTAINABLE: (self.levels[1], obtainable),
            Grade.MISSING: (self.levels[2], Outcome.FAIL),
            Grade.UNKNOWN: (None, Outcome.UNKNOWN),
        }

    # --- options and memo -----------------------------------------------------------------

    def _run_in(self, evaluation: Run, options: Mapping[str, Any]) -> _Run:
        """The assessments of the graph of ``evaluation`` under ``options``, kept there."""

        def make() -> _Run:
            run = self._run_for(evaluation.graph, options)
            run.run = evaluation
            return run

        return evaluation.state((self, options.get("notion"), options.get("min_level")), make)

    def _run_for(self, graph: LineageGraph, options: Mapping[str, Any]) -> _Run:
        """New assessments of ``graph`` under ``options``."""
        raw_notion = options.get("notion", self.table.notion.value)
        try:
            notion = Notion(raw_notion)
        except ValueError:
            known = ", ".join(n.value for n in Notion)
            raise ValueError(
                f"reproducible: option notion={raw_notion!r} is not one of {known}"
            ) from None
        raw_level = options.get("min_level", self.table.min_level)
        if raw_level not in self.levels[:2]:
            raise ValueError(
                f"reproducible: option min_level={raw_level!r} is not one of "
                f"{', '.join(self.levels[:2])}"
            )
        min_grade = Grade.FREE if raw_level == self.levels[0] else Grade.OBTAINABLE
        return _Run(graph, notion, min_grade, self._shapes(min_grade))

    def _assess(self, artifact: Artifact, run: _Run) -> _Assessment:
        """Assess ``artifact`` and, first, every upstream input it needs, iteratively (no
        recursion limit on long lineages), in post-order; a cycle gives unknown."""
        done = run.done
        graph = run.graph
        known = graph.artifacts
        aid = artifact.id
        if known.get(aid) is artifact:
            found = done.get(aid)
            if found is not None:
                return found
            # Its upstream inputs assessed first (the engine's order): nothing to walk.
            ready = self._assess_one(artifact, run, _NO_CYCLE)
            if ready is not None:
                done[aid] = ready
                return ready
        in_progress: set[str] = set()
        stack: list[tuple[Artifact, Iterator[Artifact]]] = [
            (artifact, self._upstream(artifact, graph))
        ]
        in_progress.add(artifact.id)
        while stack:
            current, children = stack[-1]
            advanced = False
            for child in children:
                if child.id in done or child.id in in_progress:
                    continue
                in_progress.add(child.id)
                stack.append((child, self._upstream(child, graph)))
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            in_progress.discard(current.id)
            result = self._assess_one(current, run, in_progress)
            assert result is not None  # its upstream inputs are assessed, or on the cycle
            if graph.get(current.id) is current:
                done[current.id] = result
            elif current is artifact:
                return result
        return done[artifact.id]

    def _upstream(self, artifact: Artifact, graph: LineageGraph) -> Iterator[Artifact]:
        rules = self.table.kinds.get(artifact.kind)
        if rules is None or not rules.follow_lineage:
            return
        for edge in artifact.lineage:
            if edge.relation in self.table.input_relations:
                target = graph.get(edge.target)
                if target is not None:
                    yield target

    # --- one artifact ---------------------------------------------------------------------

    def _finding(
        self,
        rule: str,
        subject: str,
        outcome: Outcome,
        message: str,
        fix: str = "",
        *,
        severity: FindingSeverity | None = None,
        evidence: tuple[Evidence, ...] = (),
        findings: tuple[Finding, ...] = (),
    ) -> Finding:
        info = self._rules[rule]
        return Finding(
            rule=rule,
            subject=subject,
            outcome=outcome,
            message=message,
            severity=severity or info.severity,
            how_to_fix=fix or None,
            citation=info.citation,
            evidence=evidence,
            findings=findings,
        )

    def _fix(self, rule: str, **values: str) -> str:
        return self.table.fixes[rule].format(**values)

    def _outcome(self, grade: Grade, run: _Run) -> tuple[Outcome, FindingSeverity | None]:
        if grade is Grade.FREE:
            return Outcome.PASS, None
        if grade is Grade.OBTAINABLE:
            if run.min_grade <= Grade.OBTAINABLE:
                return Outcome.PASS, FindingSeverity.WARNING
            return Outcome.FAIL, None
        if grade is Grade.UNKNOWN:
            return Outcome.UNKNOWN, None
        return Outcome.FAIL, None

    def _assess_one(self, artifact: Artifact, run: _Run, cycle: Set[str]) -> _Assessment | None:
        """Assess ``artifact`` from the assessments of its upstream inputs; None, before
        anything is made, when one of them (loaded, not on ``cycle``) is not assessed yet."""
        rules = self.table.kinds.get(artifact.kind)
        if rules is None:  # pragma: no cover - every kind has a row in the table
            rules = self.table.kinds[ArtifactKind.MODEL]
        # The artifact's own findings, computed once per distinct set of the facts they read.
        key = self._own_key(artifact, rules, run.run)
        own = run.own.get(key)
        if own is None:
            own = run.own[key] = self._own(artifact, rules, run)
        grade, (grades, findings) = own
        upstream: tuple[UpstreamRef, ...] = ()
        on_edges: list[Finding] = []
        # The retrained upstream models (each once, in edge order), for the cost to rebuild;
        # None when one of them is beyond MAX_COST_CLOSURE.
        parents: list[_Assessment] | None = []
        if rules.follow_lineage and artifact.lineage:
            inputs = self.table.input_relations
            refs: list[UpstreamRef] = []
            done = run.done  # (assessments of artifacts of the graph only)
            known = run.graph.artifacts
            aid = artifact.id
            lineage = artifact.lineage
            for edge in lineage:
                target = edge.target
                if (
                    edge.relation in inputs
                    and target not in done
                    and target in known
                    and target not in cycle
                    and target != aid
                ):
                    return None
            for index, edge in enumerate(lineage):
                if edge.relation not in inputs:
                    continue
                target = edge.target
                # Not loaded, or on a cycle (not assessed yet), or not retrained, or a second
                # edge to the same model: not a model whose cost to add.
                assessed = done.get(target)
                if assessed is not None and assessed.retrained and parents is not None:
                    if assessed.cost_size is None:
                        parents = None
                    elif assessed not in parents:
                        parents.append(assessed)
                if target in cycle or target == aid:
                    (more_grades, more), ref = self._edge(artifact, index, edge, run, cycle)
                else:
                    edge_key = (
                        (index, target, edge.relation)
                        if not (edge.revision or edge.digests or edge.evidence)
                        else (
                            index,
                            target,
                            edge.relation,
                            edge.revision,
                            tuple(edge.digests),
                            tuple(edge.evidence),
                        )
                    )
                    cached = run.edges.get(edge_key)
                    if cached is None:
                        cached = run.edges[edge_key] = self._edge(artifact, index, edge, run, cycle)
                    (more_grades, more), ref = cached
                if more:
                    grades += more_grades
                    on_edges.extend(more)
                    grade = min(grade, *more_grades)
                if ref is not None:
                    refs.append(ref)
            upstream = tuple(refs)
        cost, upstream_cost, cost_size, cost_finding = self._cost(artifact, rules, run, parents)
        return _Assessment(
            artifact,
            grade,
            grades,
            (*findings, *on_edges, cost_finding),
            upstream,
            cost,
            upstream_cost,
            cost_size,
            cost_finding,
            rules.recipe == "required",
        )

    def _own_key(self, artifact: Artifact, rules: KindRules, evaluation: Run | None) -> Hashable:
        """Every fact the artifact's own findings read (see :meth:`_own`): its signature parts
        (:mod:`openness.policy.builtin.signature`: kind, declared and release-wide licenses,
        evidence, relations, and per component its role, availability, license and evidence;
        shared with the table policies), and what else pins or names a component (name,
        revision, digests, files), the release's version (when it is its own source) and its
        recipe."""
        parts = parts_of(artifact, evaluation)
        version: Hashable = None
        if not rules.follow_lineage:
            version = (artifact.version, artifact.purl, _versioned(artifact))
        recipe = artifact.facts.recipe
        recipe_key: Hashable = None
        if recipe is not None and rules.recipe != "none":
            recipe_key = (
                recipe.config,
                recipe.command,
                len(recipe.seeds),
                tuple(sorted(recipe.frameworks.items())),
                tuple(recipe.evidence),
            )
        return (parts.whole, parts.pins, version, recipe_key)

    def _own(self, artifact: Artifact, rules: KindRules, run: _Run) -> tuple[Grade, _Graded]:
        """The artifact's own findings (required roles, input components, training data,
        recipe), with the grade of each and the lowest grade."""
        graded: list[tuple[Grade, Finding]] = []
        graded.extend(self._required(artifact, rules))
        for index, component in enumerate(artifact.components):
            if component.role in rules.inputs:
                graded.append(self._component(artifact, index, component, rules, run))
        if rules.training_data:
            graded.extend(self._training_data(artifact))
        graded.extend(self._recipe(artifact, rules))
        grade = min((g for g, _ in graded), default=Grade.FREE)
        return grade, (tuple(g for g, _ in graded), tuple(f for _, f in graded))

    def _cost(
        self,
        artifact: Artifact,
        rules: KindRules,
        run: _Run,
        parents: list[_Assessment] | None,
    ) -> tuple[RebuildCost | None, RebuildCost | None, int | None, Finding]:
        """The cost to rebuild (None when no model is retrained, or when it is the one upstream
        model's plus this model, which states no compute: then that upstream cost second), how
        many models rebuilding it retrains (None beyond :data:`MAX_COST_CLOSURE`) and the cost
        finding.

        Made from the upstream models' memoised costs, in the order :func:`rebuild_cost` lists
        the models: this model, then each upstream model's list in edge order, each model once.
        ``parents`` are the retrained upstream models, each once (None when one of them is
        beyond :data:`MAX_COST_CLOSURE`).
        """
        if rules.recipe != "required":
            finding = run.no_cost
            if finding is None:
                finding = run.no_cost = self._cost_finding(_summarise(artifact, (), False))
            return None, None, 0, finding
        aid = artifact.id
        if parents is None:
            return self._truncated(artifact)
        if not parents:
            return self._costed(_summarise(artifact, (artifact,), False), 1)
        if len(parents) == 1 and aid not in run.done:
            # One upstream model, whose models cannot include this one (a model in a cost is
            # an assessed artifact): the models are this one and the upstream's.
            parent = parents[0]
            assert parent.cost_size is not None
            size = parent.cost_size + 1
            if size > MAX_COST_CLOSURE:
                return self._truncated(artifact)
            if artifact.facts.training is None:
                # The common case (a fine-tune or quantisation that states no compute of its
                # own): the parent's cost with this model first among the models and in every
                # list of what is not stated (made only when a downstream model needs it); the
                # totals are the parent's.
                upstream = parent.cost
                assert upstream is not None  # a retrained model's assessment has a cost
                return None, upstream, size, self._child_cost_finding(aid, parent, upstream)
        ids = {aid: None}
        for assessed in parents:
            cost = assessed.cost
            assert cost is not None  # a retrained model's assessment has a cost
            ids.update(dict.fromkeys(cost.models))
        if len(ids) > MAX_COST_CLOSURE:
            return self._truncated(artifact)
        graph = run.graph
        models = [artifact, *[m for m in map(graph.get, islice(ids, 1, None)) if m is not None]]
        return self._costed(_summarise(artifact, models, False), len(ids))

    def _truncated(self, artifact: Artifact) -> tuple[RebuildCost, None, int | None, Finding]:
        return self._costed(_summarise(artifact, (artifact,), True), None)

    def _costed(
        self, cost: RebuildCost, size: int | None
    ) -> tuple[RebuildCost, None, int | None, Finding]:
        return cost, None, size, self._cost_finding(cost)

    def _required(self, artifact: Artifact, rules: KindRules) -> Iterator[tuple[Grade, Finding]]:
        for role in rules.required:
            if artifact.components_with_role(role):
                continue
            what = role.value.replace("-", " ")
            yield (
                Grade.UNKNOWN,
                self._finding(
                    _R_REQUIRED,
                    "artifact",
                    Outcome.UNKNOWN,
                    f"no {what} component is listed: whether it is released is unknown",
                    self._fix(_R_REQUIRED, role=role.value),
                ),
            )

    def _license(
        self, artifact: Artifact, component: Component, rules: KindRules
    ) -> tuple[LicenseExpression | None, str]:
        if component.license is not None:
            return component.license, ""
        inherited = artifact.release_licenses.get(component.content_type)
        if inherited is not None:
            return inherited, f" (release-wide {component.content_type.value} license)"
        if artifact.license is not None and component.role in rules.inherit_license:
            return artifact.license, " (the release's declared license)"
        return None, ""

    def _component(
        self, artifact: Artifact, index: int, component: Component, rules: KindRules, run: _Run
    ) -> tuple[Grade, Finding]:
        subject = f"components[{index}]"
        what = f"the {component.role.value} component" + (
            f" {component.name!r}" if component.name else ""
        )
        issues: list[_Issue] = []
        availability = component.availability
        license_, source = self._license(artifact, component, rules)
        if availability is None:
            issues.append(
                _Issue(
                    Grade.UNKNOWN,
                    _R_RELEASED,
                    f"{what}: its availability is not stated",
                    "state the availability of "
                    f"{what} (included, third-party, gated, on-request or not-released)",
                )
            )
        elif availability in self.table.missing:
            issues.append(
                _Issue(
                    Grade.MISSING,
                    _R_RELEASED,
                    f"{what} is not released",
                    self._fix(_R_RELEASED, what=what),
                )
            )
        elif availability in self.table.obtainable:
            issues.append(
                _Issue(
                    Grade.OBTAINABLE,
                    _R_RELEASED,
                    f"{what} is not released with the artifact: it is {availability.value}",
                    self._fix(_R_RELEASED, what=what),
                )
            )
        if availability is not None and availability not in self.table.missing:
            issues.extend(self._license_issues(what, license_, source, availability, run))
            self_sourced = artifact if not rules.follow_lineage else None
            pin = _pinned(component, self_sourced)
            if pin is None:
                issues.append(
                    _Issue(
                        Grade.UNKNOWN,
                        _R_PINNED,
                        f"{what} is not pinned by a revision or digest: whether what can be "
                        "obtained today is what was used is unknown",
                        self._fix(_R_PINNED, what=what),
                    )
                )
        grade = min((i.grade for i in issues), default=Grade.FREE)
        outcome, severity = self._outcome(grade, run)
        evidence = tuple(component.evidence)
        if grade is Grade.FREE:
            pin = _pinned(component, artifact if not rules.follow_lineage else None)
            message = f"{what} is released under {license_}{source}, pinned by {pin}"
            return grade, self._finding(_R_RELEASED, subject, outcome, message, evidence=evidence)
        worst = [i for i in issues if i.grade is grade]
        others = [i for i in issues if i.grade is not grade]
        message = "; ".join(i.message for i in (*worst, *others))
        fix = "; ".join(dict.fromkeys(i.fix for i in (*worst, *others) if i.fix))
        return grade, self._finding(
            worst[0].rule, subject, outcome, message, fix, severity=severity, evidence=evidence
        )

    def _license_issues(
        self,
        what: str,
        license_: LicenseExpression | None,
        source: str,
        availability: Availability,
        run: _Run,
    ) -> list[_Issue]:
        third_party = availability in self.table.obtainable
        if license_ is None:
            if third_party:  # its terms are the third party's: not ours to require
                return []
            return [
                _Issue(
                    Grade.UNKNOWN,
                    _R_FREE,
                    f"{what} states no license",
                    self._fix(_R_FREE, what=what),
                )
            ]
        judgement = evaluate(license_, run.notion)
        if judgement.freedom is Freedom.FREE:
            return []
        if judgement.freedom is Freedom.NOT_FREE:
            return [
                _Issue(
                    Grade.OBTAINABLE,
                    _R_FREE,
                    f"{what} is under {license_}{source}, not free under {run.notion.value}: "
                    f"{judgement.reason}",
                    self._fix(_R_FREE, what=what),
                )
            ]
        if third_party:
            return []
        if license_.is_noassertion:  # nothing to judge: say so once, in words
            origin = f", {source.strip()[1:-1]}" if source else ""
            unknown = (
                f"{what} states no license (NOASSERTION{origin}): whether it is free is unknown"
            )
        else:
            unknown = f"whether {license_}{source} of {what} is free is unknown: {judgement.reason}"
        return [
            _Issue(
                Grade.UNKNOWN,
                _R_FREE,
                unknown,
                self._fix(_R_FREE, what=what),
            )
        ]

    def _training_data(self, artifact: Artifact) -> Iterator[tuple[Grade, Finding]]:
        if artifact.components_with_role(Role.DATASETS):
            return
        relations = {e.relation for e in artifact.lineage}
        if Relation.TRAINED_ON in relations or relations & self.table.no_training_data:
            return
        yield (
            Grade.UNKNOWN,
            self._finding(
                _R_DATA,
                "artifact",
                Outcome.UNKNOWN,
                "no training data is described: neither a datasets component nor a trained-on "
                "lineage edge",
                self._fix(_R_DATA),
            ),
        )

    def _recipe(self, artifact: Artifact, rules: KindRules) -> Iterator[tuple[Grade, Finding]]:
        if rules.recipe == "none":
            return
        recipe = artifact.facts.recipe
        fix = self._fix(_R_RECIPE)
        required = rules.recipe == "required"
        if recipe is None or not (recipe.config or recipe.command):
            message = "the recipe (configuration file or command) that produced it is not stated"
            if required:
                yield (
                    Grade.UNKNOWN,
                    self._finding(_R_RECIPE, "facts.recipe", Outcome.UNKNOWN, message, fix),
                )
            else:
                yield (
                    Grade.FREE,
                    self._finding(
                        _R_RECIPE,
                        "facts.recipe",
                        Outcome.PASS,
                        message,
                        fix,
                        severity=FindingSeverity.WARNING,
                    ),
                )
            return
        evidence = tuple(recipe.evidence)
        gaps = []
        if not recipe.seeds:
            gaps.append("no random seeds (a bit-identical rerun needs them)")
        if not recipe.frameworks:
            gaps.append("no framework versions")
        where = recipe.config or recipe.command
        if gaps:
            yield (
                Grade.FREE,
                self._finding(
                    _R_RECIPE,
                    "facts.recipe",
                    Outcome.PASS,
                    f"the recipe is stated ({where}), but with " + " and ".join(gaps),
                    fix,
                    severity=FindingSeverity.WARNING,
                    evidence=evidence,
                ),
            )
            return
        frameworks = ", ".join(f"{k} {v}" for k, v in sorted(recipe.frameworks.items()))
        yield (
            Grade.FREE,
            self._finding(
                _R_RECIPE,
                "facts.recipe",
                Outcome.PASS,
                f"the recipe is stated ({where}) with {len(recipe.seeds)} seed(s) and {frameworks}",
                evidence=evidence,
            ),
        )

    def _edge(
        self,
        artifact: Artifact,
        index: int,
        edge: LineageEdge,
        run: _Run,
        cycle: Set[str],
    ) -> tuple[_Graded, UpstreamRef | None]:
        """The findings on one input edge (with their grades), and the reference to the
        upstream's verdict when it is assessed."""
        subject = f"lineage[{index}]"
        relation = edge.relation.value
        target = run.graph.artifacts.get(edge.target)
        evidence = tuple(edge.evidence)
        what = f"{edge.target!r} ({relation})"
        grades: list[Grade] = []
        findings: list[Finding] = []
        pin = _edge_pin(edge, target)
        if pin is None:
            grades.append(Grade.UNKNOWN)
            findings.append(
                self._finding(
                    _R_PINNED,
                    subject,
                    Outcome.UNKNOWN,
                    f"the upstream {what} is not pinned: the edge gives no revision or digest "
                    "and the upstream states no version",
                    self._fix(_R_PINNED, what=f"the upstream {what} (lineage revision or digests)"),
                    evidence=evidence,
                )
            )
        if target is None:
            grades.append(Grade.UNKNOWN)
            findings.append(
                self._finding(
                    _R_UPSTREAM,
                    subject,
                    Outcome.UNKNOWN,
                    f"the upstream {what} is not among the inputs: whether it can be rebuilt is "
                    "unknown",
                    self._fix(_R_UPSTREAM, what=what),
                    evidence=evidence,
                )
            )
            return (tuple(grades), tuple(findings)), None
        if target.id in cycle or target.id == artifact.id:
            grades.append(Grade.UNKNOWN)
            findings.append(
                self._finding(
                    _R_UPSTREAM,
                    subject,
                    Outcome.UNKNOWN,
                    f"the upstream {what} is on a lineage cycle: an artifact cannot descend "
                    "from itself",
                    "remove the lineage edge that closes the cycle",
                    evidence=evidence,
                )
            )
            return (tuple(grades), tuple(findings)), None
        assessment = run.done.get(target.id)
        if assessment is None:  # pragma: no cover - assessed in post-order before this one
            assessment = self._assess(target, run)
        grade = assessment.grade
        outcome, severity = self._outcome(grade, run)
        level = self._level(grade)
        ref = UpstreamRef(target.id, relation, outcome, level)
        name = target.display_name
        grades.append(grade)
        if grade is Grade.FREE:
            message = f"the upstream {name} ({relation}) is {level}"
            findings.append(
                self._finding(_R_UPSTREAM, subject, outcome, message, evidence=evidence)
            )
            return (tuple(grades), tuple(findings)), ref
        state = {
            Grade.OBTAINABLE: f"is {level}: it needs inputs from third parties or on non-free "
            "terms",
            Grade.MISSING: "is not rebuildable: something it needs is not released",
            Grade.UNKNOWN: "may or may not be rebuildable: facts are missing",
        }[grade]
        blockers, named = assessment.blocking()
        findings.append(
            self._finding(
                _R_UPSTREAM,
                subject,
                outcome,
                f"the upstream {name} ({relation}) {state}" + (f": {named}" if named else ""),
                self._fix(_R_UPSTREAM, what=name),
                severity=severity,
                evidence=evidence,
                findings=blockers,
            )
        )
        return (tuple(grades), tuple(findings)), ref

    def _level(self, grade: Grade) -> str | None:
        """The level an upstream of this grade reaches (None when unknown)."""
        if grade is Grade.UNKNOWN:
            return None
        return self.levels[_LEVEL_INDEX[grade]]

    # --- cost -----------------------------------------------------------------------------

    def _child_cost_finding(
        self, model: str, parent: _Assessment, upstream: RebuildCost
    ) -> Finding:
        """``_cost_finding(_with_unstated_model(model, upstream))``, where ``upstream`` is
        ``parent``'s cost: made once per parent with a placeholder for the model's id, split
        there (the model comes first in the lists it is in, so every downstream model's finding
        has its id in the same places), and joined with ``model``."""
        made = parent.child_cost
        if made is None:
            if any(_HOLE in name for name in upstream.models):  # pragma: no cover - ids are text
                return self._cost_finding(_with_unstated_model(model, upstream))
            template = self._cost_finding(_with_unstated_model(_HOLE, upstream))
            assert template.how_to_fix is not None  # the model states no compute: unknown
            made = parent.child_cost = (
                template.message.split(_HOLE),
                template.how_to_fix.split(_HOLE),
            )
        info = self._rules[_R_COST]
        return Finding(
            _R_COST,
            "facts.training",
            Outcome.UNKNOWN,
            model.join(made[0]),
            info.severity,
            model.join(made[1]),
            info.citation,
            upstream.evidence,
        )

    def _cost_finding(self, cost: RebuildCost) -> Finding:
        evidence = cost.evidence
        if not cost.models or cost.stated:
            return self._finding(
                _R_COST, "facts.training", Outcome.PASS, cost.describe(), evidence=evidence
            )
        lacking = ", ".join(cost.missing.get("_core", ()))
        return self._finding(
            _R_COST,
            "facts.training",
            Outcome.UNKNOWN,
            f"{cost.describe()}; no FLOP, accelerator hours or cost is stated for {lacking}",
            self._fix(_R_COST, what=lacking),
            evidence=evidence,
        )
