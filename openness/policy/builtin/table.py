"""Table-driven policies: a requirement table (TOML or YAML) names rules, the checks they run
and the clauses they cite; :class:`TablePolicy` evaluates it.

Every built-in policy but ``mof`` is a table shipped under ``openness/policy/data/``; a user
policy file has the same shape and reuses the same named checks with its own table::

    [policy]
    id = "my-org"                     # not a built-in id
    version = "1"
    title = "Weights and code under OSI-approved licenses"
    summary = "..."
    applies_to = ["model"]            # other kinds are not-applicable
    levels = []                       # graded levels, best first (optional)
    pass_level = "..."                # the level that passes (default: the best)
    citation = { document = "...", url = "..." }   # default citation of every rule

    [options.budget_flop]             # options the checks read (optional)
    type = "float"                    # float | int | str | bool
    default = 1e21
    help = "..."

    [[rules]]
    id = "my-org/parameters"          # stable id, unique in the table
    check = "component-license"       # one of openness.policy.rules.CHECKS
    title = "..."
    passes = "..."                    # what passes, in one sentence
    roles = ["model-parameters-final"]
    notions = ["osi"]                 # alternatives; see openness.licenses.Notion
    require = "obtainable"            # or "public"
    kinds = ["model"]                 # optional: only these kinds
    level = "..."                     # optional: needed for this level and better ones
    when = "within-budget"            # optional: a condition an earlier rule decides
    severity = "error"                # error | warning | info
    section = "..."                   # the citation: section, clause, url, document
    clause = "..."
    how_to_fix = "..."                # optional: {what}, {terms}, {license} are filled in
    params = { terms = "..." }        # optional: extra parameters for the check
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from openness.licenses import knowledge_base
from openness.model import Artifact, ArtifactKind, Relation
from openness.policy.base import Context, OptionInfo, RuleInfo
from openness.policy.builtin.signature import (
    clear_signature_caches,
    facts_signature,
    intern,
    parts_of,
)
from openness.policy.builtin.table_compile import Compiled, compile_rule, reads_of
from openness.policy.builtin.table_format import (
    OPTION_TYPES,
    PolicyError,
    PolicyTable,
    coerce_option,
    parse_table,
)
from openness.policy.builtin.table_judge import combined as _combined
from openness.policy.builtin.table_judge import conditional, grade
from openness.policy.rules import ArtifactView, RuleSpec
from openness.policy.rules.catalogue import lineage_value, slot_of, slot_value
from openness.policy.rules.lineage import (
    EDGES_KEY,
    clear_lineage_caches,
    inherited_terms,
    passed_on,
)
from openness.policy.rules.slots import Slot
from openness.policy.rules.spec import CACHE_LIMIT
from openness.policy.verdict import Finding, FindingSeverity, Outcome, Verdict

if TYPE_CHECKING:
    from openness.policy.base import (
        BatchedPolicy,
        Batcher,
        CachingPolicy,
        UpstreamSignedPolicy,
    )

__all__ = [
    "OPTION_TYPES",
    "Compiled",
    "PolicyError",
    "PolicyTable",
    "Slot",
    "TablePolicy",
    "coerce_option",
    "parse_table",
    "slot_of",
    "slot_value",
]


class TablePolicy:
    """A policy evaluated from a :class:`PolicyTable`: each rule's named check, in table order,
    then the outcome (every error finding must pass) and, for a graded policy, the level.

    Findings are values and their subjects are relative, so each rule's finding is cached under
    the facts that rule reads (the signature parts of its roles, the fallback licenses, the
    upstream keys of the edges it follows, ...): an artifact whose rules have all been seen with
    the same facts costs a few dictionary lookups. Those caches are keyed by content and shared
    by every run (and thread); nothing of one graph is kept here (see
    :mod:`openness.policy.run`).
    """

    def __init__(self, table: PolicyTable, data: bytes = b""):
        self.table = table
        self.id = table.id
        self.version = table.version
        self.title = table.title
        self.summary = table.summary
        self.levels = table.levels
        digest = hashlib.sha256(data or repr(table).encode())
        digest.update(knowledge_base().version.encode())
        self._hash = digest.hexdigest()[:16]
        self._level_of = {level: i for i, level in enumerate(table.levels)}
        self._not_applicable: dict[ArtifactKind, Finding] = {}
        self._skipped: dict[Hashable, Finding] = {}
        kinds = ", ".join(sorted(k.value for k in table.applies_to))
        self._applies_to = RuleInfo(
            id=f"{table.id}/applies-to",
            title="The artifact is of a kind the policy judges",
            citation=table.citation,
            passes=f"Artifacts of kind {kinds} are judged; any other kind is not-applicable.",
            severity=FindingSeverity.INFO,
        )
        reads = self._reads = reads_of(table.rules)
        self._roles = reads.roles
        self._compiled = [compile_rule(spec, table.rules) for spec in table.rules]
        self._slots = tuple(dict.fromkeys(c[1] for c in self._compiled))
        self._by_kind: dict[ArtifactKind, list[Compiled]] = {}  # the rules for each kind
        #: Whether the table has a lineage rule (its verdicts then record the inherited terms).
        self.reads_lineage = reads.lineage

    def clear_cache(self) -> None:
        """Forget every cached finding (for cold benchmarks); verdicts do not change."""
        for spec, _, cache, _, _, _ in self._compiled:
            spec.cache.clear()
            cache.clear()
        self._skipped.clear()
        clear_lineage_caches()
        clear_signature_caches()

    @property
    def slots(self) -> tuple[Slot, ...]:
        """The cache slots the table's rules read (see :func:`slot_of`)."""
        return self._slots

    @property
    def batcher(self) -> Batcher:
        """What judges table policies together: a
        :class:`~openness.policy.builtin.batch.TableBatch` (see
        :class:`~openness.policy.base.BatchedPolicy`)."""
        from openness.policy.builtin.batch import TableBatch  # (it reads this module)

        return TableBatch

    def judge_rules(
        self,
        artifact: Artifact,
        slots: Mapping[Slot, Hashable],
        options: Mapping[str, Any],
        view_of: Callable[[], ArtifactView],
        keys: Mapping[Slot, Hashable] | None = None,
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        """Every applicable rule's finding, from its cache under its key (the slot's value,
        with the option and the condition's decision it reads) or from its check; then the level
        and the outcome. ``view_of`` builds the view a check needs, on a cache miss. ``keys``
        stands for each slot's value in the cache keys (the batch gives interned values)."""
        view: ArtifactView | None = None
        judged: list[tuple[RuleSpec, Finding]] = []
        kind = artifact.kind
        compiled = self._by_kind.get(kind)
        if compiled is None:
            compiled = self._by_kind[kind] = [
                c for c in self._compiled if c[0].kinds is None or kind in c[0].kinds
            ]
        if keys is None:
            keys = slots
        for spec, slot, cache, condition, option, function in compiled:
            key = keys[slot]
            if option is not None:
                key = (key, options.get(option))
            decided: bool | None = None
            if condition is not None:
                decided = condition[1].decide(condition[0], artifact, options)
                key = (key, decided)
            finding = cache.get(key) if slot is not None else None
            if finding is None:
                if view is None:
                    view = view_of()
                    lineage = lineage_value(slots)
                    if isinstance(lineage, tuple):
                        view.state[EDGES_KEY] = lineage[0]  # the deriving edges and their keys
                if condition is not None and spec.when is not None:
                    view.state[spec.when] = decided
                finding = function(spec, view)
                if condition is not None:
                    finding = conditional(spec, decided, finding, condition[1].how_to_decide)
                if slot is not None:
                    if len(cache) >= CACHE_LIMIT:
                        cache.clear()
                    cache[key] = finding
            judged.append((spec, finding))
        if not self.table.levels:  # the common case, without the per-level bookkeeping
            return None, _combined([f for _, f in judged]), tuple([f for _, f in judged])
        level, outcome = grade(judged, self.table.levels, self._level_of, self.table.pass_level)
        return level, outcome, tuple([f for _, f in judged])

    def signature(self, artifact: Artifact) -> Hashable:
        """The facts of ``artifact`` this table's rules read (see
        :mod:`openness.policy.builtin.signature`): the engine shares verdict bodies between
        artifacts with equal signatures and equal upstream keys."""
        parts = parts_of(artifact)  # made afresh: no run to keep it in
        roles = parts.roles
        reads = self._reads
        return (
            parts.kind,
            parts.relations,
            parts.license if reads.license else 0,
            parts.head if reads.head else 0,
            parts.declared if reads.declared else 0,
            parts.compute if reads.compute else 0,
            *[roles.get(role, 0) for role in self._roles],
        )

    def upstream_signature(
        self, relation: Relation, upstream: Artifact, verdict: Verdict
    ) -> Hashable:
        """What this table's rules read of an upstream artifact through an edge: for a deriving
        edge, the licenses the upstream passes on (its own terms and those it inherited, from its
        verdict's findings); for ``trained-on``, the dataset's facts (when a rule reads
        training data); else nothing."""
        if relation.derives:  # every deriving relation passes the same terms on
            return intern(("derives", passed_on(upstream, verdict.findings)))
        if relation is Relation.TRAINED_ON and self._reads.datasets:
            return intern((relation, facts_signature(upstream)))
        return intern(relation)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.version}>"

    def rules(self) -> Sequence[RuleInfo]:
        """Every rule the policy reports: ``<id>/applies-to`` (the verdict on an artifact of a
        kind the policy does not judge), then the table's rules, with their citations."""
        return [self._applies_to, *(spec.info() for spec in self.table.rules)]

    def options(self) -> Mapping[str, OptionInfo]:
        """The options the table declares."""
        return self.table.options

    def data_hash(self) -> str:
        """A digest of the table and the knowledge base version."""
        return self._hash

    def skip(self, kind: ArtifactKind) -> Finding:
        """The not-applicable finding for an artifact of a kind the policy does not judge."""
        finding = self._not_applicable.get(kind)
        if finding is None:
            kinds = ", ".join(sorted(k.value for k in self.table.applies_to))
            finding = self._not_applicable[kind] = Finding(
                rule=self._applies_to.id,
                subject="artifact",
                outcome=Outcome.NOT_APPLICABLE,
                message=f"{self.id} judges artifacts of kind {kinds}; this one is a {kind.value}",
                severity=FindingSeverity.INFO,
                citation=self.table.citation,
            )
        return finding

    def skip_body(
        self,
        artifact: Artifact,
        slots: Mapping[Slot, Hashable],
        view_of: Callable[[], ArtifactView],
    ) -> tuple[str | None, Outcome, tuple[Finding, ...]]:
        """The verdict body on an artifact of a kind the policy does not judge: not applicable.
        A derivative still passes its inherited terms on (as evidence of the finding), so that
        lineage through it (a model derived from a dataset) is not lost to its derivatives."""
        finding = self.skip(artifact.kind)
        lineage = lineage_value(slots)
        if isinstance(lineage, tuple) and lineage[0]:
            key = (artifact.kind, lineage[0])
            cached = self._skipped.get(key)
            if cached is None:
                view = view_of()
                view.state[EDGES_KEY] = lineage[0]
                terms = inherited_terms(view).terms
                cached = replace(
                    finding,
                    message=finding.message + "; it passes the terms it inherits on to its "
                    "derivatives (evidence)",
                    evidence=tuple(term.evidence() for term in terms),
                )
                if len(self._skipped) >= CACHE_LIMIT:
                    self._skipped.clear()
                self._skipped[key] = cached
            finding = cached
        return None, Outcome.NOT_APPLICABLE, (finding,)

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge one artifact. Missing facts give unknown findings, never exceptions."""
        parts = parts_of(artifact, context.run)
        edges = self._edge_keys(artifact, context)
        slots = {slot: slot_value(slot, parts, edges, artifact) for slot in self._slots}
        if artifact.kind not in self.table.applies_to:
            level, outcome, findings = self.skip_body(
                artifact, slots, lambda: ArtifactView.of(artifact, context)
            )
        else:
            level, outcome, findings = self.judge_rules(
                artifact, slots, context.options, lambda: ArtifactView.of(artifact, context)
            )
        return Verdict(
            artifact=artifact.id,
            policy=self.id,
            policy_version=self.version,
            outcome=outcome,
            level=level,
            findings=findings,
            data_hash=self._hash,
            levels=self.levels,
        )

    def _edge_keys(self, artifact: Artifact, context: Context) -> tuple[Hashable, ...]:
        """Per lineage edge, what the rules read through it (see :meth:`upstream_signature`)."""
        if not artifact.lineage:
            return ()
        by_edge = {id(u.edge): u for u in context.upstream}
        keys: list[Hashable] = []
        for edge in artifact.lineage:
            upstream = by_edge.get(id(edge))
            if upstream is None:
                keys.append(intern((edge.relation, edge.target)))
            else:
                keys.append(
                    self.upstream_signature(edge.relation, upstream.artifact, upstream.verdict)
                )
        return tuple(keys)


if TYPE_CHECKING:  # mypy proves that a table policy offers the engine what it says

    def _offers(policy: TablePolicy) -> tuple[UpstreamSignedPolicy, BatchedPolicy, CachingPolicy]:
        return policy, policy, policy
