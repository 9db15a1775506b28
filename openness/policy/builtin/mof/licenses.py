"""Whether a license expression is open for the MOF: each license by its facts and the table's
open-license properties, folded over AND and OR by :func:`openness.licenses.fold.fold`."""

from __future__ import annotations

from dataclasses import dataclass

from openness.licenses import Freedom, LicenseFacts, Notion, judge_facts, knowledge_base
from openness.licenses.expression import Node, parse_expression
from openness.licenses.fold import FoldWords, fold
from openness.model import ContentType
from openness.policy.builtin.mof.table import MofTable
from openness.policy.builtin.mof.text import PROPERTY_WORDS, and_list
from openness.policy.verdict import Outcome

__all__ = ["MofLicenses", "OpenJudgement"]


@dataclass(frozen=True, slots=True)
class OpenJudgement:
    """Whether a license expression is open for the MOF.

    ``outcome`` is pass (open), fail (not open) or unknown; ``decided_by`` names the ids that
    settled it (every operand of an AND, the open branch of an OR); ``operands`` holds the
    judgements of a compound expression's parts.
    """

    expression: str
    outcome: Outcome
    reason: str
    decided_by: tuple[str, ...] = ()
    operands: tuple[OpenJudgement, ...] = ()


#: The words of a compound judgement of openness.
_WORDS = FoldWords(
    good=Outcome.PASS,
    bad=Outcome.FAIL,
    unknown=Outcome.UNKNOWN,
    and_needs="AND needs every operand open; ",
    and_good="every operand of AND is open",
    or_good="OR needs one open branch: {expression} suffices ({reason})",
    or_unknown="no branch of OR is known to be open; ",
    or_bad="no branch of OR is known to be open; ",
    or_unknown_lists_all=True,
)


def _outcome(judgement: OpenJudgement) -> Outcome:
    return judgement.outcome


class MofLicenses:
    """Judges licenses against one table's notion of an open license, caching each canonical
    expression's judgement (keyed by content: shared by every run and thread, each filling in
    the same value for the same key)."""

    def __init__(self, table: MofTable):
        self.table = table
        self._judgements: dict[str, OpenJudgement] = {}

    def clear(self) -> None:
        """Forget the cached judgements."""
        self._judgements.clear()

    def judge(self, expression: str) -> OpenJudgement:
        """Whether ``expression`` is an open license for the MOF (cached per canonical text)."""
        parsed = parse_expression(str(expression))
        cached = self._judgements.get(parsed.canonical)
        if cached is not None:
            return cached
        if parsed.is_noassertion:
            result = OpenJudgement(parsed.canonical, Outcome.UNKNOWN, "no license is stated")
        elif parsed.is_none or parsed.tree is None:
            result = OpenJudgement(
                parsed.canonical, Outcome.FAIL, "released without a license", ("NONE",)
            )
        else:
            result = fold(parsed.tree, self._leaf, _outcome, OpenJudgement, _WORDS)
        self._judgements[parsed.canonical] = result
        return result

    def properties(self, facts: LicenseFacts) -> frozenset[str]:
        """The table's open-license properties that hold for a license."""
        found: set[str] = set()
        if facts.osi_approved:
            found.add("osi-approved")
        if facts.fsf_libre:
            found.add("fsf-libre")
        if facts.open_data or facts.id.lower() in self.table.open_data:
            found.add("open-data")
        if facts.mof_types:
            found.add("mot-typed")
        return frozenset(found)

    def unsuited(self, judgement: OpenJudgement, content_type: ContentType) -> tuple[str, ...]:
        """The ids that decided an open judgement but do not suit ``content_type``."""
        wanted = self.table.type_ok[content_type]
        kb = knowledge_base()
        out: list[str] = []
        for key in judgement.decided_by:
            facts = kb.get(key)
            if facts is None:
                continue
            props = set(self.properties(facts) - {"mot-typed"})
            if content_type.value in facts.mof_types:
                props.add("mot-typed")
            if not props & wanted:
                out.append(facts.id)
        return tuple(out)

    def _leaf(self, node: Node) -> OpenJudgement:
        text = node.render()
        key = str(node.key)
        facts = knowledge_base().get(key)
        if facts is None:
            return OpenJudgement(text, Outcome.UNKNOWN, f"no facts are known for {key}", (key,))
        if node.op == "WITH" and node.exception is not None:
            exc = knowledge_base().exception(node.exception)
            if exc is not None and exc.restricts:
                return OpenJudgement(
                    text, Outcome.FAIL, f"exception {exc.id} adds restrictions", (exc.id,)
                )
        freedom, reason = judge_facts(facts, Notion.OPEN)
        if freedom is Freedom.NOT_FREE:
            return OpenJudgement(text, Outcome.FAIL, f"{facts.id} is {reason}", (facts.id,))
        props = self.properties(facts) & self.table.open_any
        if props:
            return OpenJudgement(
                text,
                Outcome.PASS,
                f"{facts.id} is " + and_list([w for p, w in PROPERTY_WORDS.items() if p in props]),
                (facts.id,),
            )
        if freedom is Freedom.FREE:
            return OpenJudgement(
                text,
                Outcome.FAIL,
                f"{facts.id} is {reason}, but not OSI-approved, FSF-libre, an open data "
                "license or on MOT's license list, so the MOF does not count it as open",
                (facts.id,),
            )
        return OpenJudgement(text, Outcome.UNKNOWN, f"{facts.id}: {reason}", (facts.id,))
