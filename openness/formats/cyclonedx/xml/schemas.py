"""The shipped CycloneDX XSDs (package data), loaded once per process and version, offline:
xmlschema's model of them (for the mapping) and libxml2's validator (for the verdict).

``bom-1.4.SNAPSHOT.xsd`` to ``bom-1.7.SNAPSHOT.xsd`` import
``spdx.SNAPSHOT.xsd`` by a relative location; xmlschema is told to read nothing outside the
data folder (``allow="sandbox"``) and to refuse entities (``defuse="always"``).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files

import xmlschema
from lxml import etree
from xmlschema.validators import XsdElement

from openness.formats.cyclonedx.vocab import SpecVersion

__all__ = ["NAMESPACES", "XML_VERSIONS", "bom_element", "namespace", "validator", "xsd"]

_PREFIX = "http://cyclonedx.org/schema/bom/"
#: The versions whose XSD is shipped (read; 1.6 and 1.7 are also written). 1.4 has no JSON
#: schema here: its XML is checked by its XSD, and the JSON reader reads it as 1.6.
XML_VERSIONS = ("1.4", *(v.value for v in SpecVersion))
#: Root namespace -> the version it names.
NAMESPACES: dict[str, str] = {_PREFIX + v: v for v in XML_VERSIONS}


def namespace(version: str) -> str:
    """The XML namespace of a CycloneDX version (a :class:`SpecVersion` or ``"1.4"``)."""
    return _PREFIX + version


@cache
def xsd(version: str) -> xmlschema.XMLSchema10:
    """The official XSD of ``version`` (about half a second to build, then cached)."""
    resource = files("openness.formats.cyclonedx").joinpath("data", f"bom-{version}.SNAPSHOT.xsd")
    with as_file(resource) as path:
        return xmlschema.XMLSchema10(
            str(path), allow="sandbox", defuse="always", use_fallback=False
        )


@cache
def validator(version: str) -> etree.XMLSchema:
    """libxml2's validator for the same XSD (what cyclonedx-python-lib's ``XmlValidator``
    uses): in C, fifty times faster than xmlschema's, with the line of every error. The XSD
    and the SPDX XSD it imports are read from the package, never the network."""
    resource = files("openness.formats.cyclonedx").joinpath("data", f"bom-{version}.SNAPSHOT.xsd")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    with as_file(resource) as path:
        return etree.XMLSchema(etree.parse(str(path), parser))


def bom_element(version: str) -> XsdElement:
    """The declaration of the root ``bom`` element."""
    element: XsdElement = xsd(version).elements["bom"]
    return element
