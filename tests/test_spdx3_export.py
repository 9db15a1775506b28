"""SPDX 3.0.1 JSON-LD exporter: golden files (each also accepted by the official SPDX 3.0.1
JSON Schema and SHACL shapes), determinism, SOURCE_DATE_EPOCH, content-derived ids, the AI and
Dataset profile fields, licenses, lineage relationships and verdict annotations.

Regenerate the golden files with ``OPENNESS_REGEN_GOLDEN=1 pytest tests/test_spdx3_export.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from openness.documents import read_document
from openness.exporters import get_exporter
from openness.formats.manifest.read import ManifestImporter
from openness.formats.spdx3.mapping import VERDICT_PREFIX
from openness.formats.spdx3.validate import schema, schema_issues, shacl_issues
from openness.model import Artifact
from openness.policy.verdict import Citation, Finding, Outcome, Verdict

DATA = Path(__file__).parent / "data" / "spdx3"
GOLDEN = DATA / "golden"
EXAMPLES = ("model-lineage", "software", "minimal")
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
REGEN = os.environ.get("OPENNESS_REGEN_GOLDEN") == "1"
EXPORTER = get_exporter("spdx-3.0.1-jsonld")


def artifacts(example: str) -> list[Artifact]:
    """The artifacts of a manifest (read without the cross-file checks: ``software`` names
    lineage targets described elsewhere on purpose)."""
    result = ManifestImporter().load(read_document(DATA / f"{example}.yaml"))
    assert not result.problems
    return result.artifacts


def verdicts() -> list[Verdict]:
    finding = Finding(
        rule="osaid/data-information",
        subject="components[3]",
        outcome=Outcome.UNKNOWN,
        message="the training data is not released and not described",
        how_to_fix="describe the training data",
        citation=Citation(
            "OSAID 1.0", "Data Information", "https://opensource.org/ai/open-source-ai-definition"
        ),
    )
    return [
        Verdict(
            "pkg:huggingface/example/base-7b@a1b2c3d",
            "osaid",
            "1.0",
            Outcome.UNKNOWN,
            findings=(finding,),
        ),
        Verdict(
            "pkg:huggingface/example/chat-7b@e4f5a6b", "mof", "1.0", Outcome.FAIL, level="none"
        ),
    ]


def export(example: str) -> bytes:
    return EXPORTER.export(artifacts(example), verdicts() if example == "model-lineage" else ())


def graph(data: bytes) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = json.loads(data)["@graph"]
    return nodes


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.mark.parametrize("example", EXAMPLES)
def test_golden_file_valid_by_the_official_schema_and_shapes(example: str) -> None:
    """The output equals the golden file, and the golden file breaks neither the SPDX 3.0.1
    JSON Schema nor its SHACL shapes."""
    data = export(example)
    golden = GOLDEN / f"{example}{EXPORTER.suffix}"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{golden.name} differs; OPENNESS_REGEN_GOLDEN=1 to update"
    document = json.loads(golden.read_bytes())
    assert [str(i) for i in schema_issues(document)] == []
    assert [str(i) for i in shacl_issues(document)] == []


def test_the_unmodified_official_schema_agrees() -> None:
    """The per-element check is a faster route to the same answer: the official schema, run as
    published over the whole document, accepts the golden file too."""
    document = json.loads((GOLDEN / "software.spdx3.json").read_bytes())
    validator = jsonschema.Draft202012Validator(schema())
    assert [e.message for e in validator.iter_errors(document)] == []


def test_schema_issues_name_the_element_and_field() -> None:
    document = json.loads(export("minimal"))
    package = next(n for n in document["@graph"] if n["type"] == "software_Package")
    package["software_primaryPurpose"] = "sourcecode"
    issues = schema_issues(document)
    assert len(issues) == 1
    assert package["spdxId"] in issues[0].element
    assert issues[0].path == "software_primaryPurpose"
    assert "sourcecode" in issues[0].message


def test_same_input_same_bytes_across_processes() -> None:
    """Set iteration in spdx-python-model and hash randomisation do not leak into the output."""
    script = (
        "import sys; sys.path.insert(0, 'tests');"
        "import test_spdx3_export as t; sys.stdout.buffer.write(t.export('model-lineage'))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": EPOCH}
        run = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            check=True,
            env=env,
            cwd=Path(__file__).parent.parent,
        )
        outputs.add(run.stdout)
    assert outputs == {export("model-lineage")}


def test_creation_time_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    info = next(n for n in graph(export("minimal")) if n["type"] == "CreationInfo")
    assert info["created"] == "2023-11-14T22:13:20Z"
    assert info["specVersion"] == "3.0.1"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    info = next(n for n in graph(export("minimal")) if n["type"] == "CreationInfo")
    assert info["created"] == "1970-01-01T00:00:00Z"


def test_ids_derive_from_content() -> None:
    """Element ids change with the content (the namespace is a digest of it), never between
    runs, and carry no UUID."""
    first = {n.get("spdxId") for n in graph(export("minimal"))} - {None}
    changed = artifacts("minimal")
    changed = [changed[0].model_copy(update={"name": "renamed"})]
    second = {n.get("spdxId") for n in graph(EXPORTER.export(changed))} - {None}
    assert first.isdisjoint(second)
    assert all(i.startswith("https://openness.invalid/spdx3/") for i in first)


def test_classes_profiles_and_ai_fields() -> None:
    nodes = {n.get("spdxId", n.get("@id")): n for n in graph(export("model-lineage"))}
    by_name = {n.get("name"): n for n in nodes.values() if "name" in n}
    base = by_name["Example Base 7B"]
    assert base["type"] == "ai_AIPackage"
    assert base["ai_typeOfModel"] == ["transformer"]
    assert base["ai_domain"] == ["text", "code"]
    energy = base["ai_energyConsumption"]["ai_trainingEnergyConsumption"][0]
    assert (energy["ai_energyQuantity"], energy["ai_energyUnit"]) == ("84000.5", "kilowattHour")
    assert {(h["key"], h["value"]) for h in base["ai_hyperparameter"]} == {
        ("learning_rate", "3e-4"),
        ("batch_size", "1024"),
    }
    assert by_name["Example Web Corpus"]["type"] == "dataset_DatasetPackage"
    assert by_name["Example Labs"]["type"] == "Agent"
    assert base["suppliedBy"] == by_name["Example Labs"]["spdxId"]
    document = next(n for n in nodes.values() if n["type"] == "SpdxDocument")
    assert {"core", "software", "simpleLicensing", "ai", "dataset"} <= set(
        document["profileConformance"]
    )


def _relationships(nodes: list[dict[str, Any]], kind: str) -> list[tuple[str, str]]:
    names = {n.get("spdxId"): n.get("name", n.get("spdxId")) for n in nodes}
    expressions = {
        n["spdxId"]: n["simplelicensing_licenseExpression"]
        for n in nodes
        if n["type"] == "simplelicensing_LicenseExpression"
    }
    names.update(expressions)
    return sorted(
        (names.get(n["from"], n["from"]), names.get(t, t))
        for n in nodes
        if n.get("relationshipType") == kind
        for t in n["to"]
    )


def test_lineage_relationships() -> None:
    """trained-on -> trainedOn, tested-on -> testedOn, the deriving relations -> descendantOf,
    generated-by -> the generator ``generates`` the artifact."""
    nodes = graph(export("model-lineage"))
    assert _relationships(nodes, "trainedOn") == [
        ("Example Base 7B", "Example Web Corpus"),
        ("Example Chat 7B", nodes_named(nodes, "example-eval-set")),
    ]
    assert _relationships(nodes, "testedOn") == [
        ("Example Base 7B", nodes_named(nodes, "example-eval-set"))
    ]
    descendants = _relationships(nodes, "descendantOf")
    assert ("Example Chat 7B", "Example Base 7B") in descendants
    assert len(descendants) == 2  # fine-tuned-from and quantized-from
    generates = _relationships(nodes, "generates")
    assert generates == [("Example Chat 7B", nodes_named(nodes, "example-synthetic"))]


def nodes_named(nodes: list[dict[str, Any]], artifact_id: str) -> str:
    """The spdxId of the package of an unnamed artifact (found by its extension id)."""
    for node in nodes:
        for ext in node.get("extension", []):
            for entry in ext["extension_cdxProperty"]:
                if entry == {
                    "type": "extension_CdxPropertyEntry",
                    "extension_cdxPropName": "openness:id",
                    "extension_cdxPropValue": artifact_id,
                }:
                    return str(node["spdxId"])
    raise AssertionError(artifact_id)


def test_licenses_are_licensing_profile_expressions() -> None:
    nodes = graph(export("model-lineage"))
    declared = dict(_relationships(nodes, "hasDeclaredLicense"))
    assert declared["Example Base 7B"] == "Apache-2.0"
    assert declared["Example Web Corpus"] == "ODC-By-1.0 AND CC-BY-4.0"
    assert (
        declared["Example Chat 7B"] == "Apache-2.0 AND LicenseRef-scancode-llama-3.1-license-2024"
    )
    gguf = nodes_named(nodes, "pkg:huggingface/example/chat-7b-gguf@0f0f0f0")
    synthetic = nodes_named(nodes, "example-synthetic")
    assert declared[gguf] == "expandedlicensing_NoAssertionLicense"
    assert declared[synthetic] == "expandedlicensing_NoneLicense"
    # concluded only where the evidence says a reviewer concluded it (the training code)
    assert _relationships(nodes, "hasConcludedLicense") == [
        (_component(nodes, "training-code"), "MIT")
    ]
    expressions = [n for n in nodes if n["type"] == "simplelicensing_LicenseExpression"]
    assert len(expressions) == len({n["simplelicensing_licenseExpression"] for n in expressions})


def _component(nodes: list[dict[str, Any]], role: str) -> str:
    for node in nodes:
        props = {
            e["extension_cdxPropName"]: e.get("extension_cdxPropValue")
            for ext in node.get("extension", [])
            for e in ext["extension_cdxProperty"]
        }
        if props.get("openness:role") == role:
            return str(node["spdxId"])
    raise AssertionError(role)


def test_digests_and_files() -> None:
    nodes = graph(export("model-lineage"))
    weights = next(n for n in nodes if n.get("name") == "weights")
    assert weights["verifiedUsing"] == [
        {
            "type": "Hash",
            "algorithm": "sha256",
            "hashValue": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        }
    ]
    weights_file = next(n for n in nodes if n.get("name") == "model.safetensors")
    assert weights_file["type"] == "software_File"
    assert weights_file["software_contentIdentifier"][0]["software_contentIdentifierValue"] == (
        "gitoid:blob:sha1:0123456789abcdef0123456789abcdef01234567"
    )
    assert ("weights", "model.safetensors") in _relationships(nodes, "contains")


def test_lineage_targets_outside_the_document_are_reference_packages() -> None:
    nodes = graph(export("software"))
    references = [n for n in nodes if n.get("comment", "").startswith("Referenced by lineage")]
    assert sorted(n["name"] for n in references) == [
        "https://github.com/example/infer",
        "pkg:huggingface/example/chat-7b@e4f5a6b",
        "pkg:pypi/numpy@2.0.0",
    ]


def test_verdicts_become_review_annotations() -> None:
    nodes = graph(export("model-lineage"))
    annotations = [n for n in nodes if n["type"] == "Annotation"]
    assert len(annotations) == 2
    assert {a["annotationType"] for a in annotations} == {"review"}
    osaid = next(a for a in annotations if '"policy":"osaid"' in a["statement"])
    assert osaid["statement"].startswith(VERDICT_PREFIX)
    payload = json.loads(osaid["statement"][len(VERDICT_PREFIX) :])
    assert payload["outcome"] == "unknown"
    assert payload["findings"][0]["how_to_fix"] == "describe the training data"
    subject = next(n for n in nodes if n.get("spdxId") == osaid["subject"])
    assert subject["name"] == "Example Base 7B"
