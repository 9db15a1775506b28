"""CycloneDX 1.5 / 1.6 / 1.7 JSON BOMs (detected by ``"bomFormat": "CycloneDX"``).

Every top-level component (and ``metadata.component``) becomes an artifact, its nested
components become the artifact's components. The mapping is the exporter's
(:mod:`openness.formats.cyclonedx.write`) read backwards, so export then import gives back the same
artifacts. For each field the importer regenerates what the exporter would write from the
artifact read; a field that says more is kept in ``extra["cyclonedx"]`` (and written back on
export), never dropped.

Documents written by openness carry their lineage and facts in ``openness:`` properties.
Documents from other tools do not; for those, lineage is read from ``pedigree.ancestors``
(derived-from), the model card's datasets (trained-on) and ``dependencies`` (depends-on), and
ancestors or inline datasets that are not components of the BOM become artifacts of their own,
so that the lineage resolves.

The document is validated against the official schema of its version first; every violation
is an error naming the component and the field. What the BOM says besides its components
(services, vulnerabilities, formulation, document licenses, ...) has no place in the model and
is reported as a warning.
"""

from __future__ import annotations

from openness.documents import Document
from openness.formats.cyclonedx.read.build import BomReader
from openness.formats.importer import ImportResult

__all__ = ["CycloneDxImporter"]


class CycloneDxImporter:
    """Reads CycloneDX 1.5, 1.6 and 1.7 JSON BOMs (ML-BOMs included)."""

    name = "cyclonedx"
    description = "CycloneDX 1.5 / 1.6 / 1.7 JSON BOM (bomFormat: CycloneDX)"

    def detect(self, document: Document) -> bool:
        """A JSON object with ``"bomFormat": "CycloneDX"``."""
        data = document.data
        return isinstance(data, dict) and data.get("bomFormat") == "CycloneDX"

    def load(self, document: Document) -> ImportResult:
        """Validate the BOM against its schema, then map every component."""
        return BomReader(document).read()
