"""CycloneDX 1.4 / 1.5 / 1.6 / 1.7 XML BOMs, detected by the namespace of the root ``bom`` element.

The XML is parsed by lxml with no DTD, no entities and no network (a document with a
``DOCTYPE`` is refused, so entity bombs never expand), validated against the shipped XSD of
its version by libxml2 (every violation an error with its line and element path), mapped to
the JSON shape by :mod:`openness.formats.cyclonedx.xml.tree` and read by the JSON reader
(:class:`~openness.formats.cyclonedx.read.build.BomReader`): XML and JSON take one code path.
What JSON has no room for (elements and attributes of other namespaces) and the sections
openness does not import are warnings. The work is in :mod:`.xml_parse`, imported on the
first document read.
"""

from __future__ import annotations

import re

from openness.documents import Document
from openness.formats.importer import ImportResult

__all__ = ["CycloneDxXmlImporter"]

_NAMESPACE = "http://cyclonedx.org/schema/bom/"
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?bom[\s>]")


class CycloneDxXmlImporter:
    """Reads CycloneDX 1.4, 1.5, 1.6 and 1.7 XML BOMs (ML-BOMs included)."""

    name = "cyclonedx-xml"
    description = "CycloneDX 1.4 to 1.7 XML BOM (root <bom> in a cyclonedx.org namespace)"

    def detect(self, document: Document) -> bool:
        """XML text whose root is a ``bom`` element naming a CycloneDX namespace."""
        if document.data is not None:
            return False
        head = document.text[:4096]
        return head.lstrip().startswith("<") and _NAMESPACE in head and bool(_ROOT.search(head))

    def load(self, document: Document) -> ImportResult:
        """Parse and validate the XML, then read it as the JSON reader reads JSON."""
        from openness.formats.cyclonedx.read.xml_parse import load_xml

        return load_xml(document)
