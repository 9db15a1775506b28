"""CycloneDX 1.5 / 1.6 JSON import (issue 4): the official test documents of the CycloneDX
specification and the ML-BOM examples; clear errors for invalid documents; nothing dropped
silently."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openness.documents import Document, parse_text, read_document
from openness.errors import InputError, Problem, Severity
from openness.formats.cyclonedx.read import CycloneDxImporter
from openness.formats.importer import ImportResult
from openness.loading import load
from openness.model import (
    ArtifactKind,
    Compute,
    DigestAlgorithm,
    EvidenceKind,
    LicenseExpression,
    Relation,
    Role,
)

DATA = Path(__file__).parent / "data" / "cyclonedx"
SPEC = DATA / "spec"
MLBOM = DATA / "mlbom"


def read(path: Path) -> ImportResult:
    return CycloneDxImporter().load(read_document(path))


def from_dict(data: dict[str, Any]) -> ImportResult:
    return CycloneDxImporter().load(parse_text("bom.json", json.dumps(data, indent=2), "json"))


def errors(result: ImportResult) -> list[Problem]:
    return [p for p in result.problems if p.severity is Severity.ERROR]


def warnings(result: ImportResult) -> list[str]:
    return [p.message for p in result.problems if p.severity is Severity.WARNING]


def bom(*components: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"bomFormat": "CycloneDX", "specVersion": "1.6", "components": list(components), **top}


def test_detects_by_content() -> None:
    importer = CycloneDxImporter()
    assert importer.detect(read_document(SPEC / "valid-license-id-1.6.json"))
    assert not importer.detect(Document("x.json", "{}", "json", {"artifacts": []}))
    assert not importer.detect(Document("x.json", "[]", "json", []))
    assert not importer.detect(Document("x.json", "{}", "json", {"bomFormat": "SPDX"}))


@pytest.mark.parametrize(
    "path", sorted(SPEC.glob("valid-*.json")), ids=lambda p: p.name.removesuffix("-1.6.json")
)
def test_valid_spec_documents_import_without_errors(path: Path) -> None:
    result = read(path)
    assert errors(result) == []
    assert len(result.artifacts) == len(result.origins)
    assert len(result.artifacts) == len(json.loads(path.read_text())["components"]) + (
        1 if "machine-learning-1.6" in path.name else 0  # its inline dataset
    )


# file, error path, what the message says
INVALID = [
    ("invalid-license-choice", "components[0].licenses[0].expression", "not both"),
    ("invalid-license-declared-concluded-mix", "components[0].licenses[3]", "not both"),
    (
        "invalid-license-encoding",
        "components[0].licenses[0].license.text.encoding",
        "'base85' is not one of base64",
    ),
    (
        "invalid-license-id",
        "components[0].licenses[0].license.id",
        "'Apache-2' is not an SPDX license id (did you mean 'Apache-2.0'?)",
    ),
    (
        "invalid-license-missing-id-and-name",
        "components[0].licenses[0].license",
        "needs one of the fields 'id', 'name'",
    ),
    ("invalid-metadata-license", "metadata.licenses[0].license.id", "'Apache-2'"),
    ("invalid-metadata-timestamp", "metadata.timestamp", "'2020-04-13' is not a valid date-time"),
    ("invalid-service-data", "services[0].data[0].flow", "'bar' is not one of inbound"),
]


@pytest.mark.parametrize(("name", "path", "says"), INVALID, ids=[i[0] for i in INVALID])
def test_invalid_spec_documents_give_clear_errors(name: str, path: str, says: str) -> None:
    result = read(SPEC / f"{name}-1.6.json")
    found = errors(result)
    assert found, "an invalid document must give an error"
    first = found[0]
    assert first.path == path
    assert says in first.message
    assert first.line is not None and first.line > 1
    assert first.file.endswith(f"{name}-1.6.json")
    if path.startswith("components"):
        assert first.message.startswith("component '")  # names the element


def test_every_invalid_spec_document_is_refused_and_every_valid_one_accepted() -> None:
    for path in sorted(SPEC.glob("*.json")):
        assert bool(errors(read(path))) == path.name.startswith("invalid-"), path.name


def test_error_names_component_and_field_with_line() -> None:
    result = read(SPEC / "invalid-license-id-1.6.json")
    text = str(errors(result)[0])
    assert "invalid-license-id-1.6.json:17: components[0].licenses[0].license.id: error: " in text
    assert "component 'tomcat-catalina'" in text


# --- mapping ----------------------------------------------------------------------------------


def test_licenses_ids_names_and_expressions() -> None:
    [by_id] = read(SPEC / "valid-license-id-1.6.json").artifacts
    assert by_id.license == "Apache-2.0"
    named = read(SPEC / "valid-license-name-1.6.json")
    assert named.artifacts[0].license == "Apache-2.0"
    assert "license name 'Apache License 2.0' read as Apache-2.0 (name" in warnings(named)[0]
    [expr] = read(SPEC / "valid-license-expression-1.6.json").artifacts
    assert expr.license == LicenseExpression.of(
        "EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0"
    )
    licensing = read(SPEC / "valid-license-licensing-1.6.json")
    assert licensing.artifacts[0].license == "LicenseRef-Acme-Commercial-License"
    # the licensing details are kept, not dropped
    kept = licensing.artifacts[0].extra["cyclonedx"]["licenses"][0]["license"]["licensing"]
    assert kept["purchaseOrder"] == "PO-12345"


def test_several_licenses_are_combined_with_and_and_reported() -> None:
    result = from_dict(
        bom(
            {
                "type": "data",
                "name": "wiki",
                "licenses": [
                    {"license": {"id": "CC-BY-SA-3.0"}},
                    {"license": {"id": "GFDL-1.3-only"}},
                ],
            }
        )
    )
    assert result.artifacts[0].license == "CC-BY-SA-3.0 AND GFDL-1.3-only"
    assert any("read as 'CC-BY-SA-3.0 AND GFDL-1.3-only'" in w for w in warnings(result))


def test_hashes_purl_and_unknown_fields_are_kept() -> None:
    [artifact] = read(SPEC / "valid-license-id-1.6.json").artifacts
    assert artifact.id == artifact.purl == "pkg:maven/com.acme/tomcat-catalina@9.0.14?packaging=jar"
    assert artifact.kind is ArtifactKind.SOFTWARE
    kept = artifact.extra["cyclonedx"]
    assert kept["publisher"] == "Acme Inc" and kept["group"] == "com.acme"
    assert kept["scope"] == "required"
    assert [h["alg"] for h in kept["hashes"]] == ["MD5", "SHA-1", "SHA-256", "SHA-512"]


def test_machine_learning_model_card() -> None:
    result = read(SPEC / "valid-machine-learning-1.6.json")
    model, dataset = result.artifacts
    assert model.kind is ArtifactKind.MODEL and model.id == "component-a"
    assert model.facts.type_of_model == "the architecture family goes here"
    assert [(e.relation, e.target) for e in model.lineage] == [
        (Relation.TRAINED_ON, "https://example.com/path/to/dataset")
    ]
    # the inline dataset becomes an artifact of its own, so that the lineage resolves
    assert dataset.kind is ArtifactKind.DATASET and dataset.name == "Training Data"
    assert dataset.url == "https://example.com/path/to/dataset"
    assert dataset.extra["cyclonedx"]["data"][0]["classification"] == "public"
    card = model.extra["cyclonedx"]["modelCard"]
    assert card["quantitativeAnalysis"]["performanceMetrics"][0]["type"]
    assert card["considerations"]["users"]
    assert result.origins[1].path == (
        "components",
        0,
        "modelCard",
        "modelParameters",
        "datasets",
        0,
    )


def test_environmental_considerations_give_training_energy() -> None:
    [model] = read(SPEC / "valid-machine-learning-considerations-env-1.6.json").artifacts
    assert model.facts.training == Compute(energy_kwh=0.4, co2_kg=31220.0)
    assert model.supplier == "Hugging Face"


def test_data_component() -> None:
    [data] = read(SPEC / "valid-component-data-1.6.json").artifacts
    assert data.kind is ArtifactKind.DATASET
    assert [d["type"] for d in data.extra["cyclonedx"]["data"]] == ["configuration", "other"]


def test_sections_without_a_place_are_reported() -> None:
    result = read(SPEC / "valid-formulation-1.6.json")
    assert any("'formulation' is not imported" in w for w in warnings(result))
    result = read(SPEC / "valid-metadata-license-1.6.json")
    assert any("'metadata.licenses' describes the BOM document" in w for w in warnings(result))


def test_pedigree_and_dependencies_of_other_tools() -> None:
    result = from_dict(
        bom(
            {
                "type": "machine-learning-model",
                "bom-ref": "tuned",
                "name": "tuned",
                "pedigree": {
                    "ancestors": [
                        {
                            "type": "machine-learning-model",
                            "name": "base",
                            "version": "1",
                            "purl": "pkg:huggingface/org/base@1",
                            "hashes": [{"alg": "SHA-256", "content": "ab" * 32}],
                        }
                    ]
                },
            },
            {"type": "library", "bom-ref": "torch", "name": "torch", "version": "2.3.1"},
            dependencies=[{"ref": "tuned", "dependsOn": ["torch", "nowhere"]}],
        )
    )
    tuned, torch, base = result.artifacts
    assert [(e.relation, e.target) for e in tuned.lineage] == [
        (Relation.DERIVED_FROM, "pkg:huggingface/org/base@1"),
        (Relation.DEPENDS_ON, "torch"),
    ]
    assert tuned.lineage[0].digests == {DigestAlgorithm.SHA256: "ab" * 32}
    assert base.id == "pkg:huggingface/org/base@1" and base.kind is ArtifactKind.MODEL
    assert torch.kind is ArtifactKind.SOFTWARE
    assert any("'nowhere' names no component of this BOM" in w for w in warnings(result))


def test_nested_components_get_a_role() -> None:
    result = from_dict(
        bom(
            {
                "type": "machine-learning-model",
                "name": "m",
                "components": [
                    {"type": "library", "name": "tokenizers"},
                    {
                        "type": "data",
                        "name": "w",
                        "properties": [
                            {"name": "openness:role", "value": "model-parameters-final"}
                        ],
                    },
                    {
                        "type": "data",
                        "name": "c",
                        "properties": [{"name": "openness:role", "value": "weights"}],
                    },
                ],
            }
        )
    )
    libs, weights, bad = result.artifacts[0].components
    assert libs.role is Role.SUPPORTING_LIBRARIES
    assert libs.evidence[0].kind is EvidenceKind.NORMALISED
    assert "inferred from CycloneDX type 'library'" in (libs.evidence[0].note or "")
    assert weights.role is Role.MODEL_PARAMETERS_FINAL and not weights.evidence
    assert bad.role is Role.DATASETS  # inferred, after the error below
    [error] = errors(result)
    assert error.path == "components[0].components[2].properties[0].value"
    assert "unknown role 'weights'" in error.message


def test_bad_openness_properties_are_errors_unknown_ones_warnings() -> None:
    result = from_dict(
        bom(
            {
                "type": "library",
                "name": "x",
                "properties": [
                    {"name": "openness:lineage", "value": "{not json"},
                    {"name": "openness:facts:parameters", "value": "many"},
                    {"name": "openness:colour", "value": "blue"},
                ],
            }
        )
    )
    found = {p.path: p.message for p in errors(result)}
    assert "openness:lineage is not valid JSON" in found["components[0].properties[0].value"]
    assert "must be a whole number" in found["components[0].properties[1].value"]
    assert any("unknown property 'openness:colour'" in w for w in warnings(result))
    # the unknown property is kept
    assert result.artifacts[0].extra["cyclonedx"]["properties"] == [
        {"name": "openness:colour", "value": "blue"}
    ]


# --- the ML-BOM examples ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dataset.json", "model-opensource.json"])
def test_mlbom_documents_that_are_not_json(name: str) -> None:
    with pytest.raises(InputError) as caught:
        read_document(MLBOM / name)
    [problem] = caught.value.problems
    assert problem.line == 9 and "invalid JSON" in problem.message
    result = load([MLBOM / name])
    assert not result.ok and result.errors[0].line == 9


def test_mlbom_model_card_with_dataset_1_7() -> None:
    """The official 1.7 ML-BOM example is validated against the 1.7 schema and reads."""
    result = read(MLBOM / "model-card-with-dataset.json")
    assert errors(result) == []
    assert not any("not a version openness validates" in w for w in warnings(result))
    app, model, train, evaluation = result.artifacts
    assert app.kind is ArtifactKind.SOFTWARE and model.kind is ArtifactKind.MODEL
    assert [(e.relation, e.target) for e in model.lineage] == [
        (Relation.TRAINED_ON, train.id),
        (Relation.TRAINED_ON, evaluation.id),
    ]  # the dependencies repeat the model card's datasets: not counted twice
    assert [(e.relation, e.target) for e in app.lineage] == [(Relation.DEPENDS_ON, model.id)]
    assert model.facts.type_of_model == "transformer"


def test_mlbom_foundation_model() -> None:
    result = read(MLBOM / "model-foundation.json")
    [model] = result.artifacts
    assert model.id == "gpt-4o" and model.supplier == "OpenAI Inc"
    assert model.extra["cyclonedx"]["modelCard"]["modelParameters"]["modelArchitecture"] == "GPT-4"


def test_load_detects_boms_among_other_inputs() -> None:
    result = load(
        [SPEC / "valid-machine-learning-1.6.json", MLBOM / "model-card-with-dataset.json"]
    )
    assert result.ok, result.errors
    assert len(result.artifacts) == 6
    assert result.graph().find_cycles() == []


def test_version_1_5_is_checked_against_its_own_schema() -> None:
    component = {"type": "library", "name": "x", "tags": ["a"]}
    assert errors(from_dict(bom(component))) == []
    [error] = errors(from_dict(bom(component, specVersion="1.5")))
    assert error.path == "components[0].tags"
    assert error.message.startswith("component 'x': unknown field 'tags'")


def test_kept_fields_nested_too_deeply_are_an_error_not_a_broken_export() -> None:
    """Fields a version openness does not validate are kept as they are; nested past the
    limit of ``extra`` they are refused, naming the component and the fields, where they would
    otherwise load and then break every export."""
    value: Any = "x"
    for _ in range(300):
        value = {"a": value}
    component = {"type": "machine-learning-model", "name": "m", "bom-ref": "m", "weird": value}
    result = from_dict(bom(component, specVersion="1.8"))
    (error,) = errors(result)
    assert error.path == "components[0]"
    assert "the fields kept as they are (weird): nests more than 64 levels deep" in error.message
    shallow = {**component, "weird": {"a": {"b": 1}}}
    kept = from_dict(bom(shallow, specVersion="1.8"))
    assert errors(kept) == []
    assert kept.artifacts[0].extra["cyclonedx"]["weird"] == {"a": {"b": 1}}
