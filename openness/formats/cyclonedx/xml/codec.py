"""One mapping between CycloneDX XML and the JSON-shaped BOM dict, driven by the official XSD.

xmlschema (:mod:`.schemas`) decodes an XML document into its own dict shape (``@`` attributes,
``$`` text, repeated elements as lists, wrapper elements as nested dicts) and encodes that shape
back in XSD order. This module converts between that shape and the CycloneDX JSON shape the
JSON writer builds and the JSON reader reads, walking the XSD element declarations alongside
the data, so the rules are general:

- a *wrapper* (an element without attributes whose children are all repeatable, such as
  ``components``, ``hashes``, ``properties``, ``externalReferences``) is a JSON array;
  a wrapper with several kinds of child (``licenses``: ``license`` or ``expression``) is an array
  of one-key objects;
- an element with attributes and text (``hash``, ``property``, ``text``) is a JSON object whose
  text goes under the key JSON uses for it (:data:`_TEXT_KEY`);
- an element with only a ``ref`` attribute (``dependency`` inside a dependency, ``subject``,
  ``provides``) is a JSON string;
- the few names that differ (:data:`_RENAME`) are renamed.

What XML holds that JSON cannot (elements and attributes of other namespaces, which the XSD
admits with ``xs:any``) is reported by :func:`to_json` as a note, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from xmlschema.validators import XsdElement

__all__ = ["Note", "from_json", "to_json"]

#: A part of a document that JSON has no room for: (JSON-shaped path, what it was).
Note = tuple[tuple[str | int, ...], str]

#: XML name -> JSON name, in the element (or attribute) that holds them.
_RENAME: dict[str, str] = {
    "content-type": "contentType",
    "details": "expressionDetails",
    "license-identifier": "licenseIdentifier",
}
_UNNAME = {json_name: xml_name for xml_name, json_name in _RENAME.items()}
#: Element name -> the JSON key of its text when it also has attributes.
_TEXT_KEY: dict[str, str] = {
    "property": "value",
    "expression": "expression",
    "classification": "classification",
}
#: In a list of several kinds of item, the items that JSON writes as the object itself (the
#: others are one-key objects, ``{"license": {...}}``).
_FLAT = frozenset({"expression", "expression-detailed", "dataset", "classification", "dataflow"})
#: Lists of strings in XML that are lists of one-key objects in JSON.
_BOXED: dict[str, str] = {"copyright": "text"}
_DEFAULT_TEXT_KEY = "content"


def _children(elem: XsdElement) -> dict[str, XsdElement]:
    content = getattr(elem.type, "content", None)
    if content is None or not hasattr(content, "iter_elements"):
        return {}
    out: dict[str, XsdElement] = {}
    for child in content.iter_elements():
        if isinstance(child, XsdElement) and child.local_name is not None:
            out.setdefault(child.local_name, child)
    return out


def _attributes(elem: XsdElement) -> frozenset[str]:
    return frozenset(
        a.local_name
        for a in getattr(elem.type, "attributes", {}).values()
        if a.local_name is not None
    )


def _repeats(elem: XsdElement) -> bool:
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


def _is_wrapper(elem: XsdElement) -> bool:
    """True when the element is a JSON array: no attributes, only repeatable children."""
    if _attributes(elem) or elem.type.has_simple_content():
        return False
    children = _children(elem)
    if not children:
        return False
    if elem.local_name == "licenses":
        return True
    return all(_repeats(c) for c in children.values())


def _is_ref_only(elem: XsdElement) -> bool:
    return _attributes(elem) == {"ref"} and not _children(elem) and elem.type.is_empty()


def _local(key: str) -> str | None:
    """The local name of a key in the xmlschema dict; None for another namespace's name."""
    if key.startswith("{") or ":" in key:
        return None
    return key


