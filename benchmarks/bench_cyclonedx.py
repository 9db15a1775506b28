#!/usr/bin/env python3
"""Benchmark: CycloneDX 1.6 export and validation against cyclonedx-python-lib.

Generates a lineage graph of N artifacts (a quarter each datasets, models trained on a dataset
and fine-tuned from an earlier model, libraries depending on a model, systems depending on a
library and a model; one to three components each, with licenses and digests) and measures in
the same run:

- ours: ``openness.formats.cyclonedx.write.write_bom`` (build the document, validate it against
  the shipped CycloneDX 1.6 schema, serialise it), and its phases;
- the library's standard path: ``Bom`` with the same components (type, bom-ref, name,
  version, licenses, external references, properties, nested components with hashes,
  pedigree ancestors) and ``register_dependency`` for every dependency, ``JsonV1Dot6`` output,
  then ``JsonStrictValidator(SchemaVersion.V1_6).validate_str``.

Both validators are compiled on a small document first, so neither pays that in the timings.
Times are CPU seconds of this process (``time.process_time``): both paths run on one thread,
and CPU time, unlike wall time, does not depend on what else the machine is doing.
The library runs as users run it (garbage collector on); ours pauses the collector while it
validates, which is part of its implementation. Targets: ours at least 20 times faster at
10,000 artifacts; ours at 100,000 at most 12 times ours at 10,000.

Then the validators alone, on the same BOMs (``--validators``, or with the rest): the verdict
of ``openness.formats.cyclonedx.schema.validate`` (jsonschema-rs) against jsonschema's Draft 7
validator with the same linear ``uniqueItems`` and ``enum`` (the one that describes a rejected
document), and, with ``--before FILE``, the ``validate`` of an earlier ``schema.py`` (for
example ``git show <rev>:openness/exporters/cyclonedx/schema.py > before.py``), given the
shipped schemas of this checkout.

The library is a test dependency: install ``openness[test]`` first.

Run: ``python benchmarks/bench_cyclonedx.py`` (library at 2,000 and 10,000, which takes a few
minutes; ours up to 100,000) or ``--quick`` (library at 1,000; ours at 1,000 and 10,000).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

from openness.model import Artifact

#: CPU time of this process: both paths are single-threaded, and CPU time does not change with
#: other load on the machine (wall time does).
clock = time.process_time

LICENSES = ["Apache-2.0", "MIT", "CC-BY-4.0", "BSD-3-Clause", "Apache-2.0 OR MIT", "CC0-1.0"]


def generate(n: int) -> list[Artifact]:
    """``n`` artifacts whose lineage points to earlier ones."""
    raw: list[dict[str, Any]] = []
    for i in range(n):
        kind = ("dataset", "model", "software", "system")[i % 4]
        lic = LICENSES[i % len(LICENSES)]
        item: dict[str, Any] = {
            "id": f"pkg:generic/{kind}-{i}@1.0",
            "kind": kind,
            "name": f"{kind} {i}",
            "version": "1.0",
            "license": lic,
            "url": f"https://example.org/{kind}/{i}",
        }
        if kind == "dataset":
            item["components"] = [
                {"role": "data-files", "license": lic, "digests": {"sha256": f"{i:064x}"}}
            ]
        elif kind == "model":
            item["components"] = [
                {
                    "role": "model-parameters-final",
                    "license": lic,
                    "location": f"https://example.org/weights/{i}",
                    "digests": {"sha256": f"{i:064x}"},
                },
                {"role": "training-code", "license": "MIT"},
                {"role": "model-card", "availability": "included"},
            ]
            item["lineage"] = [{"relation": "trained-on", "target": raw[i - 1]["id"]}]
            if i >= 5:
                item["lineage"].append({"relation": "fine-tuned-from", "target": raw[i - 4]["id"]})
            item["facts"] = {"parameters": 7_000_000_000, "type_of_model": "transformer"}
        elif kind == "software":
            item["components"] = [{"role": "source-code", "license": lic}]
            item["lineage"] = [{"relation": "depends-on", "target": raw[i - 1]["id"]}]
        else:
            item["lineage"] = [
                {"relation": "depends-on", "target": raw[i - 1]["id"]},
                {"relation": "depends-on", "target": raw[i - 2]["id"]},
            ]
        raw.append(item)
    return [Artifact.model_validate(a) for a in raw]


# --- ours ---------------------------------------------------------------------------------------


def ours(artifacts: Sequence[Artifact]) -> dict[str, float]:
    from openness.formats.cyclonedx.schema import validate
    from openness.formats.cyclonedx.vocab import SpecVersion
    from openness.formats.cyclonedx.write import build_bom, write_bom
    from openness.formats.cyclonedx.write.document import serialise

    v = SpecVersion.V1_6
    start = clock()
    write_bom(artifacts, version=v)
    total = clock() - start
    start = clock()
    bom = build_bom(artifacts, version=v)
    built = clock()
    issues = validate(bom, v)
    checked = clock()
    serialise(bom)
    written = clock()
    assert not issues, issues[:3]
    return {
        "total": total,
        "build": built - start,
        "validate": checked - built,
        "write": written - checked,
    }


# --- the library's standard path ----------------------------------------------------------------


def library(artifacts: Sequence[Artifact]) -> dict[str, float]:
    from cyclonedx.contrib.license.factories import LicenseFactory
    from cyclonedx.model import (
        ExternalReference,
        ExternalReferenceType,
        HashAlgorithm,
        HashType,
        Property,
        XsUri,
    )
    from cyclonedx.model.bom import Bom
    from cyclonedx.model.component import Component, ComponentType, Pedigree
    from cyclonedx.output.json import JsonV1Dot6
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    types = {
        "model": ComponentType.MACHINE_LEARNING_MODEL,
        "dataset": ComponentType.DATA,
        "software": ComponentType.LIBRARY,
        "system": ComponentType.APPLICATION,
    }
    licenses = LicenseFactory()
    start = clock()
    by_id: dict[str, Component] = {}
    for a in artifacts:
        parts = [
            Component(
                name=p.name or p.role.value,
                type=ComponentType.DATA
                if p.role.content_type.value == "data"
                else ComponentType.LIBRARY,
                bom_ref=f"{a.id}#component-{j}",
                licenses=[licenses.make_from_string(str(p.license))] if p.license else [],
                hashes=[
                    HashType(alg=HashAlgorithm.SHA_256, content=d)
                    for alg, d in p.digests.items()
                    if alg.value == "sha256"
                ],
                properties=[Property(name="openness:role", value=p.role.value)],
            )
            for j, p in enumerate(a.components)
        ]
        ancestors = [
            Component(name=e.target, type=types[a.kind.value])
            for e in a.lineage
            if e.relation.derives
        ]
        by_id[a.id] = Component(
            name=a.name or a.id,
            type=types[a.kind.value],
            bom_ref=a.id,
            version=a.version,
            licenses=[licenses.make_from_string(str(a.license))] if a.license else [],
            external_references=[
                ExternalReference(type=ExternalReferenceType.WEBSITE, url=XsUri(a.url))
            ]
            if a.url
            else [],
            properties=[
                Property(name="openness:lineage", value=f"{e.relation.value} {e.target}")
                for e in a.lineage
            ],
            components=parts,
            pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        )
    bom = Bom(components=by_id.values())
    for a in artifacts:
        targets = [by_id[e.target] for e in a.lineage if not e.relation.derives]
        bom.register_dependency(by_id[a.id], targets)
    built = clock()
    text = JsonV1Dot6(bom).output_as_string(indent=2)
    written = clock()
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    checked = clock()
    assert error is None, error
    return {
        "total": checked - start,
        "build": built - start,
        "validate": checked - written,
        "write": written - built,
    }


# --- the validators alone -----------------------------------------------------------------------


def _before(path: str) -> Callable[[Any, Any], list[Any]]:
    """The ``validate`` of an earlier schema module, reading the schemas of this checkout."""
    import importlib.util

    from openness.formats.cyclonedx import schema

    spec = importlib.util.spec_from_file_location("_cyclonedx_schema_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    module._load = schema._load  # the data moved; the schemas are the same files
    validate_before: Callable[[Any, Any], list[Any]] = module.validate
    return validate_before


def validators(sizes: Sequence[int], before: str | None) -> None:
    from openness._gc import gc_paused
    from openness.formats.cyclonedx.schema import validate, validator
    from openness.formats.cyclonedx.vocab import SpecVersion
    from openness.formats.cyclonedx.write import build_bom

    v = SpecVersion.V1_6
    candidates: dict[str, Callable[[Any], bool]] = {
        "jsonschema-rs (validate)": lambda bom: validate(bom, v) == [],
    }

    def python_validator(bom: Any) -> bool:
        with gc_paused():
            return next(iter(validator(v).iter_errors(bom)), None) is None

    candidates["jsonschema, linear keywords"] = python_validator
    if before:
        old = _before(before)
        candidates["before (" + before.rsplit("/", 1)[-1] + ")"] = lambda bom: old(bom, v) == []
    small = build_bom(generate(8), version=v)
    for check in candidates.values():  # compile every validator first
        assert check(small)
    print()
    print("validation alone, CPU seconds (best of 3)")
    for n in sizes:
        bom = build_bom(generate(n), version=v)
        times: dict[str, float] = {}
        for label, check in candidates.items():
            runs = []
            for _ in range(3):
                gc.collect()
                start = clock()
                assert check(bom), label
                runs.append(clock() - start)
            times[label] = min(runs)
        fastest = times["jsonschema-rs (validate)"]
        for label, seconds in times.items():
            ratio = f"{seconds / fastest:>7.1f}x" if label != "jsonschema-rs (validate)" else ""
            print(f"{label:<34}{n:>9,}  {seconds:>9.3f}  {ratio}", flush=True)


# --- running ------------------------------------------------------------------------------------


def warm_up() -> None:
    """Compile both validators on a small document."""
    small = generate(8)
    ours(small)
    library(small)


def best_of(runs: int, fn: Callable[[], dict[str, float]]) -> dict[str, float]:
    results = []
    for _ in range(runs):
        gc.collect()
        results.append(fn())
    return min(results, key=lambda r: r["total"])


def row(label: str, n: int, r: dict[str, float]) -> str:
    return (
        f"{label:<10}{n:>9,}  {r['build']:>9.3f}  {r['validate']:>9.3f}  {r['write']:>9.3f}"
        f"  {r['total']:>9.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (about 30 s)")
    parser.add_argument("--validators", action="store_true", help="only the validators alone")
    parser.add_argument("--before", metavar="FILE", help="an earlier schema.py to compare")
    args = parser.parse_args()
    if args.validators:
        validators([1_000, 10_000], args.before)
        return 0
    lib_sizes = [1_000] if args.quick else [2_000, 10_000]
    our_sizes = [1_000, 10_000] if args.quick else [2_000, 10_000, 100_000]

    warm_up()
    print("CPU seconds")
    print(f"{'':<10}{'artifacts':>9}  {'build':>9}  {'validate':>9}  {'write':>9}  {'total':>9}")
    mine: dict[int, dict[str, float]] = {}
    for n in our_sizes:
        artifacts = generate(n)
        mine[n] = best_of(1 if n > 10_000 else 3, lambda a=artifacts: ours(a))  # type: ignore[misc]
        print(row("openness", n, mine[n]), flush=True)
        del artifacts
    theirs: dict[int, dict[str, float]] = {}
    for n in lib_sizes:
        artifacts = generate(n)
        theirs[n] = best_of(1, lambda a=artifacts: library(a))  # type: ignore[misc]
        print(row("library", n, theirs[n]), flush=True)
        del artifacts
    print()
    for n in lib_sizes:
        if n in mine:
            ratio = theirs[n]["total"] / mine[n]["total"]
            target = "   (target >= 20)" if n == 10_000 else "   (the target is at 10,000)"
            print(f"library / openness at {n:>7,}   {ratio:>8.1f}x{target}")
    small, large = our_sizes[-2], our_sizes[-1]
    scale = mine[large]["total"] / mine[small]["total"]
    print(
        f"openness {large:,} / {small:,}      {scale:>8.1f}x   "
        f"(input x{large // small}; target <= {large // small * 1.2:.0f})"
    )
    validators([1_000, 10_000] if args.quick else [10_000], args.before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
