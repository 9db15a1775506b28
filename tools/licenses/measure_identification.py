#!/usr/bin/env python3
"""Measure license text identification on the corpus in tests/data/license-texts/.

    python tools/licenses/measure_identification.py [-v]

A text is *right* when the answer is one of its accepted ids, *not identified* when the answer
is None although an id was accepted, *confident-wrong* when the answer is an id not accepted
(for a text whose accepted list is empty, any id). Prints the counts, the accuracy (right over
texts with an accepted id) and the time per text.
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


def main() -> int:
    result = measure(verbose="-v" in sys.argv)
    result.pop("rows")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
