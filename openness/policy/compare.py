"""Many artifacts under many policies, side by side: :func:`compare` and its
:class:`Comparison`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openness._repr import render_html
from openness.lineage import LineageGraph
from openness.model import Artifact
from openness.policy.base import Policy
from openness.policy.plan import graph_of
from openness.policy.verdict import Outcome, Verdict

__all__ = ["Comparison", "compare"]


def _cell(verdict: Verdict) -> str:
    if verdict.outcome is Outcome.NOT_APPLICABLE:
        return "n/a"
    if verdict.level is not None:
        return f"{verdict.outcome.value} ({verdict.level})"
    return verdict.outcome.value


@dataclass(frozen=True, slots=True)
class Comparison:
    """Many artifacts under many policies, side by side: one row per artifact, one column per
    policy."""

    artifacts: tuple[str, ...]
    policies: tuple[str, ...]
    verdicts: Mapping[tuple[str, str], Verdict]
    names: Mapping[str, str]

    def verdict(self, artifact: str, policy: str) -> Verdict:
        """The verdict on ``artifact`` under ``policy``."""
        return self.verdicts[(artifact, policy)]

    def cell(self, artifact: str, policy: str) -> str:
        """The table cell: the outcome, with the level for graded policies ("fail
        (toxic-candy)"), or "n/a"."""
        return _cell(self.verdict(artifact, policy))

    def rows(self) -> list[list[str]]:
        """A header row (artifact, then policy ids), then one row per artifact."""
        header = ["artifact", *self.policies]
        body = [
            [self.names.get(a, a), *(self.cell(a, p) for p in self.policies)]
            for a in self.artifacts
        ]
        return [header, *body]

    def to_markdown(self) -> str:
        """The comparison as a Markdown table."""
        rows = self.rows()
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
        return "\n".join(lines) + "\n"

    def _repr_html_(self) -> str:
        """The table as HTML, for notebooks (rendered by :mod:`openness.display`)."""
        return render_html("comparison", self)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: policies, and per artifact its cells by policy."""
        return {
            "policies": list(self.policies),
            "artifacts": [
                {
                    "artifact": a,
                    "name": self.names.get(a, a),
                    "verdicts": {
                        p: {
                            "outcome": self.verdict(a, p).outcome.value,
                            "level": self.verdict(a, p).level,
                        }
                        for p in self.policies
                    },
                }
                for a in self.artifacts
            ],
        }


def compare(
    artifacts: Iterable[Artifact] | LineageGraph,
    policies: Sequence[str | Policy] | str | Policy | None = None,
    *,
    strict: bool = False,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Comparison:
    """Judge every artifact under every policy and lay the verdicts out side by side."""
    from openness.policy.engine import check  # (the engine names this module)

    graph = graph_of(artifacts)
    verdicts = check(graph, policies, strict=strict, options=options)
    policy_ids = tuple(dict.fromkeys(v.policy for v in verdicts))
    return Comparison(
        artifacts=tuple(graph.artifacts),
        policies=policy_ids,
        verdicts={(v.artifact, v.policy): v for v in verdicts},
        names={a.id: a.display_name for a in graph},
    )
