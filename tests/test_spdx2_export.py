"""SPDX 2.3 exporters: golden files (each also accepted by spdx-tools' own parser and full
validator), determinism, SOURCE_DATE_EPOCH, verdict annotations, LicenseRef definitions and
lineage references.

Regenerate the golden files with ``OPENNESS_REGEN_GOLDEN=1 pytest tests/test_spdx2_export.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spdx_tools.spdx.model.annotation import AnnotationType
from spdx_tools.spdx.model.relationship import RelationshipType
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from openness.exporters import exporter_names, get_exporter
from openness.formats.spdx2.mapping import LICENSE_REF_PREFIX, PAYLOAD_PREFIX
from openness.formats.spdx2.validate import validate_document
from openness.formats.spdx2.write.build import build_document
from openness.loading import load
from openness.model import Artifact, Evidence, EvidenceKind
from openness.policy.verdict import Finding, Outcome, Verdict

DATA = Path(__file__).parent / "data" / "spdx2"
GOLDEN = DATA / "golden"
EXAMPLES = ("model-lineage", "dataset-synthetic", "edge-cases")
FORMATS = ("spdx-2.3-json", "spdx-2.3-yaml", "spdx-2.3-tv", "spdx-2.3-rdf")
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
REGEN = os.environ.get("OPENNESS_REGEN_GOLDEN") == "1"


def artifacts(example: str) -> list[Artifact]:
    result = load([DATA / f"{example}.yaml"])
    assert result.ok, result.errors
    return result.artifacts


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_the_four_formats_are_registered() -> None:
    names = exporter_names()
    for name in FORMATS:
        assert name in names
        exporter = get_exporter(name)
        assert exporter.name == name


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_golden_file_and_spdx_tools_accepts_it(example: str, fmt: str) -> None:
    """The output equals the golden file, and spdx-tools parses it (choosing its parser by the
    suffix) and finds nothing wrong with validate_full_spdx_document."""
    exporter = get_exporter(fmt)
    data = exporter.export(artifacts(example))
    golden = GOLDEN / f"{example}{exporter.suffix}"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{golden.name} differs; OPENNESS_REGEN_GOLDEN=1 to update"
    document = parse_file(str(golden))
    assert validate_full_spdx_document(document) == []
    assert document.creation_info.spdx_version == "SPDX-2.3"
    assert document.creation_info.created.isoformat() == "2023-11-14T22:13:20"


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_bytes(fmt: str) -> None:
    exporter = get_exporter(fmt)
    first = exporter.export(artifacts("model-lineage"))
    second = exporter.export(artifacts("model-lineage"))
    assert first == second


def test_rdf_bytes_do_not_depend_on_hash_seeds() -> None:
    """rdflib iterates sets (whose order follows string hashing) when it serialises; our RDF
    writer fixes the order. Two processes with different PYTHONHASHSEED write the same bytes."""
    script = (
        "import sys; from openness.loading import load; "
        "from openness.exporters import get_exporter; "
        f"a = load([{str(DATA / 'dataset-synthetic.yaml')!r}]).artifacts; "
        "sys.stdout.buffer.write(get_exporter(sys.argv[1]).export(a))"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": EPOCH}
        done = subprocess.run(
            [sys.executable, "-c", script, "spdx-2.3-rdf"], env=env, capture_output=True, check=True
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_source_date_epoch_sets_the_creation_time(monkeypatch: pytest.MonkeyPatch) -> None:
    exporter = get_exporter("spdx-2.3-json")
    first = json.loads(exporter.export(artifacts("model-lineage")))
    assert first["creationInfo"]["created"] == "2023-11-14T22:13:20Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    second = json.loads(exporter.export(artifacts("model-lineage")))
    assert second["creationInfo"]["created"] == "1970-01-01T00:00:00Z"
    # Only the dates change: ids and namespace derive from content, not from the clock.
    assert first["documentNamespace"] == second["documentNamespace"]
    assert [p["SPDXID"] for p in first["packages"]] == [p["SPDXID"] for p in second["packages"]]


def test_namespace_and_ids_follow_content() -> None:
    exporter = get_exporter("spdx-2.3-json")
    base = artifacts("model-lineage")
    first = json.loads(exporter.export(base))
    changed = [base[0].model_copy(update={"version": "other"}), *base[1:]]
    second = json.loads(exporter.export(changed))
    assert first["documentNamespace"] != second["documentNamespace"]
    assert first["documentNamespace"].startswith("https://openness.invalid/spdxdocs/")
    # SPDXIDs derive from artifact ids, so an edit elsewhere does not renumber them.
    assert [p["SPDXID"] for p in first["packages"]] == [p["SPDXID"] for p in second["packages"]]


def test_mapping_of_artifacts_components_files_and_lineage() -> None:
    document = build_document(artifacts("model-lineage"))
    packages = {p.name: p for p in document.packages}
    base = packages["Example Base 7B"]
    assert str(base.license_declared) == "Apache-2.0"
    assert str(base.license_concluded) == "NOASSERTION"
    assert base.version == "a1b2c3d"
    assert base.homepage == "https://huggingface.co/example/base-7b"
    assert base.supplier is not None and base.supplier.name == "Example Labs"
    assert [r.locator for r in base.external_references] == [
        "pkg:huggingface/example/base-7b@a1b2c3d"
    ]
    weights = packages["weights"]
    assert weights.download_location == "https://huggingface.co/example/base-7b/tree/main"
    assert weights.files_analyzed and weights.verification_code is not None
    assert [f.name for f in document.files] == ["./model.safetensors"]
    kinds = {
        (r.spdx_element_id, r.relationship_type.name, r.related_spdx_element_id, r.comment)
        for r in document.relationships
    }
    chat = packages["Example Chat 7B"].spdx_id
    assert (chat, "DESCENDANT_OF", base.spdx_id, "openness lineage: fine-tuned-from") in kinds
    corpus = packages["Example Web Corpus"].spdx_id
    assert (base.spdx_id, "OTHER", corpus, "openness lineage: trained-on") in kinds
    assert (base.spdx_id, "CONTAINS", weights.spdx_id, None) in kinds
    described = {
        r.related_spdx_element_id
        for r in document.relationships
        if r.relationship_type is RelationshipType.DESCRIBES
    }
    assert len(described) == 5  # the artifacts, not their components
    payloads = [a for a in document.annotations if a.annotation_comment.startswith(PAYLOAD_PREFIX)]
    assert len(payloads) == len(document.packages)


def test_every_license_ref_is_defined_and_unknown_ids_stand_in() -> None:
    document = build_document(artifacts("dataset-synthetic") + artifacts("edge-cases"))
    assert validate_document(document) == []
    defined = {e.license_id: e for e in document.extracted_licensing_info}
    assert "LicenseRef-scancode-llama-3.1-license-2024" in defined
    llama = defined["LicenseRef-scancode-llama-3.1-license-2024"]
    assert llama.license_name == "Llama 3.1 Community License Agreement"
    assert llama.cross_references and llama.extracted_text
    # OpenMDW-1.0 is on the SPDX list but not on spdx-tools' copy of it.
    stand_ins = {k: v for k, v in defined.items() if k.startswith(LICENSE_REF_PREFIX)}
    assert any(v.comment and "'OpenMDW-1.0'" in v.comment for v in stand_ins.values())
    assert any(
        v.comment and "'MIT WITH Nokia-Qt-exception-1.1'" in v.comment for v in stand_ins.values()
    )
    used = " ".join(
        str(p.license_declared) for p in document.packages if p.license_declared is not None
    )
    for token in used.replace("(", " ").replace(")", " ").split():
        if token.startswith("LicenseRef-"):
            assert token in defined


def test_lineage_targets_outside_the_export_become_reference_packages() -> None:
    chat = next(a for a in artifacts("model-lineage") if a.name == "Example Chat 7B")
    document = build_document([chat])
    assert validate_document(document) == []
    reference = next(
        p for p in document.packages if p.name.startswith("pkg:huggingface/example/base")
    )
    assert any(
        r.related_spdx_element_id == reference.spdx_id
        and r.relationship_type is RelationshipType.DESCENDANT_OF
        for r in document.relationships
    )


def test_concluded_license_follows_concluded_evidence() -> None:
    artifact = artifacts("model-lineage")[0]
    reviewed = artifact.model_copy(
        update={"evidence": [Evidence(source="review", kind=EvidenceKind.CONCLUDED)]}
    )
    package = build_document([reviewed]).packages[0]
    assert str(package.license_concluded) == "Apache-2.0"


def test_verdicts_become_review_annotations() -> None:
    arts = artifacts("model-lineage")
    finding = Finding(
        rule="license.osi",
        subject="artifact",
        outcome=Outcome.FAIL,
        message="CC-BY-NC-4.0 < & > is not OSI-approved",
        how_to_fix="choose an OSI-approved license",
    )
    verdicts = [
        Verdict(arts[0].id, "osaid", "1.0", Outcome.PASS),
        Verdict(arts[2].id, "osaid", "1.0", Outcome.FAIL, findings=(finding,)),
        Verdict("not-exported", "mof", "1.0", Outcome.UNKNOWN, level="class-III"),
    ]
    for fmt in FORMATS:
        data = get_exporter(fmt).export(arts, verdicts)
        assert data != get_exporter(fmt).export(arts)
    document = build_document(arts, verdicts)
    assert validate_document(document) == []
    reviews = [a for a in document.annotations if a.annotation_type is AnnotationType.REVIEW]
    assert [r.annotation_comment.splitlines()[0] for r in reviews] == [
        "openness-verdict: osaid 1.0: pass",
        "openness-verdict: osaid 1.0: fail",
        "openness-verdict: mof 1.0: unknown (class-III)",
    ]
    assert reviews[2].spdx_id == "SPDXRef-DOCUMENT"
    detail = json.loads(reviews[1].annotation_comment.splitlines()[1])
    assert detail["findings"][0]["message"] == "CC-BY-NC-4.0 < & > is not OSI-approved"


def test_export_cli_writes_a_valid_document(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from openness.cli.main import cli

    out = tmp_path / "out.spdx.json"
    result = CliRunner().invoke(
        cli, ["export", str(DATA / "model-lineage.yaml"), "--to", "spdx-2.3-json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert validate_full_spdx_document(parse_file(str(out))) == []


def test_nothing_to_export_is_an_error() -> None:
    from openness.formats.spdx2.write import InvalidSpdxDocument

    with pytest.raises(InvalidSpdxDocument, match="no artifacts"):
        get_exporter("spdx-2.3-json").export([])


def test_the_garbage_collector_is_restored() -> None:
    import gc

    exporter = get_exporter("spdx-2.3-tv")
    assert gc.isenabled()
    exporter.export(artifacts("model-lineage"))
    assert gc.isenabled()
    gc.disable()
    try:
        exporter.export(artifacts("model-lineage"))
        assert not gc.isenabled()
    finally:
        gc.enable()
