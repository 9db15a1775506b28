"""License texts made comparable: normalisation and shingling.

A text is normalised along the SPDX License List matching guidelines (case, whitespace,
punctuation, bullets and numbering, copyright notices, markup, varietal spellings) and cut into
overlapping word 5-grams ("shingles"), each kept as the low 24 bits of its CRC-32. The
reference fingerprints (:mod:`openness.licenses._fingerprints`) are made the same way, by
``tools/licenses/build_fingerprints.py``; :data:`NORMALIZATION` is bumped whenever the result
changes. The public names are re-exported by :mod:`openness.licenses.identify`.
"""

from __future__ import annotations

import re
import zlib

__all__ = ["MAX_CHARS", "NORMALIZATION", "SHINGLE", "normalize", "shingle_sequence", "shingles"]

NORMALIZATION = 2
"""Version of :func:`normalize` and :func:`shingles`; the data file records the one it used."""
SHINGLE = 5
"""Words per shingle."""
MAX_CHARS = 2_000_000
"""Only this much of a text is read (a license inside a huge README is still found)."""

_EQUIVALENT_WORDS = {
    "acknowledgment": "acknowledgement",
    "analogue": "analog",
    "analyse": "analyze",
    "artefact": "artifact",
    "authorisation": "authorization",
    "authorised": "authorized",
    "calibre": "caliber",
    "cancelled": "canceled",
    "catalogue": "catalog",
    "categorise": "categorize",
    "centre": "center",
    "emphasised": "emphasized",
    "favour": "favor",
    "favourite": "favorite",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "initialise": "initialize",
    "judgment": "judgement",
    "labelling": "labeling",
    "labour": "labor",
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "maximise": "maximize",
    "modelled": "modeled",
    "modelling": "modeling",
    "offence": "offense",
    "optimise": "optimize",
    "organisation": "organization",
    "organise": "organize",
    "practise": "practice",
    "programme": "program",
    "realise": "realize",
    "recognise": "recognize",
    "signalling": "signaling",
    "utilisation": "utilization",
    "whilst": "while",
    "wilful": "willful",
    "https": "http",
}
_JOINED = re.compile(r"\b(sub|non|co|re)[\s\-‐‑–]+(licen[cs]\w*|commercial\w*|exclusive\w*)")
_TAG = re.compile(r"<[^<>\n]{0,200}>")
_COPYRIGHT_LINE = re.compile(
    r"^[\W_]*(?:copyright\b|\(c\)|©)[^\n]*?(?:\d{4}|\(c\)|©|yyyy|\byear\b|holder|owner)[^\n]*$",
    re.MULTILINE,
)
_BULLET = re.compile(
    r"^[ \t>]*(?:[-*•·–—+#]+|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-z]|[ivx]{1,5})[.)])[ \t]+(?=\D)",
    re.MULTILINE,
)
_TOKEN = re.compile(r"\d+(?:\.\d+)*|[^\W\d_]+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalize(text: str) -> list[str]:
    """The words of ``text`` as compared: lower case, without markup, bullets, numbering,
    copyright notices and apostrophes, British spellings and hyphenations made American."""
    text = text[:MAX_CHARS].lower().translate(_QUOTES).replace("'", "")
    text = _TAG.sub(" ", text)
    text = _COPYRIGHT_LINE.sub(" ", text)
    text = text.replace("all rights reserved", " ")
    for _ in range(2):
        text = _BULLET.sub("", text)
    text = _JOINED.sub(r"\1\2", text)
    return [_EQUIVALENT_WORDS.get(word, word) for word in _TOKEN.findall(text)]


def shingle_sequence(words: list[str]) -> list[int]:
    """The low 24 bits of the CRC-32 of every run of :data:`SHINGLE` consecutive words, in
    order (a chance match of an unrelated text's shingle with a reference's is about one in
    50,000 per reference shingle... of 16.7 million values)."""
    return [
        zlib.crc32(" ".join(words[i : i + SHINGLE]).encode("utf-8")) & 0xFFFFFF
        for i in range(len(words) - SHINGLE + 1)
    ]


def shingles(words: list[str]) -> set[int]:
    """The set of :func:`shingle_sequence`."""
    return set(shingle_sequence(words))
