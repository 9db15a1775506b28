"""The AND/OR fold of openness.licenses.fold, with a leaf judgement of its caller's choosing."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from openness.licenses import Freedom, Notion, evaluate
from openness.licenses.expression import Node, parse_expression
from openness.licenses.fold import FoldWords, fold


@dataclass(frozen=True)
class J:
    expression: str
    outcome: str
    reason: str
    decided_by: tuple[str, ...] = ()
    operands: tuple[J, ...] = ()


WORDS = FoldWords(
    good="good",
    bad="bad",
    unknown="unknown",
    and_needs="AND: ",
    and_good="all good",
    or_good="OR: {expression} ({reason})",
    or_unknown="OR unknown: ",
    or_bad="OR bad: ",
)


def _leaf(node: Node) -> J:
    """MIT is good, GPL-3.0-only bad, anything else unknown."""
    key = str(node.key)
    outcome = {"MIT": "good", "GPL-3.0-only": "bad"}.get(key, "unknown")
    return J(node.render(), outcome, f"{key} is {outcome}", (key,))


def judge(text: str, words: FoldWords[str] = WORDS) -> J:
    tree = parse_expression(text).tree
    assert tree is not None
    return fold(tree, _leaf, lambda j: j.outcome, J, words)


@pytest.mark.parametrize(
    ("text", "outcome", "reason", "decided_by"),
    [
        ("MIT AND Apache-2.0", "unknown", "AND: Apache-2.0 is unknown", ("Apache-2.0",)),
        (
            "LicenseRef-x AND GPL-3.0-only AND MIT",
            "bad",
            "AND: GPL-3.0-only is bad",
            ("GPL-3.0-only",),
        ),
        ("MIT AND MIT", "good", "all good", ("MIT", "MIT")),
        ("GPL-3.0-only OR MIT", "good", "OR: MIT (MIT is good)", ("MIT",)),
        (
            "GPL-3.0-only OR LicenseRef-x",
            "unknown",
            "OR unknown: LicenseRef-x is unknown",
            ("LicenseRef-x",),
        ),
        (
            "GPL-3.0-only OR GPL-3.0-only",
            "bad",
            "OR bad: GPL-3.0-only is bad; GPL-3.0-only is bad",
            ("GPL-3.0-only", "GPL-3.0-only"),
        ),
    ],
)
def test_and_needs_every_operand_or_one_branch(
    text: str, outcome: str, reason: str, decided_by: tuple[str, ...]
) -> None:
    judged = judge(text)
    assert (judged.outcome, judged.reason, judged.decided_by) == (outcome, reason, decided_by)
    assert len(judged.operands) >= 2


def test_an_unknown_or_may_list_every_branch() -> None:
    listed = judge("GPL-3.0-only OR LicenseRef-x", replace(WORDS, or_unknown_lists_all=True))
    assert listed.reason == "OR unknown: GPL-3.0-only is bad; LicenseRef-x is unknown"
    assert listed.decided_by == ("LicenseRef-x",)


def test_nested_expressions_fold_inside_out() -> None:
    judged = judge("(GPL-3.0-only OR MIT) AND (MIT OR LicenseRef-x)")
    assert (judged.outcome, judged.decided_by) == ("good", ("MIT", "MIT"))
    assert [o.reason for o in judged.operands] == ["OR: MIT (MIT is good)", "OR: MIT (MIT is good)"]


def test_evaluate_folds_freedom_with_it() -> None:
    judged = evaluate("CC-BY-NC-4.0 OR MIT", Notion.OSI)
    assert judged.freedom is Freedom.FREE
    assert judged.reason.startswith("OR needs one free branch: MIT suffices")
    assert evaluate("MIT AND CC-BY-NC-4.0", Notion.OSI).freedom is Freedom.NOT_FREE
