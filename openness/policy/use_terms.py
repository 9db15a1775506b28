"""One license, one use: what a license's recorded terms say of a use (the decision table of
``openness may``), and the part of the knowledge base's notes that records the clause.

Pure functions of :class:`~openness.licenses.facts.LicenseFacts`; :mod:`openness.policy.uses`
walks the lineage and folds expressions around them.
"""

from __future__ import annotations

from enum import StrEnum

from openness.licenses.facts import LicenseFacts

__all__ = ["RANK", "Answer", "clause", "terms_answers"]


class Answer(StrEnum):
    """The four answers, from the most to the least permissive."""

    YES = "yes"
    CONDITIONAL = "conditional"
    UNKNOWN = "unknown"
    NO = "no"


RANK = {Answer.YES: 0, Answer.CONDITIONAL: 1, Answer.UNKNOWN: 2, Answer.NO: 3}


_KNOWN_CATEGORIES = frozenset(
    {"permissive", "copyleft", "weak-copyleft", "open-content", "public-domain", "restricted-model",
     "non-commercial", "no-derivatives"}
)  # fmt: skip


#: Words that mark the part of a license's notes about one fact.
_CLAUSE_WORDS = {
    "user_cap": ("monthly active users", "section 2"),
    "non_commercial": ("noncommercial", "non-commercial", "commercial"),
    "no_derivatives": ("adapted material", "derivative"),
    "share_alike": ("sharealike", "share alike", "same license", "under the gpl", "section 13",
                    "source"),
    "use_restrictions": ("use policy", "aup", "use restrictions", "prohibited", "restrict"),
    "derivative_obligations": ("enforceable", "derivative", "use restrictions", "aup"),
    "derivative_name_prefix": ("name",),
    "outputs_restricted": ("output",),
    "field_of_use": ("european union", "territor", "revenue"),
}  # fmt: skip


def clause(facts: LicenseFacts, fact: str) -> str | None:
    """The part of the knowledge base's notes on ``facts`` that records the clause behind
    ``fact`` (the notes cite sections: "section 2 caps at 700M monthly active users"), or the
    start of the notes when no part names it."""
    if not facts.notes:
        return None
    text = " ".join(facts.notes.split())
    parts = [p.strip() for p in text.replace("; ", "\n").replace(". ", "\n").splitlines()]
    words = _CLAUSE_WORDS.get(fact, ())
    for part in parts:
        if any(w in part.lower() for w in words):
            return part.rstrip(".")
    return None


def terms_answers(facts: LicenseFacts, use: str) -> list[tuple[Answer, str, str]]:
    """``(answer, text, fact)`` for one license and one use; every condition the facts give."""
    out: list[tuple[Answer, str, str]] = []
    cap = facts.user_cap
    derivative = use in ("modification", "fine-tuning")
    if facts.category == "proprietary":
        return [(Answer.UNKNOWN, "proprietary terms: read them for what they allow", "category")]
    if use == "commercial-use" and facts.non_commercial:
        out.append((Answer.NO, "grants rights for non-commercial purposes only", "non_commercial"))
    if use in ("commercial-use", "serve-as-a-service", "redistribution") and cap is not None:
        out.append(
            (
                Answer.CONDITIONAL,
                f"more than {cap:,} monthly active users need a separate license from the licensor",
                "user_cap",
            )
        )
    if use in ("commercial-use", "serve-as-a-service", "fine-tuning") and facts.use_restrictions:
        out.append(
            (
                Answer.CONDITIONAL,
                "the use restrictions (its acceptable or prohibited use policy) apply",
                "use_restrictions",
            )
        )
    if use in ("redistribution", "serve-as-a-service") and facts.non_commercial:
        out.append((Answer.CONDITIONAL, "non-commercially only", "non_commercial"))
    if derivative:
        if facts.no_derivatives:
            out.append((Answer.NO, "adapted material may not be shared", "no_derivatives"))
        if facts.non_commercial:
            out.append((Answer.CONDITIONAL, "non-commercially only", "non_commercial"))
        if facts.share_alike or "same-license" in facts.derivative_obligations:
            out.append(
                (
                    Answer.CONDITIONAL,
                    f"a derivative must be shared under {facts.id} (or a compatible license)",
                    "share_alike",
                )
            )
    if (derivative or use == "redistribution") and (
        "pass-through-use-restrictions" in facts.derivative_obligations
    ):
        out.append(
            (
                Answer.CONDITIONAL,
                "its use restrictions must bind those you give it (or a derivative) to",
                "derivative_obligations",
            )
        )
    if (derivative or use == "use-outputs-to-train") and facts.derivative_name_prefix:
        out.append(
            (
                Answer.CONDITIONAL,
                "the name of a model made with it must begin with "
                f"{facts.derivative_name_prefix!r}",
                "derivative_name_prefix",
            )
        )
    if use == "use-outputs-to-train" and facts.outputs_restricted:
        out.append((Answer.CONDITIONAL, "it restricts the use of outputs", "outputs_restricted"))
    if use == "serve-as-a-service" and facts.share_alike and facts.id.startswith("AGPL-"):
        out.append(
            (
                Answer.CONDITIONAL,
                "offer the corresponding source to users who interact with it over a network",
                "share_alike",
            )
        )
    if use == "use-in-eu" and facts.field_of_use and "European Union" in (facts.notes or ""):
        out.append(
            (
                Answer.CONDITIONAL,
                "it does not grant some rights to those domiciled in the European Union",
                "field_of_use",
            )
        )
    if out:
        return out
    if facts.category not in _KNOWN_CATEGORIES and facts.osi_approved is not True:
        return [(Answer.UNKNOWN, "the knowledge base does not say what it allows", "category")]
    return [(Answer.YES, "nothing in its recorded terms limits this use", "category")]
