"""The European Open Source AI Index importer, on a copy of the whole main database (193
system files, tests/data/eu_index/SOURCE.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.documents import parse_text
from openness.formats.eu_index.read import (
    DIMENSIONS,
    EUIndexImporter,
    availability,
    index_ratings,
    ratings_of,
    read_ratings,
)
from openness.loading import load
from openness.model import Artifact, Availability, EvidenceKind, Relation, Role

DATA = Path(__file__).parent / "data" / "eu_index"
SYSTEMS = 193
BASES = 148


@pytest.fixture(scope="module")
def loaded() -> dict[str, Artifact]:
    result = load([DATA])
    assert result.ok, result.errors
    return {a.id: a for a in result.artifacts}


def test_every_system_file_imports(loaded: dict[str, Artifact]) -> None:
    ends = [a for a in loaded.values() if not a.id.endswith(":base")]
    assert len(ends) == SYSTEMS
    assert len(loaded) == SYSTEMS + BASES
    for end in ends:
        assert ratings_of(end) is not None, end.id
        assert len(ratings_of(end).ratings) == 12  # type: ignore[union-attr]
    result = load([DATA])
    (template,) = [w for w in result.warnings if "template" in w.message]
    assert template.file.endswith("a_submission_template.yaml")
    assert template.path == "system.name"


def test_system_becomes_base_and_end_model(loaded: dict[str, Artifact]) -> None:
    end, base = loaded["osai-index:olmo"], loaded["osai-index:olmo:base"]
    assert end.name == "Olmo-3.1-32B-Think" and base.name == "Olmo-3-1125-32B"
    assert end.supplier == base.supplier == "Ai2"
    (edge,) = end.lineage
    assert (edge.relation, edge.target) == (Relation.FINE_TUNED_FROM, base.id)
    assert end.license == "Apache-2.0"
    assert [c.role for c in base.components] == [Role.DATASETS, Role.MODEL_PARAMETERS_FINAL]
    roles = [c.role for c in end.components]
    assert roles == [
        Role.DATASETS,
        Role.MODEL_PARAMETERS_FINAL,
        Role.TRAINING_CODE,
        Role.DOCUMENTATION,
        Role.DOCUMENTATION,
        Role.TECHNICAL_REPORT,
        Role.RESEARCH_PAPER,
        Role.MODEL_CARD,
        Role.DATA_CARD,
    ]
    paper = end.components_with_role(Role.RESEARCH_PAPER)[0]
    assert paper.availability is Availability.INCLUDED  # rated partial: a document exists
    assert paper.extra["index_class"] == "partial"
    (evidence,) = paper.evidence
    assert evidence.kind is EvidenceKind.CONCLUDED
    assert evidence.locator == "paper.class" and evidence.line == 75
    assert "COLM 2025" in (evidence.note or "")
    assert paper.location == "https://openreview.net/forum?id=2ezugTT9kU#discussion"


def test_availability_by_kind_of_dimension() -> None:
    assert availability("weights", "partial") is Availability.GATED
    assert availability("document", "partial") is Availability.INCLUDED
    assert availability("data", "partial") is None
    assert availability("code", "partial") is None
    for kind in ("weights", "document", "data", "code"):
        assert availability(kind, "open") is Availability.INCLUDED
        assert availability(kind, "closed") is Availability.NOT_RELEASED
        assert availability(kind, None) is None


def test_system_without_a_distinct_base_model(loaded: dict[str, Artifact]) -> None:
    assert "osai-index:deepfloyd:base" not in loaded
    deepfloyd = loaded["osai-index:deepfloyd"]
    assert deepfloyd.lineage == []
    assert [c.name for c in deepfloyd.components][:2] == [
        "End User Model Data",
        "End User Model Weights",
    ]
    assert deepfloyd.license == "LicenseRef-openness-deepfloyd-if-license"


def test_variant_license_key_and_misplaced_fields(loaded: dict[str, Artifact]) -> None:
    assert loaded["osai-index:gansynth"].license == "Apache-2.0"  # "endmodel license"
    koala = loaded["osai-index:koala"]
    assert koala.extra["system.datasources_endmodel"].startswith("HC3")
    result = load([DATA / "koala.yaml"])
    (warning,) = [w for w in result.warnings if "datasources_endmodel" in w.path]
    assert warning.path == "system.datasources_endmodel" and warning.line == 23


def test_unresolved_licenses_stay_unknown_with_a_warning() -> None:
    result = load([DATA / "SkyWorks-OR1.yaml", DATA / "Baichuan.yaml"])
    by_file = {Path(w.file).name: w for w in result.warnings if "license" in w.path}
    assert "Unknown (Apache-2.0?)" in by_file["SkyWorks-OR1.yaml"].message
    assert "Baichuan2" in by_file["Baichuan.yaml"].message
    assert all(a.license is None for a in result.artifacts)


def test_component_licenses_from_the_license_notes(loaded: dict[str, Artifact]) -> None:
    cosmos = loaded["osai-index:cosmos"]
    weights = cosmos.components_with_role(Role.MODEL_PARAMETERS_FINAL)[0]
    assert weights.license == "LicenseRef-scancode-nvidia-open-model-2025-04-28"
    code = cosmos.components_with_role(Role.TRAINING_CODE)[0]
    assert code.license == "Apache-2.0"
    assert any("Code: Apache-2.0" in (e.note or "") for e in code.evidence)
    # "Weights: Falcon LLM License" names no single version: no license is set.
    falcon = loaded["osai-index:falcon"]
    assert falcon.components_with_role(Role.MODEL_PARAMETERS_FINAL)[0].license is None


def test_ratings_extraction_round_trips(loaded: dict[str, Artifact]) -> None:
    from_file = read_ratings(DATA / "OLMo.yaml")
    from_artifact = ratings_of(loaded["osai-index:olmo"])
    assert from_artifact == from_file
    assert from_file.end_id == "osai-index:olmo"
    assert from_file.base_id == "osai-index:olmo:base"
    assert from_file.ratings["paper"].rating == "partial"
    assert from_file.ratings["licenses"].notes == "Apache 2.0, an OSI-approved license."
    assert from_file.counts() == {"open": 11, "partial": 1, "closed": 0, "unrated": 0}
    assert from_file.points() == pytest.approx(11.5 / 12)
    assert [r.dimension for r in from_file.ratings.values()] == [d.key for d in DIMENSIONS]
    assert from_file.to_dict()["ratings"]["paper"]["rating"] == "partial"


def test_not_an_index_file() -> None:
    with pytest.raises(ValueError, match=r"system\.name"):
        index_ratings({"system": {"name": ""}})
    document = parse_text("x.yaml", "artifacts: []\n", "yaml")
    assert not EUIndexImporter().detect(document)
    aux = parse_text(str(DATA / "_parameters.yml"), (DATA / "_parameters.yml").read_text(), "yaml")
    assert EUIndexImporter().detect(aux)
    assert EUIndexImporter().load(aux).artifacts == []
