"""One mapping between CycloneDX XML and the JSON-shaped BOM dict, driven by the official XSD.

The XSD's element declarations (xmlschema's model of the shipped XSD, :mod:`.schemas`) say
which XML element is which JSON field; this module holds the rules, and :func:`from_json` turns
a JSON-shaped BOM into an intermediate shape (``@`` attributes, ``$`` text, children in the
XSD's order) that :mod:`.tree` writes as XML; :mod:`.tree` also reads XML back by the same
rules. The rules are general:

- a *wrapper* (an element without attributes whose children are all repeatable, such as
  ``components``, ``hashes``, ``properties``, ``externalReferences``) is a JSON array;
  a wrapper with several kinds of child (``licenses``: ``license`` or ``expression``) is an array
  of one-key objects;
- an element with attributes and text (``hash``, ``property``, ``text``) is a JSON object whose
  text goes under the key JSON uses for it (:data:`TEXT_KEY`);
- an element with only a ``ref`` attribute (``dependency`` inside a dependency, ``subject``,
  ``provides``) is a JSON string;
- the few names that differ (:data:`_RENAME`) are renamed.

What XML holds that JSON cannot (elements and attributes of other namespaces, which the XSD
admits with ``xs:any``) is reported by the reader as a note, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from xmlschema.validators import XsdElement

__all__ = [
    "BOXED",
    "DEFAULT_TEXT_KEY",
    "FLAT",
    "TEXT_KEY",
    "Note",
    "attributes",
    "children",
    "from_json",
    "is_ref_only",
    "is_wrapper",
    "json_child_name",
    "json_name",
    "repeats",
]

#: A part of a document that JSON has no room for: (JSON-shaped path, what it was).
Note = tuple[tuple[str | int, ...], str]

#: XML name -> JSON name, in the element (or attribute) that holds them.
_RENAME: dict[str, str] = {
    "content-type": "contentType",
    "details": "expressionDetails",
    "license-identifier": "licenseIdentifier",
}
_UNNAME = {new: old for old, new in _RENAME.items()}
#: Element name -> the JSON key of its text when it also has attributes.
TEXT_KEY: dict[str, str] = {
    "property": "value",
    "expression": "expression",
    "classification": "classification",
}
#: In a list of several kinds of item, the items that JSON writes as the object itself (the
#: others are one-key objects, ``{"license": {...}}``).
FLAT = frozenset({"expression", "expression-detailed", "dataset", "classification", "dataflow"})
#: Lists of strings in XML that are lists of one-key objects in JSON.
BOXED: dict[str, str] = {"copyright": "text"}
DEFAULT_TEXT_KEY = "content"


_CHILDREN: dict[int, dict[str, XsdElement]] = {}
_WRAPPER: dict[int, bool] = {}


def children(elem: XsdElement) -> dict[str, XsdElement]:
    """The declarations of the element's child elements, by name, in the XSD's order."""
    found = _CHILDREN.get(id(elem.type))
    if found is None:
        found = _CHILDREN[id(elem.type)] = _declared_children(elem)
    return found


def _declared_children(elem: XsdElement) -> dict[str, XsdElement]:
    content = getattr(elem.type, "content", None)
    if content is None or not hasattr(content, "iter_elements"):
        return {}
    out: dict[str, XsdElement] = {}
    for child in content.iter_elements():
        if isinstance(child, XsdElement) and child.local_name is not None:
            out.setdefault(child.local_name, child)
    return out


def attributes(elem: XsdElement) -> frozenset[str]:
    """The names of the element's attributes."""
    return frozenset(
        a.local_name
        for a in getattr(elem.type, "attributes", {}).values()
        if a.local_name is not None
    )


def repeats(elem: XsdElement) -> bool:
    """True when the element may occur more than once in its parent (itself or a group
    around it repeats)."""
    if elem.max_occurs != 1:
        return True
    group: Any = elem.parent
    while group is not None and hasattr(group, "max_occurs"):
        if group.max_occurs != 1:
            # (a repeated group of several elements, such as releaseNotes', is a sloppy
            # sequence, not a list of each)
            if group.model == "choice":
                return True
            named = [e for e in group.iter_elements() if isinstance(e, XsdElement)]
            return len(named) == 1
        group = group.parent
    return False


def is_wrapper(elem: XsdElement) -> bool:
    """True when the element is a JSON array: no attributes, only repeatable children."""
    found = _WRAPPER.get(id(elem))
    if found is None:
        found = _WRAPPER[id(elem)] = _wraps(elem)
    return found


