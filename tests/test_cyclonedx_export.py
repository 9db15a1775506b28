"""CycloneDX 1.6 / 1.5 JSON export (issue 4): golden files, each accepted by the shipped schema
and by cyclonedx-python-lib's own ``JsonStrictValidator``; determinism; the ML-BOM mapping."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.model.bom import Bom
from support_cyclonedx import assert_valid

from openness.documents import read_document
from openness.exporters import get_exporter
from openness.formats.cyclonedx.read import CycloneDxImporter
from openness.formats.cyclonedx.write import (
    CycloneDxExportError,
    SpecVersion,
    build_bom,
    validate,
    write_bom,
)
from openness.formats.cyclonedx.write import document as cdx_document
from openness.loading import load
from openness.model import Artifact
from openness.policy.verdict import Finding, Outcome, Verdict

DATA = Path(__file__).parent / "data" / "cyclonedx"
GOLDEN = DATA / "golden"
ROOT = Path(__file__).parent.parent
REGEN = os.environ.get("OPENNESS_REGEN_GOLDEN") == "1"
EPOCH = "1731456000"  # 2024-11-13T00:00:00Z


@pytest.fixture(autouse=True)
def _pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Golden files pin the creation time and the tool version."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(cdx_document, "TOOL_VERSION", "0.0.0-test")
    monkeypatch.chdir(ROOT)


def manifest(name: str) -> list[Artifact]:
    result = load([DATA / "manifests" / name])
    assert result.ok, result.errors
    return result.artifacts


def imported(path: Path) -> list[Artifact]:
    result = CycloneDxImporter().load(read_document(path))
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    return result.artifacts


CASES = {
    "ml-lineage": lambda: manifest("ml-lineage.yaml"),
    "software-system": lambda: manifest("software-system.yaml"),
    # (a path relative to the repository, which the evidence of the weights names)
    "model-card-with-dataset": lambda: imported(
        DATA.relative_to(ROOT) / "mlbom" / "model-card-with-dataset.json"
    ),
}


@pytest.mark.parametrize("version", list(SpecVersion), ids=lambda v: v.value)
@pytest.mark.parametrize("case", list(CASES))
def test_golden(case: str, version: SpecVersion) -> None:
    data = write_bom(CASES[case](), version=version)
    assert_valid(data, version)
    golden = GOLDEN / f"{case}.{version.value}.cdx.json"
    if REGEN:
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{golden.name} differs; OPENNESS_REGEN_GOLDEN=1 rewrites"


def test_golden_files_are_valid_as_stored() -> None:
    files = sorted(GOLDEN.glob("*.cdx.json"))
    assert len(files) == len(SpecVersion) * len(CASES)
    for path in files:
        version = SpecVersion(path.name.split(".cdx.json")[0].split(".", 1)[1])
        assert_valid(path.read_bytes(), version)


def test_library_reads_our_output() -> None:
    data = write_bom(manifest("ml-lineage.yaml"))
    bom = Bom.from_json(json.loads(data))  # type: ignore[attr-defined]
    assert sorted(c.name for c in bom.components) == sorted(
        ["Example Corpus", "Base 7B", "Chat 7B", "chat-7b-q4", "Chat 7B LoRA", "HellaSwag"]
    )


def test_registered_formats() -> None:
    for name, version in (
        ("cyclonedx-1.7-json", "1.7"),
        ("cyclonedx-1.6-json", "1.6"),
        ("cyclonedx-1.5-json", "1.5"),
    ):
        exporter = get_exporter(name)
        assert exporter.name == name
        assert exporter.media_type == "application/vnd.cyclonedx+json"
        data = exporter.export(manifest("software-system.yaml"))
        assert json.loads(data)["specVersion"] == version


# --- determinism --------------------------------------------------------------------------------


def test_same_input_same_bytes_across_processes() -> None:
    script = (
        "import sys; from openness.loading import load; "
        "from openness.formats.cyclonedx.write import write_bom; "
        f"sys.stdout.buffer.write(write_bom(load([{str(DATA / 'manifests' / 'ml-lineage.yaml')!r}]"
        ").artifacts))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": EPOCH}
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, env=env, check=True, timeout=120
        )
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_timestamp_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    artifacts = manifest("software-system.yaml")
    assert build_bom(artifacts)["metadata"]["timestamp"] == "2024-11-13T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_bom(artifacts)["metadata"]["timestamp"] == "1970-01-01T00:00:00Z"


def test_serial_number_is_a_uuid5_of_the_content() -> None:
    artifacts = manifest("software-system.yaml")
    first = build_bom(artifacts)["serialNumber"]
    assert first == build_bom(artifacts)["serialNumber"]
    assert uuid.UUID(first.removeprefix("urn:uuid:")).version == 5
    changed = [artifacts[0].model_copy(update={"version": "0.19.2"}), *artifacts[1:]]
    assert build_bom(changed)["serialNumber"] != first
    assert build_bom(artifacts, version=SpecVersion.V1_5)["serialNumber"] != first


# --- the mapping --------------------------------------------------------------------------------


def entries(bom: dict[str, Any]) -> list[dict[str, Any]]:
    """The artifacts' entries: ``metadata.component`` (the artifact described), if any, then
    ``components``."""
    subject = bom["metadata"].get("component")
    return [*([subject] if subject else []), *bom.get("components", [])]


def by_ref(bom: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["bom-ref"]: c for c in entries(bom)}


def props(component: dict[str, Any], name: str) -> list[str]:
    return [p["value"] for p in component.get("properties", []) if p["name"] == name]


def test_model_card_pedigree_and_dependencies() -> None:
    bom = build_bom(manifest("ml-lineage.yaml"))
    components = by_ref(bom)
    base = components["pkg:huggingface/example/base-7b@abc123"]
    assert base["type"] == "machine-learning-model"
    card = base["modelCard"]
    assert card["modelParameters"]["architectureFamily"] == "transformer"
    assert card["modelParameters"]["datasets"] == [
        {"ref": "pkg:huggingface/datasets/example/corpus@v2"},
        {"ref": "https://example.org/benchmarks/hellaswag"},
    ]
    energy = card["considerations"]["environmentalConsiderations"]["energyConsumptions"][0]
    assert energy["activity"] == "training"
    assert energy["activityEnergyCost"] == {"value": 250000.5, "unit": "kWh"}
    assert energy["co2CostEquivalent"]["unit"] == "tCO2eq"
    assert props(base, "openness:facts:parameters") == ["6900000000"]
    assert props(base, "openness:facts:domain") == ["text", "code"]

    chat = components["pkg:huggingface/example/chat-7b@def456"]
    [ancestor] = chat["pedigree"]["ancestors"]
    assert ancestor["name"] == "pkg:huggingface/example/base-7b@abc123"
    assert ancestor["version"] == "abc123"
    assert ancestor["description"] == "supervised fine-tuning on instructions"
    assert ancestor["hashes"][0]["alg"] == "SHA-256"
    assert props(ancestor, "openness:relation") == ["fine-tuned-from"]

    deps = {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}
    assert deps["pkg:huggingface/example/chat-7b@def456"] == [
        "pkg:huggingface/datasets/example/corpus@v2"
    ]  # trained-on is a dependency, fine-tuned-from is not
    assert deps["chat-7b-lora"] == ["pkg:huggingface/example/chat-7b@def456"]  # adapter-of
    assert deps["chat-7b-q4"] == []
    assert len(deps) == len(bom["components"])


def test_datasets_outside_the_bom_are_inline() -> None:
    artifacts = [a for a in manifest("ml-lineage.yaml") if "hellaswag" not in a.id]
    bom = build_bom(artifacts)
    base = by_ref(bom)["pkg:huggingface/example/base-7b@abc123"]
    assert base["modelCard"]["modelParameters"]["datasets"][1] == {
        "type": "dataset",
        "name": "https://example.org/benchmarks/hellaswag",
    }
    deps = {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}
    assert deps["pkg:huggingface/example/base-7b@abc123"] == [
        "pkg:huggingface/datasets/example/corpus@v2"
    ]
    assert validate(bom, SpecVersion.V1_6) == []


def test_data_governance_and_nested_components() -> None:
    bom = build_bom(manifest("ml-lineage.yaml"))
    corpus = by_ref(bom)["pkg:huggingface/datasets/example/corpus@v2"]
    assert corpus["type"] == "data"
    [data] = corpus["data"]
    assert data["type"] == "dataset"
    assert data["contents"] == {"url": "https://huggingface.co/datasets/example/corpus"}
    assert data["governance"] == {"owners": [{"organization": {"name": "Example Lab"}}]}
    files = corpus["components"][0]
    assert files["bom-ref"] == "pkg:huggingface/datasets/example/corpus@v2#component-0"
    assert files["externalReferences"][0]["type"] == "distribution"
    readme = files["components"][1]
    assert readme["type"] == "file" and readme["name"] == "data/README.md"
    assert props(readme, "openness:digest:git-sha1") == ["2b5b4f0d5b8e5d1c1f6b1a3c6f6b5b9e2a8f0c11"]
    base = by_ref(bom)["pkg:huggingface/example/base-7b@abc123"]
    weights, code, card, results = base["components"]
    assert [h["alg"] for h in weights["hashes"]] == ["SHA-256"]
    assert props(weights, "openness:availability") == ["included"]
    assert code["type"] == "library" and code["version"] == "v1.2.0"
    assert code["externalReferences"] == [
        {"type": "vcs", "url": "https://github.com/example/train"}
    ]
    assert card["type"] == "file"
    assert props(results, "openness:availability") == ["not-released"]


def test_licenses_ids_expressions_and_noassertion() -> None:
    v16 = by_ref(build_bom(manifest("software-system.yaml")))
    v15 = by_ref(build_bom(manifest("software-system.yaml"), version=SpecVersion.V1_5))
    lib = v16["pkg:pypi/tokenizer-lib@0.19.1"]
    assert lib["licenses"] == [
        {"expression": "Apache-2.0 WITH LLVM-exception", "acknowledgement": "declared"}
    ]
    assert v15["pkg:pypi/tokenizer-lib@0.19.1"]["licenses"] == [
        {"expression": "Apache-2.0 WITH LLVM-exception"}
    ]
    wheels = lib["components"][1]
    assert "licenses" not in wheels
    assert props(wheels, "openness:license") == ["NOASSERTION"]
    system = v16["assistant"]
    assert system["type"] == "application"
    assert props(system, "openness:kind") == ["system"]
    assert props(system, "openness:release-license:code") == ["MIT"]
    assert json.loads(props(system, "openness:extra")[0]) == {
        "team": "support",
        "ticket-queues": ["billing", "technical"],
    }
    corpus = by_ref(build_bom(manifest("ml-lineage.yaml")))[
        "pkg:huggingface/datasets/example/corpus@v2"
    ]
    assert corpus["licenses"] == [{"license": {"id": "CC-BY-4.0", "acknowledgement": "declared"}}]


def test_1_5_has_no_environmental_considerations() -> None:
    bom = build_bom(manifest("ml-lineage.yaml"), version=SpecVersion.V1_5)
    base = by_ref(bom)["pkg:huggingface/example/base-7b@abc123"]
    assert "considerations" not in base["modelCard"]
    assert json.loads(props(base, "openness:facts:training")[0])["energy_kwh"] == 250000.5


def test_verdicts_become_properties_and_annotations() -> None:
    artifacts = manifest("software-system.yaml")
    verdicts = [
        Verdict(
            "assistant",
            "osaid",
            "1.0",
            Outcome.UNKNOWN,
            findings=(
                Finding(
                    "osaid.license",
                    "artifact",
                    Outcome.UNKNOWN,
                    "license unknown",
                    how_to_fix="state the license",
                ),
            ),
        ),
        Verdict("pkg:pypi/tokenizer-lib@0.19.1", "mof", "1.0", Outcome.PASS, level="Class III"),
        Verdict("not-in-this-bom", "osaid", "1.0", Outcome.PASS),
    ]
    data = write_bom(artifacts, verdicts)
    bom = assert_valid(data, SpecVersion.V1_6)
    components = by_ref(bom)
    assert props(components["assistant"], "openness:verdict:osaid") == ["unknown"]
    assert props(components["pkg:pypi/tokenizer-lib@0.19.1"], "openness:verdict:mof") == [
        "pass (Class III)"
    ]
    notes = bom["annotations"]
    assert [n["subjects"] for n in notes] == [["assistant"], ["pkg:pypi/tokenizer-lib@0.19.1"]]
    assert notes[0]["annotator"]["component"]["name"] == "openness"
    assert json.loads(notes[0]["text"]) == verdicts[0].to_dict()
    # Verdicts are not artifact data: importing gives back the artifacts alone.
    result = CycloneDxImporter().load(read_document_bytes(data))
    assert result.artifacts == artifacts
    assert not result.problems


def read_document_bytes(data: bytes) -> Any:
    from openness.documents import parse_text

    return parse_text("bom.json", data.decode("utf-8"), "json")


def test_duplicate_ids_are_refused() -> None:
    artifact = manifest("software-system.yaml")[0]
    with pytest.raises(ValueError, match="duplicate artifact id"):
        build_bom([artifact, artifact])


def test_kept_fields_unknown_to_1_5_move_to_the_extra_property() -> None:
    """A field a 1.6 document had (tags, environmental considerations) stays native in 1.6 and
    travels in openness:extra in 1.5, where the schema has no place for it."""
    [model] = imported(DATA / "spec" / "valid-machine-learning-considerations-env-1.6.json")
    tagged = model.model_copy(
        update={
            "extra": {**model.extra, "cyclonedx": {**model.extra["cyclonedx"], "tags": ["llm"]}}
        }
    )
    v16 = entries(json.loads(write_bom([tagged])))[0]
    assert v16["tags"] == ["llm"]
    assert "environmentalConsiderations" in v16["modelCard"]["considerations"]
    data = write_bom([tagged], version=SpecVersion.V1_5)
    v15 = entries(assert_valid(data, SpecVersion.V1_5))[0]
    assert "tags" not in v15
    kept = json.loads(props(v15, "openness:extra")[0])["cyclonedx"]
    assert kept["tags"] == ["llm"]
    assert CycloneDxImporter().load(read_document_bytes(data)).artifacts == [tagged]


def test_an_invalid_document_raises_with_the_issues(monkeypatch: pytest.MonkeyPatch) -> None:
    from openness.formats.cyclonedx import schema

    artifacts = manifest("software-system.yaml")
    monkeypatch.setattr(cdx_document, "TOOL_VERSION", 7)  # not a string: a schema violation
    with pytest.raises(CycloneDxExportError, match=r"metadata\.tools\.components\[0\]\.version"):
        write_bom(artifacts)
    assert schema.validate({"bomFormat": "CycloneDX"}, SpecVersion.V1_6)[0].message == (
        "required field 'specVersion' is missing"
    )


def test_cli_export_writes_a_valid_bom(tmp_path: Path) -> None:
    out = tmp_path / "bom.cdx.json"
    exe = Path(sys.executable).parent / "openness"
    proc = subprocess.run(
        [
            str(exe),
            "export",
            str(DATA / "manifests" / "ml-lineage.yaml"),
            "--to",
            "cyclonedx-1.6-json",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert proc.returncode == 0, proc.stderr
    assert validate(json.loads(out.read_bytes()), SpecVersion.V1_6) == []


def test_bom_refs_stay_unique_when_an_artifact_id_looks_like_a_component_ref() -> None:
    artifacts = [
        Artifact.model_validate(
            {
                "id": "x",
                "kind": "model",
                "components": [{"role": "training-code", "files": [{"path": "a.py"}]}],
            }
        ),
        Artifact.model_validate({"id": "x#component-0", "kind": "dataset"}),
        Artifact.model_validate({"id": "x#component-0~-file-0", "kind": "dataset"}),
    ]
    data = get_exporter("cyclonedx-1.6-json").export(artifacts)
    bom = assert_valid(data, SpecVersion.V1_6)
    refs: list[str] = []

    def walk(components: list[dict[str, Any]]) -> None:
        for c in components:
            refs.append(c["bom-ref"])
            walk(c.get("components", []))

    walk(entries(bom))
    assert len(refs) == len(set(refs)) == 5  # three artifacts, a component and its file
    back = CycloneDxImporter().load(read_document_from(data))
    assert [a.id for a in back.artifacts] == [a.id for a in artifacts]


def read_document_from(data: bytes) -> Any:
    from openness.documents import parse_text

    return parse_text("bom.json", data.decode("utf-8"), "json")


def test_a_version_too_long_for_cyclonedx_1_6_goes_to_a_property() -> None:
    artifact = Artifact.model_validate(
        {
            "id": "v",
            "kind": "model",
            "version": "v" * 1100,
            "components": [{"role": "model-parameters-final", "revision": "r" * 1500}],
        }
    )
    bom = assert_valid(get_exporter("cyclonedx-1.6-json").export([artifact]), SpecVersion.V1_6)
    assert "version" not in entries(bom)[0]
    back = CycloneDxImporter().load(read_document_from(json.dumps(bom).encode())).artifacts[0]
    assert back.version == artifact.version
    assert back.components[0].revision == "r" * 1500
    # CycloneDX 1.5 has no limit: the field holds it.
    old = assert_valid(get_exporter("cyclonedx-1.5-json").export([artifact]), SpecVersion.V1_5)
    assert entries(old)[0]["version"] == "v" * 1100
