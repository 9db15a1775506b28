"""The policy interface: what a policy is and what it is given to judge an artifact.

A policy never imports a format library and never does I/O: it reads the model and the
license knowledge base and returns a :class:`~openness.policy.verdict.Verdict`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from openness.lineage import LineageGraph
from openness.model import Artifact, LineageEdge
from openness.policy.run import Run
from openness.policy.verdict import Citation, FindingSeverity, Verdict

__all__ = ["Context", "OptionInfo", "Policy", "RuleInfo", "UpstreamVerdict"]


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
