"""License text identification: measured on real license texts (tests/data/license-texts/),
with no confident wrong answer, and the shipped fingerprints in step with their generator."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openness.licenses import Identification, identify, knowledge_base
from openness.licenses.identify import (
    FINGERPRINT_FORMAT,
    NORMALIZATION,
    SHINGLE,
    Reference,
    normalize,
    references,
    shingles,
)

ROOT = Path(__file__).parent.parent
CORPUS = ROOT / "tests" / "data" / "license-texts"
DATA = ROOT / "openness" / "licenses" / "data" / "license_fingerprints.json"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
# measured with tools/licenses/measure_identification.py (docs/license-identification.md)
ACCURACY_FLOOR = 0.90


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def text(name: str) -> str:
    return (CORPUS / "texts" / name).read_text(encoding="utf-8")


def test_the_corpus_has_at_least_50_real_texts_each_attributed() -> None:
    assert len(EXPECTED) >= 50
    assert {p.name for p in (CORPUS / "texts").iterdir()} == set(EXPECTED)
    assert all(entry["source"] for entry in EXPECTED.values())
    assert (CORPUS / "SOURCE.txt").is_file()


def test_no_confident_wrong_answer_and_the_measured_accuracy() -> None:
    measure = _load("measure_identification", ROOT / "tools/licenses/measure_identification.py")
    result = measure.measure()
    wrong = [row for row in result["rows"] if row[0] == "WRONG"]
    assert wrong == []
    assert result["confident_wrong"] == 0
    assert result["accuracy"] >= ACCURACY_FLOOR
    assert result["correctly_none"] == sum(1 for e in EXPECTED.values() if not e["accept"])


@pytest.mark.parametrize(
    ("name", "license"),
    [
        ("llama3.1-license.txt", "LicenseRef-scancode-llama-3.1-license-2024"),
        ("llama3.2-license.txt", "LicenseRef-scancode-llama-3.2-license-2024"),
        ("llama3.3-license.txt", "LicenseRef-scancode-llama-3.3-license-2024"),
        ("llama3-license.txt", "LicenseRef-scancode-llama-3-license-2024"),
        ("llama2-license.txt", "LicenseRef-scancode-llama-2-license-2023"),
        ("readme-card-with-llama3.1.txt", "LicenseRef-scancode-llama-3.1-license-2024"),
        ("wrapped-gemma-tou-2024-04-01.txt", "LicenseRef-scancode-gemma-tou-2024-04-01"),
        ("creativeml-openrail-m.txt", "LicenseRef-scancode-stable-diffusion-2022-08-22"),
        ("openrail-plusplus-m.txt", "LicenseRef-scancode-bigscience-open-rail-m2"),
        ("openmdw-1.0.txt", "OpenMDW-1.0"),
        ("modified-mit-moonshot-kimi.txt", "LicenseRef-scancode-moonshot-ai-modified-mit-2025"),
        ("apache-appendix-filled.txt", "Apache-2.0"),
        ("apache-requests-no-appendix.txt", "Apache-2.0"),
        ("mit-pydantic.txt", "MIT"),
        ("readme-with-mit.txt", "MIT"),
        ("bsd3-click.txt", "BSD-3-Clause"),
        ("bsd2-mkdocs.txt", "BSD-2-Clause"),
        ("isc-pexpect.txt", "ISC"),
        ("wrapped-cc-by-4.0.txt", "CC-BY-4.0"),
        ("wrapped-lgpl-3.0-copying-lesser.txt", "LGPL-3.0-only"),
        ("wrapped-cc-by-sa-4.0.txt", "CC-BY-SA-4.0"),
        ("wrapped-cc-by-nc-4.0.txt", "CC-BY-NC-4.0"),
        ("wrapped-cc-by-nc-sa-4.0.txt", "CC-BY-NC-SA-4.0"),
        ("truncated-apache-40pc.txt", "Apache-2.0"),
        ("apache-notice-sortedcontainers.txt", "Apache-2.0"),
    ],
)
def test_ai_licenses_and_common_variations(name: str, license: str) -> None:
    result = identify(text(name))
    assert result.license == license, result.reason
    assert 0.0 <= result.score <= 1.0
    assert result.runner_up != license


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("openmdw-1.1-unknown-version.txt", "does not carry its title and version"),
        ("modified-mit-noncommercial.txt", "a modified license"),
        ("modified-apache-military.txt", "a modified license"),
        ("modified-mit-appended-terms.txt", "terms of its own next to it"),
        ("dual-apache-and-mit.txt", "several licenses"),
        ("readme-unrelated-petals.txt", "not identified"),
        ("readme-mentions-mit.txt", "no license text found"),
    ],
)
def test_what_must_not_be_answered_is_not(name: str, reason: str) -> None:
    result = identify(text(name))
    assert result.license is None
    assert reason in result.reason


def test_a_truncated_text_is_named_a_part() -> None:
    result = identify(text("truncated-apache-40pc.txt"))
    assert result.score < 0.5
    assert result.text_share > 0.9
    assert "is a part" in result.reason


def test_gpl_texts_name_the_id_that_shares_their_text() -> None:
    result = identify(text("wrapped-gpl-3.0-only.txt"))
    assert result.license == "GPL-3.0-only"
    assert result.equivalents == ("GPL-3.0-or-later",)


def test_a_notice_naming_any_later_version_is_or_later() -> None:
    notice = (
        "This program is free software: you can redistribute it and/or modify it under the "
        "terms of the GNU General Public License as published by the Free Software Foundation, "
        "either version 3 of the License, or (at your option) any later version.\n\nThis "
        "program is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; "
        "without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR "
        "PURPOSE.  See the GNU General Public License for more details."
    )
    result = identify(notice)
    assert result.license == "GPL-3.0-or-later"
    assert result.part == "notice"


def test_too_short_a_text_is_not_identified() -> None:
    result = identify("MIT License")
    assert result == Identification(None, 0.0, "too short to identify (fewer than 15 words)")


def test_normalisation_follows_the_spdx_matching_guidelines() -> None:
    words = normalize(
        "Copyright (c) 2024 Jane Doe\n"
        "  1. The LICENCE is “granted” – see https://x.org.\n"
        "  (b) Sub-license and non-commercial use; Licensor's rights\n"
        "v. 2.0 of it\n"
        "<p>All rights reserved.</p>\n"
    )
    assert words == [
        "the", "license", "is", "granted", "see", "http", "x", "org",
        "sublicense", "and", "noncommercial", "use", "licensors", "rights", "v", "2.0", "of",
        "it",
    ]  # fmt: skip
    assert normalize("Version 3.1 of 2.0") == ["version", "3.1", "of", "2.0"]


def test_the_same_text_in_other_layout_has_the_same_shingles() -> None:
    a = "Permission is hereby granted, free of charge, to any person obtaining a copy"
    b = "PERMISSION IS HEREBY GRANTED,\n   free of charge,\tto any person\nobtaining a copy"
    assert shingles(normalize(a)) == shingles(normalize(b))
    assert len(shingles(normalize(a))) == len(normalize(a)) - SHINGLE + 1


def test_references_can_be_given_for_experiments() -> None:
    words = normalize(text("mit-pydantic.txt"))
    ref = Reference(id="LicenseRef-test", name="Test", shingles=frozenset(shingles(words)))
    result = identify(text("mit-attrs.txt"), refs=[ref])
    assert result.license == "LicenseRef-test"
    assert result.runner_up is None


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_gives_an_answer_never_an_exception(sample: str) -> None:
    result = identify(sample)
    assert 0.0 <= result.score <= 1.0
    assert result.reason


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=400))
def test_no_slice_of_a_real_license_is_confidently_wrong(start: int, length: int) -> None:
    source = text("llama3.2-license.txt")
    words = source.split()
    piece = " ".join(words[start % len(words) : start % len(words) + length])
    result = identify(piece)
    assert result.license in (None, "LicenseRef-scancode-llama-3.2-license-2024")


# --- the shipped data file --------------------------------------------------------------------


def test_the_data_file_records_its_sources_and_versions() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert data["format"] == FINGERPRINT_FORMAT
    assert data["normalization"] == NORMALIZATION
    assert data["shingle"] == SHINGLE
    assert data["generated_by"] == "tools/licenses/build_fingerprints.py"
    assert len(data["sources"]["llama-models"]["commit"]) == 40
    assert "spdx-license-list 6.12.0" in data["sources"]["spdx"]["what"]
    assert "scancode-toolkit-mini 32.5.0" in data["sources"]["scancode"]["what"]


def test_every_reference_is_consistent_and_named_by_our_ids() -> None:
    kb = knowledge_base()
    refs = references()
    assert len(refs) > 400
    data = json.loads(DATA.read_text(encoding="utf-8"))["references"]
    for row, ref in zip(data, refs, strict=True):
        assert row["size"] == len(ref.shingles)
        assert all(h % ref.sample == 0 for h in ref.shingles)
        assert row["known"] == (kb.get(ref.id) is not None)
        assert len(row["sha256"]) == 64
    unknown = sorted({r.id for r in refs if kb.get(r.id) is None})
    assert unknown == [
        "LicenseRef-scancode-gemma-tou-2025-03-24",
        "LicenseRef-scancode-moonshot-ai-modified-mit-2025",
        "LicenseRef-scancode-nvidia-model-training-2025",
    ]
    ids = {r.id for r in refs}
    for needed in [
        "Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "GPL-2.0-only", "GPL-3.0-only",
        "LGPL-2.1-only", "LGPL-3.0-only", "AGPL-3.0-only", "MPL-2.0", "CC-BY-4.0",
        "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0", "CC0-1.0", "Unlicense", "ODC-By-1.0",
        "ODbL-1.0", "CDLA-Permissive-2.0", "OpenMDW-1.0",
        "LicenseRef-scancode-llama-2-license-2023", "LicenseRef-scancode-llama-3-license-2024",
        "LicenseRef-scancode-llama-3.1-license-2024", "LicenseRef-scancode-llama-3.2-license-2024",
        "LicenseRef-scancode-llama-3.3-license-2024", "LicenseRef-scancode-gemma-tou-2024-04-01",
        "LicenseRef-scancode-bigscience-open-rail-m", "LicenseRef-scancode-bigscience-open-rail-m2",
        "LicenseRef-scancode-stable-diffusion-2022-08-22",
    ]:  # fmt: skip
        assert needed in ids, needed


def test_the_data_file_has_the_shape_the_generator_writes(tmp_path: Path) -> None:
    build = _load("build_fingerprints", ROOT / "tools/licenses/build_fingerprints.py")
    spdx = tmp_path / "spdx-full.json"
    mit = text("mit-pydantic.txt")
    spdx.write_text(
        json.dumps(
            {
                "MIT": {"name": "MIT License", "licenseText": mit},
                "Apache-2.0": {
                    "name": "Apache License 2.0",
                    "licenseText": text("apache-huggingface-hub.txt"),
                },
            }
        ),
        encoding="utf-8",
    )
    scancode = tmp_path / "scancode"
    scancode.mkdir()
    (scancode / "gemma.LICENSE").write_text(
        "---\nkey: gemma\nname: Gemma\n---\n" + text("wrapped-gemma-tou-2024-04-01.txt"),
        encoding="utf-8",
    )
    llama = tmp_path / "llama"
    (llama / "models" / "llama3_1").mkdir(parents=True)
    (llama / "models/llama3_1/LICENSE").write_text(text("llama3.1-license.txt"), "utf-8")
    monkey = pytest.MonkeyPatch()
    monkey.setattr(build, "SPDX_CHOSEN", ["MIT"])
    monkey.setattr(build, "SCANCODE_CHOSEN", {"gemma": ("LicenseRef-x", "license")})
    monkey.setattr(build, "LLAMA_CHOSEN", {"models/llama3_1/LICENSE": ("LicenseRef-y", "license")})
    monkey.setattr(build, "NOTICES", [])
    monkey.setattr(build, "PARTS", [])
    monkey.setattr(build, "CC0_NOTICE", mit)
    monkey.setattr(build, "collect", _with_cc0_name(build.collect))
    try:
        fresh = build.build(spdx, scancode, llama, "0" * 40)
    finally:
        monkey.undo()
    shipped = json.loads(DATA.read_text(encoding="utf-8"))
    assert set(fresh) == set(shipped)
    assert set(fresh["sources"]) == set(shipped["sources"])
    for row in shipped["references"]:
        assert set(row) == set(fresh["references"][0])
    loaded = {r.id for r in _refs(fresh)}
    assert {"MIT", "LicenseRef-x", "LicenseRef-y"} <= loaded


def _with_cc0_name(collect):  # type: ignore[no-untyped-def]
    def wrapped(spdx, scancode, llama):  # type: ignore[no-untyped-def]
        texts = json.loads(spdx.read_text(encoding="utf-8"))
        texts.setdefault("CC0-1.0", {"name": "CC0", "licenseText": ""})
        spdx.write_text(json.dumps(texts), encoding="utf-8")
        return collect(spdx, scancode, llama)

    return wrapped


def _refs(data: dict[str, object]) -> tuple[Reference, ...]:
    from openness.licenses.identify import load_references

    return load_references(data)


def test_a_data_file_of_another_normalisation_is_refused() -> None:
    from openness.licenses.identify import load_references

    with pytest.raises(ValueError, match="regenerate it with tools/licenses/build_fingerprints"):
        load_references({"format": FINGERPRINT_FORMAT, "normalization": NORMALIZATION + 1})


def test_identification_from_many_threads_agrees_with_one() -> None:
    from concurrent.futures import ThreadPoolExecutor

    names = sorted(EXPECTED)[:40]
    alone = [identify(text(n)) for n in names]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda n: identify(text(n)), names * 3))
    assert together == alone * 3
