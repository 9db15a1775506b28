"""Hugging Face cards: the license table, a folder of cards as a lineage graph, snapshots, and
every kind of bad card."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from openness.documents import read_document
from openness.errors import Problem
from openness.formats.huggingface.read import (
    HuggingFaceImporter,
    hub_license,
    locate_repo,
    split_card,
)
from openness.licenses import knowledge_base
from openness.loading import load, load_document
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    DigestAlgorithm,
    EvidenceKind,
    Relation,
    Role,
)

DATA = Path(__file__).parent / "data" / "hf"
OLMO = "pkg:huggingface/allenai/OLMo-2-1124-7B"
LLAMA = "pkg:huggingface/meta-llama/Llama-3.1-8B"
MIX = "https://huggingface.co/datasets/allenai/olmo-mix-1124"
NEWER_KEYWORDS = [
    "llama3",
    "llama3.1",
    "llama3.2",
    "llama3.3",
    "llama4",
    "apple-amlr",
    "apple-ascl",
    "fair-noncommercial-research-license",
    "intel-research",
    "h-research",
    "eupl-1.2",
]


# --- the license table -------------------------------------------------------------------------


def _hub_ids() -> list[str]:
    entries = json.loads((DATA / "hf-hub-license-ids.json").read_text("utf-8"))["entries"]
    return [e["hf_id"] for e in entries]


@pytest.mark.parametrize("keyword", _hub_ids() + NEWER_KEYWORDS)
def test_every_hub_keyword_is_mapped_to_a_known_id_or_explained(keyword: str) -> None:
    mapped = hub_license(keyword)
    assert mapped is not None, f"{keyword} is missing from hf_licenses.yaml"
    lic_id, reason, _ = mapped
    if lic_id is None:
        assert reason, keyword
    elif lic_id != "NOASSERTION":
        assert knowledge_base().get(lic_id) is not None, (keyword, lic_id)


def test_spdx_hints_of_the_hub_list_agree_with_the_table() -> None:
    entries = json.loads((DATA / "hf-hub-license-ids.json").read_text("utf-8"))["entries"]
    kb = knowledge_base()
    for entry in entries:
        hint = entry["spdx_id_case_insensitive_match"]
        if hint:
            lic_id, _, _ = hub_license(entry["hf_id"]) or (None, None, ())
            # Deprecated hints (GPL-3.0) resolve to the id the table uses (GPL-3.0-only).
            assert lic_id == kb.resolve(hint), entry["hf_id"]


def test_families_stay_unknown() -> None:
    for keyword in ("bsd", "cc", "gpl", "lgpl", "gfdl", "openrail"):
        lic_id, reason, candidates = hub_license(keyword) or (None, None, ())
        assert lic_id is None and reason and candidates, keyword


# --- a folder of cards ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cards() -> dict[str, Artifact]:
    result = load([DATA / "cards"])
    assert result.ok, result.errors
    return {a.id: a for a in result.artifacts}


def test_folder_gives_the_lineage_graph(cards: dict[str, Artifact]) -> None:
    edges = {(a.id, e.relation, e.target) for a in cards.values() for e in a.lineage}
    assert edges == {
        (OLMO, Relation.TRAINED_ON, MIX),
        ("pkg:huggingface/acme/olmo-2-7b-legal", Relation.FINE_TUNED_FROM, OLMO),
        (
            "pkg:huggingface/acme/olmo-2-7b-legal",
            Relation.TRAINED_ON,
            "https://huggingface.co/datasets/acme/legal-qa",
        ),
        ("pkg:huggingface/bartowski/OLMo-2-1124-7B-GGUF", Relation.QUANTIZED_FROM, OLMO),
        ("pkg:huggingface/acme/olmo-2-7b-lora-medical", Relation.ADAPTER_OF, OLMO),
        ("pkg:huggingface/mergekit-community/olmo-llama-slerp", Relation.MERGED_FROM, OLMO),
        ("pkg:huggingface/mergekit-community/olmo-llama-slerp", Relation.MERGED_FROM, LLAMA),
        ("pkg:huggingface/acme/llama-3.1-8b-support", Relation.FINE_TUNED_FROM, LLAMA),
    }
    result = load([DATA / "cards"])
    order = [a.id for a in result.graph().topological_order()]
    for child, _, parent in edges:
        assert order.index(parent) < order.index(child)


def test_folder_gives_the_verdicts_of_its_lineage() -> None:
    """Cards read without their files: the weights are listed under the card's license, a
    Llama fine-tune inherits Meta's terms, and a merge with a Llama parent that declares MIT is
    open-washing; the OLMo family has no failing finding (only inference code is unknown)."""
    from openness.policy import check
    from openness.policy.verdict import Outcome

    result = load([DATA / "cards"])
    verdicts = {v.artifact: v for v in check(result.artifacts, ["weights-as-source"])}

    def rules(artifact: str, outcome: Outcome) -> set[str]:
        return {f.rule.split("/")[1] for f in verdicts[artifact].findings if f.outcome is outcome}

    assert verdicts[LLAMA].outcome is Outcome.FAIL
    assert rules(LLAMA, Outcome.FAIL) == {"parameters-license"}
    support = "pkg:huggingface/acme/llama-3.1-8b-support"
    assert rules(support, Outcome.FAIL) == {"parameters-license", "lineage-inheritance"}
    merge = "pkg:huggingface/mergekit-community/olmo-llama-slerp"
    assert rules(merge, Outcome.FAIL) == {"lineage-inheritance", "open-washing"}
    assert {u.artifact for u in verdicts[merge].upstream} == {OLMO, LLAMA}
    olmo_family = [
        OLMO,
        "pkg:huggingface/bartowski/OLMo-2-1124-7B-GGUF",
        "pkg:huggingface/acme/olmo-2-7b-lora-medical",
        "pkg:huggingface/acme/olmo-2-7b-legal",
    ]
    for artifact in olmo_family:
        assert verdicts[artifact].outcome is Outcome.UNKNOWN, artifact
        assert rules(artifact, Outcome.UNKNOWN) == {"inference-code"}, artifact
        assert "parameters-license" in rules(artifact, Outcome.PASS), artifact


def test_card_without_files_lists_the_weights_under_its_license(
    cards: dict[str, Artifact],
) -> None:
    (weights,) = cards[LLAMA].components_with_role(Role.MODEL_PARAMETERS_FINAL)
    assert weights.license is None and weights.files == []
    assert weights.availability is Availability.GATED  # extra_gated_prompt
    assert weights.evidence[0].kind is EvidenceKind.CONCLUDED
    (olmo_weights,) = cards[OLMO].components_with_role(Role.MODEL_PARAMETERS_FINAL)
    assert olmo_weights.availability is None
    (data,) = cards[MIX].components_with_role(Role.DATA_FILES)
    assert "dataset repository" in (data.evidence[0].note or "")


def test_defaults_for_a_missing_relation_are_documented(cards: dict[str, Artifact]) -> None:
    merge = cards["pkg:huggingface/mergekit-community/olmo-llama-slerp"]
    assert {e.note for e in merge.lineage} == {"no base_model_relation; several base models: merge"}
    support = cards["pkg:huggingface/acme/llama-3.1-8b-support"]
    assert support.lineage[0].note == "no base_model_relation; one base model: finetune"
    legal = cards["pkg:huggingface/acme/olmo-2-7b-legal"]
    assert legal.lineage[0].note == "base_model_relation: finetune"


def test_licenses_from_keywords_and_other(cards: dict[str, Artifact]) -> None:
    assert cards[OLMO].license == "Apache-2.0"
    assert cards[LLAMA].license == "LicenseRef-scancode-llama-3.1-license-2024"
    assert cards[MIX].license == "ODC-By-1.0"  # the Hub's "odc-by family" has one member
    support = cards["pkg:huggingface/acme/llama-3.1-8b-support"]
    assert support.license == "LicenseRef-scancode-llama-3.1-license-2024"
    kinds = [e.kind for e in support.evidence]
    assert EvidenceKind.DECLARED in kinds and EvidenceKind.NORMALISED in kinds
    # The open-washing case the policies report: a merge with a Llama base declared MIT.
    assert cards["pkg:huggingface/mergekit-community/olmo-llama-slerp"].license == "MIT"


def test_dataset_card_is_a_dataset(cards: dict[str, Artifact]) -> None:
    mix = cards[MIX]
    assert mix.kind is ArtifactKind.DATASET
    assert mix.name == "OLMo 2 Mix (November 2024)"
    assert mix.components[0].role is Role.DATASHEET
    assert mix.extra["task_categories"] == ["text-generation"]


def test_stub_for_a_dataset_no_card_defines(cards: dict[str, Artifact]) -> None:
    stub = cards["https://huggingface.co/datasets/acme/legal-qa"]
    assert stub.kind is ArtifactKind.DATASET
    assert stub.license is None and stub.components == []
    assert stub.extra["stub"]["referenced_by"] == "pkg:huggingface/acme/olmo-2-7b-legal"
    (evidence,) = stub.evidence
    assert evidence.locator == "datasets[0]"
    assert evidence.line == 6
    assert "no card for it was given" in (evidence.note or "")
    # Cards that are given are not stubbed.
    assert "stub" not in cards[OLMO].extra and "stub" not in cards[LLAMA].extra


def test_model_index_and_other_metadata(cards: dict[str, Artifact]) -> None:
    olmo = cards[OLMO]
    (results,) = olmo.components_with_role(Role.EVALUATION_RESULTS)
    assert [r["dataset"]["type"] for r in results.extra["results"]] == [
        "cais/mmlu",
        "openai/gsm8k",
    ]
    assert results.extra["results"][0]["metrics"][0]["value"] == 63.7
    assert olmo.extra["library_name"] == "transformers"
    assert olmo.extra["co2_eq_emissions"]["source"] == "OLMo 2 technical report"
    assert olmo.facts.training is not None
    assert olmo.facts.training.co2_kg == 52000.0
    assert olmo.facts.training.accelerator == "H100"
    assert olmo.name == "OLMo 2 7B"
    llama = cards[LLAMA]
    assert "extra_gated_prompt" in llama.extra
    assert llama.supplier == "meta-llama"
    assert llama.url == "https://huggingface.co/meta-llama/Llama-3.1-8B"


def test_cards_read_like_huggingface_hub_reads_them() -> None:
    repocard = pytest.importorskip("huggingface_hub.repocard")
    for path in sorted((DATA / "cards").glob("*.md")):
        theirs = repocard.RepoCard.load(path).data.to_dict()
        (ours, *_) = load_document(read_document(path), "huggingface").artifacts
        base = theirs.get("base_model")
        bases = [base] if isinstance(base, str) else list(base or [])
        ours_bases = [
            e.target.removeprefix("pkg:huggingface/")
            for e in ours.lineage
            if e.relation is not Relation.TRAINED_ON
        ]
        assert ours_bases == bases, path.name
        block, _, body = split_card(path.read_text("utf-8"))
        assert block is not None and body.strip() == repocard.RepoCard.load(path).text.strip()


# --- bad cards -----------------------------------------------------------------------------------


def _import(path: Path) -> tuple[Artifact, list[Problem]]:
    result = load_document(read_document(path), "huggingface")
    return result.artifacts[0], result.problems


def test_no_metadata_block() -> None:
    artifact, problems = _import(DATA / "bad" / "acme" / "no-metadata" / "README.md")
    (problem,) = problems
    assert problem.file.endswith("README.md") and problem.line == 1
    assert "no YAML metadata block" in problem.message
    assert artifact.id == "pkg:huggingface/acme/no-metadata"
    assert artifact.name == "A card without metadata"
    assert artifact.license is None


def test_broken_yaml_reports_the_line_and_keeps_the_card() -> None:
    artifact, problems = _import(DATA / "bad" / "acme--broken-yaml.md")
    (problem,) = problems
    assert problem.line == 5  # the line of the unclosed list in the file, not in the block
    assert "invalid YAML" in problem.message and "rest of the card is read" in problem.message
    assert artifact.name == "A card whose metadata does not parse"
    assert artifact.license is None and artifact.lineage == []


def test_license_list_is_read_as_and_with_a_warning() -> None:
    artifact, problems = _import(DATA / "bad" / "acme--license-list.md")
    assert artifact.license == "Apache-2.0 AND CC-BY-4.0"
    (problem,) = problems
    assert (problem.path, problem.line) == ("license", 2)
    assert "is a list" in problem.message
    assert artifact.extra["license"] == ["apache-2.0", "cc-by-4.0"]


def test_malformed_evaluation_section_keeps_the_good_results() -> None:
    artifact, problems = _import(DATA / "bad" / "acme--bad-eval.md")
    (results,) = artifact.components_with_role(Role.EVALUATION_RESULTS)
    assert len(results.extra["results"]) == 1
    assert {(p.path, p.line) for p in problems} == {
        ("model-index[0].results[1]", 14),
        ("model-index[0].results[2].metrics[0]", 23),
    }
    assert artifact.license == "MIT"


def test_html_is_removed_and_reported_field_by_field() -> None:
    artifact, problems = _import(DATA / "bad" / "acme--html-fields.md")
    by_path = {p.path: p for p in problems}
    assert {"license", "model_name", "base_model", "base_model_relation", "datasets[0]"} <= set(
        by_path
    )
    assert "HTML markup" in by_path["license"].message
    assert by_path["license"].line == 2
    assert artifact.license == "Apache-2.0"
    assert artifact.name == "Fancy Model"
    assert [(e.relation, e.target) for e in artifact.lineage] == [
        (Relation.FINE_TUNED_FROM, OLMO),
        (Relation.TRAINED_ON, MIX),
    ]
    assert "distilled" in by_path["base_model_relation"].message


def test_free_text_license_is_normalised_with_a_warning() -> None:
    artifact, problems = _import(DATA / "bad" / "acme--odd-license.md")
    assert artifact.license == "Apache-2.0"
    (problem,) = problems
    assert "not a Hugging Face license keyword" in problem.message


def test_family_keyword_leaves_the_license_unknown() -> None:
    artifact, problems = _import(DATA / "bad" / "acme--family-license.md")
    assert artifact.license is None
    assert "OpenRAIL family" in problems[0].message


# --- snapshots -----------------------------------------------------------------------------------


def _blob(blobs: Path, content: bytes, lfs: bool) -> Path:
    if lfs:
        name = hashlib.sha256(content).hexdigest()
    else:
        name = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
    path = blobs / name
    path.write_bytes(content)
    return path


def _cached_repo(hub: Path, repo: str, files: dict[str, bytes], revision: str) -> Path:
    """A Hub cache entry as huggingface_hub writes it: snapshot files link to blobs."""
    root = hub / ("models--" + repo.replace("/", "--"))
    blobs, snapshot = root / "blobs", root / "snapshots" / revision
    blobs.mkdir(parents=True)
    snapshot.mkdir(parents=True)
    (root / "refs").mkdir()
    (root / "refs" / "main").write_text(revision)
    for name, content in files.items():
        blob = _blob(blobs, content, lfs=name.endswith(".safetensors"))
        link = snapshot / name
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(os.path.relpath(blob, link.parent))
    return snapshot


ADAPTER_CARD = b"""---
base_model: allenai/OLMo-2-1124-7B
library_name: peft
license: apache-2.0
extra_gated_prompt: Agree to share your contact information.
---

