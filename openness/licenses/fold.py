"""The AND/OR fold over a license expression tree, shared by every judgement of licenses.

A caller judges each leaf (an id, or ``id WITH exception``) its own way and gives the words of
its judgement; the fold combines the operands: ``A AND B`` is good only when both are (a bad
operand decides before an unknown one), ``A OR B`` when either is (the first good branch
decides), and missing facts stay unknown, never bad. :func:`openness.licenses.evaluate` folds
freedom under a notion with it; the ``mof`` policy folds its "open license".
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from openness.licenses.expression import Node

__all__ = ["FoldWords", "Folded", "fold"]

_S = TypeVar("_S", bound=Hashable)


class Folded(Protocol):
    """What a judgement of an expression (or an operand of it) carries for the fold."""

    @property
    def expression(self) -> str: ...  # pragma: no cover - a protocol

    @property
    def reason(self) -> str: ...  # pragma: no cover - a protocol

    @property
    def decided_by(self) -> tuple[str, ...]: ...  # pragma: no cover - a protocol


_J = TypeVar("_J", bound=Folded)


@dataclass(frozen=True, slots=True)
class FoldWords(Generic[_S]):
    """The three outcomes of a judgement and the words of its compound reasons.

    ``or_unknown_lists_all``: whether an OR with no good branch and an unknown one lists the
    reasons of every branch (else of the unknown ones only).
    """

    good: _S
    bad: _S
    unknown: _S
    and_needs: str  # before the reasons of the deciding operands of an AND
    and_good: str  # the reason of an AND whose operands are all good
    or_good: str  # format: {expression} and {reason} of the branch that suffices
    or_unknown: str  # before the reasons of an OR with no good branch, and an unknown one
    or_bad: str  # before the reasons of an OR whose branches are all bad
    or_unknown_lists_all: bool = False


def fold(
    node: Node,
    leaf: Callable[[Node], _J],
    outcome: Callable[[_J], _S],
    make: Callable[[str, _S, str, tuple[str, ...], tuple[_J, ...]], _J],
    words: FoldWords[_S],
) -> _J:
    """Judge the expression tree ``node``: ``leaf`` judges an id (or ``id WITH exception``),
    ``outcome`` reads a judgement's outcome, and ``make(expression, outcome, reason,
    decided_by, operands)`` builds the judgement of a compound expression.

    ``decided_by`` of a compound names the ids that settled it: the bad (else unknown)
    operands of an AND, or all of them when it is good; the good branch of an OR, else its
    unknown branches, else all of them.
    """
    if node.op in ("ID", "WITH"):
        return leaf(node)
    text = node.render()
    operands = tuple(fold(child, leaf, outcome, make, words) for child in node.children)
    good, bad, unknown = words.good, words.bad, words.unknown
    if node.op == "AND":
        for status in (bad, unknown):
            deciding = [o for o in operands if outcome(o) == status]
            if deciding:
                return make(
                    text,
                    status,
                    words.and_needs + "; ".join(o.reason for o in deciding),
                    tuple(i for o in deciding for i in o.decided_by),
                    operands,
                )
        return make(
            text, good, words.and_good, tuple(i for o in operands for i in o.decided_by), operands
        )
    for branch in operands:
        if outcome(branch) == good:
            return make(
                text,
                good,
                words.or_good.format(expression=branch.expression, reason=branch.reason),
                branch.decided_by,
                operands,
            )
    unknowns = [o for o in operands if outcome(o) == unknown]
    if unknowns:
        listed = operands if words.or_unknown_lists_all else unknowns
        return make(
            text,
            unknown,
            words.or_unknown + "; ".join(o.reason for o in listed),
            tuple(i for o in unknowns for i in o.decided_by),
            operands,
        )
    return make(
        text,
        bad,
        words.or_bad + "; ".join(o.reason for o in operands),
        tuple(i for o in operands for i in o.decided_by),
        operands,
    )
