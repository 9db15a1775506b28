"""Parsing and normalising SPDX license expressions (the only module that imports
license-expression).

The parser is built from the knowledge base, so every id it knows has facts, deprecated ids
are rewritten to their successors (``GPL-2.0`` to ``GPL-2.0-only``), and case is normalised
(``apache-2.0 or mit`` to ``Apache-2.0 OR MIT``). Results are cached by the raw string: a
repeated expression costs one dictionary lookup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from license_expression import (
    AND,
    OR,
    PARSE_INVALID_EXCEPTION,
    PARSE_INVALID_SYMBOL_AS_EXCEPTION,
    ExpressionError,
    ExpressionParseError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    Licensing,
)

from openness.licenses.knowledge_base import knowledge_base
from openness.licenses.shape import InvalidLicenseExpression, check_shape

__all__ = [
    "NOASSERTION",
    "NONE",
    "InvalidLicenseExpression",
    "Node",
    "ParsedExpression",
    "parse_expression",
]

NOASSERTION = "NOASSERTION"
NONE = "NONE"
_SPECIAL = {"noassertion": NOASSERTION, "none": NONE}
_OPERATORS = {"and", "or", "with"}
_TOKENS = re.compile(r"[^\s()]+")
# What license-expression reports for a license where an exception belongs and the reverse
# (the shape is checked before; these are about which ids are exceptions).
_DETAILS = {
    PARSE_INVALID_SYMBOL_AS_EXCEPTION: (
        "{0!r} is a license, not a license exception: WITH takes an exception id (as in "
        "'GPL-2.0-or-later WITH Classpath-exception-2.0'); join two licenses with AND or OR"
    ),
    PARSE_INVALID_EXCEPTION: (
        "{0!r} is a license exception, not a license: write it after a license id and WITH "
        "(as in 'GPL-2.0-or-later WITH Classpath-exception-2.0')"
    ),
}


@dataclass(frozen=True, slots=True)
class Node:
    """One node of a parsed expression tree.

    ``op`` is ``"AND"``, ``"OR"``, ``"WITH"`` or ``"ID"``; ``key`` is the license id for ``ID``
    and ``WITH`` nodes, ``exception`` the exception id for ``WITH``.
    """

    op: str
    key: str | None = None
    exception: str | None = None
    children: tuple[Node, ...] = ()

    def render(self) -> str:
        """The canonical SPDX text of this subtree."""
        if self.op == "ID":
            return str(self.key)
        if self.op == "WITH":
            return f"{self.key} WITH {self.exception}"
        parts = []
        for child in self.children:
            text = child.render()
            parts.append(f"({text})" if child.op in ("AND", "OR") else text)
        return f" {self.op} ".join(parts)


@dataclass(frozen=True, slots=True)
class ParsedExpression:
    """A parsed, normalised license expression.

    ``canonical`` is the normalised text; ``rewrites`` lists ``(written, canonical)`` pairs for
    every id that was rewritten (case, deprecated id, alias); ``unknown`` lists ids the
    knowledge base has no facts for. ``tree`` is None for ``NOASSERTION`` and ``NONE``.
    """

    raw: str
    canonical: str
    tree: Node | None
    ids: tuple[str, ...]
    exceptions: tuple[str, ...]
    rewrites: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]

    @property
    def is_noassertion(self) -> bool:
        """True for ``NOASSERTION``: the author makes no statement."""
        return self.canonical == NOASSERTION

    @property
    def is_none(self) -> bool:
        """True for ``NONE``: no license applies (all rights reserved)."""
        return self.canonical == NONE


@cache
def _licensing() -> Licensing:
    kb = knowledge_base()
    aliases: dict[str, list[str]] = {}
    for alias, target in kb.aliases.items():
        aliases.setdefault(target, []).append(alias)
    symbols: list[LicenseSymbol] = []
    for facts in kb:
        if facts.id.lower() in kb.aliases:
            continue  # a deprecated id that an alias rewrites
        symbols.append(LicenseSymbol(facts.id, aliases=tuple(aliases.get(facts.id, ()))))
    symbols.extend(LicenseSymbol(exc.id, is_exception=True) for exc in kb.exceptions.values())
    return Licensing(symbols)


def _convert(expr: Any) -> Node:
    if isinstance(expr, LicenseWithExceptionSymbol):
        return Node("WITH", key=expr.license_symbol.key, exception=expr.exception_symbol.key)
    if isinstance(expr, LicenseSymbol):
        return Node("ID", key=expr.key)
    if isinstance(expr, AND | OR):
        op = "AND" if isinstance(expr, AND) else "OR"
        children: list[Node] = []
        for arg in expr.args:
            child = _convert(arg)
            # license-expression keeps nesting of the same operator; flatten it.
            children.extend(child.children if child.op == op else (child,))
        return Node(op, children=tuple(children))
    raise TypeError(f"unexpected license expression node {expr!r}")  # pragma: no cover


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


@lru_cache(maxsize=65536)
def parse_expression(raw: str) -> ParsedExpression:
    """Parse and normalise ``raw``; raise :class:`InvalidLicenseExpression` when malformed."""
    text = raw.strip()
    if not text:
        raise InvalidLicenseExpression(raw, "the expression is empty; write an SPDX id such as MIT")
    special = _SPECIAL.get(text.lower())
    if special is not None:
        return ParsedExpression(raw, special, None, (), (), (), ())
    check_shape(raw)
    kb = knowledge_base()
    lead = len(raw) - len(raw.lstrip())  # positions are in the text as written
    try:
        parsed = _licensing().parse(text, validate=False, strict=True)
    except ExpressionParseError as exc:
        bad: str | None = getattr(exc, "token_string", None) or None
        offset: int | None = getattr(exc, "position", None)
        template = _DETAILS.get(getattr(exc, "error_code", None), "")
        detail = template.format(bad) if template and bad else str(exc).split(" for token:")[0]
        raise InvalidLicenseExpression(
            raw, detail, bad, offset + lead if offset is not None and offset >= 0 else None
        ) from None
    except ExpressionError as exc:
        raise InvalidLicenseExpression(raw, str(exc)) from None
    if parsed is None:
        raise InvalidLicenseExpression(raw, "the expression is empty; write an SPDX id such as MIT")
    tree = _convert(parsed)
    for node in _walk(tree):
        if node.key is not None and " " in node.key:
            # license-expression joins adjacent words into one unknown symbol.
            second = node.key.split()[1]
            raise InvalidLicenseExpression(
                raw,
                f"{node.key!r} is not one license id: join ids with AND, OR or WITH "
                "(did you mean an SPDX id such as Apache-2.0?)",
                second,
                lead + text.find(second, text.find(node.key.split()[0])),
            )
    # Dictionaries keep the order of appearance and make each step O(1): a large expression
    # costs time in proportion to its size.
    ids: dict[str, None] = {}
    exceptions: dict[str, None] = {}
    for node in _walk(tree):
        if node.key is not None:
            ids.setdefault(node.key)
        if node.exception is not None:
            exceptions.setdefault(node.exception)
    rewrites: dict[tuple[str, str], None] = {}
    for token in dict.fromkeys(m.group() for m in _TOKENS.finditer(text)):
        if token.lower() in _OPERATORS:
            continue
        canonical = kb.resolve(token)
        if canonical is not None and canonical != token:
            rewrites.setdefault((token, canonical))
    unknown = tuple(i for i in ids if kb.get(i) is None)
    unknown += tuple(e for e in exceptions if kb.exception(e) is None)
    return ParsedExpression(
        raw=raw,
        canonical=tree.render(),
        tree=tree,
        ids=tuple(ids),
        exceptions=tuple(exceptions),
        rewrites=tuple(rewrites),
        unknown=unknown,
    )