# tiny-lora
"""


def test_hub_cache_snapshot_gives_components_with_digests(tmp_path: Path) -> None:
    revision = "0123456789abcdef0123456789abcdef01234567"
    weights = b"\x00" * 64
    snapshot = _cached_repo(
        tmp_path,
        "acme/tiny-lora",
        {
            "README.md": ADAPTER_CARD,
            "adapter_config.json": b'{"peft_type": "LORA", "r": 8}',
            "adapter_model.safetensors": weights,
            "tokenizer.json": b"{}",
            "train.py": b"print('train')\n",
            "LICENSE": b"Apache License 2.0\n",
            "images/loss.png": b"png",
        },
        revision,
    )
    assert locate_repo(str(snapshot / "README.md")).revision == revision
    result = load([snapshot])
    assert result.ok, result.errors
    by_id = {a.id: a for a in result.artifacts}
    card = by_id["pkg:huggingface/acme/tiny-lora"]
    assert card.version == revision
    assert card.purl == f"pkg:huggingface/acme/tiny-lora@{revision}"
    # No base_model_relation, but adapter_config.json: an adapter, as the Hub infers it.
    assert card.lineage[0].relation is Relation.ADAPTER_OF
    (weights_component,) = card.components_with_role(Role.MODEL_PARAMETERS_FINAL)
    assert weights_component.availability is Availability.GATED
    (ref,) = weights_component.files
    assert ref.path == "adapter_model.safetensors" and ref.size == 64
    assert ref.digests == {DigestAlgorithm.SHA256: hashlib.sha256(weights).hexdigest()}
    (config,) = card.components_with_role(Role.CONFIGURATION)
    assert DigestAlgorithm.GIT_SHA1 in config.files[0].digests
    assert card.components_with_role(Role.TOKENIZER)[0].availability is Availability.INCLUDED
    assert card.components_with_role(Role.INFERENCE_CODE)[0].files[0].path == "train.py"
    assert card.components_with_role(Role.LICENSE_TEXT)[0].files[0].path == "LICENSE"
    assert card.extra["other_files"] == ["images/loss.png"]
    # The base model's card is not in the cache: a stub, so the lineage resolves.
    assert "stub" in by_id[OLMO].extra


def test_base_in_the_same_cache_is_not_stubbed(tmp_path: Path) -> None:
    _cached_repo(
        tmp_path,
        "allenai/OLMo-2-1124-7B",
        {"README.md": b"---\nlicense: apache-2.0\n---\n# OLMo\n", "config.json": b"{}"},
        "1" * 40,
    )
    snapshot = _cached_repo(tmp_path, "acme/tiny-lora", {"README.md": ADAPTER_CARD}, "2" * 40)
    result = load([tmp_path])
    assert result.ok, result.errors
    assert {a.id for a in result.artifacts} == {OLMO, "pkg:huggingface/acme/tiny-lora"}
    assert all("stub" not in a.extra for a in result.artifacts)
    assert snapshot.exists()


def test_local_dir_download_metadata_gives_digests(tmp_path: Path) -> None:
    folder = tmp_path / "acme" / "tiny"
    meta = folder / ".cache" / "huggingface" / "download"
    meta.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: mit\n---\n# tiny\n")
    (folder / "model.safetensors").write_bytes(b"weights")
    (folder / "config.json").write_text('{"model_type": "llama"}')
    digest = hashlib.sha256(b"weights").hexdigest()
    (meta / "model.safetensors.metadata").write_text(f"{'a' * 40}\n{digest}\n1730000000.0\n")
    result = load([folder])
    assert result.ok, result.errors
    (card,) = result.artifacts
    assert card.id == "pkg:huggingface/acme/tiny"
    assert card.version == "a" * 40
    assert card.facts.type_of_model == "llama"
    (weights,) = card.components_with_role(Role.MODEL_PARAMETERS_FINAL)
    assert weights.files[0].digests == {DigestAlgorithm.SHA256: digest}


def test_readme_outside_a_snapshot_without_metadata_is_not_a_card(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Just a project README\n")
    document = read_document(tmp_path / "README.md")
    assert not HuggingFaceImporter().detect(document)


def test_two_cards_referencing_the_same_absent_base(tmp_path: Path) -> None:
    for name in ("acme--a.md", "acme--b.md"):
        (tmp_path / name).write_text("---\nlicense: mit\nbase_model: org/absent\n---\n# x\n")
    result = load([tmp_path])
    assert result.ok, result.errors


def test_card_metadata_nested_too_deeply_is_a_clear_problem(tmp_path: Path) -> None:
    """Unknown card metadata is kept in ``extra``; nested past its limit, the card is refused
    with the field and the reason, not pydantic's whole report."""
    value: object = "x"
    for _ in range(80):
        value = {"a": value}
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: mit\nweird_thing: " + json.dumps(value) + "\n---\n# M\n")
    (error,) = load([card]).errors
    assert error.message.startswith("could not build the artifact: extra: Value error, nests ")
    assert "more than 64 levels deep" in error.message and "pydantic" not in error.message
