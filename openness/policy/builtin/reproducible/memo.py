"""What ``reproducible`` memoises while judging one graph: the grade of each artifact, its
assessment (findings, upstream references, cost to rebuild, and what a downstream artifact
carries about it), and the run that holds them, kept in the engine's
:class:`~openness.policy.run.Run`, never in the policy."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from openness.licenses import Notion
from openness.lineage import LineageGraph
from openness.model import Artifact
from openness.policy.builtin.reproducible.cost import RebuildCost, with_unstated_model
from openness.policy.builtin.reproducible.table import R_UPSTREAM
from openness.policy.run import Run
from openness.policy.verdict import Finding, FindingSeverity, Outcome, UpstreamRef

__all__ = [
    "HOLE",
    "LEVEL_INDEX",
    "MAX_UPSTREAM_FINDINGS",
    "NO_CYCLE",
    "Assessment",
    "Grade",
    "Graded",
    "GraphRun",
]

#: At most this many upstream findings are carried under a lineage finding.
MAX_UPSTREAM_FINDINGS = 50


class Grade(IntEnum):
    """What an input (or an artifact) allows, worst first; an artifact's grade is the lowest
    of its inputs' grades."""

    MISSING = 0  # something needed is not released
    UNKNOWN = 1  # a fact is missing
    OBTAINABLE = 2  # third-party, gated, on request, or non-free terms
    FREE = 3  # released, freely licensed, pinned


class Assessment:
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
            cost = self._cost = with_unstated_model(self.artifact.id, self._upstream_cost)
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
        seen: set[Key] = set()
        carried: list[tuple[Finding, ...]] = []
        for g, f in zip(self.grades, self.findings[:-1], strict=True):  # not the cost finding
            if g is Grade.FREE and f.severity is not FindingSeverity.WARNING:
                continue
            if f.rule == R_UPSTREAM:
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
            distinct: dict[Key, Finding] = {}
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
Key = tuple[str, str, str]

#: Findings with the grade of each, as computed for one key.
Graded = tuple[tuple[Grade, ...], tuple[Finding, ...]]


@dataclass
class GraphRun:
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
    done: dict[str, Assessment] = field(default_factory=dict)
    own: dict[Hashable, tuple[Grade, Graded]] = field(default_factory=dict)
    edges: dict[Hashable, tuple[Graded, UpstreamRef | None]] = field(default_factory=dict)
    no_cost: Finding | None = None  # the cost finding when no model is retrained


NO_CYCLE: frozenset[str] = frozenset()
#: The index in the levels of the level an upstream of each known grade reaches.
LEVEL_INDEX = {Grade.FREE: 0, Grade.OBTAINABLE: 1, Grade.MISSING: 2}
#: Where a model's id goes in a cost finding made for any model (see
#: ReproduciblePolicy._child_cost_finding).
HOLE = "\x00"
