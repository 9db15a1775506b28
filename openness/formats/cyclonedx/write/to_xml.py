"""CycloneDX 1.6 and 1.7 XML: exporters ``cyclonedx-1.6-xml`` and ``cyclonedx-1.7-xml``.

The document is the JSON writer's (:func:`openness.formats.cyclonedx.write.document.write_bom`,
validated against the JSON schema), mapped to XML by :mod:`openness.formats.cyclonedx.xml.codec`
(elements in the XSD's order, which xmlschema's model of the official XSD gives) and validated
against the XSD by libxml2, which refuses anything the XSD does not allow
(:class:`CycloneDxXmlExportError`). So every field of the JSON document is in the XML one, and
the bytes are as deterministic as the JSON's (``SOURCE_DATE_EPOCH`` for the timestamp, a serial
number from the content): UTF-8, two-space indent, final newline.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from openness.errors import OpennessError
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.cyclonedx.write.document import write_bom
from openness.formats.cyclonedx.xml.codec import from_json
from openness.formats.cyclonedx.xml.gaps import stash
from openness.formats.cyclonedx.xml.schemas import bom_element, namespace, validator
from openness.formats.cyclonedx.xml.tree import build_tree
from openness.model import Artifact
from openness.policy.verdict import Verdict

__all__ = [
    "CycloneDx16XmlExporter",
    "CycloneDx17XmlExporter",
    "CycloneDxXmlExportError",
    "CycloneDxXmlExporter",
    "serialise_xml",
    "write_xml",
]


class CycloneDxXmlExportError(OpennessError):
    """The XML document does not fit the CycloneDX XSD (a bug: please report it with the
    input)."""


def serialise_xml(bom: Mapping[str, Any], version: SpecVersion) -> bytes:
    """The XML bytes of a JSON-shaped BOM, encoded (and so validated) against the XSD."""
    body = copy.deepcopy(dict(bom))
    stash(body)
    try:
        data = from_json(bom_element(version), body, namespace(version))
    except KeyError as exc:
        raise CycloneDxXmlExportError(f"CycloneDX {version.value} XML: {exc.args[0]}") from None
    root = build_tree(data, namespace(version))
    check = validator(version)
    if not check.validate(root):
        first = check.error_log[0]
        raise CycloneDxXmlExportError(
            f"CycloneDX {version.value} XML output does not validate: {first.message}"
        )
    etree.indent(root, space="  ")
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return out + b"\n"


def write_xml(
    artifacts: Sequence[Artifact],
    verdicts: Sequence[Verdict] = (),
    version: SpecVersion = SpecVersion.V1_6,
    *,
    check: bool = True,
) -> bytes:
    """The XML BOM of ``artifacts``: the JSON writer's document, as XML."""
    bom = json.loads(write_bom(artifacts, verdicts, version, check=check))
    return serialise_xml(bom, version)


class CycloneDxXmlExporter:
    """CycloneDX XML of one spec version (1.6 or 1.7)."""

    media_type = "application/vnd.cyclonedx+xml"
    suffix = ".cdx.xml"

    def __init__(self, version: SpecVersion = SpecVersion.V1_6, *, check: bool = True):
        self.version = version
        self.check = check
        self.name = f"cyclonedx-{version.value}-xml"

    def export(self, artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> bytes:
        """The XML BOM for ``artifacts``; verdicts become properties and annotations."""
        return write_xml(artifacts, verdicts, self.version, check=self.check)


class CycloneDx16XmlExporter(CycloneDxXmlExporter):
    """``cyclonedx-1.6-xml``."""

    def __init__(self, *, check: bool = True):
        super().__init__(SpecVersion.V1_6, check=check)


class CycloneDx17XmlExporter(CycloneDxXmlExporter):
    """``cyclonedx-1.7-xml``."""

    def __init__(self, *, check: bool = True):
        super().__init__(SpecVersion.V1_7, check=check)
