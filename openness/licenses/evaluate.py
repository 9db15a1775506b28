"""Judging a license expression against a notion of freedom.

The expression tree is walked (:func:`openness.licenses.fold.fold`), never searched as text:
``A AND B`` is free only when both operands are, ``A OR B`` when either is (and the judgement
names the branch that suffices), ``A WITH E`` is judged as ``A`` unless the exception itself
restricts. Unknown ids and ``NOASSERTION`` give *unknown*, never *not free*.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from openness.licenses.expression import Node, ParsedExpression, parse_expression
from openness.licenses.facts import RESTRICTED_CATEGORIES, LicenseFacts
from openness.licenses.fold import FoldWords, fold
from openness.licenses.knowledge_base import knowledge_base

__all__ = ["Freedom", "Judgement", "Notion", "evaluate", "judge_facts"]


class Freedom(StrEnum):
    """The three-valued answer: missing facts are not failures."""

    FREE = "free"
    NOT_FREE = "not-free"
    UNKNOWN = "unknown"


class Notion(StrEnum):
    """Which notion of a free license a judgement applies.

    - ``osi``: OSI-approved (the Open Source Definition).
    - ``fsf``: FSF-libre (the four freedoms, as the FSF lists them).
    - ``free-software``: OSI-approved or FSF-libre.
    - ``open-data``: conformant with the Open Definition (open data and content).
    - ``open``: any of the above, or typed open by the Model Openness Tool (MOF's "open license").
    - ``osaid-terms``: OSAID 1.0's "OSI-approved terms": OSI-approved licenses, and open-content
      or open-data terms that grant the four freedoms.
    - ``dfsg``: free by the Debian Free Software Guidelines.
    """

    OSI = "osi"
    FSF = "fsf"
    FREE_SOFTWARE = "free-software"
    OPEN_DATA = "open-data"
    OPEN = "open"
    OSAID_TERMS = "osaid-terms"
    DFSG = "dfsg"


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one expression (or one operand of it) under one notion.

    ``decided_by`` names the ids that settled the outcome: the failing operand of an AND, the
    free branch of an OR. ``operands`` holds the judgements of the sub-expressions.
    """

    expression: str
    notion: Notion
    freedom: Freedom
    reason: str
    decided_by: tuple[str, ...] = ()
    operands: tuple[Judgement, ...] = ()

    @property
    def free(self) -> bool:
        """True when the expression is free under the notion."""
        return self.freedom is Freedom.FREE


def _flag(value: bool | None, yes: str, no: str) -> tuple[Freedom, str]:
    if value is True:
        return Freedom.FREE, yes
    if value is False:
        return Freedom.NOT_FREE, no
    return Freedom.UNKNOWN, ""


def _osi(f: LicenseFacts) -> tuple[Freedom, str]:
    return _flag(f.osi_approved, "OSI-approved", "not OSI-approved")


def _fsf(f: LicenseFacts) -> tuple[Freedom, str]:
    if f.fsf_libre is None and f.category in ("proprietary", "source-available"):
        return Freedom.NOT_FREE, f"not FSF-libre (category {f.category})"
    return _flag(f.fsf_libre, "FSF-libre", "not FSF-libre")


def _free_software(f: LicenseFacts) -> tuple[Freedom, str]:
    if f.osi_approved or f.fsf_libre:
        return Freedom.FREE, "OSI-approved" if f.osi_approved else "FSF-libre"
    if f.osi_approved is False and f.fsf_libre is False:
        return Freedom.NOT_FREE, "neither OSI-approved nor FSF-libre"
    if f.osi_approved is False and f.category in ("proprietary", "source-available"):
        return Freedom.NOT_FREE, f"not OSI-approved, and not FSF-libre (category {f.category})"
    return Freedom.UNKNOWN, ""


def _open_data(f: LicenseFacts) -> tuple[Freedom, str]:
    if f.open_data is None and f.category == "public-domain":
        return Freedom.FREE, "a public-domain dedication"
    return _flag(
        f.open_data, "conformant with the Open Definition", "not Open Definition conformant"
    )


def _open(f: LicenseFacts) -> tuple[Freedom, str]:
    if f.osi_approved or f.fsf_libre or f.open_data:
        return Freedom.FREE, "an open license (OSI-approved, FSF-libre or open data)"
    if f.mof_types:
        return Freedom.FREE, f"an open license for {', '.join(f.mof_types)} (MOT's license list)"
    if f.category in ("permissive", "public-domain", "copyleft", "weak-copyleft"):
        return Freedom.FREE, f"an open license (category {f.category})"
    if f.osi_approved is False and f.open_data is False:
        return Freedom.NOT_FREE, "not an open license"
    return Freedom.UNKNOWN, ""


def _osaid_terms(f: LicenseFacts) -> tuple[Freedom, str]:
    if f.osi_approved:
        return Freedom.FREE, "OSI-approved"
    if f.open_data or f.category in ("public-domain", "open-content"):
        return Freedom.FREE, "open terms that grant the four freedoms"
    if f.fsf_libre:
        return Freedom.FREE, "FSF-libre terms that grant the four freedoms"
    if f.category == "permissive":
        return Freedom.FREE, "permissive terms that grant the four freedoms"
    if f.osi_approved is False and f.open_data is False:
        return Freedom.NOT_FREE, "neither OSI-approved nor open terms"
    return Freedom.UNKNOWN, ""


def _dfsg(f: LicenseFacts) -> tuple[Freedom, str]:
    if f.fsf_libre or f.osi_approved:
        return Freedom.FREE, "FSF-libre" if f.fsf_libre else "OSI-approved"
    if f.open_data or f.category in ("public-domain", "permissive"):
        return Freedom.FREE, "grants the freedoms the DFSG require"
    if f.osi_approved is False and f.fsf_libre is False:
        return Freedom.NOT_FREE, "neither OSI-approved nor FSF-libre"
    return Freedom.UNKNOWN, ""


_PREDICATES: dict[Notion, Callable[[LicenseFacts], tuple[Freedom, str]]] = {
    Notion.OSI: _osi,
    Notion.FSF: _fsf,
    Notion.FREE_SOFTWARE: _free_software,
    Notion.OPEN_DATA: _open_data,
    Notion.OPEN: _open,
    Notion.OSAID_TERMS: _osaid_terms,
    Notion.DFSG: _dfsg,
}


def judge_facts(facts: LicenseFacts, notion: Notion) -> tuple[Freedom, str]:
    """Judge one license's facts under ``notion``, returning the outcome and its reason.

    Restrictions that deny one of the four freedoms (use-based restrictions, non-commercial,
    no-derivatives, field of use, user caps) make a license not free under every notion.
    OSI approval is checked first: an approved license is free whatever other flags say.
    """
    if notion is Notion.OSI or not facts.osi_approved:
        restrictions = facts.restrictions
        if restrictions and not facts.osi_approved:
            return Freedom.NOT_FREE, "restricted: " + ", ".join(restrictions)
        if facts.category in RESTRICTED_CATEGORIES and not facts.osi_approved:
            return Freedom.NOT_FREE, f"category {facts.category}"
    freedom, reason = _PREDICATES[notion](facts)
    if freedom is Freedom.UNKNOWN:
        reason = f"not known to be free under {notion.value} (no source we ship says)"
    return freedom, reason


#: The words of a compound judgement of freedom.
_WORDS = FoldWords(
    good=Freedom.FREE,
    bad=Freedom.NOT_FREE,
    unknown=Freedom.UNKNOWN,
    and_needs="AND needs every operand free; ",
    and_good="every operand of AND is free",
    or_good="OR needs one free branch: {expression} suffices ({reason})",
    or_unknown="no branch of OR is known to be free; ",
    or_bad="no branch of OR is free; ",
)


def _leaf(node: Node, notion: Notion) -> Judgement:
    kb = knowledge_base()
    text = node.render()
    key = str(node.key)
    facts = kb.get(key)
    if facts is None:
        return Judgement(text, notion, Freedom.UNKNOWN, f"no facts are known for {key}", (key,))
    freedom, reason = judge_facts(facts, notion)
    if node.op == "WITH" and node.exception is not None:
        exc = kb.exception(node.exception)
        if exc is not None and exc.restricts and freedom is Freedom.FREE:
            return Judgement(
                text,
                notion,
                Freedom.NOT_FREE,
                f"exception {exc.id} adds restrictions",
                (exc.id,),
            )
    return Judgement(text, notion, freedom, f"{facts.id} is {reason}", (facts.id,))


def _judge(node: Node, notion: Notion) -> Judgement:
    return fold(
        node,
        lambda leaf: _leaf(leaf, notion),
        _freedom,
        lambda text, freedom, reason, by, operands: Judgement(
            text, notion, freedom, reason, by, operands
        ),
        _WORDS,
    )


def _freedom(judgement: Judgement) -> Freedom:
    return judgement.freedom


@lru_cache(maxsize=65536)
def _evaluate_canonical(canonical: str, notion: Notion) -> Judgement:
    parsed = parse_expression(canonical)
    if parsed.is_noassertion:
        return Judgement(canonical, notion, Freedom.UNKNOWN, "no license is stated")
    if parsed.is_none or parsed.tree is None:
        return Judgement(canonical, notion, Freedom.NOT_FREE, "no license is granted", ("NONE",))
    return _judge(parsed.tree, notion)


def evaluate(expression: str | ParsedExpression, notion: Notion | str) -> Judgement:
    """Judge ``expression`` under ``notion``; cached per canonical expression and notion."""
    parsed = (
        expression
        if isinstance(expression, ParsedExpression)
        else parse_expression(str(expression))
    )
    return _evaluate_canonical(parsed.canonical, Notion(notion))
