"""Field mappings used in both directions: licenses, hashes, suppliers and properties.

Each ``write_*`` gives the CycloneDX JSON value for a model value and each ``read_*`` the model
value for a CycloneDX JSON value, such that ``read(write(x)) == x``. Readers never raise for a
malformed value (the schema check reports those); they skip what they cannot read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from openness.formats.cyclonedx.schema import spdx_license_ids
from openness.formats.cyclonedx.spdx import is_spdx_leaf, spdx_valid, stand_in
from openness.formats.cyclonedx.vocab import DIGEST_ALG, HASH_ALG, PREFIX, SpecVersion
from openness.licenses.expression import Node
from openness.licenses.normalize import Method, normalize
from openness.model import DigestAlgorithm, InvalidLicenseExpression, LicenseExpression

__all__ = [
    "LicenseReading",
    "json_value",
    "license_property",
    "prop",
    "read_hashes",
    "read_licenses",
    "read_supplier",
    "split_properties",
    "write_hashes",
    "write_licenses",
]

_HEX = frozenset("0123456789abcdef")
_DIGEST_LENGTHS = {
    DigestAlgorithm.SHA256: 64,
    DigestAlgorithm.SHA512: 128,
    DigestAlgorithm.SHA1: 40,
    DigestAlgorithm.MD5: 32,
}
_NOT_IDSTRING = re.compile(r"[^A-Za-z0-9.\-]+")
_LICENSE_REF_ID = re.compile(r"^LicenseRef-[A-Za-z0-9.\-]+$")


def prop(name: str, value: str) -> dict[str, str]:
    """A CycloneDX property."""
    return {"name": name, "value": value}


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def json_value(value: Any) -> str:
    """A compact, key-sorted JSON text for a property value (deterministic)."""
    return _ENCODER.encode(value)


def write_licenses(
    expression: LicenseExpression | None, version: SpecVersion
) -> list[dict[str, Any]] | None:
    """The ``licenses`` value for a declared license. ``None`` for no license, NOASSERTION and
    NONE (CycloneDX cannot state those; they travel as the ``openness:license`` property).

    A valid SPDX expression (:func:`.spdx.spdx_valid`) is written as ``license.id`` when it is
    a single id of the schema's SPDX list, else as one ``expression``. An expression with an
    operand outside the SPDX list (``Apache-2.0 AND Llama-3.1``) is never written as an
    ``expression``: a single operand, or operands joined by AND, become a list of licenses,
    each with an SPDX ``id`` or a ``name``; anything else is an ``expression`` in which each
    such operand is a ``LicenseRef-openness-`` stand-in (:func:`.spdx.stand_in`). Either way the
    exact expression travels in ``openness:license`` (see :func:`license_property`).
    """
    if expression is None or expression.is_noassertion or expression.is_none:
        return None
    text = str(expression)
    ack = {"acknowledgement": "declared"} if version.since_1_6 else {}
    if text in spdx_license_ids() and expression.ids == (text,):
        return [{"license": {"id": text, **ack}}]
    tree = expression.parsed.tree
    if tree is None or spdx_valid(expression):
        return [{"expression": text, **ack}]
    leaves = tree.children if tree.op == "AND" else (tree,)
    if all(leaf.op in ("ID", "WITH") for leaf in leaves):
        out: list[dict[str, Any]] = []
        for leaf in unique_in_order(leaf.render() for leaf in leaves):
            key = "id" if leaf in spdx_license_ids() else "name"
            out.append({"license": {key: leaf, **ack}})
        return out
    return [{"expression": _with_stand_ins(tree), **ack}]


def _with_stand_ins(node: Node) -> str:
    if node.op in ("ID", "WITH"):
        text = node.render()
        return text if is_spdx_leaf(node) else stand_in(text)
    parts = []
    for child in node.children:
        text = _with_stand_ins(child)
        parts.append(f"({text})" if child.op in ("AND", "OR") else text)
    return f" {node.op} ".join(parts)


def license_property(expression: LicenseExpression | None) -> str | None:
    """The value of the ``openness:license`` property: the exact expression, for what the
    ``licenses`` field cannot carry as it is (NOASSERTION, NONE, and expressions that are not
    valid SPDX expressions); None otherwise. The importer prefers it to ``licenses``."""
    if expression is None:
        return None
    if expression.is_noassertion or expression.is_none or not spdx_valid(expression):
        return str(expression)
    return None


@dataclass
class LicenseReading:
    """What a ``licenses`` list says: the license, whether it was concluded rather than
    declared, and notes on every interpretation made (for evidence or warnings)."""

    license: LicenseExpression | None = None
    concluded: bool = False
    normalised: list[str] = field(default_factory=list)  # names mapped to ids
    combined: str | None = None  # how several entries were combined
    concluded_dropped: str | None = None  # a concluded license next to a declared one
    invalid: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)


def _license_ref(name: str) -> str:
    slug = _NOT_IDSTRING.sub("-", name).strip("-")
    return f"LicenseRef-{slug or 'unnamed'}"


def _one_license(
    item: Mapping[str, Any], index: int, reading: LicenseReading
) -> tuple[str | None, bool]:
    """The expression text of one ``licenses`` entry and whether it is concluded."""
    concluded = False
    if "expression" in item:
        text = item.get("expression")
        concluded = item.get("acknowledgement") == "concluded"
        return (text if isinstance(text, str) and text.strip() else None), concluded
    lic = item.get("license")
    if not isinstance(lic, Mapping):
        return None, False
    concluded = lic.get("acknowledgement") == "concluded"
    license_id = lic.get("id")
    if isinstance(license_id, str) and license_id.strip():
        return license_id, concluded
    name = lic.get("name")
    if isinstance(name, str) and name.strip():
        return _named(name.strip(), reading), concluded
    return None, concluded


def _named(name: str, reading: LicenseReading) -> str | None:
    """The expression text for a license given by name: what the license name normaliser
    (:func:`openness.licenses.normalize.normalize`, the card reader's) reads it as when it is
    confident; a ``LicenseRef-`` named as it is when not; None for a name that states no
    license ("unknown", "other")."""
    if _LICENSE_REF_ID.match(name):
        return name
    found = normalize(name)
    if found.confident and found.license_id is not None:
        reading.normalised.append(f"license name {found.describe()}")
        return found.license_id
    if found.method is Method.UNSTATED:
        reading.normalised.append(f"license name {name!r} states no license: not imported")
        return None
    ref = _license_ref(name)
    could = f"; it could mean {', '.join(found.candidates)}" if found.candidates else ""
    reading.normalised.append(
        f"license name {name!r} names no license the knowledge base knows: recorded as {ref}{could}"
    )
    return ref


def _parse(
    text: str, where: tuple[str | int, ...], reading: LicenseReading
) -> LicenseExpression | None:
    try:
        return LicenseExpression.of(text)
    except InvalidLicenseExpression as exc:
        reading.invalid.append((where, f"invalid license expression {text!r}: {exc}"))
        return None


def _combine(parts: Sequence[tuple[str, int]], reading: LicenseReading) -> str | None:
    texts = [t for t, _ in parts]
    if not texts:
        return None
    if len(texts) == 1:
        return texts[0]
    combined = " AND ".join(f"({t})" if " " in t else t for t in texts)
    reading.combined = combined
    return combined


def read_licenses(value: Any) -> LicenseReading:
    """Read a ``licenses`` list. Entries marked ``acknowledgement: concluded`` count only when
    nothing is declared; several entries are combined with AND (every one of them applies)."""
    reading = LicenseReading()
    if not isinstance(value, list):
        return reading
    declared: list[tuple[str, int]] = []
    concluded: list[tuple[str, int]] = []
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            continue
        text, is_concluded = _one_license(item, index, reading)
        if text is None:
            continue
        (concluded if is_concluded else declared).append((text, index))
    chosen = declared or concluded
    if declared and concluded:
        reading.concluded_dropped = " AND ".join(t for t, _ in concluded)
    reading.concluded = not declared and bool(concluded)
    # Parse each part on its own first, so that an invalid entry is named by its index.
    good = [(t, i) for t, i in chosen if _parse(t, (i,), reading) is not None]
    text = _combine(good, reading)
    if text is not None:
        reading.license = _parse(text, (), reading)
    return reading


def write_hashes(digests: Mapping[DigestAlgorithm, str]) -> list[dict[str, str]]:
    """CycloneDX ``hashes`` for the digests it has an algorithm for (not git-sha1), in a fixed
    order (the model's digests are a mapping: their order means nothing)."""
    return [
        {"alg": name, "content": digests[alg]} for alg, name in HASH_ALG.items() if alg in digests
    ]


def read_hashes(value: Any) -> tuple[dict[DigestAlgorithm, str], list[tuple[int, str]]]:
    """Digests from ``hashes`` (the first of each algorithm), and the entries skipped with
    why: algorithms the model has no place for, and contents of the wrong length."""
    digests: dict[DigestAlgorithm, str] = {}
    skipped: list[tuple[int, str]] = []
    if not isinstance(value, list):
        return digests, skipped
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            continue
        alg = DIGEST_ALG.get(str(item.get("alg")))
        content = item.get("content")
        if alg is None:
            skipped.append((index, f"hash algorithm {item.get('alg')!r} has no digest field"))
            continue
        if not isinstance(content, str):
            continue
        text = content.lower()
        if len(text) != _DIGEST_LENGTHS[alg] or not set(text) <= _HEX:
            skipped.append(
                (index, f"{item.get('alg')} content must be {_DIGEST_LENGTHS[alg]} hex digits")
            )
            continue
        if alg in digests:
            if digests[alg] != text:
                skipped.append((index, f"a second, different {item.get('alg')} hash"))
            continue
        digests[alg] = text
    return digests, skipped


def read_supplier(value: Any) -> str | None:
    """The supplier's name."""
    if isinstance(value, Mapping):
        name = value.get("name")
        if isinstance(name, str):
            return name
    return None


def split_properties(
    value: Any,
) -> tuple[list[tuple[int, str, str]], list[Any]]:
    """Split a ``properties`` list into ours (``openness:`` names, with their index) and the
    others (kept as they are)."""
    ours: list[tuple[int, str, str]] = []
    others: list[Any] = []
    if not isinstance(value, list):
        return ours, others
    for index, item in enumerate(value):
        name = item.get("name") if isinstance(item, Mapping) else None
        if isinstance(name, str) and name.startswith(PREFIX):
            raw = item.get("value", "")
            ours.append((index, name, raw if isinstance(raw, str) else ""))
        else:
            others.append(item)
    return ours, others


def unique_in_order(values: Iterable[str]) -> list[str]:
    """The values without repeats, first occurrence first."""
    return list(dict.fromkeys(values))
