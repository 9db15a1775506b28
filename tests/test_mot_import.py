"""Importing Model Openness Tool model files: detection by content, the mapping onto the model,
license names read conservatively, and bad input reported, never raised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.documents import Document, parse_text
from openness.errors import Severity
from openness.formats.mot.read import MOT_COMPONENTS, MotImporter, artifact_id, read_license_name
from openness.importers import importers
from openness.loading import load
from openness.model import (
    ArtifactKind,
    Availability,
    ContentType,
    EvidenceKind,
    Role,
)

MODELS = Path(__file__).parent / "data" / "mot" / "models"


def _doc(text: str, name: str = "model.yml") -> Document:
    return parse_text(name, text, "yaml")


HEAD = """\
framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: Demo
  version: 1B
  producer: Acme Labs
"""


def test_registered_and_detected_by_content() -> None:
    assert isinstance(importers()["mot"], MotImporter)
    mot = MotImporter()
    assert mot.detect(_doc(HEAD + "  components: []\n", "no-suffix"))
    # A manifest, another framework, or a release without framework: not MOT.
    assert not mot.detect(_doc("artifacts: []\n"))
    assert not mot.detect(_doc("framework: {name: Other}\nrelease: {name: x}\n"))
    assert not mot.detect(_doc("release: {name: x}\n"))


def test_release_fields_mapped(data_dir: Path) -> None:
    result = load([data_dir / "mot" / "models" / "Pythia-6.9B.yml"])
    assert result.ok and not result.warnings, result.problems
    (pythia,) = result.artifacts
    assert pythia.id == "mot:EleutherAI/Pythia-6.9B@6.9B"
    assert pythia.kind is ArtifactKind.MODEL
    assert (pythia.name, pythia.version, pythia.supplier) == ("Pythia-6.9B", "6.9B", "EleutherAI")
    assert pythia.url == "https://github.com/EleutherAI/pythia"
    assert pythia.purl == "pkg:huggingface/EleutherAI/pythia-6.9b"
    assert pythia.license == "Apache-2.0"  # release.license.distribution
    assert pythia.release_licenses == {}
    assert pythia.facts.type_of_model == "transformer"
    assert pythia.facts.domain == ["language"]
    # Fields with no place in the model are kept.
    assert pythia.extra["date"] == "2025-11-03"
    assert pythia.extra["framework"] == {
        "name": "Model Openness Framework",
        "version": "1.0",
        "date": "2024-12-15",
    }
    assert pythia.extra["huggingface"] == "https://huggingface.co/EleutherAI/pythia-6.9b"
    # Evidence points at the YAML, with lines.
    assert pythia.evidence[0].source.endswith("Pythia-6.9B.yml")
    assert (pythia.evidence[0].locator, pythia.evidence[0].line) == ("release", 5)
    assert pythia.evidence[1].locator == "release.license.distribution.name"
    assert pythia.evidence[1].line == 18


def test_components_mapped_with_evidence(data_dir: Path) -> None:
    (pythia,) = load([data_dir / "mot" / "models" / "Pythia-6.9B.yml"]).artifacts
    roles = [c.role for c in pythia.components]
    assert len(roles) == 15 and len(set(roles)) == 15
    prep = pythia.components_with_role(Role.DATA_PREPROCESSING_CODE)[0]
    assert prep.name == "Data preprocessing code"
    assert prep.availability is Availability.INCLUDED
    assert prep.license == "MIT"
    assert prep.location == "https://github.com/EleutherAI/the-pile"  # component_path
    declared, license_line, license_text = prep.evidence
    assert (declared.locator, declared.line) == ("release.components[1]", 25)
    assert (license_line.locator, license_line.line) == ("release.components[1].license", 28)
    assert license_line.kind is EvidenceKind.DECLARED
    assert license_text.source == "https://github.com/EleutherAI/the-pile/blob/master/LICENSE"
    # A component that states no license stays unstated (the policy applies release licenses).
    assert pythia.components_with_role(Role.MODEL_ARCHITECTURE)[0].license is None


def test_every_mot_component_name_has_a_mof_role() -> None:
    assert len(MOT_COMPONENTS) == 17
    assert sorted(r.mof_id for r in MOT_COMPONENTS.values() if r.mof_id) == [
        7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 24,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "expected", "how"),
    [
        ("Apache-2.0", "Apache-2.0", "spdx"),
        ("MIT AND CC-BY-4.0", "MIT AND CC-BY-4.0", "spdx"),
        ("apache-2.0", "Apache-2.0", "normalised"),  # MOT: not open (exact names)
        ("Apache 2.0", "Apache-2.0", "normalised"),
        ("MIT license", "MIT", "normalised"),
        ("CC BY-SA 4.0", "CC-BY-SA-4.0", "normalised"),
        (
            "Creative Commons Attribution Non Commercial 4.0",
            "CC-BY-NC-4.0",
            "normalised",
        ),
        (
            "Llama 3.1 Community License",
            "LicenseRef-scancode-llama-3.1-license-2024",
            "normalised",
        ),
        ("gemma", "LicenseRef-scancode-gemma-tou-2024-04-01", "normalised"),  # a KB alias
        ("unlicensed", "NONE", "none"),
        ("", "NONE", "none"),
        ("License not specified", "NOASSERTION", "noassertion"),
        ("BSD", "LicenseRef-MOT-BSD", "free-text"),  # which BSD? ambiguous
        ("OpenRAIL", "LicenseRef-MOT-OpenRAIL", "free-text"),
        ("BAAI Aquila Model License", "LicenseRef-MOT-BAAI-Aquila-Model-License", "free-text"),
    ],
)
def test_license_names(raw: str, expected: str, how: str) -> None:
    reading = read_license_name(raw)
    assert (str(reading.expression), reading.how) == (expected, how)
    assert reading.availability is None
    if how == "normalised":
        assert raw in reading.note and expected in reading.note
        assert reading.expression is not None and not reading.expression.rewrites


def test_free_text_ref_is_stable_and_valid() -> None:
    raw = "commercial use restrcitions; Apache 2.0, TeleChat模型社区许可协议"
    first, second = read_license_name(raw), read_license_name(raw)
    assert first.expression == second.expression
    assert first.how == "free-text"
    text = str(first.expression)
    assert text.startswith("LicenseRef-MOT-commercial-use-restrcitions-Apache-2.0-TeleChat")
    assert len(text) <= 90


@pytest.mark.parametrize(
    "raw", ["Component not included", "Component not include.", "Component Not Include"]
)
def test_component_not_included(raw: str) -> None:
    reading = read_license_name(raw)
    assert reading.expression is None
    assert reading.availability is Availability.NOT_RELEASED


def test_license_warnings_and_evidence(data_dir: Path) -> None:
    result = load([data_dir / "mot" / "models" / "Llama-3.1-8B.yml"])
    assert result.ok
    (llama,) = result.artifacts
    assert llama.license == "LicenseRef-scancode-llama-3.1-license-2024"
    normalised = [e for e in llama.evidence if e.kind is EvidenceKind.NORMALISED]
    assert normalised and "'Llama 3.1 Community License Agreement'" in (normalised[0].note or "")
    assert llama.extra["mot_release_licenses"] == {
        "distribution": "Llama 3.1 Community License Agreement"
    }
    messages = {w.path: w.message for w in result.warnings}
    assert "write the SPDX id" in messages["release.license.distribution.name"]
    paper = llama.components_with_role(Role.RESEARCH_PAPER)[0]
    assert str(paper.license).startswith("LicenseRef-MOT-arXiv.org-perpetual")
    assert paper.extra["mot_license"] == "arXiv.org perpetual, non-exclusive license 1.0"
    # 'unlicensed' is NONE, recorded as read by us.
    report = llama.components_with_role(Role.TECHNICAL_REPORT)[0]
    assert report.license == "NONE"
    assert report.evidence[-1].kind is EvidenceKind.NORMALISED


def test_release_licenses_per_content_type(data_dir: Path) -> None:
    (galactica,) = load([data_dir / "mot" / "models" / "Galactica.yml"]).artifacts
    assert galactica.license == "CC-BY-NC-4.0"
    assert galactica.release_licenses == {ContentType.CODE: "Apache-2.0"}
    (arkim,) = load([data_dir / "mot" / "models" / "Arkim.yml"]).artifacts
    assert arkim.id == "mot:Nro/Arkim"  # no version
    assert arkim.license == "3D-Slicer-1.0"
    assert arkim.release_licenses == {}  # empty names are unstated


def test_not_included_components(data_dir: Path) -> None:
    (gpt2,) = load([data_dir / "mot" / "models" / "GPT-2.yml"]).artifacts
    not_released = [c for c in gpt2.components if c.availability is Availability.NOT_RELEASED]
    assert not_released
    assert all(c.license is None and "mot_license" in c.extra for c in not_released)


def test_ids() -> None:
    assert artifact_id("Pile-T5 XXL", "EleutherAI", "11B") == "mot:EleutherAI/Pile-T5-XXL@11B"
    assert artifact_id("RWKV-v4-(Raven)", "RWKV", "14B") == "mot:RWKV/RWKV-v4-Raven@14B"
    assert artifact_id("OpenBMB", None, None) == "mot:OpenBMB"


def test_sample_models_load(data_dir: Path) -> None:
    files = sorted((data_dir / "mot" / "models").glob("*.yml"))
    assert len(files) == 33
    for path in files:
        result = load([path])
        assert result.ok, (path.name, result.errors)
        assert len(result.artifacts) == 1
        assert result.artifacts[0].components or path.name == "OpenBMB.yml"


def test_two_files_describing_one_release(data_dir: Path) -> None:
    """MOT's own data has two files for Meta-Llama-3-70B-Instruct: loaded together, that is a
    duplicate id (MOT itself keeps whichever file it imports last)."""
    folder = data_dir / "mot" / "models"
    result = load([folder / "Llama-3-70B-Instruct.yml", folder / "Meta-Llama-3-70B-Instruct.yml"])
    (error,) = result.errors
    assert "duplicate artifact id 'mot:Meta/Meta-Llama-3-70B-Instruct@70B'" in error.message


def test_bad_input_is_reported_with_lines() -> None:
    text = HEAD + (
        "  license: {distribution: {name: MIT}, weights: {name: MIT}}\n"
        "  components:\n"
        "    - name: Model weights\n"
        "      license: MIT\n"
        "    - description: no name\n"
        "    - name: Model card\n"
        "      license: {name: CC-BY-4.0}\n"
        "    - name: model  CARD\n"
        "      license: CC-BY-4.0\n"
        "    - just text\n"
    )
    result = MotImporter().load(_doc(text))
    problems = {(p.path, p.severity): p for p in result.problems}
    assert problems[("release.license.weights", Severity.WARNING)].line == 9
    assert "unknown MOT component 'Model weights'" in (
        problems[("release.components[0].name", Severity.WARNING)].message
    )
    assert problems[("release.components[1].name", Severity.ERROR)].line == 13
    assert "must be text" in problems[("release.components[2].license", Severity.WARNING)].message
    assert "listed twice" in problems[("release.components[3].name", Severity.WARNING)].message
    assert "must be a mapping" in problems[("release.components[4]", Severity.ERROR)].message
    (demo,) = result.artifacts
    assert demo.id == "mot:Acme-Labs/Demo@1B"
    (card,) = demo.components  # the last 'Model card' entry counts, as in MOT
    assert card.license == "CC-BY-4.0"
    assert demo.extra["license"] == {"weights": {"name": "MIT"}}
    unmapped = demo.extra["unmapped_components"]
    assert [c.get("name") for c in unmapped] == ["Model weights", None, "Model card"]


def test_unusable_release_is_an_error() -> None:
    base = "framework: {name: Model Openness Framework, version: '1.0'}\n"
    result = MotImporter().load(_doc(base + "release: [1, 2]\n"))
    assert not result.artifacts and result.problems[0].severity is Severity.ERROR
    result = MotImporter().load(_doc(base + "release: {producer: x, components: []}\n"))
    (problem,) = result.problems
    assert problem.path == "release.name" and "missing" in problem.message
    result = MotImporter().load(_doc(base + "release: {name: x, components: {a: 1}}\n"))
    assert result.problems[0].path == "release.components"
    assert result.artifacts[0].components == []


def test_unquoted_scalars_become_text() -> None:
    text = HEAD.replace("version: 1B", "version: 2.0").replace("  producer: Acme Labs\n", "")
    text += "  date: 2024-06-13\n  components: []\n"
    (demo,) = MotImporter().load(_doc(text)).artifacts
    assert demo.version == "2.0"
    assert demo.extra["date"] == "2024-06-13"
    assert demo.id == "mot:Demo@2.0"


def test_validate_and_json_accept_mot_yaml(data_dir: Path) -> None:
    path = str(data_dir / "mot" / "models" / "OLMo-7B.yml")
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 0, result.output
    assert "valid: 1 artifact(s), 0 error(s)" in result.output
    result = CliRunner().invoke(cli, ["validate", "--format", "json", path])
    report = json.loads(result.stdout)
    assert (
        report["valid"] and report["artifacts"][0]["id"] == "mot:Allen-Institute-for-AI/OLMo-7B@7B"
    )
