"""SPDX 2.2 and 2.3 documents in every serialisation spdx-tools parses: JSON, YAML, XML,
RDF/XML and tag-value.

Detection is by content: JSON and YAML documents have ``spdxVersion: SPDX-2.x``; tag-value
text has an ``SPDXVersion:`` line; RDF/XML uses the SPDX RDF vocabulary; plain XML has an
``<spdxVersion>`` element. The text is parsed with spdx-tools' own parsers (from the text; no
temporary file), validated with :func:`openness.formats.spdx2.validate.validate_document`
(problems are warnings: the document was read), then mapped to our model:

- a package with an openness element annotation (written by our exporter) becomes exactly the
  artifact, component or lineage reference it was exported from;
- any other package becomes an artifact (kind ``software``, ``model`` for a ``pkg:huggingface``
  purl) unless another package contains it: then it is a component of the nearest artifact that
  contains it, with a role from its primary purpose;
- files become the ``files`` of components, grouped by file type; files in no package become
  components of an artifact standing for the document;
- lineage relationships (``DESCENDANT_OF``, ``DEPENDS_ON``, ``GENERATED_FROM``, ``VARIANT_OF``,
  their inverses and our commented ``OTHER``) become lineage edges; an element in an external
  document is referred to as ``<its document namespace>#<SPDXID>``, the id such a package gets;
- whatever else the document says is kept under ``extra["spdx"]`` of the artifact or component
  it belongs to (or reported, when it belongs to nothing).

A document that does not parse gives errors naming the element (SPDXID) and field, with the line
where the format has lines.
"""

from __future__ import annotations

import re

from openness.documents import Document
from openness.errors import Problem
from openness.formats.importer import ImportResult

__all__ = ["Spdx2Importer", "serialisation"]

_HEAD = 1 << 16
_TAG_VALUE = re.compile(r"^\s*SPDXVersion:\s*SPDX-2\.", re.MULTILINE)
_XML_VERSION = re.compile(r"<spdxVersion>\s*SPDX-2\.")
_RDF_TERMS = "http://spdx.org/rdf/terms"


def serialisation(document: Document) -> str | None:
    """``json``, ``yaml``, ``xml``, ``rdf`` or ``tv`` when ``document`` is an SPDX 2 document,
    else None."""
    data = document.data
    if document.format in ("json", "yaml") and isinstance(data, dict):
        version = data.get("spdxVersion")
        if isinstance(version, str) and version.startswith("SPDX-2"):
            return document.format
    head = document.text[:_HEAD]
    if _TAG_VALUE.search(head):
        return "tv"
    if head.lstrip().startswith("<"):
        if _RDF_TERMS in head and ("rdf:RDF" in head or "SpdxDocument" in head):
            return "rdf"
        if _XML_VERSION.search(document.text):
            return "xml"
    return None


class Spdx2Importer:
    """Reads SPDX 2.2 and 2.3 documents (JSON, YAML, XML, RDF/XML, tag-value)."""

    name = "spdx2"
    description = "SPDX 2.2/2.3 document (JSON, YAML, XML, RDF/XML or tag-value)"

    def detect(self, document: Document) -> bool:
        """True for an SPDX 2 document in any serialisation spdx-tools reads."""
        return serialisation(document) is not None

    def load(self, document: Document) -> ImportResult:
        """Parse, validate and map the document; never raises for bad content."""
        kind = serialisation(document)
        if kind is None:
            result = ImportResult()
            result.problems.append(Problem(document.path, "", "not an SPDX 2 document"))
            return result
        from openness.formats.spdx2.read.reader import read

        return read(document, kind)
