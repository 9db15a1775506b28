"""The shipped CycloneDX XSDs (package data), loaded once per process and version, offline:
xmlschema's model of them (for the mapping) and libxml2's validator (for the verdict).

``bom-1.5.SNAPSHOT.xsd``, ``bom-1.6.SNAPSHOT.xsd`` and ``bom-1.7.SNAPSHOT.xsd`` import
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

__all__ = ["NAMESPACES", "bom_element", "namespace", "validator", "xsd"]

_PREFIX = "http://cyclonedx.org/schema/bom/"
#: Root namespace -> the version it names (the versions whose XSD is shipped).
NAMESPACES: dict[str, SpecVersion] = {_PREFIX + v.value: v for v in SpecVersion}


def namespace(version: SpecVersion) -> str:
    """The XML namespace of a CycloneDX version."""
    return _PREFIX + version.value


@cache
def xsd(version: SpecVersion) -> xmlschema.XMLSchema10:
    """The official XSD of ``version`` (about half a second to build, then cached)."""
    resource = files("openness.formats.cyclonedx").joinpath(
        "data", f"bom-{version.value}.SNAPSHOT.xsd"
    )
    with as_file(resource) as path:
        return xmlschema.XMLSchema10(
            str(path), allow="sandbox", defuse="always", use_fallback=False
        )


@cache
def validator(version: SpecVersion) -> etree.XMLSchema:
    """libxml2's validator for the same XSD (what cyclonedx-python-lib's ``XmlValidator``
    uses): in C, fifty times faster than xmlschema's, with the line of every error. The XSD
    and the SPDX XSD it imports are read from the package, never the network."""
    resource = files("openness.formats.cyclonedx").joinpath(
        "data", f"bom-{version.value}.SNAPSHOT.xsd"
    )
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    with as_file(resource) as path:
        return etree.XMLSchema(etree.parse(str(path), parser))


def bom_element(version: SpecVersion) -> XsdElement:
    """The declaration of the root ``bom`` element."""
    element: XsdElement = xsd(version).elements["bom"]
    return element
