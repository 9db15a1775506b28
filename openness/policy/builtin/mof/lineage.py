"""``mof``'s lineage: the lineage rules' findings on a derivative (what it inherits must be
open, its declared license no more open than that), how they change the class verdict, and what
one run over a graph memoises (each artifact's body and what it passes on downstream)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from typing import Protocol

from openness.model import Artifact, Evidence
from openness.policy.base import Context
from openness.policy.builtin.mof.table import MofTable
from openness.policy.rules import CHECKS, ArtifactView, inherited_terms
from openness.policy.rules.lineage import EDGES_KEY
from openness.policy.run import Run
from openness.policy.verdict import Finding, Outcome, Verdict

__all__ = ["Body", "Done", "GraphRun", "Lineage", "combine", "lineage_findings"]


class _Named(Protocol):
    """A policy, as a verdict names it."""

    @property
    def id(self) -> str: ...  # pragma: no cover - a protocol

    @property
    def version(self) -> str: ...  # pragma: no cover - a protocol


#: A verdict body: outcome, level, findings.
Body = tuple[Outcome, "str | None", tuple[Finding, ...]]


#: The lineage rules' findings, or (on an artifact the policy does not judge) the evidence of
#: the terms it inherits.
Lineage = tuple[tuple[Finding, ...], tuple[Evidence, ...]]


def combine(
    outcome: Outcome, level: str | None, findings: tuple[Finding, ...], lineage: Lineage
) -> tuple[Outcome, str | None, tuple[Finding, ...]]:
    """The class body with the lineage findings added: a failure there fails the verdict and
    leaves it without a class, an unknown leaves it without a class."""
    extra, carried = lineage
    if outcome is Outcome.NOT_APPLICABLE:
        if carried:
            findings = tuple(replace(f, evidence=(*f.evidence, *carried)) for f in findings)
        return outcome, level, findings
    if not extra:
        return outcome, level, findings
    inherited = Outcome.combine([f.outcome for f in extra])
    if inherited is Outcome.FAIL:
        outcome, level = Outcome.FAIL, None
    elif inherited is Outcome.UNKNOWN:
        level = None
        if outcome is not Outcome.FAIL:
            outcome = Outcome.UNKNOWN
    return outcome, level, (*findings, *extra)


#: A verdict body (outcome, level, findings) and what its artifact passes on downstream (an
#: interned key of the licenses: its own terms and what it inherited).
Done = tuple[tuple[Outcome, "str | None", tuple[Finding, ...]], int]


class GraphRun:
    """What ``mof`` memoises while the engine judges one graph (kept in the engine's
    :class:`~openness.policy.run.Run`): each artifact's body and what it passes on (``done``),
    the bodies shared by artifacts with the same facts and upstream terms (``memo``), and the
    lineage findings shared more widely still (``lineage``)."""

    __slots__ = ("done", "graph", "lineage", "memo", "run")

    def __init__(self, run: Run):
        self.run = run
        self.graph = run.graph
        self.done: dict[str, Done] = {}
        self.memo: dict[Hashable, Done] = {}
        self.lineage: dict[Hashable, tuple[Lineage, int]] = {}

    def verdict(self, policy: _Named, artifact: str) -> Verdict:
        """The verdict made for an upstream artifact (for the lineage rules, which read its
        findings)."""
        outcome, level, findings = self.done[artifact][0]
        return Verdict(artifact, policy.id, policy.version, outcome, level, findings)


def lineage_findings(
    table: MofTable,
    artifact: Artifact,
    context: Context,
    applicable: bool,
    shared: Hashable | None = None,
) -> Lineage:
    """The lineage rules' findings on an artifact the policy judges; for one it does not
    judge, the terms it inherits, which its not-applicable finding carries on (as evidence)
    to the derivatives downstream. ``shared`` identifies what the deriving edges pass on,
    so that the analyses of the lineage rules are shared between artifacts."""
    if not table.lineage:
        return (), ()
    view = ArtifactView.of(artifact, context)
    if shared is not None:
        view.state[EDGES_KEY] = shared
    if not applicable:
        return (), inherited_terms(view).evidence if artifact.lineage else ()
    return tuple(CHECKS[spec.check](spec, view) for spec in table.lineage), ()
