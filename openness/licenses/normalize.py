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
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import yaml

from openness.licenses.expression import InvalidLicenseExpression, parse_expression
from openness.licenses.knowledge_base import KnowledgeBase, knowledge_base

__all__ = ["CONFIDENT", "Method", "Normalized", "normalize"]

#: Results at or above this confidence are used; below it they are only candidates.
CONFIDENT = 0.7


class Method(StrEnum):
    """How a result was found (or why there is none)."""

    EXACT_ID = "exact-id"
    EXPRESSION = "expression"
    ALIAS = "alias"
    NAME = "name"
    URL = "url"
    PATTERN = "pattern"
    COMPOUND = "compound"
    MENTION = "mention"
    AMBIGUOUS = "ambiguous"
    UNSTATED = "unstated"
    UNKNOWN = "unknown"


_CONFIDENCE = {
    Method.EXACT_ID: 1.0,
    Method.EXPRESSION: 1.0,
    Method.ALIAS: 0.9,
    Method.NAME: 0.95,
    Method.URL: 0.9,
    Method.PATTERN: 0.9,
    Method.MENTION: 0.75,
}


@dataclass(frozen=True, slots=True)
class Normalized:
    """The result of normalising one text.

    ``license_id`` is a canonical SPDX id or a ``LicenseRef-`` the knowledge base knows (for
    ``compound`` results an SPDX expression of such ids), or None. ``candidates`` lists what
    an ambiguous or unresolved text could mean; ``note`` says why a text was left unknown.
    """

    text: str
    license_id: str | None
    confidence: float
    method: Method
    candidates: tuple[str, ...] = ()
    note: str | None = None

    @property
    def confident(self) -> bool:
        """True when there is an id and the confidence reaches :data:`CONFIDENT`."""
        return self.license_id is not None and self.confidence >= CONFIDENT

    def describe(self) -> str:
        """One sentence for evidence and warnings."""
        if self.license_id is not None:
            return (
                f"{self.text!r} read as {self.license_id} ({self.method.value}, "
                f"confidence {self.confidence:.2f})"
            )
        why = f": {self.note}" if self.note else ""
        could = f"; it could mean {', '.join(self.candidates)}" if self.candidates else ""
        return f"{self.text!r} names no single known license ({self.method.value}{why}){could}"


# --- text keys ---------------------------------------------------------------------------------

_STOPWORDS = frozenset(
    {
        "the",
        "license",
        "licence",
        "licensed",
        "licenses",
        "version",
        "v",
        "ver",
        "international",
        "unported",
        "generic",
        "public",
    }
)
_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)*")
_WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)*|\+\+|\+|\?")
_OR_LATER = re.compile(r"\bor[\s_-]+(?:any[\s_-]+)?later(?:[\s_-]+versions?)?\b")
_INT = re.compile(r"^\d+$")


def _prepare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("licence", "license")
    text = _OR_LATER.sub(" orlater ", text)
    return text.replace("++", " plusplus ").replace("+", " orlater ")


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    """The comparison key: lower-case word and version tokens without filler words, bare
    integers written as ``N.0``."""
    out: list[str] = []
    for token in _TOKEN.findall(_prepare(text)):
        if token in _STOPWORDS:
            continue
        out.append(f"{token}.0" if _INT.match(token) else token)
    return " ".join(out)


# --- the tables --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    ids: tuple[str, ...]
    method: Method


@dataclass(frozen=True)
class _Tables:
    index: Mapping[str, _Entry]
    unstated: frozenset[str]
    ambiguous: Mapping[str, tuple[str, ...]]
    anywhere: frozenset[str]
    nearby: frozenset[str]
    urls: tuple[tuple[str, str], ...]
    keys: tuple[str, ...] = field(default=())


