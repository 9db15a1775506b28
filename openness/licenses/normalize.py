"""Free-text license names to license ids: ``normalize("Apache License, Version 2.0")``.

What people write for a license ("Apache 2.0", "CC BY-NC-SA 4.0", "Llama 3.1 Community
License", a URL, "released under the MIT license") is mapped to an id the knowledge base knows,
with a confidence and the method that found it. Family names and names without a version
("BSD", "GPL", "Creative Commons", "OpenRAIL") are never guessed: they come back with no id and
the candidates they could mean. The stages, in order (the first that decides wins):

1. ``unstated`` / ``ambiguous``: spellings that name no license ("unknown", "other",
   "custom") or several ("bsd", "gpl"), from ``data/license_names.yaml``;
2. ``exact-id``: an id or alias of the knowledge base, in any case (``alias`` when it is
   rewritten, as ``gpl-2.0`` to ``GPL-2.0-only``); ``expression``: a valid SPDX expression;
3. ``url``: the canonical URL of a license text;
4. ``name`` / ``alias``: the text, normalised (case, punctuation, "licence", "version", bare
   integers), equals a full name from the SPDX list or the knowledge base, or a spelling from
   the curated table;
5. ``pattern``: the Creative Commons grammar (elements, version, port);
6. parts: a parenthesis, a URL or a copyright line beside a name must agree with it;
7. ``compound``: "X and Y", "X or Y" where every part is resolved;
8. ``mention``: one license named in a sentence with a licensing cue ("is licensed under
   CC BY 4.0"), with no hedge ("modified", "like", "custom") nearby.

A result is *confident* when its confidence is at least :data:`CONFIDENT`; importers use the
id only then, and report the candidates otherwise.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from openness.licenses._names.sentences import (
    _clean,
    _compound,
    _hedged,
    _mention,
    _parts,
)
from openness.licenses._names.tables import (
    _WORD,
    CONFIDENT,
    Method,
    Normalized,
    _key,
    _result,
    _tables,
    table_ids,
)
from openness.licenses._names.whole import (
    _whole,
)

__all__ = ["CONFIDENT", "Method", "Normalized", "normalize", "table_ids"]


def _close(text: str) -> tuple[str, ...]:
    tables = _tables()
    key = _key(text)
    if not key or len(key) > 80:
        return ()
    matches = difflib.get_close_matches(key, tables.keys, n=3, cutoff=0.85)
    return tuple(dict.fromkeys(i for m in matches for i in tables.index[m].ids))


@lru_cache(maxsize=16384)
def normalize(text: str) -> Normalized:
    """Map a free-text license name (or URL, or sentence) to a known license id.

    Never raises for any string. See the module docstring for the stages and
    ``docs/licenses/normaliser.md`` for the measured accuracy.
    """
    cleaned = _clean(text)
    if not cleaned:
        return _result(text, None, Method.UNSTATED, note="empty")
    words = [w.group() for w in _WORD.finditer(cleaned)]
    if _hedged(words, _tables()) and _key(cleaned) not in _tables().unstated:
        return _result(text, None, Method.UNKNOWN, note="the text hedges (unknown, unclear, ?)")
    found = _whole(cleaned)
    if found is not None:
        return _with_text(found, text)
    found = _parts(cleaned)
    if found is not None:
        return _with_text(found, text)
    compound = _compound(cleaned)
    if compound is not None and compound.license_id is not None:
        return _with_text(compound, text)
    found = _mention(cleaned)
    if found is not None:
        return _with_text(found, text)
    if compound is not None:
        return _with_text(compound, text)
    return _result(
        text,
        None,
        Method.UNKNOWN,
        candidates=_close(cleaned),
        note="matches no license name the normaliser knows",
    )


def _with_text(result: Normalized, text: str) -> Normalized:
    if result.text == text:
        return result
    return Normalized(
        text, result.license_id, result.confidence, result.method, result.candidates, result.note
    )
