"""CycloneDX 1.7, 1.6 and 1.5 JSON (ML-BOM): exporters ``cyclonedx-1.7-json``,
``cyclonedx-1.6-json`` and ``cyclonedx-1.5-json``.

Every artifact becomes a top-level component (``machine-learning-model``, ``data``,
``library``, or ``application`` for a system) whose ``bom-ref`` is the artifact id, the one
the BOM describes in ``metadata.component`` (:func:`.document.described`); its
components become nested components; lineage becomes ``pedigree.ancestors`` (derivations),
``dependencies`` (trained-on, tested-on, depends-on, generated-by, adapter-of) and model card
datasets; facts CycloneDX has no field for travel as ``openness:`` properties. The mapping
table is in ``docs/formats/cyclonedx.md``.

The linear path
---------------
cyclonedx-python-lib 11.12 has the component types, pedigree and licenses, but not the model
card or data governance fields, and its document path is quadratic: ``Bom.register_dependency``
scans every registered dependency for each new one (44 s to build a 10,000-component BOM with
dependencies) and ``JsonStrictValidator`` runs jsonschema, whose ``uniqueItems`` compares every
pair of components (175 s). Its model also keeps properties, hashes and ancestors in sorted
sets, which reorders and merges them (the ``openness:lineage`` properties must keep their
order), and needs a parsed ``PackageURL`` for every purl. So this package writes the JSON
directly, in one pass with dictionary lookups, and validates it with the same official
schemas (shipped as package data) through jsonschema-rs (:mod:`..schema`). The library stays
the reference (a test dependency): the benchmark (``benchmarks/bench_cyclonedx.py``) builds
the same BOM with it, and the tests check that its ``JsonStrictValidator`` accepts our golden
files and that it can read them.
"""

from __future__ import annotations

from collections.abc import Sequence

from openness.formats.cyclonedx.schema import SchemaIssue, validate
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.cyclonedx.write.document import (
    CycloneDxExportError,
    build_bom,
    write_bom,
)
from openness.model import Artifact
from openness.policy.verdict import Verdict

__all__ = [
    "CycloneDx15Exporter",
    "CycloneDx16Exporter",
    "CycloneDx17Exporter",
    "CycloneDxExportError",
    "CycloneDxExporter",
    "SchemaIssue",
    "SpecVersion",
    "build_bom",
    "validate",
    "write_bom",
]


class CycloneDxExporter:
    """CycloneDX JSON of one spec version; every document is validated before it is
    returned (``check=False`` skips that)."""

    media_type = "application/vnd.cyclonedx+json"
    suffix = ".cdx.json"

    def __init__(self, version: SpecVersion = SpecVersion.V1_6, *, check: bool = True):
        self.version = version
        self.check = check
        self.name = f"cyclonedx-{version.value}-json"

    def export(self, artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> bytes:
        """The BOM for ``artifacts``; verdicts become properties and annotations."""
        return write_bom(artifacts, verdicts, self.version, check=self.check)


class CycloneDx16Exporter(CycloneDxExporter):
    """``cyclonedx-1.6-json``."""

    def __init__(self, *, check: bool = True):
        super().__init__(SpecVersion.V1_6, check=check)


class CycloneDx17Exporter(CycloneDxExporter):
    """``cyclonedx-1.7-json``: the same document as 1.6, validated against the 1.7 schema."""

    def __init__(self, *, check: bool = True):
        super().__init__(SpecVersion.V1_7, check=check)


class CycloneDx15Exporter(CycloneDxExporter):
    """``cyclonedx-1.5-json``: as 1.6, without the fields 1.5 lacks (license
    acknowledgement, environmental considerations)."""

    def __init__(self, *, check: bool = True):
        super().__init__(SpecVersion.V1_5, check=check)
