"""Assessing an artifact: its upstream inputs first (an iterative depth-first walk in
post-order, a cycle giving unknown), then its own findings and one finding per input edge, each
memoised in the run under exactly the facts it reads, and its cost to rebuild made from its
upstream models' costs."""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Set
from itertools import islice

from openness.lineage import LineageGraph
from openness.model import Artifact, ArtifactKind, LineageEdge
from openness.policy.builtin.reproducible.cost import MAX_COST_CLOSURE, RebuildCost, summarise
from openness.policy.builtin.reproducible.inputs import InputFindings, edge_pin, versioned
from openness.policy.builtin.reproducible.memo import (
    NO_CYCLE,
    Assessment,
    Grade,
    Graded,
    GraphRun,
)
from openness.policy.builtin.reproducible.table import R_PINNED, R_UPSTREAM, KindRules
from openness.policy.builtin.signature import parts_of
from openness.policy.run import Run
from openness.policy.verdict import Finding, Outcome, UpstreamRef

__all__ = ["Assessor"]


class Assessor(InputFindings):
    """Assesses artifacts of one graph (the memo is the run's, never the assessor's)."""

    def _assess(self, artifact: Artifact, run: GraphRun) -> Assessment:
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
            ready = self._assess_one(artifact, run, NO_CYCLE)
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

    def _assess_one(self, artifact: Artifact, run: GraphRun, cycle: Set[str]) -> Assessment | None:
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
        parents: list[Assessment] | None = []
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
        return Assessment(
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
            version = (artifact.version, artifact.purl, versioned(artifact))
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

    def _own(self, artifact: Artifact, rules: KindRules, run: GraphRun) -> tuple[Grade, Graded]:
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
        run: GraphRun,
        parents: list[Assessment] | None,
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
                finding = run.no_cost = self._cost_finding(summarise(artifact, (), False))
            return None, None, 0, finding
        aid = artifact.id
        if parents is None:
            return self._truncated(artifact)
        if not parents:
            return self._costed(summarise(artifact, (artifact,), False), 1)
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
        return self._costed(summarise(artifact, models, False), len(ids))

    def _truncated(self, artifact: Artifact) -> tuple[RebuildCost, None, int | None, Finding]:
        return self._costed(summarise(artifact, (artifact,), True), None)

    def _costed(
        self, cost: RebuildCost, size: int | None
    ) -> tuple[RebuildCost, None, int | None, Finding]:
        return cost, None, size, self._cost_finding(cost)

    def _edge(
        self,
        artifact: Artifact,
        index: int,
        edge: LineageEdge,
        run: GraphRun,
        cycle: Set[str],
    ) -> tuple[Graded, UpstreamRef | None]:
        """The findings on one input edge (with their grades), and the reference to the
        upstream's verdict when it is assessed."""
        subject = f"lineage[{index}]"
        relation = edge.relation.value
        target = run.graph.artifacts.get(edge.target)
        evidence = tuple(edge.evidence)
        what = f"{edge.target!r} ({relation})"
        grades: list[Grade] = []
        findings: list[Finding] = []
        pin = edge_pin(edge, target)
        if pin is None:
            grades.append(Grade.UNKNOWN)
            findings.append(
                self._finding(
                    R_PINNED,
                    subject,
                    Outcome.UNKNOWN,
                    f"the upstream {what} is not pinned: the edge gives no revision or digest "
                    "and the upstream states no version",
                    self._fix(R_PINNED, what=f"the upstream {what} (lineage revision or digests)"),
                    evidence=evidence,
                )
            )
        if target is None:
            grades.append(Grade.UNKNOWN)
            findings.append(
                self._finding(
                    R_UPSTREAM,
                    subject,
                    Outcome.UNKNOWN,
                    f"the upstream {what} is not among the inputs: whether it can be rebuilt is "
                    "unknown",
                    self._fix(R_UPSTREAM, what=what),
                    evidence=evidence,
                )
            )
            return (tuple(grades), tuple(findings)), None
        if target.id in cycle or target.id == artifact.id:
            grades.append(Grade.UNKNOWN)
            findings.append(
                self._finding(
                    R_UPSTREAM,
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
            findings.append(self._finding(R_UPSTREAM, subject, outcome, message, evidence=evidence))
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
                R_UPSTREAM,
                subject,
                outcome,
                f"the upstream {name} ({relation}) {state}" + (f": {named}" if named else ""),
                self._fix(R_UPSTREAM, what=name),
                severity=severity,
                evidence=evidence,
                findings=blockers,
            )
        )
        return (tuple(grades), tuple(findings)), ref
