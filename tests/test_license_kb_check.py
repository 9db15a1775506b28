"""The knowledge base's AI licenses, checked against their publishers on 2026-12-07 (issue 18,
item 17): OpenMDW-1.1 added, the check recorded per entry and in the docs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from openness.licenses import Notion, evaluate, knowledge_base, parse_expression
from openness.licenses.normalize import normalize

REPO = Path(__file__).parent.parent
OPENMDW_1_1 = "LicenseRef-openness-openmdw-1.1"
CHECKED = "2026-12-07"


def test_openmdw_1_1_is_known_as_its_publisher_defines_it() -> None:
    """OpenMDW-1.1: "permission is hereby granted, free of charge, to deal in the Model
    Materials without restriction"; keep "a copy of this agreement" and the notices; "does not
    impose any restrictions or obligations with respect to ... outputs"."""
    facts = knowledge_base().get(OPENMDW_1_1)
    assert facts is not None
    assert facts.name == "OpenMDW License Agreement, version 1.1"
    assert facts.url == "https://github.com/OpenMDW/OpenMDW/blob/main/1.1/LICENSE.OpenMDW-1.1"
    assert facts.category == "permissive"
    assert set(facts.kinds) == {"model", "data", "code", "document"}
    assert not facts.restricted
    assert not facts.outputs_restricted
    assert facts.derivative_obligations == ("include-license", "attribution-notice")
    assert facts.osi_approved is False
    assert facts.checked == CHECKED


@pytest.mark.parametrize(
    "written", ["OpenMDW-1.1", "openmdw-1.1", "LicenseRef-openness-openmdw-1.1"]
)
def test_openmdw_1_1_parses_to_the_knowledge_base_id(written: str) -> None:
    parsed = parse_expression(f"{written} AND Apache-2.0")
    assert parsed.canonical == f"{OPENMDW_1_1} AND Apache-2.0"
    assert parsed.unknown == ()


@pytest.mark.parametrize(
    "text",
    [
        "OpenMDW License Agreement, version 1.1",
        "OpenMDW 1.1",
        "https://openmdw.ai/license/1-1/",
        "https://github.com/OpenMDW/OpenMDW/blob/main/1.1/LICENSE.OpenMDW-1.1",
    ],
)
def test_openmdw_1_1_names_and_urls_normalise(text: str) -> None:
    assert normalize(text).license_id == OPENMDW_1_1


def test_openmdw_without_a_version_is_never_guessed() -> None:
    found = normalize("OpenMDW")
    assert found.license_id is None
    assert set(found.candidates) == {OPENMDW_1_1, "OpenMDW-1.0"}


@pytest.mark.parametrize(
    ("notion", "free"),
    [(Notion.OSAID_TERMS, True), (Notion.OPEN, True), (Notion.DFSG, True), (Notion.OSI, False)],
)
def test_openmdw_1_1_judgements(notion: Notion, free: bool) -> None:
    assert evaluate(OPENMDW_1_1, notion).free is free


def test_gemma_4_is_apache_2() -> None:
    """Gemma Terms of Use (last modified 2026-04-01): "For Gemma 4 terms, see the Gemma 4
    license (https://ai.google.dev/gemma/apache_2)"."""
    assert normalize("https://ai.google.dev/gemma/apache_2").license_id == "Apache-2.0"
    assert (
        normalize("https://ai.google.dev/gemma/terms").license_id
        == "LicenseRef-scancode-gemma-tou-2024-04-01"
    )
    gemma = knowledge_base().get("LicenseRef-scancode-gemma-tou-2024-04-01")
    assert gemma is not None
    assert gemma.notes is not None
    assert "Gemma 4 is released under Apache-2.0" in gemma.notes


@pytest.mark.parametrize(
    "license_id",
    [
        "LicenseRef-scancode-llama-2-license-2023",
        "LicenseRef-scancode-llama-3-license-2024",
        "LicenseRef-scancode-llama-3.1-license-2024",
        "LicenseRef-scancode-llama-3.2-license-2024",
        "LicenseRef-scancode-llama-3.3-license-2024",
        "LicenseRef-scancode-llama-4-cla-2025",
        "LicenseRef-scancode-gemma-tou-2024-04-01",
        "LicenseRef-scancode-bigscience-rail-1.0",
        "LicenseRef-scancode-bigscience-open-rail-m",
        "LicenseRef-scancode-stable-diffusion-2022-08-22",
        "LicenseRef-scancode-bigscience-open-rail-m2",
        "LicenseRef-scancode-bigcode-open-rail-m-v1",
        "LicenseRef-scancode-deepseek-la-1.0",
        "LicenseRef-scancode-tongyi-qianwen-2023",
        "LicenseRef-openness-qwen-license-2024",
        "LicenseRef-scancode-nvidia-open-model-2025-04-28",
        "LicenseRef-openness-tii-falcon-llm-license-1.0",
        "LicenseRef-scancode-falcon-2-11b-1.0",
        "OpenMDW-1.0",
        OPENMDW_1_1,
    ],
)
def test_the_check_is_recorded_per_license(license_id: str) -> None:
    facts = knowledge_base().get(license_id)
    assert facts is not None
    assert facts.checked == CHECKED
    assert "curated (tools/kb/curated.yaml)" in facts.sources


def test_the_check_is_recorded_in_the_docs() -> None:
    page = (REPO / "docs" / "licenses" / "index.md").read_text(encoding="utf-8")
    assert f"## Checked against the publishers ({CHECKED})" in page
    assert OPENMDW_1_1 in page


def test_shipped_knowledge_base_is_in_step_with_its_sources() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "kb" / "build.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
