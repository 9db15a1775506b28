#!/usr/bin/env python3
"""Regenerate the generated parts of docs/importers/eu-index-comparison.md.

Loads every system file of the European Open Source AI Index kept in ``tests/data/eu_index/``
(the whole main database, CC-BY-4.0, see its SOURCE.txt), judges them under every built-in
policy and writes, between ``<!-- generated:NAME:start -->`` and ``<!-- generated:NAME:end -->``
markers, the summary (``summary``), the most frequent reasons per policy and agreement
(``reasons``) and the per-system table (``systems``): what ``openness compare
tests/data/eu_index/ --beside-index --format markdown`` prints. Everything else on the page is
written by hand. tests/test_index_comparison.py checks that the page equals what this script
generates.

Run from the repository root::

    python tools/docs/eu_index_comparison.py            # rewrite the page
    python tools/docs/eu_index_comparison.py --check    # exit 1 when the page is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INDEX = ROOT / "tests" / "data" / "eu_index"
PAGE = ROOT / "docs" / "importers" / "eu-index-comparison.md"


def _reasons_markdown(comparison: object) -> str:
    from openness.index_comparison import IndexComparison

    assert isinstance(comparison, IndexComparison)
    lines = ["| policy | agreement | reason | systems |", "|---|---|---|---:|"]
    for policy in comparison.compared:
        for agreement in ("stricter", "more-lenient", "unknown", "unknown-index-below"):
            for reason, count in comparison.reasons(policy, agreement):
                lines.append(f"| `{policy}` | {agreement} | `{reason}` | {count} |")
    return "\n".join(lines) + "\n"


def blocks() -> dict[str, str]:
    """The generated blocks by name."""
    from openness.index_comparison import compare_with_index
    from openness.loading import load
    from openness.policy import compare
    from openness.policy.registry import default_ids

    result = load([INDEX])
    if not result.ok:
        raise SystemExit("the index does not load:\n" + "\n".join(str(p) for p in result.errors))
    comparison = compare_with_index(result.artifacts, compare(result.artifacts, default_ids()))
    return {
        "summary": comparison.summary_markdown(),
        "reasons": _reasons_markdown(comparison),
        "systems": comparison.to_markdown(),
    }


def generated() -> str:
    """The page with its generated blocks replaced."""
    text = PAGE.read_text(encoding="utf-8")
    for name, body in blocks().items():
        pattern = re.compile(
            rf"(<!-- generated:{name}:start -->\n).*?(<!-- generated:{name}:end -->)", re.S
        )
        if not pattern.search(text):
            raise SystemExit(f"{PAGE}: no generated:{name} block")
        text = pattern.sub(lambda m, body=body: m.group(1) + body + m.group(2), text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when the page is stale")
    args = parser.parse_args()
    text = generated()
    if PAGE.read_text(encoding="utf-8") == text:
        return 0
    if args.check:
        print(f"stale: {PAGE.relative_to(ROOT)}")
        return 1
    PAGE.write_text(text, encoding="utf-8")
    print(f"updated: {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
