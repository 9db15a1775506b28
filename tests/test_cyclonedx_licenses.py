"""CycloneDX licenses and subjects (issue 18 items 13 and 16, issue 17 item 3): only valid SPDX
expressions in ``licenses[].expression``; license names of other tools' BOMs read by the
license name normaliser, as the card reader reads the same keyword; a model component of
another tool gets a weights component, as a card does; ``metadata.component`` is the artifact
the BOM describes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support_cyclonedx import assert_valid, invalid_expressions

from openness.documents import parse_text
from openness.errors import Severity
from openness.formats.cyclonedx.read import CycloneDxImporter
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.cyclonedx.write import build_bom, write_bom
from openness.formats.importer import ImportResult
from openness.loading import load
from openness.model import Artifact, EvidenceKind, LicenseExpression, Role
from openness.policy.engine import check

LLAMA_31 = "LicenseRef-scancode-llama-3.1-license-2024"


def model(license: str, **more: Any) -> Artifact:
    return Artifact.model_validate({"id": "m", "kind": "model", "license": license, **more})


def read_bytes(data: bytes) -> ImportResult:
    return CycloneDxImporter().load(parse_text("bom.json", data.decode("utf-8"), "json"))


def read_bom(bom: dict[str, Any]) -> ImportResult:
    return read_bytes(json.dumps(bom).encode())


def warnings(result: ImportResult) -> list[str]:
    return [p.message for p in result.problems if p.severity is Severity.WARNING]


def errors(result: ImportResult) -> list[str]:
    return [p.message for p in result.problems if p.severity is Severity.ERROR]


def exact(component: dict[str, Any]) -> list[str]:
    return [p["value"] for p in component.get("properties", []) if p["name"] == "openness:license"]


# --- export: licenses[].expression only for valid SPDX expressions ------------------------------


@pytest.mark.parametrize("version", list(SpecVersion), ids=lambda v: v.value)
def test_an_id_outside_the_spdx_list_becomes_a_named_license(version: SpecVersion) -> None:
    artifact = model("Apache-2.0 AND Llama-3.1")
    bom = assert_valid(write_bom([artifact], version=version), version)
    entry = bom["metadata"]["component"]
    ack = {"acknowledgement": "declared"} if version.since_1_6 else {}
    assert entry["licenses"] == [
        {"license": {"id": "Apache-2.0", **ack}},
        {"license": {"name": "Llama-3.1", **ack}},
    ]
    assert exact(entry) == ["Apache-2.0 AND Llama-3.1"]
    [back] = read_bytes(write_bom([artifact], version=version)).artifacts
    assert back == artifact  # the property keeps the id as written


def test_an_or_with_an_id_outside_the_list_uses_a_licenseref_stand_in() -> None:
    artifact = model("MIT OR (Apache-2.0 AND Llama-3.1)")
    bom = assert_valid(write_bom([artifact]), SpecVersion.V1_6)
    entry = bom["metadata"]["component"]
    assert entry["licenses"] == [
        {
            "expression": "MIT OR (Apache-2.0 AND LicenseRef-openness-Llama-3.1)",
            "acknowledgement": "declared",
        }
    ]
    assert read_bytes(write_bom([artifact])).artifacts == [artifact]


def test_an_exception_outside_the_spdx_list_is_named_with_its_license() -> None:
    text = "GPL-2.0-only WITH LicenseRef-scancode-bacula-exception"
    bom = assert_valid(write_bom([model(text)]), SpecVersion.V1_6)
    assert bom["metadata"]["component"]["licenses"] == [
        {"license": {"name": text, "acknowledgement": "declared"}}
    ]


def test_valid_spdx_expressions_are_written_as_they_are() -> None:
    for text in ("LicenseRef-custom AND MIT", "Apache-2.0 WITH LLVM-exception", "MVT-1.1"):
        entry = build_bom([model(text)])["metadata"]["component"]
        assert entry["licenses"] == [{"expression": text, "acknowledgement": "declared"}]
        assert exact(entry) == []
    entry = build_bom([model("MIT")])["metadata"]["component"]
    assert entry["licenses"] == [{"license": {"id": "MIT", "acknowledgement": "declared"}}]


def test_the_oracle_rejects_what_main_used_to_write() -> None:
    """The check every test BOM goes through would have caught the old output."""
    bom = {"components": [{"licenses": [{"expression": "Apache-2.0 AND Llama-3.1"}]}]}
    assert invalid_expressions(bom) != []


# --- import: license names of other tools ------------------------------------------------------


def peer_bom(*licenses: dict[str, Any], **component: Any) -> dict[str, Any]:
    """A BOM shaped like the ones AIBOM generators write for a Hub model."""
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {"tools": {"components": [{"type": "application", "name": "aibom-generator"}]}},
        "components": [
            {
                "type": "machine-learning-model",
                "bom-ref": "pkg:huggingface/meta-llama/Llama-3.1-8B",
                "name": "Llama-3.1-8B",
                "licenses": list(licenses),
                **component,
            }
        ],
    }


def test_a_license_name_is_read_as_the_card_reader_reads_the_keyword(tmp_path: Path) -> None:
    result = read_bom(peer_bom({"license": {"name": "llama3.1"}}))
    assert errors(result) == []
    [artifact] = result.artifacts
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: llama3.1\n---\n# Llama 3.1 8B\n", encoding="utf-8")
    [from_card] = load([card]).artifacts
    assert artifact.license == from_card.license == LLAMA_31
    assert any(f"'llama3.1' read as {LLAMA_31} (alias" in w for w in warnings(result))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # spellings AIBOM generators write as a license name for Hub models
        ("nvidia-open-model-license", "LicenseRef-scancode-nvidia-open-model-2025-04-28"),
        ("NVIDIA Open Model License Agreement", "LicenseRef-scancode-nvidia-open-model-2025-04-28"),
        ("llama4", "LicenseRef-scancode-llama-4-cla-2025"),
        ("MIT License", "MIT"),
    ],
)
def test_license_names_of_aibom_generators(name: str, expected: str) -> None:
    assert read_bom(peer_bom({"license": {"name": name}})).artifacts[0].license == expected


def test_license_names_full_names_and_compounds() -> None:
    result = read_bom(
        peer_bom(
            {"license": {"name": "Apache License 2.0"}},
            {"license": {"name": "Llama 3.1 Community License Agreement"}},
        )
    )
    assert result.artifacts[0].license == LicenseExpression.of(f"Apache-2.0 AND {LLAMA_31}")


def test_a_name_the_normaliser_cannot_resolve_stays_unknown_with_its_candidates() -> None:
    result = read_bom(peer_bom({"license": {"name": "OpenRAIL"}}))
    assert result.artifacts[0].license == "LicenseRef-OpenRAIL"
    [note] = [w for w in warnings(result) if "OpenRAIL" in w and "recorded as" in w]
    assert "it could mean LicenseRef-scancode-bigscience-open-rail-m" in note


def test_a_name_that_states_no_license_is_not_a_license() -> None:
    result = read_bom(peer_bom({"license": {"name": "unknown"}}))
    assert result.artifacts[0].license is None
    assert any("'unknown' states no license" in w for w in warnings(result))


def test_a_licenseref_given_as_a_name_is_kept() -> None:
    result = read_bom(peer_bom({"license": {"name": "LicenseRef-acme-terms"}}))
    assert result.artifacts[0].license == "LicenseRef-acme-terms"


def test_a_peer_bom_round_trips_with_its_original_license_names() -> None:
    artifacts = read_bom(peer_bom({"license": {"name": "llama3.1"}})).artifacts
    data = write_bom(artifacts)
    bom = assert_valid(data, SpecVersion.V1_6)
    assert bom["metadata"]["component"]["licenses"] == [{"license": {"name": "llama3.1"}}]
    assert read_bytes(data).artifacts == artifacts


# --- import: the weights of a model component ---------------------------------------------------


def test_a_model_component_of_another_tool_gets_its_weights() -> None:
    [artifact] = read_bom(peer_bom({"license": {"name": "llama3.1"}})).artifacts
    [weights] = artifact.components
    assert weights.role is Role.MODEL_PARAMETERS_FINAL
    assert weights.license is None and weights.availability is None and weights.files == []
    assert weights.evidence[0].kind is EvidenceKind.CONCLUDED
    # judged as the card of the same model is: the weights are under the Llama license
    [verdict] = check([artifact], ["osaid"])
    assert verdict.outcome.value == "fail"
    assert any(
        f.outcome.value == "fail" and "model-parameters-final" in f.message
        for f in verdict.findings
    ), [f.message for f in verdict.findings]


def test_no_weights_are_added_when_a_nested_component_is_the_weights() -> None:
    nested = {"type": "machine-learning-model", "name": "model.safetensors"}
    [artifact] = read_bom(peer_bom(components=[nested])).artifacts
    assert [c.name for c in artifact.components] == ["model.safetensors"]


def test_no_weights_are_added_to_our_own_boms() -> None:
    artifact = model("MIT")
    assert read_bytes(write_bom([artifact])).artifacts == [artifact]


def test_an_unknown_role_of_our_own_property_gets_a_did_you_mean() -> None:
    bom = peer_bom(
        components=[
            {
                "type": "data",
                "name": "w",
                "properties": [{"name": "openness:role", "value": "weights"}],
            }
        ]
    )
    [message] = errors(read_bom(bom))
    assert "unknown role 'weights'; did you mean 'model-parameters-final'?" in message


# --- metadata.component: the artifact the BOM describes -----------------------------------------


def artifact(id: str, kind: str = "model", *targets: str) -> Artifact:
    lineage = [{"relation": "trained-on", "target": t} for t in targets]
    return Artifact.model_validate({"id": id, "kind": kind, "lineage": lineage})


def test_the_artifact_all_others_lead_to_is_the_subject_wherever_it_is_listed() -> None:
    artifacts = [
        artifact("corpus", "dataset"),
        artifact("chat", "model", "corpus", "base"),
        artifact("base", "model", "corpus"),
    ]
    data = write_bom(artifacts)
    bom = assert_valid(data, SpecVersion.V1_6)
    assert bom["metadata"]["component"]["bom-ref"] == "chat"
    assert [c["bom-ref"] for c in bom["components"]] == ["corpus", "base"]
    assert [d["ref"] for d in bom["dependencies"]] == ["corpus", "chat", "base"]
    # our own BOM read back: the same artifacts, in the same order
    assert read_bytes(data).artifacts == artifacts
    assert_valid(write_bom(artifacts, version=SpecVersion.V1_5), SpecVersion.V1_5)


@pytest.mark.parametrize(
    "artifacts",
    [
        [artifact("a"), artifact("b")],  # unrelated
        [artifact("a", "model", "b"), artifact("b", "model", "a")],  # a cycle
        [artifact("a", "model", "c"), artifact("b", "model", "c"), artifact("c", "dataset")],
    ],
    ids=["unrelated", "cycle", "two-models-one-dataset"],
)
def test_no_subject_when_no_single_artifact_is_described(artifacts: list[Artifact]) -> None:
    data = write_bom(artifacts)
    bom = assert_valid(data, SpecVersion.V1_6)
    assert "component" not in bom["metadata"]
    assert read_bytes(data).artifacts == artifacts


def test_a_license_id_outside_the_spdx_list_gets_the_suggesters_reading() -> None:
    [message] = errors(read_bom(peer_bom({"license": {"id": "llama3.1"}})))
    assert f"'llama3.1' is not an SPDX license id; it most likely means '{LLAMA_31}'" in message
    assert "write that as an 'expression', or give the license's 'name'" in message
    first = errors(read_bom(peer_bom({"license": {"id": "Apache 2.0"}})))[0]
    assert "'Apache 2.0' is not an SPDX license id (did you mean 'Apache-2.0'?)" in first