def _wraps(elem: XsdElement) -> bool:
    if attributes(elem) or elem.type.has_simple_content():
        return False
    kinds = children(elem)
    if not kinds:
        return False
    if elem.local_name == "licenses":
        return True
    return all(repeats(c) for c in kinds.values())


def is_ref_only(elem: XsdElement) -> bool:
    """True when the element is a JSON string: only a ``ref`` attribute."""
    return attributes(elem) == {"ref"} and not children(elem) and elem.type.is_empty()


def json_child_name(parent: XsdElement, name: str) -> str:
    """The JSON key of a child element."""
    if parent.local_name == "dependency" and name == "dependency":
        return "dependsOn"
    return _RENAME.get(name, name)


def json_name(name: str) -> str:
    """The JSON key of an XML attribute or element name."""
    return _RENAME.get(name, name)


# --- JSON -> XML (xmlschema dict) --------------------------------------------------------


def from_json(root: XsdElement, bom: Mapping[str, Any], namespace: str) -> dict[str, Any]:
    """The xmlschema dict of the ``bom`` element for a JSON-shaped BOM (``$schema``,
    ``bomFormat`` and ``specVersion`` are given by the namespace)."""
    body = {k: v for k, v in bom.items() if k not in ("$schema", "bomFormat", "specVersion")}
    encoded = _encode(root, body)
    out: dict[str, Any] = {"@xmlns": namespace}
    out.update(encoded if isinstance(encoded, dict) else {})
    return out


def _encode(elem: XsdElement, value: Any) -> Any:
    if is_ref_only(elem):
        return {"@ref": value}
    if is_wrapper(elem) and isinstance(value, list):
        return _encode_list(elem, value)
    if isinstance(value, Mapping):
        return _encode_object(elem, value)
    if isinstance(value, list) and elem.local_name == "tools":
        return _encode_object(elem, {"tool": value})
    return value


def _encode_list(elem: XsdElement, items: list[Any]) -> dict[str, Any] | None:
    kinds = children(elem)
    out: dict[str, list[Any]] = {}
    if len(kinds) > 1:
        for item in items:
            for name, inner in _keyed_items(item):
                child = kinds.get(name)
                if child is not None:
                    out.setdefault(name, []).append(_encode(child, inner))
    else:
        ((name, child),) = kinds.items()
        out[name] = [_encode(child, item) for item in items]
    return out or None


def _keyed_items(item: Any) -> Iterator[tuple[str, Any]]:
    """The child name and value of one item of a list of several kinds of item."""
    if not isinstance(item, Mapping):
        return
    if "expressionDetails" in item:
        yield "expression-detailed", item
    elif "expression" in item:  # (with its attributes, if any, beside it)
        yield "expression", item if len(item) > 1 else item["expression"]
    elif "license" in item or set(item) <= {"ref"}:
        yield from item.items()
    elif "flow" in item and set(item) <= {"flow", "classification"}:
        yield "classification", item
    elif "name" in item and "type" in item:
        yield "dataset", item
    else:
        yield "dataflow", item


def _encode_object(elem: XsdElement, value: Mapping[str, Any]) -> dict[str, Any]:
    kinds = children(elem)
    names = attributes(elem)
    text_key = TEXT_KEY.get(elem.local_name or "", DEFAULT_TEXT_KEY)
    simple = elem.type.has_simple_content()
    out: dict[str, Any] = {}
    for key, item in value.items():
        name = _UNNAME.get(key, key)
        if elem.local_name == "dependency" and key == "dependsOn":
            name = "dependency"
        if elem.local_name == "dependency" and name in ("dependency", "provides"):
            out[name] = [{"@ref": ref} for ref in item]
            continue
        if simple and key == text_key:
            out["$"] = item
        elif name in names:
            out["@" + name] = item
        elif name in kinds:
            child = kinds[name]
            if not repeats(child):
                out[name] = _encode(child, item)
            elif is_wrapper(child):  # (one element holding the whole list)
                out[name] = [_encode(child, item)]
            else:
                items = item if isinstance(item, list) else [item]
                out[name] = [_encode(child, x) for x in items]
        else:
            raise KeyError(f"{elem.local_name}: no XML element or attribute for {key!r}")
    # (the XML is written in the order of the dict: the XSD's order)
    order = {name: index for index, name in enumerate(kinds)}
    return dict(sorted(out.items(), key=lambda kv: (kv[0][0] not in "@$", order.get(kv[0], 0))))
