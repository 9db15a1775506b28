"""Normaliser stages that read a text in parts: a name with a parenthesis or copyright line,
"X and Y" compounds, and a license mentioned in a sentence."""

from __future__ import annotations

import re
import unicodedata

from openness.licenses._names.tables import (
    _WORD,
    Method,
    Normalized,
    _key,
    _result,
    _Tables,
    _tables,
)
from openness.licenses._names.whole import (
    _URL,
    _whole,
)
from openness.licenses.expression import InvalidLicenseExpression, parse_expression
from openness.licenses.knowledge_base import knowledge_base

_COPYRIGHT = re.compile(r"(?:\bcopyright\b|\(c\)|©).*$", re.IGNORECASE | re.DOTALL)
_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_AND = re.compile(r"\s+(?:and|&)\s+|\s*;\s*", re.IGNORECASE)
_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_CUE = re.compile(
    r"\b(?:licen[sc]ed?|released|available|distributed|provided|published|offered|made"
    r"|covered|governed|shared)\b[^.;]{0,40}?\bunder\b|\bunder\s+(?:the\s+)?terms\b"
    r"|\blicen[sc]e\s*:",
    re.IGNORECASE,
)
_SINGLE_WORD_MENTIONS = frozenset({"mit", "isc", "unlicense", "wtfpl", "0bsd"})
_FOLLOWERS = frozenset(
    {
        "license",
        "licence",
        "licenses",
        "licensed",
        "international",
        "unported",
        "public",
        "and",
        "or",
        "as",
        "for",
        "by",
        "from",
        "which",
        "that",
        "see",
        "at",
        "https",
        "http",
        "www",
        "is",
        "are",
        "it",
        "this",
        "copyright",
        "c",
        "terms",
        "agreement",
        "in",
        "to",
        "on",
        "if",
        "you",
    }
)
_MAX_WINDOW = 12
# "MIT (not OSI-approved)" comments on the license; "MIT (modified)" changes it.
_NEGATIONS = frozenset({"not", "no", "without"})


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    text = text.strip("#*`>_ \t\r\n\"'“”‘’")
    text = re.sub(r"\s+", " ", text)
    return text.rstrip(".,;: ")


def _hedged(words: list[str], tables: _Tables) -> bool:
    return any(w.lower() in tables.anywhere or w == "?" for w in words)


def _parts(text: str) -> Normalized | None:
    """A name with a parenthesis, a URL or a copyright line beside it: all must agree."""
    main = _COPYRIGHT.sub("", text).strip()
    extras: list[str] = []
    if not main:
        return _result(text, None, Method.UNSTATED, note="a copyright notice, not a license")
    for match in _PARENS.finditer(main):
        extras.append((match.group(1) or match.group(2) or "").strip())
    main = _PARENS.sub(" ", main)
    urls = _URL.findall(main)
    for url in urls:
        main = main.replace(url, " ")
    extras.extend(urls)
    main = _clean(main)
    if main == _clean(text) and not extras:
        return None
    tables = _tables()
    if any(
        w.lower() in tables.nearby and w.lower() not in _NEGATIONS
        for extra in extras
        for w in _WORD.findall(extra)
    ):
        return None
    head = _whole(main) if main else None
    results = [r for r in (_whole(e) for e in extras if e) if r is not None]
    ids = {r.license_id for r in results if r.confident}
    if head is not None and head.confident:
        if ids <= {head.license_id}:
            confidence = head.confidence - (0.05 if extras else 0.0)
            return _result(text, head.license_id, head.method, confidence=confidence)
        return _result(
            text,
            None,
            Method.AMBIGUOUS,
            candidates=sorted({head.license_id or "", *(i or "" for i in ids)} - {""}),
            note="the parts of the text name different licenses",
        )
    if head is not None and head.method is Method.AMBIGUOUS:
        inside = ids & set(head.candidates)
        if len(ids) == 1 and inside:
            return _result(text, inside.pop(), Method.ALIAS, confidence=0.85)
        return _result(text, None, Method.AMBIGUOUS, candidates=head.candidates, note=head.note)
    if (head is None or head.method is Method.UNSTATED) and len(ids) == 1 and not main:
        only = next(r for r in results if r.confident)
        return _result(text, only.license_id, only.method, confidence=only.confidence - 0.05)
    exact = [r for r in results if r.method in (Method.EXACT_ID, Method.EXPRESSION)]
    if head is None and len(ids) == 1 and exact and exact[0].license_id in ids:
        # "Zero-Clause BSD (0BSD)": an unknown name explained by an exact id beside it, when
        # the name shares a word with that license's own name.
        lic_id = exact[0].license_id or ""
        facts = knowledge_base().get(lic_id)
        own = set(_key(lic_id).split()) | set(_key(facts.name if facts else "").split())
        words = {w for w in _key(main).split() if not w[0].isdigit()}
        hedged = any(w.lower() in tables.nearby for w in _WORD.findall(main))
        if words & own and not hedged:
            return _result(text, lic_id, Method.ALIAS, confidence=0.8)
    if head is not None and head.method is Method.UNSTATED and not ids:
        return head
    return None


