"""SPDX 3 JSON-LD importer: detection by content, the official examples (spdx-examples ai/ and
dataset/, spdx-3-model serialisation examples), what is kept in ``extra``, and problems that name
the element and field of invalid documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from openness.documents import parse_text, read_document
from openness.errors import Severity
from openness.formats.spdx3.read import Spdx3Importer
from openness.formats.spdx3.validate import shacl_issues
from openness.importers import importers
from openness.loading import load
from openness.model import ArtifactKind, Relation, Role

OFFICIAL = Path(__file__).parent / "data" / "spdx3" / "official"
IMPORTER = Spdx3Importer()


def load_one(name: str) -> Any:
    return IMPORTER.load(read_document(OFFICIAL / name))


def from_text(data: dict[str, Any]) -> Any:
    text = json.dumps(data, indent=1)
    return IMPORTER.load(parse_text("doc.spdx3.json", text, "json"))


def test_registered_and_detected_by_context() -> None:
    assert isinstance(importers()["spdx3"], Spdx3Importer)
    for path in sorted(OFFICIAL.glob("*.json")):
        assert IMPORTER.detect(read_document(path)), path.name
    other = parse_text("x.json", '{"@context": "https://schema.org/", "name": "x"}', "json")
    assert not IMPORTER.detect(other)
    assert not IMPORTER.detect(parse_text("x.json", '{"spdxVersion": "SPDX-2.3"}', "json"))


def test_official_dataset_example() -> None:
    result = load_one("dataset-example01.spdx3.json")
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    (dataset,) = result.artifacts
    assert dataset.kind is ArtifactKind.DATASET
    assert dataset.name == "Our World in Data CO2 and Greenhouse Gas Emissions dataset"
    assert dataset.license == "CC-BY-4.0"
    assert dataset.supplier == "Our World in Data"
    assert dataset.version == "2024-04-15"
    assert [(c.name, c.role) for c in dataset.components] == [
        ("data.csv", Role.DATA_FILES),
        ("codebook.csv", Role.DATA_FILES),
    ]
    kept = dataset.extra["spdx3"]
    assert kept["dataset_datasetType"] == ["structured", "timestamp"]
    assert kept["dataset_intendedUse"].startswith("To make the data")
    assert len(kept["verifiedUsing"]) == 2  # an artifact has no digests field: kept
    # the file-to-file "describes" relationship is kept on the component it starts from
    codebook = dataset.components[1]
    assert codebook.extra["spdx3"]["relationships"][0]["relationshipType"] == "describes"


def test_official_ai_example_with_files() -> None:
    result = load_one("ai-example02.spdx3.json")
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    model, dataset = result.artifacts
    assert model.kind is ArtifactKind.MODEL
    assert model.license == "CC0-1.0"
    assert model.facts.type_of_model == "classification"
    assert model.facts.domain == ["sentiment analysis", "natural language processing"]
    assert model.facts.training is not None
    assert model.facts.training.energy_kwh == pytest.approx(0.0048269)
    assert model.extra["hyperparameters"]["epoch"] == "100"
    # inference energy has no field: the whole energy consumption is kept
    assert "ai_inferenceEnergyConsumption" in model.extra["spdx3"]["ai_energyConsumption"]
    roles = {c.name: c.role for c in model.components}
    assert roles["model.bin"] is Role.MODEL_PARAMETERS_FINAL
    assert roles["evaluate.py"] is Role.EVALUATION_CODE
    assert roles["README.md"] is Role.DOCUMENTATION  # by hasDocumentation
    assert roles["requirements.txt"] is Role.CONFIGURATION  # by hasDependencyManifest
    assert roles["train.py"] is Role.SOURCE_CODE  # executable, also source
    assert roles["dataprepare.md"] is Role.DOCUMENTATION  # inside the techdocs folder
    model_bin = next(c for c in model.components if c.name == "model.bin")
    kept = {r["relationshipType"] for r in model_bin.extra["spdx3"]["relationships"]}
    assert kept == {"trainedOn", "testedOn"}  # file-level lineage has no field: kept
    assert dataset.kind is ArtifactKind.DATASET
    assert {c.name for c in dataset.components} == {"data", "test.txt", "train.txt", "valid.txt"}


def test_official_simplehtr_example_lineage_and_custom_license() -> None:
    result = load_one("ai-example01-simplehtr.spdx3.json")
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    by_name = {a.name: a for a in result.artifacts}
    word = by_name["word-model"]
    models = [a for a in result.artifacts if a.kind is ArtifactKind.MODEL]
    assert len(models) == 4  # two AI packages, two packages whose purpose is "model"
    ai = next(a for a in models if a.id == "https://my-first-aibom.com/word-model")
    assert [(e.relation, e.target) for e in ai.lineage] == [
        (Relation.TRAINED_ON, "https://my-first-aibom.com/IAMdataset"),
        (Relation.TESTED_ON, "https://my-first-aibom.com/IAMdataset"),
    ]
    assert ai.supplier == "Harald Scheidl"
    assert word.kind is ArtifactKind.MODEL
    app = by_name["SimpleHTR"]
    deps = [e.target for e in app.lineage if e.relation is Relation.DEPENDS_ON]
    assert len(deps) == len(set(deps)) == 7  # the duplicated relationship counts once
    iam = by_name["IAMdataset"]
    assert iam.license is not None and str(iam.license).startswith("LicenseRef-CustomLicense-")
    text = iam.extra["spdx3"]["customLicenses"][str(iam.license)]["simplelicensing_licenseText"]
    assert "non-commercial research purpose only" in text


@pytest.mark.parametrize(
    "name",
    [
        "model-package1.json",
        "model-spdx_document4.json",
        "model-converted_from_spdx_2.json",
        "model-relationship1.json",
    ],
)
def test_spdx_3_model_examples_import(name: str) -> None:
    result = load_one(name)
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    if name != "model-converted_from_spdx_2.json":
        assert any("SPDX 3.0.0 document" in p.message for p in result.problems)


def test_converted_example_keeps_prefixed_ids_and_reports_what_it_drops() -> None:
    result = load_one("model-converted_from_spdx_2.json")
    glibc = next(a for a in result.artifacts if a.name == "glibc")
    assert glibc.id.startswith("http://spdx.org/spdxdocs/spdx-example-444504E0")
    assert glibc.id.endswith("#SPDXRef-Package")
    assert [e.relation for e in glibc.lineage] == [Relation.DEPENDS_ON]
    assert glibc.extra["spdx3"]["annotations"][0]["statement"] == "Package level annotation"
    dropped = [p.message for p in result.problems if p.message.startswith("not imported")]
    assert dropped and "software_Snippet" in dropped[0]


def test_package1_maps_native_fields() -> None:
    (package,) = load_one("model-package1.json").artifacts
    assert package.kind is ArtifactKind.SOFTWARE
    assert (package.name, package.version, package.url) == (
        "packageName",
        "12.2",
        "https://homepage.com",
    )
    assert package.extra["spdx3"]["summary"] == "packageSummary"
    assert package.extra["spdx3"]["software_downloadLocation"] == "https://download.com"


def test_loading_reads_spdx3_files_by_content(tmp_path: Path) -> None:
    target = tmp_path / "sbom.json"
    target.write_bytes((OFFICIAL / "dataset-example01.spdx3.json").read_bytes())
    result = load([target])
    assert result.ok, result.errors
    assert [a.kind for a in result.artifacts] == [ArtifactKind.DATASET]


BASE: dict[str, Any] = {
    "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
    "@graph": [
        {
            "type": "CreationInfo",
            "@id": "_:c",
            "specVersion": "3.0.1",
            "created": "2024-01-01T00:00:00Z",
            "createdBy": ["https://x.example/a"],
        },
        {"type": "ai_AIPackage", "spdxId": "https://x.example/m", "creationInfo": "_:c"},
    ],
}


def with_elements(*elements: dict[str, Any]) -> dict[str, Any]:
    return {**BASE, "@graph": [*BASE["@graph"], *elements]}


def errors(result: Any) -> list[str]:
    return [str(p) for p in result.problems if p.severity is Severity.ERROR]


def test_element_without_id_or_type() -> None:
    result = from_text(with_elements({"type": "software_Package", "name": "p"}, {"name": "q"}, 7))
    assert errors(result) == [
        "doc.spdx3.json:18: @graph[2]: error: software_Package element has no 'spdxId'; every "
        "element needs an IRI",
        "doc.spdx3.json:22: @graph[3]: error: element has no 'type'; expected an SPDX class such "
        "as software_Package",
        "doc.spdx3.json:25: @graph[4]: error: an element must be a JSON object, got int",
    ]
    assert [a.id for a in result.artifacts] == ["https://x.example/m"]


def test_broken_relationship_names_element_and_field() -> None:
    result = from_text(
        with_elements(
            {
                "type": "Relationship",
                "spdxId": "https://x.example/r",
                "creationInfo": "_:c",
                "from": "https://x.example/m",
                "relationshipType": "trainedOn",
                "to": "https://x.example/d",
            }
        )
    )
    (error,) = errors(result)
    assert "@graph[2].to" in error
    assert "Relationship https://x.example/r" in error
    assert "non-empty list of element ids" in error


def test_invalid_license_expression_names_element_and_field() -> None:
    result = from_text(
        with_elements(
            {
                "type": "simplelicensing_LicenseExpression",
                "spdxId": "https://x.example/l",
                "creationInfo": "_:c",
                "simplelicensing_licenseExpression": "MIT AND AND Apache-2.0",
            },
            {
                "type": "Relationship",
                "spdxId": "https://x.example/r",
                "creationInfo": "_:c",
                "from": "https://x.example/m",
                "relationshipType": "hasDeclaredLicense",
                "to": ["https://x.example/l"],
            },
        )
    )
    (error,) = errors(result)
    assert "@graph[2].simplelicensing_licenseExpression" in error
    assert "simplelicensing_LicenseExpression https://x.example/l" in error
    assert "invalid license expression" in error
    assert result.artifacts[0].license is None


def test_bad_digest_of_a_component_names_element_and_model_field() -> None:
    result = from_text(
        with_elements(
            {
                "type": "software_File",
                "spdxId": "https://x.example/f",
                "creationInfo": "_:c",
                "name": "weights.bin",
                "verifiedUsing": [{"type": "Hash", "algorithm": "sha256", "hashValue": "abc"}],
            },
            {
                "type": "Relationship",
                "spdxId": "https://x.example/r",
                "creationInfo": "_:c",
                "from": "https://x.example/m",
                "relationshipType": "contains",
                "to": ["https://x.example/f"],
            },
        )
    )
    (error,) = errors(result)
    assert "@graph[1]: error: ai_AIPackage https://x.example/m: components[0].digests" in error
    assert "64 hexadecimal characters" in error


def test_broken_extension_of_our_own_document(tmp_path: Path) -> None:
    element = {
        "type": "ai_AIPackage",
        "spdxId": "https://x.example/m",
        "creationInfo": "_:c",
        "extension": [
            {
                "type": "extension_CdxPropertiesExtension",
                "extension_cdxProperty": [
                    {
                        "type": "extension_CdxPropertyEntry",
                        "extension_cdxPropName": "openness:element",
                        "extension_cdxPropValue": "artifact",
                    },
                    {
                        "type": "extension_CdxPropertyEntry",
                        "extension_cdxPropName": "openness:extra",
                        "extension_cdxPropValue": "{not json",
                    },
                ],
            }
        ],
    }
    result = from_text({**BASE, "@graph": [BASE["@graph"][0], element]})
    (error,) = errors(result)
    assert "@graph[1].extension" in error
    assert "openness:extra is not valid JSON" in error


def test_lineage_to_an_element_not_in_the_document_is_a_warning() -> None:
    result = from_text(
        with_elements(
            {
                "type": "Relationship",
                "spdxId": "https://x.example/r",
                "creationInfo": "_:c",
                "from": "https://x.example/m",
                "relationshipType": "descendantOf",
                "to": ["https://x.example/base"],
            }
        )
    )
    assert errors(result) == []
    warning = next(p for p in result.problems if "not in this document" in p.message)
    assert warning.path == "@graph[2].to"
    assert result.artifacts[0].lineage[0].target == "https://x.example/base"


def test_not_json_graph() -> None:
    result = from_text({**BASE, "@graph": {"type": "x"}})
    assert [p.path for p in result.problems if p.severity is Severity.ERROR] == ["@graph"]


def test_shacl_shapes_catch_a_missing_creation_info() -> None:
    """The SHACL check is not vacuous: an element without its required creationInfo fails."""
    document = with_elements(
        {"type": "software_Package", "spdxId": "https://x.example/p", "name": "p"}
    )
    issues = shacl_issues(document)
    assert any(
        i.element == "https://x.example/p" and i.path.endswith("/Core/creationInfo") for i in issues
    )


def _licensed(member: Any) -> dict[str, Any]:
    return {
        "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
        "@graph": [
            {"type": "ai_AIPackage", "spdxId": "urn:m", "name": "m"},
            {
                "type": "expandedlicensing_ConjunctiveLicenseSet",
                "spdxId": "urn:set",
                "expandedlicensing_member": ["https://spdx.org/licenses/MIT", member],
            },
            {
                "type": "Relationship",
                "spdxId": "urn:r",
                "relationshipType": "hasDeclaredLicense",
                "from": "urn:m",
                "to": ["urn:set"],
            },
        ],
    }


def test_a_license_set_member_written_inline_is_read() -> None:
    inline = {
        "type": "expandedlicensing_ListedLicense",
        "spdxId": "https://spdx.org/licenses/GPL-3.0-only",
    }
    result = from_text(_licensed(inline))
    assert str(result.artifacts[0].license) == "MIT AND GPL-3.0-only"  # not MIT alone


def test_a_license_set_member_that_cannot_be_read_leaves_the_license_unknown() -> None:
    result = from_text(_licensed({"type": "expandedlicensing_ListedLicense"}))
    assert result.artifacts[0].license is None  # never the readable part alone
    assert any("member of the license set" in p.message for p in result.problems)


def test_hyperparameters_with_a_repeated_name_are_kept_whole() -> None:
    entries = [
        {"type": "DictionaryEntry", "key": "lr", "value": "0.1"},
        {"type": "DictionaryEntry", "key": "lr", "value": "0.2"},
    ]
    doc = {
        "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
        "@graph": [
            {"type": "ai_AIPackage", "spdxId": "urn:m", "name": "m", "ai_hyperparameter": entries}
        ],
    }
    (artifact,) = from_text(doc).artifacts
    assert "hyperparameters" not in artifact.extra  # a mapping would keep one of the two
    assert artifact.extra["spdx3"]["ai_hyperparameter"] == entries
