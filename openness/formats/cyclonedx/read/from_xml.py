"""CycloneDX 1.5 / 1.6 / 1.7 XML BOMs, detected by the namespace of the root ``bom`` element.

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
from xmlschema import XMLResource

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.cyclonedx.read.build import BomReader
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.cyclonedx.xml.codec import to_json
from openness.formats.cyclonedx.xml.gaps import restore
from openness.formats.cyclonedx.xml.schemas import NAMESPACES, bom_element, xsd
from openness.formats.importer import ImportResult

__all__ = ["CycloneDxXmlImporter", "parse_xml"]

_NAMESPACE = "http://cyclonedx.org/schema/bom/"
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?bom[\s>]")
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


def _version(document: Document, root: Any) -> SpecVersion:
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


def _validate(document: Document, root: Any, version: SpecVersion) -> None:
    problems: list[Problem] = []
    for error in xsd(version).iter_errors(XMLResource(root, allow="none")):
        line = getattr(error, "sourceline", None)
        path = error.path or ""
        problems.append(
            _error(document, f"not valid CycloneDX {version.value}: {error.reason}", line, path)
        )
        if len(problems) >= _MAX_ERRORS:
            break
    if problems:
        raise _XmlError(problems)


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
    decoded = xsd(version).to_dict(
        XMLResource(root, allow="none"),
        validation="skip",
        decimal_type=float,
        use_defaults=False,
    )
    body, notes = to_json(bom_element(version), decoded if isinstance(decoded, dict) else {})
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
    bom: dict[str, Any] = {"bomFormat": "CycloneDX", "specVersion": version.value}
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


class CycloneDxXmlImporter:
    """Reads CycloneDX 1.5, 1.6 and 1.7 XML BOMs (ML-BOMs included)."""

    name = "cyclonedx-xml"
    description = "CycloneDX 1.5 / 1.6 / 1.7 XML BOM (root <bom> in a cyclonedx.org namespace)"

    def detect(self, document: Document) -> bool:
        """XML text whose root is a ``bom`` element naming a CycloneDX namespace."""
        if document.data is not None:
            return False
        head = document.text[:4096]
        return head.lstrip().startswith("<") and _NAMESPACE in head and bool(_ROOT.search(head))

    def load(self, document: Document) -> ImportResult:
        """Parse and validate the XML, then read it as the JSON reader reads JSON."""
        bom, problems = parse_xml(document)
        if any(p.severity == Severity.ERROR for p in problems):
            return ImportResult(problems=problems)
        shaped = Document(document.path, document.text, "xml", bom)
        result = BomReader(shaped).read()
        result.problems[:0] = problems
        return result
