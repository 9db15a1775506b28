"""Rich display for notebooks: pure functions returning HTML strings.

Every value is escaped, the CSS ships as package data (``static/openness.css``), long parts
collapse with ``<details>``, each output carries a plain-text fallback for viewers that strip
styles, and there is no JavaScript and no IPython import. The model, verdict and comparison
types call these from their ``_repr_html_`` methods; :func:`to_dataframe` turns a comparison
into a pandas DataFrame when pandas is installed (the ``notebook`` extra).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import import_module
from typing import Any

from openness.display.escape import h
from openness.display.html import artifact_body, css, matrix_body, verdict_body, wrap
from openness.display.svg import lineage_svg
from openness.display.text import artifact_text, matrix_text, verdict_text
from openness.model import Artifact
from openness.policy.engine import Comparison
from openness.policy.verdict import Outcome, Verdict

__all__ = [
    "artifact_html",
    "comparison_html",
    "comparison_text",
    "css",
    "lineage_html",
    "to_dataframe",
    "verdict_html",
]


def artifact_html(artifact: Artifact) -> str:
    """An artifact: fields, components (open) and lineage (collapsed)."""
    return wrap(artifact_body(artifact), artifact_text(artifact))


def verdict_html(verdict: Verdict) -> str:
    """A verdict: outcome and level, failing and unknown findings open, the rest collapsed."""
    return wrap(verdict_body(verdict), verdict_text(verdict))


class _Table:
    """A comparison flattened: artifact ids (rows), policy ids (columns), cells, names."""

    def __init__(self, comparison: Comparison | Iterable[Verdict], artifacts: Any) -> None:
        given: list[Artifact] = []
        if isinstance(artifacts, Mapping):
            artifacts = artifacts.values()
        for artifact in artifacts or ():
            if isinstance(artifact, Artifact):
                given.append(artifact)
        self.names: dict[str, str] = {a.id: a.display_name for a in given}
        if isinstance(comparison, Comparison):
            self.rows = list(comparison.artifacts)
            self.cols = list(comparison.policies)
            self.cells = dict(comparison.verdicts)
            self.names = {**comparison.names, **self.names}
        else:
            verdicts = [v for v in comparison if isinstance(v, Verdict)]
            self.rows = list(dict.fromkeys(v.artifact for v in verdicts))
            self.cols = list(dict.fromkeys(v.policy for v in verdicts))
            self.cells = {(v.artifact, v.policy): v for v in verdicts}
        self.verdicts = [
            self.cells[(a, p)] for a in self.rows for p in self.cols if (a, p) in self.cells
        ]
        for row in self.rows:
            self.names.setdefault(row, row)


def comparison_text(
    comparison: Comparison | Iterable[Verdict], artifacts: Iterable[Artifact] | None = None
) -> str:
    """A comparison as a fixed-width artifact by policy table."""
    table = _Table(comparison, artifacts)
    return matrix_text(table.rows, table.cols, table.cells, table.names)


def comparison_html(
    comparison: Comparison | Iterable[Verdict], artifacts: Iterable[Artifact] | None = None
) -> str:
    """The artifact by policy matrix of a comparison (from :func:`openness.policy.compare`, or
    any verdicts), with the failing and unknown findings of each verdict collapsed below it.
    ``artifacts`` gives names to rows."""
    table = _Table(comparison, artifacts)
    body = [matrix_body(table.rows, table.cols, table.cells, names=table.names)]
    bad = [v for v in table.verdicts if v.outcome in (Outcome.FAIL, Outcome.UNKNOWN)]
    if bad:
        body.append(f"<details><summary>Findings ({len(bad)} verdict(s))</summary>")
        for verdict in bad:
            title = f"{h(table.names[verdict.artifact])} under {h(verdict.policy)}"
            body.append(verdict_body(verdict, title=title))
        body.append("</details>")
    return wrap("".join(body), matrix_text(table.rows, table.cols, table.cells, table.names))


def lineage_html(artifacts: Iterable[Artifact], verdicts: Iterable[Verdict] = ()) -> str:
    """The lineage graph as an inline SVG; with verdicts (of one policy), nodes are coloured
    by outcome."""
    items = list(artifacts)
    status = {v.artifact: v.outcome for v in verdicts}
    lines = [
        f"{a.id} <- " + ", ".join(f"{e.relation.value} {e.target}" for e in a.lineage)
        for a in items
        if a.lineage
    ]
    fallback = "\n".join(lines) or f"{len(items)} artifact(s), no lineage"
    return wrap(lineage_svg(items, status), fallback)


def to_dataframe(
    comparison: Comparison | Iterable[Verdict],
    artifacts: Iterable[Artifact] | None = None,
    *,
    long: bool = False,
) -> Any:
    """A comparison as a pandas DataFrame (needs the ``notebook`` extra).

    Wide (default): one row per artifact (index: artifact id), one column per policy, cells
    like ``pass`` or ``fail (class-3)``. ``long=True``: one row per verdict with columns
    artifact, name, policy, outcome, level, failing and unknown (finding counts).
    """
    try:
        pd = import_module("pandas")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_dataframe needs pandas: pip install 'openness[notebook]'") from exc
    from openness.display.text import cell_text

    table = _Table(comparison, artifacts)
    if long:
        rows = [
            {
                "artifact": v.artifact,
                "name": table.names[v.artifact],
                "policy": v.policy,
                "outcome": v.outcome.value,
                "level": v.level,
                "failing": sum(1 for f in v.findings if f.outcome is Outcome.FAIL),
                "unknown": sum(1 for f in v.findings if f.outcome is Outcome.UNKNOWN),
            }
            for v in table.verdicts
        ]
        columns = ["artifact", "name", "policy", "outcome", "level", "failing", "unknown"]
        return pd.DataFrame(rows, columns=columns)
    data = {p: [cell_text(table.cells.get((a, p))) for a in table.rows] for p in table.cols}
    frame = pd.DataFrame(data, index=pd.Index(table.rows, name="artifact"), columns=table.cols)
    frame.columns.name = "policy"
    return frame
