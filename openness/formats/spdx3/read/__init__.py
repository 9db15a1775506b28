"""SPDX 3 JSON-LD documents (3.0.1; other 3.x versions are read with the 3.0.1 vocabulary).

The document is read as plain JSON into a raw layer of elements (:mod:`.raw`), then mapped to
the model (:mod:`.convert`); every problem names the element (its ``@graph`` index and spdxId)
and the field, with the line.

- Documents we wrote carry an ``openness:`` extension per element
  (:mod:`openness.formats.spdx3.mapping`) and import back to the model they came from.
- In other documents every ``ai_AIPackage`` and ``dataset_DatasetPackage`` is an artifact, and so
  is every ``software_Package`` that no other package contains; contained packages and the files
  packages contain (directly or through folders) are components, with a role from the
  relationship (``hasDocumentation``, ``hasDataFile``, ...) or the purpose. Lineage comes from
  ``trainedOn``, ``testedOn``, ``descendantOf``, ``ancestorOf``, ``generates`` and ``dependsOn``
  between artifacts; licenses from ``hasDeclaredLicense`` (else ``hasConcludedLicense``).
- Properties and relationships the model has no field for are kept under ``extra["spdx3"]`` of
  the artifact or component they belong to; elements that belong to none are reported in one
  warning. Document metadata (creation info, agents, the document and its BOMs) and our own
  verdict annotations are not imported.
"""

from __future__ import annotations

from openness.documents import Document
from openness.formats.importer import ImportResult, Origin
from openness.formats.spdx3.read.convert import convert
from openness.formats.spdx3.read.raw import Reader, spdx_version

__all__ = ["Spdx3Importer", "spdx_version"]


class Spdx3Importer:
    """Reads SPDX 3 JSON-LD: a JSON object whose ``@context`` is the SPDX 3 context."""

    name = "spdx3"
    description = "SPDX 3.0.1 JSON-LD (AI, Dataset and Software profiles)"

    def detect(self, document: Document) -> bool:
        """A JSON object with the SPDX 3 JSON-LD context."""
        return spdx_version(document.data) is not None

    def load(self, document: Document) -> ImportResult:
        """Import every artifact; problems name the element and field."""
        result = ImportResult()
        reader = Reader(document)
        reader.read(document.data)
        for artifact, element in convert(reader):
            result.artifacts.append(artifact)
            result.origins.append(Origin(document, element.path))
        result.problems.extend(reader.problems)
        return result