def _load_yaml() -> dict[str, Any]:
    raw = files("openness.licenses").joinpath("data/license_names.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    if not isinstance(data, dict):  # pragma: no cover - shipped data
        raise ValueError("license_names.yaml must be a mapping")
    return data


def _is_real_name(name: str, lic_id: str) -> bool:
    # ScanCode-only entries carry their key as name ("llama-2-license-2023"): not a name.
    short = lic_id.lower().removeprefix("licenseref-scancode-")
    return name.lower() != short and name.lower() != lic_id.lower()


def _kb_keys(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Keys from the knowledge base: ids (not LicenseRef-), full names, aliases."""
    found: dict[str, set[str]] = {}

    def add(text: str, lic_id: str) -> None:
        key = _key(text)
        if key:
            found.setdefault(key, set()).add(lic_id)

    for facts in kb:
        target = facts.id
        if facts.deprecated:
            resolved = kb.resolve(facts.id)
            if resolved is None or resolved == facts.id:
                continue
            target = resolved
        if not facts.id.startswith("LicenseRef-"):
            add(facts.id, target)
        if facts.name and _is_real_name(facts.name, facts.id):
            add(facts.name, target)
    for alias, target in kb.aliases.items():
        if kb.get(target) is not None:
            add(alias, target)
    return found


@cache
def _tables() -> _Tables:
    kb = knowledge_base()
    data = _load_yaml()
    index: dict[str, _Entry] = {}
    for key, ids in _kb_keys(kb).items():
        ordered = tuple(sorted(ids))
        if len(ordered) == 1:
            index[key] = _Entry(ordered, Method.NAME)
        else:
            index[key] = _Entry(ordered, Method.AMBIGUOUS)
    for lic_id, spellings in (data.get("names") or {}).items():
        for spelling in spellings or ():
            key = _key(str(spelling))
            if key:
                index[key] = _Entry((str(lic_id),), Method.ALIAS)
    ambiguous = {
        _key(str(name)): tuple(str(c) for c in (ids or ()))
        for name, ids in (data.get("ambiguous") or {}).items()
    }
    unstated = frozenset(_key(str(s)) for s in data.get("unstated") or ())
    hedges = data.get("hedges") or {}
    urls = tuple(
        sorted(
            ((str(prefix).lower(), str(lic)) for prefix, lic in (data.get("urls") or {}).items()),
            key=lambda pair: -len(pair[0]),
        )
    )
    for key in (*ambiguous, *unstated):
        index.pop(key, None)
    return _Tables(
        index=index,
        unstated=unstated,
        ambiguous=ambiguous,
        anywhere=frozenset(str(h) for h in hedges.get("anywhere") or ()),
        nearby=frozenset(str(h) for h in hedges.get("nearby") or ()),
        urls=urls,
        keys=tuple(sorted(index)),
    )


def table_ids() -> set[str]:
    """Every id the curated table (names, ambiguous candidates, URLs) refers to."""
    data = _load_yaml()
    ids = {str(i) for i in (data.get("names") or {})}
    for candidates in (data.get("ambiguous") or {}).values():
        ids.update(str(c) for c in candidates or ())
    ids.update(str(i) for i in (data.get("urls") or {}).values())
    return ids


# --- stages ------------------------------------------------------------------------------------


def _result(
    text: str,
    license_id: str | None,
    method: Method,
    *,
    confidence: float | None = None,
    candidates: Iterable[str] = (),
    note: str | None = None,
) -> Normalized:
    if confidence is None:
        confidence = _CONFIDENCE.get(method, 0.0) if license_id is not None else 0.0
    return Normalized(text, license_id, round(confidence, 3), method, tuple(candidates), note)


_EXPR_CHARS = re.compile(r"^[A-Za-z0-9.+\-:()\s]+$")
_OPERATORS = frozenset({"and", "or", "with"})


def _exact(text: str) -> Normalized | None:
    kb = knowledge_base()
    tables = _tables()
    if " " not in text:
        if _key(text) in tables.ambiguous:
            return None
        resolved = kb.resolve(text)
        if resolved is not None and kb.get(resolved) is not None:
            if resolved.lower() == text.lower():
                return _result(text, resolved, Method.EXACT_ID)
            return _result(text, resolved, Method.ALIAS, confidence=0.95)
        return None
    if not _EXPR_CHARS.match(text):
        return None
    words = text.replace("(", " ").replace(")", " ").split()
    if not any(w in ("AND", "OR", "WITH") for w in words):
        return None  # lower-case "and" is English: the compound stage reads it
    for word in words:
        if word.lower() in _OPERATORS:
            continue
        if _key(word) in tables.ambiguous:
            return None
        resolved = kb.resolve(word)
        if resolved is None:
            return None
    try:
        parsed = parse_expression(text)
    except InvalidLicenseExpression:
        return None
    if parsed.unknown or parsed.tree is None:
        return None
    return _result(text, parsed.canonical, Method.EXPRESSION)


_CC_ELEMENTS = {
    "by": "BY",
    "attribution": "BY",
    "nc": "NC",
    "noncommercial": "NC",
    "sa": "SA",
    "sharealike": "SA",
    "nd": "ND",
    "noderivatives": "ND",
    "noderivs": "ND",
    "zero": "ZERO",
}
_CC_PAIRS = {
    ("non", "commercial"): "NC",
    ("share", "alike"): "SA",
    ("no", "derivatives"): "ND",
    ("no", "derivs"): "ND",
    ("no", "derivative"): "ND",
}
_CC_FILLER = frozenset(
    {
        "license",
        "licence",
        "licensed",
        "public",
        "international",
        "unported",
        "generic",
        "legal",
        "code",
        "legalcode",
        "deed",
        "universal",
        "the",
        "works",
        "dedication",
        "domain",
    }
)
_CC_PORTS = {
    "at": "AT",
    "austria": "AT",
    "au": "AU",
    "australia": "AU",
    "de": "DE",
    "germany": "DE",
    "igo": "IGO",
    "nl": "NL",
    "netherlands": "NL",
    "us": "US",
    "fr": "FR",
    "france": "FR",
    "uk": "UK",
    "es": "ES",
    "spain": "ES",
    "it": "IT",
    "italy": "IT",
    "jp": "JP",
    "japan": "JP",
    "br": "BR",
    "brazil": "BR",
    "ca": "CA",
    "canada": "CA",
    "ch": "CH",
    "switzerland": "CH",
    "cn": "CN",
    "china": "CN",
    "pl": "PL",
    "poland": "PL",
    "pt": "PT",
    "portugal": "PT",
    "tw": "TW",
    "taiwan": "TW",
    "kr": "KR",
    "korea": "KR",
    "nz": "NZ",
    "za": "ZA",
    "in": "IN",
    "india": "IN",
    "se": "SE",
    "sweden": "SE",
    "england": "UK",
    "wales": "UK",
    "scotland": "UK",
}
_CC_VERSIONS = ("4.0", "3.0", "2.5", "2.0", "1.0")
_CC_ORDER = ("NC", "ND", "SA")


def _creative_commons(text: str) -> Normalized | None:
    """The Creative Commons grammar; None when the text is not (only) a CC license name."""
    tokens = _TOKEN.findall(
        unicodedata.normalize("NFKC", text).lower().replace("licence", "license")
    )
    cc = False
    attribution_word = False
    elements: set[str] = set()
    version: str | None = None
    port: str | None = None
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        pair = (tok, tokens[i + 1]) if i + 1 < len(tokens) else None
        if tok == "creative" and i + 1 < len(tokens) and tokens[i + 1] in ("commons", "common"):
            cc, i = True, i + 2
            continue
        if tok == "cc":
            cc = True
            if i + 1 < len(tokens) and tokens[i + 1] == "0":
                elements.add("ZERO")
                i += 1
        elif pair is not None and pair in _CC_PAIRS:
            elements.add(_CC_PAIRS[pair])
            i += 2
            continue
        elif tok in _CC_ELEMENTS:
            elements.add(_CC_ELEMENTS[tok])
            attribution_word = attribution_word or tok == "attribution"
        elif tok[0].isdigit():
            if version is not None or port is not None:
                return None
            version = tok if "." in tok else f"{tok}.0"
        elif tok in _CC_FILLER:
            pass
        elif tok in _CC_PORTS and version is not None and port is None:
            port = _CC_PORTS[tok]
        else:
            return None
        i += 1
    if not cc and not (attribution_word and version is not None):
        return None
    if "ZERO" in elements:
        if elements != {"ZERO"} or version not in (None, "1.0"):
            return None
        return _result(text, "CC0-1.0", Method.PATTERN)
    kb = knowledge_base()
    if not elements:
        return _result(
            text,
            None,
            Method.AMBIGUOUS,
            candidates=_tables().ambiguous.get("creative commons", ()),
            note="a Creative Commons license without its elements (BY, SA, NC, ND)",
        )
    if "BY" not in elements or {"SA", "ND"} <= elements:
        return _result(text, None, Method.UNKNOWN, note="not a Creative Commons license")
    stem = "CC-BY" + "".join(f"-{e}" for e in _CC_ORDER if e in elements)
    if version is None:
        candidates = [f"{stem}-{v}" for v in _CC_VERSIONS if kb.get(f"{stem}-{v}") is not None]
        return _result(
            text,
            None,
            Method.AMBIGUOUS,
            candidates=candidates,
            note=f"{stem} without a version",
        )
    lic_id = f"{stem}-{version}" + (f"-{port}" if port else "")
    facts = kb.get(lic_id)
    if facts is None:
        return _result(
            text,
            None,
            Method.UNKNOWN,
            candidates=[f"{stem}-{version}"] if kb.get(f"{stem}-{version}") else [],
            note=f"{lic_id} is not a license the knowledge base knows",
        )
    return _result(text, facts.id, Method.PATTERN)


_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
_CC_URL = re.compile(
    r"creativecommons\.org/licenses/([a-z-]+)/(\d+(?:\.\d+)?)(?:/([a-z]{2,3})(?=/|$))?",
    re.IGNORECASE,
)
_CC0_URL = re.compile(r"creativecommons\.org/publicdomain/(zero|mark)/1\.0", re.IGNORECASE)
_ID_URL = re.compile(
    r"(?:spdx\.org/licenses|opensource\.org/licenses?|choosealicense\.com/licenses)/"
    r"([A-Za-z0-9.+-]+?)(?:\.html|\.php|\.json|\.txt)?/?$",
    re.IGNORECASE,
)


def _url(text: str) -> Normalized | None:
    """A license text's URL; None when ``text`` is not a URL."""
    stripped = text.strip().rstrip(".,;")
    if not _URL.fullmatch(stripped):
        return None
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", stripped, flags=re.IGNORECASE)
    kb = knowledge_base()
    match = _CC0_URL.search(bare)
    if match:
        lic_id = "CC0-1.0" if match.group(1).lower() == "zero" else "CC-PDM-1.0"
        return _result(text, lic_id, Method.URL)
    match = _CC_URL.search(bare)
    if match:
        parts = match.group(1).upper()
        port = f"-{match.group(3).upper()}" if match.group(3) else ""
        lic_id = f"CC-{parts}-{match.group(2)}{port}"
        facts = kb.get(lic_id)
        if facts is not None:
            return _result(text, facts.id, Method.URL)
        return _result(text, None, Method.UNKNOWN, note=f"{lic_id} is not known")
    match = _ID_URL.search(bare)
    if match:
        resolved = kb.resolve(match.group(1))
        if resolved is not None and kb.get(resolved) is not None:
            return _result(text, resolved, Method.URL)
    lowered = bare.lower().rstrip("/")
    for suffix in (".html", ".htm", ".txt", ".md", "/legalcode", ".en"):
        lowered = lowered.removesuffix(suffix)
    for prefix, lic_id in _tables().urls:
        if lowered.startswith(prefix):
            return _result(text, lic_id, Method.URL)
    return _result(text, None, Method.UNKNOWN, note="a URL that is not a known license text")


def _whole(text: str) -> Normalized | None:
    """Stages that read the text as a whole; None when none of them decides."""
    tables = _tables()
    key = _key(text)
    if not key:
        return _result(text, None, Method.UNSTATED, note="no license name in the text")
    if key in tables.unstated:
        return _result(text, None, Method.UNSTATED, note="states no license")
    if key in tables.ambiguous:
        return _result(
            text,
            None,
            Method.AMBIGUOUS,
            candidates=tables.ambiguous[key],
            note="a family name or a name without its version",
        )
    found = _exact(text) or _url(text)
    if found is not None:
        return found
    entry = tables.index.get(key)
    if entry is not None:
        if entry.method is Method.AMBIGUOUS:
            return _result(
                text, None, Method.AMBIGUOUS, candidates=entry.ids, note="several licenses"
            )
        return _result(text, entry.ids[0], entry.method)
    return _creative_commons(text)


# --- parts, compounds and mentions ---------------------------------------------------------------

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
