"""Model-card facts in the CycloneDX and SPDX 3 exports (validated by the official validators)
and back: HF card -> manifest -> CycloneDX / SPDX 3 -> manifest gives the same facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support_cyclonedx import assert_valid

from openness.documents import parse_text, read_document
from openness.exporters import get_exporter
from openness.formats.cyclonedx.read import CycloneDxImporter
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.huggingface.read.build import read_card
from openness.formats.manifest.read import ManifestImporter
from openness.formats.spdx3.read import Spdx3Importer
from openness.formats.spdx3.validate import schema_issues, shacl_issues
from openness.model import Artifact, ArtifactKind

DATA = Path(__file__).parent / "data" / "hf_cards_facts"
HUB = Path(__file__).parent / "data" / "hub"
CARDS = [
    DATA / "acme--tinyllama-gsm8k-template.md",
    DATA / "nicholasKluge--Aira-2-1B1.md",
    DATA / "allenai--OLMo-2-1124-7B.md",
    HUB / "allenai" / "OLMo-2-1124-7B" / "README.md",
]


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def model(path: Path) -> Artifact:
    result = read_card(read_document(str(path)))
    assert not result.problems
    artifact = result.artifacts[0]
    assert artifact.kind is ArtifactKind.MODEL
    return artifact


def via_manifest(artifact: Artifact, tmp_path: Path) -> Artifact:
    path = tmp_path / "openness.json"
    path.write_text(json.dumps({"artifacts": [artifact.model_dump(mode="json")]}))
    result = ManifestImporter().load(read_document(str(path)))
    assert not result.problems
    return result.artifacts[0]


def load(data: bytes, importer: Any) -> Artifact:
    result = importer.load(parse_text("export.json", data.decode("utf-8"), "json"))
    assert [str(p) for p in result.problems] == []
    artifact: Artifact = result.artifacts[0]
    return artifact


def model_component(bom: dict[str, Any]) -> dict[str, Any]:
    candidates = [bom.get("metadata", {}).get("component"), *bom.get("components", [])]
    found: dict[str, Any] = next(c for c in candidates if c and "modelCard" in c)
    return found


def model_card(bom: dict[str, Any]) -> dict[str, Any]:
    card: dict[str, Any] = model_component(bom)["modelCard"]
    return card


def test_cyclonedx_1_6_model_card_fields() -> None:
    artifact = model(DATA / "acme--tinyllama-gsm8k-template.md")
    bom = assert_valid(get_exporter("cyclonedx-1.6-json").export([artifact]), SpecVersion.V1_6)
    card = model_card(bom)
    assert card["modelParameters"]["task"] == "text-generation"
    assert card["quantitativeAnalysis"]["performanceMetrics"] == [
        {"type": "exact_match", "value": "0.312", "slice": "openai/gsm8k/test"}
    ]
    considerations = card["considerations"]
    assert considerations["useCases"] == artifact.facts.intended_uses
    assert considerations["ethicalConsiderations"] == [{"name": r} for r in artifact.facts.risks]
    props = {p["name"]: p["value"] for p in model_component(bom)["properties"]}
    assert props["openness:facts:contact"] == "Acme ML team, ml@acme.example"
    assert props["openness:facts:language"] == "fr"  # the last of the repeated property
    evaluation = json.loads(props["openness:facts:evaluation"])
    assert evaluation["config"] == "main" and evaluation["verified"] is False


def test_cyclonedx_limitations_and_energy() -> None:
    artifact = model(DATA / "nicholasKluge--Aira-2-1B1.md")
    bom = assert_valid(get_exporter("cyclonedx-1.6-json").export([artifact]), SpecVersion.V1_6)
    card = model_card(bom)
    assert card["considerations"]["technicalLimitations"] == artifact.facts.limitations
    assert len(card["considerations"]["technicalLimitations"]) == 3


def test_cyclonedx_1_5_has_no_environmental_considerations_but_keeps_the_rest() -> None:
    artifact = model(DATA / "acme--tinyllama-gsm8k-template.md")
    bom = assert_valid(get_exporter("cyclonedx-1.5-json").export([artifact]), SpecVersion.V1_5)
    assert "environmentalConsiderations" not in model_card(bom)["considerations"]
    assert model_card(bom)["modelParameters"]["task"] == "text-generation"


def test_spdx3_ai_fields_valid_by_schema_and_shapes() -> None:
    artifact = model(DATA / "acme--tinyllama-gsm8k-template.md")
    document = json.loads(get_exporter("spdx-3.0.1-jsonld").export([artifact]))
    assert [str(i) for i in schema_issues(document)] == []
    assert [str(i) for i in shacl_issues(document)] == []
    package = next(n for n in document["@graph"] if n["type"] == "ai_AIPackage")
    assert package["ai_informationAboutApplication"] == artifact.facts.intended_uses[0]
    assert package["ai_informationAboutTraining"] == artifact.facts.training_information
    assert package["ai_metric"] == [
        {"type": "DictionaryEntry", "key": "exact_match (openai/gsm8k/test)", "value": "0.312"}
    ]


def test_spdx3_limitations_joined_in_one_text() -> None:
    artifact = model(DATA / "nicholasKluge--Aira-2-1B1.md")
    document = json.loads(get_exporter("spdx-3.0.1-jsonld").export([artifact]))
    assert [str(i) for i in shacl_issues(document)] == []
    package = next(n for n in document["@graph"] if n["type"] == "ai_AIPackage")
    assert package["ai_limitation"] == "\n\n".join(artifact.facts.limitations)


@pytest.mark.parametrize("path", CARDS, ids=lambda p: p.parent.name + "/" + p.name)
@pytest.mark.parametrize(
    "fmt", ["cyclonedx-1.5-json", "cyclonedx-1.6-json", "cyclonedx-1.7-json", "spdx-3.0.1-jsonld"]
)
def test_round_trip_keeps_the_facts(path: Path, fmt: str, tmp_path: Path) -> None:
    original = model(path)
    manifest = via_manifest(original, tmp_path)
    assert manifest.facts == original.facts
    data = get_exporter(fmt).export([manifest])
    if fmt.startswith("cyclonedx"):
        assert_valid(data, SpecVersion(fmt.split("-")[1]))
    importer = Spdx3Importer() if fmt.startswith("spdx") else CycloneDxImporter()
    assert load(data, importer).facts == original.facts


def test_foreign_cyclonedx_model_card_is_read() -> None:
    """A BOM another tool wrote: the native model card fields alone."""
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [
            {
                "type": "machine-learning-model",
                "bom-ref": "m",
                "name": "m",
                "modelCard": {
                    "modelParameters": {"task": "image-classification"},
                    "quantitativeAnalysis": {
                        "performanceMetrics": [
                            {"type": "top-1", "value": "0.81", "slice": "imagenet"},
                            {"type": "note", "value": "n/a"},
                        ]
                    },
                    "considerations": {
                        "useCases": ["Sorting photos"],
                        "technicalLimitations": ["Low light"],
                        "ethicalConsiderations": [{"name": "Faces", "mitigationStrategy": "blur"}],
                    },
                },
            }
        ],
    }
    artifact = load(json.dumps(bom).encode(), CycloneDxImporter())
    facts = artifact.facts
    assert facts.task == "image-classification"
    assert [(r.metric, r.value, r.dataset) for r in facts.evaluation] == [
        ("top-1", 0.81, "imagenet"),
        ("note", "n/a", None),
    ]
    assert facts.intended_uses == ["Sorting photos"]
    assert facts.limitations == ["Low light"]
    assert facts.risks == ["Faces"]
    # the mitigation has no field in the model: the native card is kept whole
    assert artifact.extra["cyclonedx"]["modelCard"]["considerations"]["ethicalConsiderations"]


def test_official_spdx3_ai_example_gives_its_card_facts() -> None:
    """The SPDX project's AI example 02: the AI profile's application, training and metric
    properties become facts (and are no longer kept as unread SPDX fields)."""
    path = Path(__file__).parent / "data" / "spdx3" / "official" / "ai-example02.spdx3.json"
    result = Spdx3Importer().load(read_document(str(path)))
    model_artifact = next(a for a in result.artifacts if a.kind is ArtifactKind.MODEL)
    facts = model_artifact.facts
    assert facts.intended_uses == ["Text sentiment analysis."]
    assert facts.training_information is not None
    assert facts.training_information.startswith("The model size is limited to 100 Kilobytes")
    assert [(r.metric, r.value) for r in facts.evaluation] == [
        ("precision", 0.4625),
        ("recall", 0.475),
        ("f1", 0.4669192),
    ]
    kept = model_artifact.extra.get("spdx3", {})
    assert "ai_metric" not in kept and "ai_informationAboutApplication" not in kept


def test_bad_context_length_property_is_a_clear_problem() -> None:
    artifact = model(HUB / "allenai" / "OLMo-2-1124-7B" / "README.md")
    bom = json.loads(get_exporter("cyclonedx-1.6-json").export([artifact]))
    component = model_component(bom)
    for item in component["properties"]:
        if item["name"] == "openness:facts:context-length":
            item["value"] = "4k"
    result = CycloneDxImporter().load(parse_text("bad.cdx.json", json.dumps(bom), "json"))
    messages = [p.message for p in result.problems]
    assert any(
        "openness:facts:context-length must be a whole number of tokens, got '4k'" in m
        for m in messages
    ), messages


@pytest.mark.parametrize("path", CARDS, ids=lambda p: p.parent.name + "/" + p.name)
@pytest.mark.parametrize("version", ["1.6", "1.7"])
def test_xml_round_trip_keeps_the_facts(path: Path, version: str, tmp_path: Path) -> None:
    """The model-card facts in CycloneDX XML: the document is valid by cyclonedx-python-lib's
    XML validator, holds the task, metrics and limitations, and reads back to the same facts."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.xml import XmlValidator

    from openness.formats.cyclonedx.read.from_xml import CycloneDxXmlImporter

    original = model(path)
    data = get_exporter(f"cyclonedx-{version}-xml").export([original])
    schema = SchemaVersion.V1_6 if version == "1.6" else SchemaVersion.V1_7
    assert XmlValidator(schema).validate_str(data.decode("utf-8")) is None
    text = data.decode("utf-8")
    if original.facts.task:
        assert f"<task>{original.facts.task}</task>" in text
    if original.facts.evaluation:
        assert "<performanceMetric>" in text
    if original.facts.limitations:
        assert "<technicalLimitations>" in text
    out = tmp_path / "card.cdx.xml"
    out.write_bytes(data)
    result = CycloneDxXmlImporter().load(read_document(str(out)))
    assert [str(p) for p in result.problems if p.severity.value == "error"] == []
    # A property's value is an xs:normalizedString: its line breaks read back as spaces (the
    # training information is carried in one); everything else comes back as it was.
    info = original.facts.training_information
    expected = original.facts.model_copy(
        update={"training_information": None if info is None else " ".join(info.splitlines())}
    )
    assert result.artifacts[0].facts == expected
