#!/usr/bin/env python3
"""Regenerate the generated parts of the policy docs from the code.

- ``docs/policies/index.md``: the side-by-side table of every example under ``examples/``
  (top-level ``*.yaml`` files) under every built-in policy;
- ``docs/policies/<id>.md``: each built-in table policy's rule table (rule id, clause, what
  passes), from ``policy.rules()``.

The generated text sits between ``<!-- generated:NAME:start -->`` and
``<!-- generated:NAME:end -->`` markers; everything else on the pages is written by hand. A test
(tests/test_policy_docs.py) checks that the pages equal what this script generates.

Run from the repository root::

    python tools/docs/policy_matrix.py            # rewrite the pages
    python tools/docs/policy_matrix.py --check    # exit 1 when a page is out of date
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs" / "policies"

#: Built-in policies whose pages carry a generated rule table (mof documents itself).
TABLE_PAGES = {
    "osaid": "osaid.md",
    "debian-ml": "debian-ml.md",
    "osd": "osd.md",
    "fsf": "fsf.md",
    "weights-as-source": "weights-as-source.md",
    "data-as-source": "data-as-source.md",
    "cost-aware": "cost-aware.md",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def example_files() -> list[Path]:
    """The example manifests the matrix covers, sorted by name."""
    return sorted(EXAMPLES.glob("*.yaml"))


def matrix_markdown() -> str:
    """The Markdown table: one row per example artifact, one column per built-in policy."""
    from openness.loading import load
    from openness.policy import compare
    from openness.policy.registry import default_ids

    files = example_files()
    result = load(files)
    if not result.ok:
        raise SystemExit("examples do not load:\n" + "\n".join(str(p) for p in result.errors))
    comparison = compare(result.artifacts, default_ids())
    where = {aid: origin.document.path for aid, origin in result.origins.items()}
    header = ["artifact", "example", *(f"`{p}`" for p in comparison.policies)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    rows = []
    for aid in comparison.artifacts:
        name = comparison.names.get(aid, aid)
        example = Path(where[aid]).name
        cells = [comparison.cell(aid, p) for p in comparison.policies]
        rows.append((name.lower(), [_cell(name), f"`{example}`", *cells]))
    for _, row in sorted(rows):
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def rules_markdown(policy_id: str) -> str:
    """The rule table of a built-in policy: rule id, clause, what passes."""
    from openness.policy import get_policy

    policy = get_policy(policy_id)
    lines = ["| rule | clause | what passes |", "|---|---|---|"]
    for rule in policy.rules():
        cite = rule.citation
        source = f"[{cite.document}]({cite.url})" if cite.url else cite.document
        if cite.section:
            source += f", {cite.section}"
        clause = f"{source}: “{cite.clause}”" if cite.clause else source
        lines.append(f"| `{rule.id}` | {_cell(clause)} | {_cell(rule.passes)} |")
    return "\n".join(lines) + "\n"


def replace_block(text: str, name: str, body: str) -> str:
    """``text`` with the generated block ``name`` replaced by ``body``."""
    start = f"<!-- generated:{name}:start -->"
    end = f"<!-- generated:{name}:end -->"
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError(f"markers for {name!r} not found")
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}{end}{tail}"


def generated() -> dict[Path, str]:
    """Every page with its generated blocks filled in, from the pages on disk."""
    pages: dict[Path, str] = {}
    index = DOCS / "index.md"
    pages[index] = replace_block(index.read_text(encoding="utf-8"), "matrix", matrix_markdown())
    for policy_id, name in TABLE_PAGES.items():
        path = DOCS / name
        pages[path] = replace_block(
            path.read_text(encoding="utf-8"), "rules", rules_markdown(policy_id)
        )
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a page is stale")
    args = parser.parse_args()
    stale = []
    for path, text in generated().items():
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if args.check else 'updated'}: {path.relative_to(ROOT)}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
