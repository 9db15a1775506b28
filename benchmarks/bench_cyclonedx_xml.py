#!/usr/bin/env python3
"""Benchmark: CycloneDX 1.7 XML against JSON, export and import, in the same run.

Generates the lineage graph of ``bench_cyclonedx.py`` (N artifacts) and measures, in CPU
seconds of this process (``time.process_time``):

- export: ``write_bom`` (JSON, validated by jsonschema-rs) and ``write_xml`` (the same
  document as XML, validated by libxml2);
- the reference validator alone: cyclonedx-python-lib's ``XmlValidator`` (lxml, the official
  XSD) on the XML written;
- import: the JSON importer and the XML importer (parse, XSD check, mapping, the JSON reader).

The ratios XML / JSON are what to watch: XML does the JSON work plus the mapping and the XSD.
Both schemas are compiled on a small document first. The library is a test dependency
(``openness[test]``).

    python3 benchmarks/bench_cyclonedx_xml.py 1000 5000
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_cyclonedx import generate
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.xml import XmlValidator

from openness.documents import read_document
from openness.formats.cyclonedx.read import CycloneDxImporter
from openness.formats.cyclonedx.read.from_xml import CycloneDxXmlImporter
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.cyclonedx.write import write_bom
from openness.formats.cyclonedx.write.to_xml import write_xml

V = SpecVersion.V1_7


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    value = fn()
    return time.process_time() - start, value


def main(sizes: list[int]) -> int:
    small = generate(10)
    write_xml(small, version=V)  # (compiles the XSD model and validator)
    library = XmlValidator(SchemaVersion.V1_7)
    library.validate_str(write_xml(small, version=V).decode("utf-8"))
    folder = Path(tempfile.mkdtemp())
    print("N      export json  xml (ratio)   library check   import json  xml (ratio)")
    for n in sizes:
        artifacts = generate(n)
        tj, json_bytes = timed(lambda a=artifacts: write_bom(a, version=V))
        tx, xml_bytes = timed(lambda a=artifacts: write_xml(a, version=V))
        tl, problem = timed(lambda x=xml_bytes: library.validate_str(x.decode("utf-8")))
        assert problem is None, problem
        (folder / "bom.cdx.json").write_bytes(json_bytes)
        (folder / "bom.cdx.xml").write_bytes(xml_bytes)
        ij, _ = timed(lambda: CycloneDxImporter().load(read_document(folder / "bom.cdx.json")))
        ix, result = timed(
            lambda: CycloneDxXmlImporter().load(read_document(folder / "bom.cdx.xml"))
        )
        assert not [p for p in result.problems if p.severity == "error"]
        print(
            f"{n:<6} {tj:8.2f}s {tx:6.2f}s (x{tx / tj:4.1f})   {tl:8.2f}s     "
            f"{ij:8.2f}s {ix:6.2f}s (x{ix / ij:4.1f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [1000, 5000]))