def _scalar(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return value  # (xs:decimal keeps its float; JSON numbers compare equal)
    return value


# --- XML (xmlschema dict) -> JSON --------------------------------------------------------


def to_json(root: XsdElement, data: Mapping[str, Any]) -> tuple[dict[str, Any], list[Note]]:
    """The JSON-shaped BOM of an xmlschema-decoded ``bom`` element, and the notes on what
    JSON cannot hold."""
    notes: list[Note] = []
    value = _decode(root, data, (), notes)
    return (value if isinstance(value, dict) else {}), notes


def _decode(elem: XsdElement, value: Any, path: tuple[str | int, ...], notes: list[Note]) -> Any:
    if not isinstance(value, Mapping):
        if _is_wrapper(elem):
            return []  # an empty wrapper
        if _is_ref_only(elem):
            return ""
        if elem.type.has_simple_content() and _attributes(elem) and value is not None:
            return {_TEXT_KEY.get(elem.local_name or "", _DEFAULT_TEXT_KEY): _scalar(value)}
        return _scalar(value)
    if _is_ref_only(elem):
        return value.get("@ref", "")
    if _is_wrapper(elem):
        return _decode_list(elem, value, path, notes)
    return _decode_object(elem, value, path, notes)


def _decode_list(
    elem: XsdElement, value: Mapping[str, Any], path: tuple[str | int, ...], notes: list[Note]
) -> list[Any]:
    children = _children(elem)
    keyed = len(children) > 1
    out: list[Any] = []
    for key, items in value.items():
        name = _local(key)
        child = children.get(name) if name is not None else None
        if name is None or child is None:
            _note(notes, path, key)
            continue
        box = _BOXED.get(elem.local_name or "")
        for item in items if isinstance(items, list) else [items]:
            where = (*path, len(out))
            flat = not keyed or name in _FLAT
            decoded = _decode(child, item, where if flat else (*where, name), notes)
            if name == "expression" and not isinstance(decoded, dict):
                out.append({"expression": decoded})
            elif box is not None:
                out.append({box: decoded})
            elif flat:
                out.append(decoded)
            else:
                out.append({name: decoded})
    return out


def _decode_object(
    elem: XsdElement, value: Mapping[str, Any], path: tuple[str | int, ...], notes: list[Note]
) -> Any:
    children = _children(elem)
    attributes = _attributes(elem)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key == "$":
            out[_TEXT_KEY.get(elem.local_name or "", _DEFAULT_TEXT_KEY)] = _scalar(item)
            continue
        if key.startswith("@"):
            name = _local(key[1:])
            if name is None or name.startswith("xmlns"):
                if name is None:
                    _note(notes, path, key)
                continue
            if name not in attributes:
                _note(notes, path, key)
                continue
            out[_RENAME.get(name, name)] = _scalar(item)
            continue
        name = _local(key)
        child = children.get(name) if name is not None else None
        if name is None or child is None:
            _note(notes, path, key)
            continue
        json_name = _json_child_name(elem, name)
        where = (*path, json_name)
        if elem.local_name == "dependency" and name in ("dependency", "provides"):
            items = item if isinstance(item, list) else [item]
            out[json_name] = [x.get("@ref", "") if isinstance(x, Mapping) else x for x in items]
        elif not _repeats(child):
            if isinstance(item, list):  # (a sloppy repeated sequence: JSON has one)
                if len(item) > 1:
                    notes.append((where, f"element {name!r} repeated: the first is kept"))
                item = item[0] if item else None
            out[json_name] = _decode(child, item, where, notes)
        elif _is_wrapper(child):  # (a repeated list: one list of all their items)
            items = item if isinstance(item, list) else [item]
            out[json_name] = [y for x in items for y in _decode(child, x, where, notes)]
        else:
            items = item if isinstance(item, list) else [item]
            out[json_name] = [_decode(child, x, (*where, i), notes) for i, x in enumerate(items)]
    if elem.local_name == "tools" and "tool" in out:
        return out["tool"]  # (the legacy list of tools)
    return out


def _json_child_name(parent: XsdElement, name: str) -> str:
    if parent.local_name == "dependency" and name == "dependency":
        return "dependsOn"
    return _RENAME.get(name, name)


def _note(notes: list[Note], path: tuple[str | int, ...], key: str) -> None:
    what = f"attribute {key[1:]!r}" if key.startswith("@") else f"element {key!r}"
    notes.append((path, what))


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
    if _is_ref_only(elem):
        return {"@ref": value}
    if _is_wrapper(elem) and isinstance(value, list):
        return _encode_list(elem, value)
    if isinstance(value, Mapping):
        return _encode_object(elem, value)
    if isinstance(value, list) and elem.local_name == "tools":
        return _encode_object(elem, {"tool": value})
    return value


def _encode_list(elem: XsdElement, items: list[Any]) -> dict[str, Any] | None:
    children = _children(elem)
    out: dict[str, list[Any]] = {}
    if len(children) > 1:
        for item in items:
            for name, inner in _keyed_items(item):
                child = children.get(name)
                if child is not None:
                    out.setdefault(name, []).append(_encode(child, inner))
    else:
        ((name, child),) = children.items()
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
    children = _children(elem)
    attributes = _attributes(elem)
    text_key = _TEXT_KEY.get(elem.local_name or "", _DEFAULT_TEXT_KEY)
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
        elif name in attributes:
            out["@" + name] = item
        elif name in children:
            child = children[name]
            if not _repeats(child):
                out[name] = _encode(child, item)
            elif _is_wrapper(child):  # (one element holding the whole list)
                out[name] = [_encode(child, item)]
            else:
                items = item if isinstance(item, list) else [item]
                out[name] = [_encode(child, x) for x in items]
        else:
            raise KeyError(f"{elem.local_name}: no XML element or attribute for {key!r}")
    # xmlschema writes children in the order of the dict: the XSD's order.
    order = {name: index for index, name in enumerate(children)}
    return dict(sorted(out.items(), key=lambda kv: (kv[0][0] not in "@$", order.get(kv[0], 0))))
