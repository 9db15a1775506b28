"""The shape of an SPDX license expression, checked token by token before it is parsed.

SPDX 2.3 Annex D's grammar, read left to right: an operand (a license id, or an expression in
parentheses) comes first and after every ``AND`` / ``OR``; ``WITH`` follows a single license id
and is followed by one exception id. Every malformed shape (``()``, ``MIT AND``, ``AND MIT``,
``MIT Apache-2.0``, ``(MIT) WITH E``) is an :class:`InvalidLicenseExpression` naming the token,
its position and what would be right, and an expression over the size limits
(:data:`MAX_SYMBOLS`, :data:`MAX_DEPTH`, :data:`MAX_LENGTH`) is a
:class:`LicenseExpressionTooLarge`, before license-expression builds a tree. This module does
not import license-expression; what is a license and what an exception is decided there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_SYMBOLS",
    "InvalidLicenseExpression",
    "LicenseExpressionTooLarge",
    "Token",
    "check_shape",
    "tokens",
]

#: The most license and exception ids one expression may hold (counting repeats). Real
#: expressions hold a handful; a scanner's conclusion for a large package a few hundred.
MAX_SYMBOLS = 1000
#: The deepest nesting of parentheses one expression may have.
MAX_DEPTH = 32
#: The longest expression, in characters.
MAX_LENGTH = 100_000

_OPERATORS = {"and": "AND", "or": "OR", "with": "WITH"}
_SPECIAL = {"noassertion", "none"}
_ID = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.\-]+:)?[A-Za-z0-9.\-]+\+?$")
_TOKEN = re.compile(r"[()]|[^\s()]+")
_EXAMPLE = "as in 'MIT OR Apache-2.0'"
_WITH_EXAMPLE = "as in 'GPL-2.0-or-later WITH Classpath-exception-2.0'"


class InvalidLicenseExpression(ValueError):
    """A string that is not a valid SPDX license expression.

    ``token`` is the offending token where one can be named, ``position`` its offset in the
    text as written.
    """

    def __init__(
        self, raw: str, detail: str, token: str | None = None, position: int | None = None
    ):
        self.raw = raw
        self.detail = detail
        self.token = token
        self.position = position
        where = f" at token {token!r} (position {position})" if token is not None else ""
        shown = raw if len(raw) <= 200 else f"{raw[:120]}... ({len(raw)} characters)"
        super().__init__(f"invalid license expression {shown!r}{where}: {detail}")


class LicenseExpressionTooLarge(InvalidLicenseExpression):
    """An expression over one of the size limits; ``limit`` names it (``symbols``, ``depth``
    or ``length``) and ``maximum`` gives its value."""

    def __init__(
        self,
        raw: str,
        detail: str,
        limit: str,
        maximum: int,
        token: str | None = None,
        position: int | None = None,
    ):
        self.limit = limit
        self.maximum = maximum
        super().__init__(raw, detail, token, position)


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` is ``"("``, ``")"``, ``"AND"``, ``"OR"``, ``"WITH"`` or ``"ID"``."""

    text: str
    position: int
    kind: str


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``; operators in any case."""
    out = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        kind = word if word in "()" else _OPERATORS.get(word.lower(), "ID")
        out.append(Token(word, match.start(), kind))
    return out


def _check_size(raw: str) -> None:
    text = raw.strip()
    if len(text) > MAX_LENGTH:
        raise LicenseExpressionTooLarge(
            raw,
            f"the expression is {len(text):,} characters long, over the limit of "
            f"{MAX_LENGTH:,}; split the work into components with a license each",
            "length",
            MAX_LENGTH,
        )


def _check_id(raw: str, token: Token) -> None:
    if token.text.lower() in _SPECIAL:
        raise InvalidLicenseExpression(
            raw,
            f"{token.text.upper()} stands alone; it cannot be combined with other licenses",
            token.text,
            token.position,
        )
    if not _ID.match(token.text):
        raise InvalidLicenseExpression(
            raw,
            "license ids contain only letters, digits, '.' and '-' "
            "(use LicenseRef-<name> for a license without an SPDX id)",
            token.text,
            token.position,
        )


def _joined(first: str, second: str) -> str:
    from openness.licenses.knowledge_base import knowledge_base

    kb = knowledge_base()
    for candidate in (f"{first}-{second}", f"{first}{second}"):
        found = kb.resolve(candidate)
        if found is not None:
            return f" (did you mean {found!r}?)"
    return ""


# What may follow each state; a state is named by what came last.
_OPERAND = "operand"  # at the start, after '(' or after AND / OR: an id or '(' comes next
_LICENSE = "license"  # after a license id: AND, OR, WITH, ')' or the end
_EXCEPTION = "exception"  # after WITH: an exception id
_DONE = "done"  # after an exception id or ')': AND, OR, ')' or the end


def _dangling(last: Token) -> str:
    return (
        f"{last.kind} has no license after it; write a license id after {last.kind} "
        f"({_EXAMPLE}), or remove {last.kind}"
    )


def _operand_error(raw: str, token: Token, last: Token | None) -> InvalidLicenseExpression:
    if token.kind == ")":
        if last is not None and last.kind == "(":
            detail = (
                "empty parentheses: write a license id or an expression inside '(' ')', "
                "or remove them"
            )
        else:
            assert last is not None  # a leading ')' is unmatched, reported before
            detail = _dangling(last)
        return InvalidLicenseExpression(raw, detail, token.text, token.position)
    if last is None:
        detail = (
            f"the expression starts with {token.kind}; write a license id before it ({_EXAMPLE})"
        )
    elif last.kind == "(":
        detail = (
            f"{token.kind} right after '(' has no license before it; write a license id "
            f"first ({_EXAMPLE})"
        )
    else:
        detail = (
            f"{token.kind} follows {last.kind} with no license between them; write a license "
            f"id between them ({_EXAMPLE}), or remove one"
        )
    return InvalidLicenseExpression(raw, detail, token.text, token.position)


def _after_operand_error(
    raw: str, token: Token, last: Token, state: str
) -> InvalidLicenseExpression:
    if token.kind == "WITH":
        if last.kind == ")":
            detail = (
                "WITH follows ')'; an exception applies to one license id, not to an "
                f"expression in parentheses: write the WITH inside them ({_WITH_EXAMPLE})"
            )
        else:
            detail = (
                f"a license takes one exception; {last.text!r} already follows WITH (join "
                "further licenses with AND or OR)"
            )
    elif token.kind == "(":
        detail = (
            f"'(' follows {last.text!r} with no operator between them; join them with AND "
            f"or OR ({_EXAMPLE})"
        )
    elif state == _LICENSE and last.kind == "ID":
        detail = (
            f"{last.text!r} and {token.text!r} are two ids in a row; one license id is one word: "
            f"join ids with AND, OR or WITH ({_EXAMPLE}){_joined(last.text, token.text)}"
        )
    else:
        detail = (
            f"{token.text!r} follows {last.text!r} with no operator between them; join them "
            f"with AND or OR ({_EXAMPLE})"
        )
    return InvalidLicenseExpression(raw, detail, token.text, token.position)


def _exception_error(raw: str, token: Token) -> InvalidLicenseExpression:
    if token.kind == "(":
        detail = f"WITH takes one exception id, not an expression in parentheses ({_WITH_EXAMPLE})"
    else:
        detail = (
            f"WITH has no exception after it; write an exception id after WITH "
            f"({_WITH_EXAMPLE}), or remove WITH"
        )
    return InvalidLicenseExpression(raw, detail, token.text, token.position)


def check_shape(raw: str) -> int:
    """Check that ``raw`` has the shape of an SPDX expression and is within
    the size limits; return the number of license and exception ids in it.

    Raises :class:`InvalidLicenseExpression` (or :class:`LicenseExpressionTooLarge`) naming
    the first bad token, its position and what would be right.
    """
    symbols = sum(
        1
        for m in _TOKEN.finditer(raw)
        if m.group() not in "()" and m.group().lower() not in _OPERATORS
    )
    if symbols > MAX_SYMBOLS:
        raise LicenseExpressionTooLarge(
            raw,
            f"the expression has {symbols:,} license and exception ids, over the limit of "
            f"{MAX_SYMBOLS:,}; give the parts their own components, each with its license",
            "symbols",
            MAX_SYMBOLS,
        )
    _check_size(raw)
    items = tokens(raw)
    opened: list[Token] = []
    state = _OPERAND
    last: Token | None = None
    for token in items:
        if token.kind == ")" and not opened:
            raise InvalidLicenseExpression(raw, "')' without a matching '('", ")", token.position)
        if state == _OPERAND:
            if token.kind == "ID":
                _check_id(raw, token)
                state = _LICENSE
            elif token.kind == "(":
                opened.append(token)
                if len(opened) > MAX_DEPTH:
                    raise LicenseExpressionTooLarge(
                        raw,
                        f"parentheses nest more than {MAX_DEPTH} deep, the limit; "
                        "remove the parentheses that group nothing",
                        "depth",
                        MAX_DEPTH,
                        token.text,
                        token.position,
                    )
            else:
                raise _operand_error(raw, token, last)
        elif state == _EXCEPTION:
            if token.kind != "ID":
                raise _exception_error(raw, token)
            _check_id(raw, token)
            state = _DONE
        else:
            assert last is not None
            if token.kind in ("AND", "OR"):
                state = _OPERAND
            elif token.kind == ")":
                opened.pop()
                state = _DONE
            elif token.kind == "WITH" and state == _LICENSE and last.kind == "ID":
                state = _EXCEPTION
            else:
                raise _after_operand_error(raw, token, last, state)
        last = token
    if last is None:
        raise InvalidLicenseExpression(raw, "the expression is empty; write an SPDX id such as MIT")
    if state == _OPERAND:
        unclosed = f"{len(opened)} '(' never closed; add ')'"
        detail = unclosed if last.kind == "(" else _dangling(last)
        raise InvalidLicenseExpression(raw, detail, last.text, last.position)
    if state == _EXCEPTION:
        raise _exception_error(raw, last)
    if opened:
        first = opened[-1]
        raise InvalidLicenseExpression(
            raw, f"{len(opened)} '(' never closed; add ')'", first.text, first.position
        )
    return symbols
