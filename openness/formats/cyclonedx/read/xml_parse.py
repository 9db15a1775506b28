"""Reading a CycloneDX 1.4 / 1.5 / 1.6 / 1.7 XML BOM (for :mod:`.from_xml`, which imports this
module only when a document is read, so that lxml and xmlschema do not slow every start).

The XML is parsed by lxml with no DTD, no entities and no network (a document with a
``DOCTYPE`` is refused, so entity bombs never expand), validated against the shipped XSD of
its version (every violation an error with its line), mapped to the JSON shape by
:mod:`.codec` and read by the JSON reader (:class:`~openness.formats.cyclonedx.read.build.
BomReader`): XML and JSON take one code path. What JSON has no room for (elements and
attributes of other namespaces) and the sections openness does not import are warnings.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.cyclonedx.read.build import BomReader
from openness.formats.cyclonedx.xml.gaps import restore
from openness.formats.cyclonedx.xml.schemas import NAMESPACES, bom_element, validator
from openness.formats.cyclonedx.xml.tree import tree_to_json
from openness.formats.importer import ImportResult

__all__ = ["load_xml", "parse_xml"]

_NAMESPACE = "http://cyclonedx.org/schema/bom/"
#: The top-level sections the JSON reader reads (the others are warned about here).
_SECTIONS = ("metadata", "components", "dependencies", "annotations")
_MAX_ERRORS = 50


class _XmlError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def _error(document: Document, message: str, line: int | None = None, path: str = "") -> Problem:
    return Problem(document.path, path, message, line)


def _parse(document: Document) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(_without_declaration(document.text).encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise _XmlError([_error(document, f"invalid XML: {exc.msg}", exc.lineno or None)]) from None
    if root.getroottree().docinfo.doctype:
        raise _XmlError(
            [
                _error(
                    document,
                    "a DOCTYPE (DTD) is not allowed in a CycloneDX BOM: its entities are not "
                    "expanded (a guard against entity bombs); remove the DOCTYPE",
                    1,
                )
            ]
        )
    return root


def _without_declaration(text: str) -> str:
    """The text without its XML declaration (the text is decoded already; lxml refuses a
    declared encoding on decoded text)."""
    if text.startswith("<?xml"):
        end = text.find("?>")
        if end != -1:
            return " " * (end + 2) + text[end + 2 :]  # (keeps the columns and lines)
    return text


def _version(document: Document, root: Any) -> str:
    qname = etree.QName(root)
    version = NAMESPACES.get(qname.namespace or "")
    if qname.localname != "bom" or version is None:
        found = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        known = ", ".join(sorted(NAMESPACES))
        raise _XmlError(
            [
                _error(
                    document,
                    f"root element is {found}; a CycloneDX XML BOM is a 'bom' element in one "
                    f"of the namespaces {known}",
                    root.sourceline,
                )
            ]
        )
    return version


def _validate(document: Document, root: Any, version: str) -> None:
    check = validator(version)
    if check.validate(root):
        return
    lines: dict[int, Any] = {}
    for element in root.iter():
        if isinstance(element.tag, str):
            lines.setdefault(element.sourceline, element)
    problems = [
        _error(
            document,
            f"not valid CycloneDX {version}: {_message(entry.message)}",
            entry.line or None,
            _path(lines.get(entry.line)),
        )
        for entry in list(check.error_log)[:_MAX_ERRORS]
    ]
    raise _XmlError(problems or [_error(document, f"not valid CycloneDX {version}")])


_CDX_NAME = re.compile(r"\{http://cyclonedx\.org/schema/bom/[0-9.]+\}")
_SET = re.compile(r"(is not an element of the set \{)([^}]*)\}")


def _message(text: str) -> str:
    """libxml2's message without the CycloneDX namespace on every name, and with a long set
    of allowed values (the SPDX license ids) cut short."""
    text = _CDX_NAME.sub("", text).strip()

    def short(match: re.Match[str]) -> str:
        values = match.group(2).split(", ")
        if len(values) <= 12:
            return match.group(0)
        return f"{match.group(1)}{', '.join(values[:8])}, ... ({len(values)} values)}}"

    return _SET.sub(short, text)


def _path(element: Any) -> str:
    """The element path of the first element on an error's line (``bom/components/
    component[2]/licenses/license/id``); empty when there is none."""
    if element is None:
        return ""
    parts: list[str] = []
    while element is not None:
        name = etree.QName(element).localname
        parent = element.getparent()
        if parent is not None:
            same = [c for c in parent if isinstance(c.tag, str) and c.tag == element.tag]
            if len(same) > 1:
                name += f"[{same.index(element) + 1}]"
        parts.append(name)
        element = parent
    return "/".join(reversed(parts))


def parse_xml(document: Document) -> tuple[dict[str, Any], list[Problem]]:
    """The JSON-shaped BOM of a CycloneDX XML document, and the warnings on what JSON has no
    room for. Raises nothing for bad input: a document that does not parse or validate gives
    an empty BOM and its errors."""
    try:
        root = _parse(document)
        version = _version(document, root)
        _validate(document, root, version)
    except _XmlError as exc:
        return {}, exc.problems
    body, notes = tree_to_json(bom_element(version), root)
    restore(body)
    warnings = [
        Problem(
            document.path,
            ".".join(str(p) for p in path),
            f"{what} is not imported: CycloneDX JSON, which openness reads, has no place for it",
            severity=Severity.WARNING,
        )
        for path, what in notes
    ]
    bom: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": version}
    for key, value in body.items():
        if key in ("serialNumber", "version", *_SECTIONS):
            bom[key] = value
        else:
            warnings.append(
                Problem(
                    document.path,
                    key,
                    f"'{key}' is not imported: openness keeps artifacts (components) and "
                    "their lineage, not a BOM's other sections",
                    severity=Severity.WARNING,
                )
            )
    return bom, warnings


def load_xml(document: Document) -> ImportResult:
    """Parse and validate the XML, then read it as the JSON reader reads JSON."""
    bom, problems = parse_xml(document)
    if any(p.severity == Severity.ERROR for p in problems):
        return ImportResult(problems=problems)
    shaped = Document(document.path, document.text, "xml", bom)
    result = BomReader(shaped).read()
    result.problems[:0] = problems
    return result