def _resolve_part(part: str) -> list[Normalized] | None:
    cleaned = _clean(part)
    found = _whole(cleaned) or _parts(cleaned)
    if found is not None and found.confident:
        return [found]
    if "," not in cleaned:
        return None
    pieces = [_clean(p) for p in cleaned.split(",") if p.strip()]
    out: list[Normalized] = []
    for piece in pieces:
        found = _whole(piece) if piece else None
        if found is None or not found.confident:
            return None
        out.append(found)
    return out


def _compound(text: str) -> Normalized | None:
    """'X and Y', 'X; Y', 'X, Y' (all apply) or 'X or Y' (a choice): every part must resolve;
    a mix of 'and' and 'or' is refused. A result without an id means a part did not resolve."""
    and_parts = [p for p in _AND.split(text) if p.strip()]
    or_parts = [p for p in _OR.split(text) if p.strip()]
    if len(and_parts) > 1 and len(or_parts) > 1:
        return _result(text, None, Method.UNKNOWN, note="mixes 'and' and 'or'")
    parts, operator = (and_parts, "AND") if len(and_parts) > 1 else (or_parts, "OR")
    if len(parts) < 2:
        parts, operator = [p for p in text.split(",") if p.strip()], "AND"
        if len(parts) < 2:
            return None
    resolved: list[Normalized] = []
    for part in parts:
        found = _resolve_part(part)
        if found is None:
            candidates = [r.license_id for r in resolved if r.license_id]
            return _result(
                text,
                None,
                Method.UNKNOWN,
                candidates=candidates,
                note=f"the part {_clean(part)!r} names no single known license",
            )
        resolved.extend(found)
    ids = list(dict.fromkeys(r.license_id for r in resolved if r.license_id))
    wrapped = [f"({i})" if " " in i else i for i in ids]
    expression = f" {operator} ".join(wrapped)
    try:
        canonical = parse_expression(expression).canonical
    except InvalidLicenseExpression:  # pragma: no cover - parts are known ids
        return None
    confidence = min(r.confidence for r in resolved) - 0.05
    return _result(text, canonical, Method.COMPOUND, confidence=confidence)


def _mention(text: str) -> Normalized | None:
    """One license named in a sentence with a licensing cue."""
    if not _CUE.search(text):
        return None
    tables = _tables()
    words = list(_WORD.finditer(text))
    found: list[tuple[int, int, Normalized]] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_WINDOW, len(words) - i), 0, -1):
            first, last = words[i], words[i + size - 1]
            window = text[first.start() : last.end()]
            if size == 1 and not (
                any(c.isdigit() for c in window) or window.lower() in _SINGLE_WORD_MENTIONS
            ):
                continue
            result = _whole(window)
            if result is None or result.method is Method.UNSTATED:
                continue
            found.append((i, i + size, result))
            i += size - 1
            break
        i += 1
    if not found:
        return None
    lowered = [w.group().lower() for w in words]
    ids: set[str] = set()
    for start, end, result in found:
        around = lowered[max(0, start - 3) : start] + lowered[end : end + 3]
        follower = lowered[end] if end < len(lowered) else None
        if any(w in tables.nearby for w in around):
            return _result(text, None, Method.UNKNOWN, note="a hedge beside the license name")
        if follower is not None and follower not in _FOLLOWERS and not follower[0].isdigit():
            return _result(
                text, None, Method.UNKNOWN, note=f"{follower!r} follows the license name"
            )
        if not result.confident:
            return _result(
                text,
                None,
                result.method,
                candidates=result.candidates,
                note=f"the sentence names {text[words[start].start() : words[end - 1].end()]!r}",
            )
        ids.add(result.license_id or "")
    if len(ids) != 1:
        return _result(
            text,
            None,
            Method.AMBIGUOUS,
            candidates=sorted(ids),
            note="the sentence names several licenses",
        )
    return _result(text, ids.pop(), Method.MENTION)
