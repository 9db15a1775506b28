"""The name tables of the license-name normaliser: the curated spellings, the knowledge
base's names and aliases, and the normalised key every spelling is compared by."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import yaml

from openness.licenses.knowledge_base import KnowledgeBase, knowledge_base

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
