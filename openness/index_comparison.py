"""Our verdicts beside the European Open Source AI Index's ratings.

The index (osai-index.eu) rates each generative AI system open, partial or closed on twelve
dimensions; our policies judge the same system, imported by
:mod:`openness.formats.eu_index.ratings`, pass, fail or unknown. The two answer different questions,
but three policies ask for things the index rates directly, so the index's ratings can be read
as a prediction of our verdict:

- ``weights-as-source``: the end model's weights rated open, and its licenses at least partial
  (the index rates the licenses of the whole system, data and code included; partial means
  some of it is openly licensed, which may be the weights);
- ``osaid``: weights, training code and licenses open, and the data at least described
  (the base and end model's data sources rated open or partial: OSAID asks for data
  information, not the data);
- ``data-as-source``: weights, training code, licenses and both data sources open.

Each system gets, per policy, what the index's ratings say (``meets``, ``does-not-meet`` or
``unrated`` when a needed dimension is not rated) and how our verdict relates to it: ``agree``,
``stricter`` (the index's ratings meet the policy, we fail it), ``more-lenient`` (we pass
where the index rates a needed dimension below the bar), ``unknown`` (our facts are missing
and the index's ratings meet the bar), ``unknown-index-below`` (our facts are missing and the
index rates a needed dimension below the bar: a failure the imported facts do not show) or
``unrated``. The reasons are the rules that failed (or were unknown) in our verdict, and the
dimensions the index rated below the bar. Nothing here judges freedom: the verdicts come from
the policy engine, the ratings from the importer.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from openness.display.escape import spreadsheet_safe
from openness.formats.eu_index.ratings import SystemRatings, ratings_of
from openness.model import Artifact
from openness.policy.engine import Comparison
from openness.policy.verdict import Outcome, Verdict

__all__ = [
    "AGREEMENTS",
    "INDEX_REQUIREMENTS",
    "IndexComparison",
    "IndexRow",
    "PolicyBeside",
    "compare_with_index",
]

_RANK = {"closed": 0, "partial": 1, "open": 2}

#: Per policy, the index dimensions it needs and the lowest class that meets the need.
INDEX_REQUIREMENTS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "weights-as-source": (("weights_endmodel", "open"), ("licenses", "partial")),
    "osaid": (
        ("weights_endmodel", "open"),
        ("trainingcode", "open"),
        ("licenses", "open"),
        ("datasources_basemodel", "partial"),
        ("datasources_endmodel", "partial"),
    ),
    "data-as-source": (
        ("weights_endmodel", "open"),
        ("trainingcode", "open"),
        ("licenses", "open"),
        ("datasources_basemodel", "open"),
        ("datasources_endmodel", "open"),
    ),
}

#: The ways our verdict can relate to the index's ratings, in report order.
AGREEMENTS = ("agree", "stricter", "more-lenient", "unknown", "unknown-index-below", "unrated")


@dataclass(frozen=True, slots=True)
class PolicyBeside:
    """One system under one policy: our verdict and, for the policies in
    :data:`INDEX_REQUIREMENTS`, what the index's ratings say and how the two relate."""

    policy: str
    outcome: Outcome
    level: str | None
    index: str | None
    agreement: str | None
    reasons: tuple[str, ...]

    @property
    def cell(self) -> str:
        """Our verdict as a table cell: the outcome, with the level where the policy grades."""
        if self.outcome is Outcome.NOT_APPLICABLE:
            return "n/a"
        return f"{self.outcome.value} ({self.level})" if self.level else self.outcome.value

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "outcome": self.outcome.value,
            "level": self.level,
            "index": self.index,
            "agreement": self.agreement,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One system of the index: its ratings and our verdicts on its end model."""

    ratings: SystemRatings
    policies: Mapping[str, PolicyBeside]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        r = self.ratings
        return {
            "system": r.system,
            "artifact": r.end_id,
            "source": r.source,
            "organisation": r.organisation,
            "end_model_license": r.end_model_license,
            "index": {k: v.rating for k, v in r.ratings.items()},
            "index_points": round(r.points(), 3),
            "verdicts": {p: b.to_dict() for p, b in self.policies.items()},
        }


@dataclass(frozen=True, slots=True)
class IndexComparison:
    """Every index system in the inputs, our verdicts beside the index's ratings."""

    policies: tuple[str, ...]
    rows: tuple[IndexRow, ...]

    @property
    def compared(self) -> tuple[str, ...]:
        """The policies (of :attr:`policies`) that have an index reading."""
        return tuple(p for p in self.policies if p in INDEX_REQUIREMENTS)

    def summary(self) -> dict[str, dict[str, int]]:
        """Per compared policy, how many systems fall in each of :data:`AGREEMENTS`."""
        out: dict[str, dict[str, int]] = {}
        for policy in self.compared:
            counts = Counter(row.policies[policy].agreement for row in self.rows)
            out[policy] = {a: counts.get(a, 0) for a in AGREEMENTS}
        return out

    def reasons(self, policy: str, agreement: str) -> list[tuple[str, int]]:
        """The reasons given for ``agreement`` under ``policy``, most frequent first, with how
        many systems give each."""
        counts: Counter[str] = Counter()
        for row in self.rows:
            beside = row.policies[policy]
            if beside.agreement == agreement:
                counts.update(beside.reasons)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def table(self) -> list[list[str]]:
        """A header row, then one row per system: the system, the index's points, then per
        policy our verdict, followed for compared policies by the index's reading and the
        agreement."""
        header = ["system", "index points"]
        for policy in self.policies:
            header.append(policy)
            if policy in INDEX_REQUIREMENTS:
                header.extend([f"{policy}: index", f"{policy}: agreement"])
        body: list[list[str]] = []
        for row in self.rows:
            cells = [row.ratings.system, f"{row.ratings.points():.2f}"]
            for policy in self.policies:
                beside = row.policies[policy]
                cells.append(beside.cell)
                if policy in INDEX_REQUIREMENTS:
                    cells.extend([beside.index or "", beside.agreement or ""])
            body.append(cells)
        return [header, *body]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the mapping used, the summary and one entry per system."""
        return {
            "requirements": {
                p: [{"dimension": d, "at_least": c} for d, c in INDEX_REQUIREMENTS[p]]
                for p in self.compared
            },
            "summary": self.summary(),
            "systems": [row.to_dict() for row in self.rows],
        }

    def to_csv(self) -> str:
        """The table as CSV (cells a spreadsheet would evaluate are quoted with ``'``)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for row in self.table():
            writer.writerow([spreadsheet_safe(c) for c in row])
        return buffer.getvalue()

    def to_markdown(self) -> str:
        """A Markdown table per system (our verdicts and agreement), then the summary."""
        lines = ["| system | index points | " + " | ".join(self.policies) + " |"]
        lines.append("|---|---:|" + "---|" * len(self.policies))
        for row in self.rows:
            cells = []
            for policy in self.policies:
                beside = row.policies[policy]
                cell = beside.cell
                if beside.agreement is not None and beside.agreement != "agree":
                    cell += f" · {beside.agreement}"
                cells.append(cell)
            system = _md(row.ratings.system)
            lines.append(f"| {system} | {row.ratings.points():.2f} | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """A plain aligned table of the compared policies (our verdict, the index's reading,
        the agreement), then the summary."""
        header = ["system", "index points"]
        header.extend(f"{p} (ours / index: agreement)" for p in self.compared)
        body = [header]
        for row in self.rows:
            cells = [row.ratings.system, f"{row.ratings.points():.2f}"]
            for policy in self.compared:
                b = row.policies[policy]
                cells.append(f"{b.cell} / {b.index}: {b.agreement}")
            body.append(cells)
        widths = [max(len(r[i]) for r in body) for i in range(len(header))]
        lines = [
            "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body
        ]
        lines.append("")
        for policy, counts in self.summary().items():
            lines.append(f"{policy}: " + ", ".join(f"{a} {n}" for a, n in counts.items()))
        return "\n".join(lines) + "\n"

    def summary_markdown(self) -> str:
        """The summary as a Markdown table: one row per compared policy."""
        lines = ["| policy | " + " | ".join(AGREEMENTS) + " |"]
        lines.append("|---|" + "---:|" * len(AGREEMENTS))
        for policy, counts in self.summary().items():
            lines.append(f"| `{policy}` | " + " | ".join(str(counts[a]) for a in AGREEMENTS) + " |")
        return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _index_reading(ratings: SystemRatings, policy: str) -> tuple[str, tuple[str, ...]]:
    """What the index's ratings say about ``policy``'s needs, and the dimensions below the bar
    (``dimension=class``)."""
    below: list[str] = []
    unrated = False
    for dimension, least in INDEX_REQUIREMENTS[policy]:
        rating = ratings.ratings.get(dimension)
        if dimension == "datasources_basemodel" and ratings.base_id is None:
            # no distinct base model: the index says the base entries mirror the end model's
            continue
        if rating is None or rating.rating is None:
            unrated = True
        elif _RANK[rating.rating] < _RANK[least]:
            below.append(f"{dimension}={rating.rating}")
    if below:
        return "does-not-meet", tuple(below)
    return ("unrated" if unrated else "meets"), ()


def _rules(verdict: Verdict, outcome: Outcome) -> tuple[str, ...]:
    return tuple(sorted({f.rule for f in verdict.findings if f.outcome is outcome}))


def _beside(ratings: SystemRatings, verdict: Verdict) -> PolicyBeside:
    policy = verdict.policy
    if policy not in INDEX_REQUIREMENTS:
        return PolicyBeside(policy, verdict.outcome, verdict.level, None, None, ())
    reading, below = _index_reading(ratings, policy)
    outcome = verdict.outcome
    reasons: tuple[str, ...] = ()
    if outcome is Outcome.UNKNOWN:
        agreement = "unknown-index-below" if reading == "does-not-meet" else "unknown"
        reasons = below + _rules(verdict, Outcome.UNKNOWN)
    elif reading == "unrated":
        agreement = "unrated"
    elif (reading == "meets") == (outcome is Outcome.PASS):
        agreement = "agree"
    elif reading == "meets":
        agreement, reasons = "stricter", _rules(verdict, Outcome.FAIL)
    else:
        agreement, reasons = "more-lenient", below
    return PolicyBeside(policy, outcome, verdict.level, reading, agreement, reasons)


def compare_with_index(artifacts: Iterable[Artifact], comparison: Comparison) -> IndexComparison:
    """Set ``comparison``'s verdicts beside the index's ratings, for every artifact that was
    imported from the index as a system's end model (in input order). Artifacts without the
    index's ratings are left out; an empty result means the inputs hold no index system."""
    rows: list[IndexRow] = []
    if not comparison.policies:
        return IndexComparison((), ())
    for artifact in artifacts:
        ratings = ratings_of(artifact)
        if ratings is None or (artifact.id, comparison.policies[0]) not in comparison.verdicts:
            continue
        policies = {
            p: _beside(ratings, comparison.verdict(artifact.id, p)) for p in comparison.policies
        }
        rows.append(IndexRow(ratings, policies))
    return IndexComparison(comparison.policies, tuple(rows))
