"""Making untrusted values safe to show: every string from metadata goes through here.

Model names, license names and links come from files anyone can write. ``h`` escapes for HTML
(text and attribute values), ``clean`` makes control characters visible (no terminal escape
sequences, no hidden line breaks), and ``safe_url`` lets only ``http`` and ``https`` links
through, so that ``javascript:alert(1)`` is shown as text and never becomes a link.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

__all__ = ["clean", "h", "safe_url", "sentence", "shorten", "spreadsheet_safe"]

# C0 and C1 control characters except tab and newline, DEL, and the Unicode line and
# paragraph separators and bidirectional overrides (which can disguise text).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, *, single_line: bool = False) -> str:
    """``str(value)`` with control characters shown as ``\\xNN``; with ``single_line`` line
    breaks and tabs become spaces."""
    text = str(value)
    if single_line:
        text = " ".join(text.split())
    return _CONTROL.sub(_visible, text)


_CLOSING = "\"')]»”’"


def sentence(text: str) -> str:
    """``text`` ending as a sentence: a full stop is added unless it already ends with one
    (or ``!``, ``?``, ``:``), before any closing quotes or brackets; so that two messages
    joined on one line do not run together."""
    stripped = text.rstrip()
    core = stripped.rstrip(_CLOSING)
    if not core or core[-1] in ".!?:;":
        return stripped
    return stripped + "."


def h(value: object) -> str:
    """``value`` as HTML text or attribute content: cleaned, with ``& < > " '`` escaped."""
    return html.escape(clean(value), quote=True)


def safe_url(url: object) -> str | None:
    """The URL when it is an absolute ``http``/``https`` URL without spaces or control
    characters, else None (so it is shown as text, never followed)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(c.isspace() for c in text) or _CONTROL.search(text):
        return None
    if any(c in text for c in "<>\"'`\\"):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def spreadsheet_safe(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: a leading ``=``, ``+``, ``-``, ``@``, tab or
    carriage return (which would make it evaluate the cell as a formula) gets a ``'`` before
    it; control characters are shown as ``\\xNN``."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return clean(text)
