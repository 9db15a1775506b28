"""License expressions for SPDX 2.3 documents: our canonical expressions rendered so that
spdx-tools' validators accept them, and every ``LicenseRef-`` defined.

spdx-tools checks ids against the SPDX license list bundled with license-expression, which
lacks about 60 ids our knowledge base knows (the newest SPDX ids, and deprecated ones). Such an
operand is written as ``LicenseRef-openness-<id>`` and defined by an extracted licensing info
whose comment names the operand, so that the importer restores the original expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from spdx_tools.common.spdx_licensing import spdx_licensing  # type: ignore[import-untyped]
from spdx_tools.spdx.model.extracted_licensing_info import ExtractedLicensingInfo
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone
from spdx_tools.spdx.validation.uri_validators import validate_url

from openness.formats.deterministic import content_id
from openness.formats.spdx2.mapping import (
    LICENSE_REF_COMMENT,
    LICENSE_REF_PREFIX,
    exact_line,
    one_line,
    slug,
)
from openness.licenses import knowledge_base
from openness.licenses.expression import Node
from openness.model import LicenseExpression

__all__ = ["RenderedLicense", "extracted_info", "render", "restore", "spdx_value"]

_LICENSE_REF = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")
_STANDS_FOR = re.compile(r"^" + re.escape(LICENSE_REF_COMMENT) + r"'([^']+)'")
_TOKEN = re.compile(r"[^\s()]+")


@dataclass(frozen=True, slots=True)
class RenderedLicense:
    """An expression as written in SPDX, and the LicenseRefs it uses: ``(ref, operand)`` with
    the operand it stands for, or None for a LicenseRef of our own expression."""

    text: str
    refs: tuple[tuple[str, str | None], ...]


@cache
def _known() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case license and exception keys spdx-tools' license list knows."""
    licenses: set[str] = set()
    exceptions: set[str] = set()
    for key, symbol in spdx_licensing.known_symbols.items():
        (exceptions if getattr(symbol, "is_exception", False) else licenses).add(key.lower())
    return frozenset(licenses), frozenset(exceptions)


def _ref_for(operand: str) -> str:
    name = slug(operand, 200)
    if name != operand:  # keep the mapping one-to-one
        name = f"{name}-{content_id(operand, length=8)}"
    return LICENSE_REF_PREFIX + name


@lru_cache(maxsize=65536)
def render(expression: LicenseExpression) -> RenderedLicense:
    """``expression`` as spdx-tools accepts it (cached per expression)."""
    tree = expression.parsed.tree
    if tree is None:  # NOASSERTION, NONE
        return RenderedLicense(str(expression), ())
    refs: dict[str, str | None] = {}
    licenses, exceptions = _known()

    def operand(key: str) -> str:
        if key.startswith("LicenseRef-") and _LICENSE_REF.match(key):
            refs.setdefault(key, None)
            return key
        if key.lower() in licenses and "+" not in key:
            return key
        ref = _ref_for(key)
        refs[ref] = key
        return ref

    def walk(node: Node) -> str:
        if node.op == "ID":
            return operand(str(node.key))
        if node.op == "WITH":
            key, exception = str(node.key), str(node.exception)
            if key.lower() in licenses and exception.lower() in exceptions and "+" not in key:
                return f"{key} WITH {exception}"
            return operand(f"{key} WITH {exception}")
        parts = []
        for child in node.children:
            text = walk(child)
            parts.append(f"({text})" if child.op in ("AND", "OR") else text)
        return f" {node.op} ".join(parts)

    return RenderedLicense(walk(tree), tuple(sorted(refs.items())))


@lru_cache(maxsize=65536)
def _parsed(text: str) -> Any:
    return spdx_licensing.parse(text)


def spdx_value(expression: LicenseExpression) -> Any:
    """The spdx-tools model value for ``expression``: a parsed expression, or the
    NOASSERTION / NONE markers."""
    if expression.is_noassertion:
        return SpdxNoAssertion()
    if expression.is_none:
        return SpdxNone()
    return _parsed(render(expression).text)


def extracted_info(ref: str, operand: str | None) -> ExtractedLicensingInfo:
    """The definition of ``ref``: name and URL from the knowledge base (we ship no license
    texts), and for a stand-in, the operand it stands for."""
    key = operand if operand is not None else ref
    facts = None if " WITH " in key else knowledge_base().get(key)
    name = facts.name if facts is not None else key
    url = facts.url if facts is not None else None
    if url is not None and (validate_url(url) or not exact_line(url)):
        url = None
    where = f"; see {url}" if url else ""
    text = f"{name}: the license text is not included in this document{where}."
    comment = None
    if operand is not None:
        comment = (
            f"{LICENSE_REF_COMMENT}'{operand}', which the SPDX license list of spdx-tools "
            "does not know"
        )
    return ExtractedLicensingInfo(
        license_id=ref,
        extracted_text=one_line(text),
        license_name=one_line(name),
        cross_references=[url] if url else [],
        comment=comment,
    )


def restore(text: str, stands_for: dict[str, str]) -> str:
    """Undo :func:`render`: replace each ``LicenseRef-openness-`` stand-in by its operand."""
    if not stands_for:
        return text

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        operand = stands_for.get(token)
        if operand is None:
            return token
        return f"({operand})" if " WITH " in operand else operand

    return _TOKEN.sub(swap, text)


def stood_for(comment: str | None) -> str | None:
    """The operand an extracted licensing info's comment says its LicenseRef stands for."""
    if not comment:
        return None
    match = _STANDS_FOR.match(comment)
    return match.group(1) if match else None
