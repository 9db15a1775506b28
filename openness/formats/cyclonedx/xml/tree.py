"""XML trees (lxml) to and from the intermediate shape of :mod:`.codec`, in one pass each.

Reading walks the lxml tree alongside the XSD's element declarations (so values get their
XSD types: integers, decimals and booleans become JSON numbers and booleans, and white space is
normalised as the XSD type says); writing builds the tree from the shape :func:`.codec.
from_json` gives, whose keys are already in the XSD's order. Both are linear in the document;
the verdict on validity is libxml2's (:func:`.schemas.validator`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from lxml import etree
from xmlschema.validators import XsdElement

from openness.formats.cyclonedx.xml.codec import (
    BOXED,
    DEFAULT_TEXT_KEY,
    FLAT,
    TEXT_KEY,
    Note,
    attributes,
    children,
    is_ref_only,
    is_wrapper,
    json_child_name,
    json_name,
    repeats,
)

__all__ = ["build_tree", "tree_to_json"]

_XS = "{http://www.w3.org/2001/XMLSchema}"
_INTEGER = frozenset(
    _XS + n
    for n in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)
_NUMBER = frozenset(_XS + n for n in ("decimal", "float", "double"))
_BOOLEAN = _XS + "boolean"
_KINDS: dict[int, tuple[str, str]] = {}


def _kind(xsd_type: Any) -> tuple[str, str]:
    """(int | number | boolean | text, white space rule) of a simple type."""
    found = _KINDS.get(id(xsd_type))
    if found is not None:
        return found
    kind = "text"
    space = getattr(xsd_type, "white_space", None) or "preserve"
    node = xsd_type
    while node is not None:
        name = getattr(node, "name", None)
        if name in _INTEGER:
            kind = "int"
            break
        if name in _NUMBER:
            kind = "number"
            break
        if name == _BOOLEAN:
            kind = "boolean"
            break
        node = getattr(node, "base_type", None)
    _KINDS[id(xsd_type)] = (kind, space)
    return kind, space


def _value(xsd_type: Any, text: str | None) -> Any:
    kind, space = _kind(xsd_type)
    raw = text or ""
    if space == "collapse" or kind != "text":
        raw = " ".join(raw.split())
    elif space == "replace":
        raw = raw.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    try:
        if kind == "int":
            return int(raw)
        if kind == "number":
            number = float(raw)
            return int(number) if number.is_integer() and "." not in raw else number
    except ValueError:
        return raw  # (the XSD check has run before: only a lax wildcard gets here)
    if kind == "boolean":
        return raw in ("true", "1")
    return raw


# --- reading -----------------------------------------------------------------------------


def tree_to_json(root_decl: XsdElement, root: Any) -> tuple[dict[str, Any], list[Note]]:
    """The JSON-shaped BOM of an lxml ``bom`` element (valid for its XSD), and notes on what
    JSON has no room for."""
    namespace = etree.QName(root).namespace
    notes: list[Note] = []
    reader = _Reader(namespace, notes)
    value = reader.element(root_decl, root, ())
    return (value if isinstance(value, dict) else {}), notes


class _Reader:
    def __init__(self, namespace: str | None, notes: list[Note]):
        self.namespace = namespace
        self.notes = notes

    def local(self, element: Any) -> str | None:
        if not isinstance(element.tag, str):
            return None
        qname = etree.QName(element)
        return qname.localname if qname.namespace == self.namespace else None

    def note(self, path: tuple[str | int, ...], what: str) -> None:
        self.notes.append((path, what))

    def foreign(self, element: Any, path: tuple[str | int, ...]) -> None:
        if isinstance(element.tag, str):
            qname = etree.QName(element)
            prefix = element.prefix
            name = f"{prefix}:{qname.localname}" if prefix else element.tag
            self.note(path, f"element {name!r}")

    def element(self, decl: XsdElement, element: Any, path: tuple[str | int, ...]) -> Any:
        if is_ref_only(decl):
            self.attributes(decl, element, path, {})
            return element.get("ref", "")
        if is_wrapper(decl):
            return self.items(decl, element, path)
        if decl.type.has_simple_content():
            if not attributes(decl):
                return _value(decl.type, element.text)
            out: dict[str, Any] = {}
            self.attributes(decl, element, path, out)
            if element.text is not None:  # (an empty element says no text)
                content = getattr(decl.type, "content", decl.type)
                key = TEXT_KEY.get(decl.local_name or "", DEFAULT_TEXT_KEY)
                out[key] = _value(content, element.text)
            return out
        return self.object(decl, element, path)

    def attributes(
        self, decl: XsdElement, element: Any, path: tuple[str | int, ...], out: dict[str, Any]
    ) -> None:
        declared = decl.type.attributes if hasattr(decl.type, "attributes") else {}
        for key, text in element.attrib.items():
            if key.startswith("{"):
                if not key.startswith("{http://www.w3.org/2000/xmlns/}"):
                    self.note(path, f"attribute {key!r}")
                continue
            found = declared.get(key)
            if found is None:
                self.note(path, f"attribute {key!r}")
                continue
            out[json_name(key)] = _value(found.type, text)

    def items(self, decl: XsdElement, element: Any, path: tuple[str | int, ...]) -> list[Any]:
        kinds = children(decl)
        keyed = len(kinds) > 1
        box = BOXED.get(decl.local_name or "")
        out: list[Any] = []
        for child in element:
            name = self.local(child)
            child_decl = kinds.get(name) if name is not None else None
            if name is None or child_decl is None:
                self.foreign(child, path)
                continue
            where = (*path, len(out))
            flat = not keyed or name in FLAT
            decoded = self.element(child_decl, child, where if flat else (*where, name))
            if name == "expression" and not isinstance(decoded, dict):
                out.append({"expression": decoded})
            elif box is not None:
                out.append({box: decoded})
            elif flat:
                out.append(decoded)
            else:
                out.append({name: decoded})
        return out

    def object(self, decl: XsdElement, element: Any, path: tuple[str | int, ...]) -> Any:
        out: dict[str, Any] = {}
        self.attributes(decl, element, path, out)
        kinds = children(decl)
        for child in element:
            name = self.local(child)
            child_decl = kinds.get(name) if name is not None else None
            if name is None or child_decl is None:
                self.foreign(child, path)
                continue
            key = json_child_name(decl, name)
            where = (*path, key)
            if decl.local_name == "dependency" and name in ("dependency", "provides"):
                out.setdefault(key, []).append(child.get("ref", ""))
            elif not repeats(child_decl):
                if key in out:
                    self.note(where, f"element {name!r} repeated: the first is kept")
                    continue
                out[key] = self.element(child_decl, child, where)
            elif is_wrapper(child_decl):  # (a repeated list: one list of all their items)
                out.setdefault(key, []).extend(self.element(child_decl, child, where))
            else:
                items = out.setdefault(key, [])
                items.append(self.element(child_decl, child, (*where, len(items))))
        if decl.local_name == "tools" and "tool" in out:
            return out["tool"]  # (the legacy list of tools)
        return out


# --- writing -----------------------------------------------------------------------------


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text or "E" in text else text
    return str(value)


def build_tree(data: Mapping[str, Any], namespace: str) -> Any:
    """The lxml ``bom`` element of the shape :func:`.codec.from_json` gives."""
    root = etree.Element(f"{{{namespace}}}bom", nsmap={None: namespace})
    _fill(root, data, namespace)
    return root


def _fill(element: Any, data: Any, namespace: str) -> None:
    if not isinstance(data, Mapping):
        if data is not None:
            element.text = _text(data)
        return
    for key, value in data.items():
        if key.startswith("@"):
            if key != "@xmlns":
                element.set(key[1:], _text(value))
        elif key == "$":
            element.text = _text(value)
        else:
            for item in value if isinstance(value, list) else [value]:
                if item is None:
                    continue
                _fill(etree.SubElement(element, f"{{{namespace}}}{key}"), item, namespace)
