"""Did-you-mean for license ids the knowledge base has no facts for, and the notes (warnings)
a parsed expression deserves: ids rewritten, ids unknown with the id they most likely mean.

``suggest_license("Llama-3.1")`` is the knowledge base's Llama 3.1 id and
``suggest_license("Apache2")`` is ``Apache-2.0``: the name normaliser
(:func:`openness.licenses.normalize.normalize`) reads the id as a name (with a ``LicenseRef-``
prefix taken off), then the closest ids and aliases of the knowledge base are tried. A
suggestion is a hint in a warning, never a rewrite: what the author wrote stays as written.
"""

from __future__ import annotations

import difflib
import re
from functools import cache, lru_cache

from openness.licenses.expression import ParsedExpression
from openness.licenses.knowledge_base import knowledge_base

__all__ = ["MAX_NOTED_IDS", "expression_notes", "suggest_license"]

#: How many unknown ids of one expression get a note of their own (with a suggestion); the
#: rest are counted in one note, so that the notes grow with the expression, not its square.
MAX_NOTED_IDS = 5
_SHOWN = 200  # an expression longer than this is not quoted in a note
_PREFIX = re.compile(r"^(?:DocumentRef-[^:]+:)?LicenseRef-(?:scancode-|openness-)?", re.I)


@cache
def _keys() -> dict[str, str]:
    kb = knowledge_base()
    keys = {facts.id.lower(): facts.id for facts in kb if not facts.deprecated}
    for alias, target in kb.aliases.items():
        keys.setdefault(alias, target)
    return keys


@lru_cache(maxsize=4096)
def suggest_license(name: str) -> tuple[str, ...]:
    """The knowledge base ids ``name`` most likely means, best first (at most three); empty
    when nothing is close. An id the knowledge base already knows suggests itself."""
    from openness.licenses.normalize import CONFIDENT, normalize

    kb = knowledge_base()
    known = kb.resolve(name)
    if known is not None:
        return (known,)
    bare = _PREFIX.sub("", name)
    for text in dict.fromkeys((name, bare)):
        if not text:
            continue
        found = normalize(text)
        if found.license_id is not None and found.confidence >= CONFIDENT:
            return (found.license_id,)
        if found.candidates:
            return found.candidates[:3]
    keys = _keys()
    close = difflib.get_close_matches(bare.lower(), keys, n=3, cutoff=0.8)
    return tuple(dict.fromkeys(keys[k] for k in close))


def _did_you_mean(ids: tuple[str, ...]) -> str:
    if len(ids) == 1:
        return f"did you mean {ids[0]!r}?"
    return "did you mean one of " + ", ".join(repr(i) for i in ids) + "?"


def expression_notes(expression: ParsedExpression) -> tuple[str, ...]:
    """The warnings ``expression`` deserves, as sentences: every id rewritten (deprecated or
    an alias), and every id without facts with a suggestion (the first
    :data:`MAX_NOTED_IDS`; one note counts the rest)."""
    notes = [
        f"license id {written!r} rewritten to {canonical!r} (deprecated or alias)"
        for written, canonical in expression.rewrites
        if written.lower() != canonical.lower()
    ]
    shown = expression.canonical
    where = f" in {shown!r}" if len(shown) <= _SHOWN else ""
    for unknown in expression.unknown[:MAX_NOTED_IDS]:
        if unknown == shown:
            where = ""
        close = tuple(i for i in suggest_license(unknown) if i != unknown)
        hint = (
            _did_you_mean(close) + " ('openness licenses --search TEXT' lists the ids known)"
            if close
            else "use an SPDX id (https://spdx.org/licenses/) or a LicenseRef- the knowledge "
            "base knows (openness licenses)"
        )
        notes.append(
            f"no facts are known for license id {unknown!r}{where}: its freedom is unknown; {hint}"
        )
    rest = expression.unknown[MAX_NOTED_IDS:]
    if rest:
        named = ", ".join(repr(i) for i in rest[:3]) + (", ..." if len(rest) > 3 else "")
        notes.append(
            f"no facts are known for {len(rest)} more license id(s) in the same expression "
            f"({named}): their freedom is unknown; use SPDX ids or LicenseRef- ids the "
            "knowledge base knows (openness licenses)"
        )
    return tuple(notes)
