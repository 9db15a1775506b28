"""The policy interface: what a policy is and what it is given to judge an artifact.

A policy never imports a format library and never does I/O: it reads the model and the
license knowledge base and returns a :class:`~openness.policy.verdict.Verdict`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeGuard, runtime_checkable

from openness.lineage import LineageGraph
from openness.model import Artifact, LineageEdge, Relation
from openness.policy.run import Run
from openness.policy.verdict import Citation, Finding, FindingSeverity, Outcome, Verdict

__all__ = [
    "Batch",
    "BatchedPolicy",
    "Batcher",
    "Body",
    "CachingPolicy",
    "Context",
    "GraphPolicy",
    "OptionInfo",
    "Policy",
    "PolicyRun",
    "RuleInfo",
    "SignedPolicy",
    "UpstreamSignedPolicy",
    "UpstreamVerdict",
    "is_batched",
    "is_caching",
    "is_graph_policy",
    "is_signed",
    "is_upstream_signed",
    "offers",
]

#: A verdict body: level, outcome and findings (what verdicts with equal facts share; the
#: engine adds the artifact, the policy's identity and the upstream references).
Body = tuple[str | None, Outcome, tuple[Finding, ...]]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """A rule's metadata, listed by ``openness policies ID`` and in the docs."""

    id: str
    title: str
    citation: Citation
    passes: str  # what passes, in one sentence
    severity: FindingSeverity = FindingSeverity.ERROR


@dataclass(frozen=True, slots=True)
class OptionInfo:
    """A policy option: its type, default and meaning, and for a number the least value it
    may take (None: any)."""

    name: str
    type: type
    default: Any
    help: str
    minimum: float | None = None


