"""Normaliser stages that judge the whole text: an id or expression, a URL, a name, the
Creative Commons grammar."""

from __future__ import annotations

import re
import unicodedata

from openness.licenses._names.tables import (
    _TOKEN,
    Method,
    Normalized,
    _key,
    _result,
    _tables,
)
from openness.licenses.expression import InvalidLicenseExpression, parse_expression
from openness.licenses.knowledge_base import knowledge_base

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