@dataclass(frozen=True, slots=True)
class UpstreamVerdict:
    """This policy's verdict on an artifact the judged one has a lineage edge to."""

    edge: LineageEdge
    artifact: Artifact
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class Context:
    """What a policy is given besides the artifact: the verdicts (under the same policy) of the
    artifacts it has lineage edges to, already computed in topological order; the options; and
    the whole graph for rules that walk further (the lineage closure); and the
    :class:`~openness.policy.run.Run` the engine judges it in (None when a policy is asked
    directly), where a policy memoises what it shares between the graph's artifacts."""

    graph: LineageGraph
    upstream: tuple[UpstreamVerdict, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    run: Run | None = None


@runtime_checkable
class Policy(Protocol):
    """A named, versioned definition of "open" with options.

    Built-ins live in :mod:`openness.policy.builtin`; third parties register objects of this
    shape through the ``openness.policies`` entry point group.
    """

    id: str
    version: str
    title: str
    summary: str
    levels: tuple[str, ...]  # graded levels, best first; empty when the policy does not grade

    def rules(self) -> Sequence[RuleInfo]:
        """Every rule the policy can report, with its citation."""
        ...

    def options(self) -> Mapping[str, OptionInfo]:
        """The options the policy takes."""
        ...

    def data_hash(self) -> str:
        """A digest of the policy's tables and the knowledge base version."""
        ...

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge one artifact. Missing facts give unknown findings, never exceptions."""
        ...


# --- what a policy may offer the engine besides the Policy protocol --------------------------
#
# The engine knows a policy only through these protocols (checked with isinstance, once per
# policy and call of check): each is optional, and a policy that offers none is judged with
# evaluate(), artifact by artifact, upstream first.


@runtime_checkable
class SignedPolicy(Policy, Protocol):
    """A policy whose verdict bodies the engine may share between artifacts: ``signature``
    covers every fact of the artifact the policy reads, so that artifacts with equal
    signatures and equal upstream keys get one body (subjects are relative to the artifact)."""

    def signature(self, artifact: Artifact) -> Hashable:
        """Every fact of ``artifact`` the policy reads, as one hashable value."""
        ...


@runtime_checkable
class UpstreamSignedPolicy(SignedPolicy, Protocol):
    """A signed policy that says what it reads of an upstream artifact through an edge (else
    the engine keys an edge by the upstream's signature and verdict body)."""

    def upstream_signature(
        self, relation: Relation, upstream: Artifact, verdict: Verdict
    ) -> Hashable:
        """What the policy reads of ``upstream`` (judged ``verdict``) through an edge of
        ``relation``, as one hashable value (the engine computes it once per target and
        relation)."""
        ...


@runtime_checkable
class GraphPolicy(Policy, Protocol):
    """A policy that reads upstream artifacts from the graph rather than from the context's
    upstream verdicts: the engine asks it for each body directly (upstream first) and builds
    no :class:`Context`."""

    def verdict_body(self, artifact: Artifact, run: Run, options: Mapping[str, Any]) -> Body:
        """What :meth:`Policy.evaluate` gives (level, outcome, findings) without the upstream
        references; ``run`` is the engine's :class:`~openness.policy.run.Run` (the graph, and
        where the policy memoises what it shares between the graph's artifacts)."""
        ...


@runtime_checkable
class CachingPolicy(Protocol):
    """A policy that keeps caches keyed by content (shared by every run) and can drop them,
    for cold benchmarks; verdicts do not change."""

    def clear_cache(self) -> None:
        """Forget every cached finding or body."""
        ...


class PolicyRun(Protocol):
    """What a :class:`Batch` is given of the engine's per-policy state in one run."""

    policy: Policy
    options: Mapping[str, Any]
    verdicts: Mapping[str, Verdict]

    def context(self, artifact: Artifact, present: Sequence[LineageEdge]) -> Context:
        """The context of ``artifact`` under this run's policy (``present``: its edges to
        loaded artifacts)."""
        ...


class Batch(Protocol):
    """Several policies judged together over one run's graph, sharing the per-artifact work."""

    def bodies(self, artifact: Artifact, present: Sequence[LineageEdge]) -> list[Body]:
        """The body of ``artifact`` under each policy of the batch, in the order of the runs
        the batch was made with (upstream verdicts already made)."""
        ...


#: Makes the batch of some policies' runs in one :class:`~openness.policy.run.Run`.
Batcher = Callable[[Sequence[PolicyRun], Run], Batch]


@runtime_checkable
class BatchedPolicy(Policy, Protocol):
    """A policy judged together with the others of the same :attr:`batcher` (the built-in
    table policies and policy files: they share the per-artifact work)."""

    @property
    def batcher(self) -> Batcher:
        """What makes the batch; policies with the same batcher are judged together."""
        ...


#: isinstance(policy, protocol) by (class, protocol), for classes whose members decide it.
_OFFERS: dict[tuple[type, type], bool] = {}


def _members(protocol: type) -> set[str]:
    """The members a protocol declares beyond :class:`Policy`."""
    return {
        name
        for klass in protocol.__mro__
        if klass not in (Policy, Protocol, Generic, object)
        for name in vars(klass)
        if not name.startswith("_")
    }


def offers(policy: object, protocol: type) -> bool:
    """``isinstance(policy, protocol)`` for a policy (an object of the :class:`Policy`
    protocol) and one of the optional protocols above. Remembered per class when the class
    itself has every member the object has (an ``isinstance`` on a protocol walks its members:
    about 0.1 ms each, 4 ms per call of ``check`` with nine policies), else asked each time."""
    key = (type(policy), protocol)
    found = _OFFERS.get(key)
    if found is None:
        found = isinstance(policy, protocol)
        if all(hasattr(key[0], m) == hasattr(policy, m) for m in _members(protocol)):
            _OFFERS[key] = found
    return found


def is_signed(policy: Policy) -> TypeGuard[SignedPolicy]:
    """Whether ``policy`` is a :class:`SignedPolicy`."""
    return offers(policy, SignedPolicy)


def is_upstream_signed(policy: Policy) -> TypeGuard[UpstreamSignedPolicy]:
    """Whether ``policy`` is an :class:`UpstreamSignedPolicy`."""
    return offers(policy, UpstreamSignedPolicy)


def is_graph_policy(policy: Policy) -> TypeGuard[GraphPolicy]:
    """Whether ``policy`` is a :class:`GraphPolicy`."""
    return offers(policy, GraphPolicy)


def is_batched(policy: Policy) -> TypeGuard[BatchedPolicy]:
    """Whether ``policy`` is a :class:`BatchedPolicy`."""
    return offers(policy, BatchedPolicy)


def is_caching(policy: object) -> TypeGuard[CachingPolicy]:
    """Whether ``policy`` is a :class:`CachingPolicy` (it can drop its caches)."""
    return offers(policy, CachingPolicy)
