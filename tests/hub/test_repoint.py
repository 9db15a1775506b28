"""Pinning repoints evidence by copying what changes; what it gives is what dumping the
artifact to JSON, changing its ``source`` texts and validating it again gives (the trip),
values the copy cannot vouch for included (they take the trip)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from openness.documents import read_document
from openness.hub.repoint import repoint_data, repointed
from openness.importers.huggingface import HuggingFaceImporter
from openness.model import (
    Artifact,
    ArtifactKind,
    Component,
    Compute,
    EvalResult,
    Evidence,
    Facts,
    FileRef,
    LicenseExpression,
    Recipe,
    Role,
)

COMMIT = "c" * 40
PAGE = f"https://huggingface.co/acme/m/blob/{COMMIT}/"
TREE = f"https://huggingface.co/acme/m/tree/{COMMIT}"
SNAP = "/cache/models--acme--m/snapshots/" + COMMIT
CARDS = "/cache/models--acme--m/.openness/cards/models--acme--m/snapshots/" + COMMIT


def _trip(artifact: Artifact, folders: list[str]) -> Artifact:
    data: Any = artifact.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    for folder in folders:
        repoint_data(data, folder, PAGE, TREE)
    return Artifact.model_validate(data)


def _same(artifact: Artifact, folders: list[str] | None = None) -> Artifact:
    folders = folders or [SNAP]
    got = repointed(artifact, folders, PAGE, TREE)
    want = _trip(artifact, folders)
    assert got == want
    assert got.model_dump_json() == want.model_dump_json()
    for a, b in zip(
        [got.license, *(c.license for c in got.components)],
        [want.license, *(c.license for c in want.components)],
        strict=True,
    ):
        if a is None or b is None:
            assert a is b
        else:
            assert (a.rewrites, a.raw) == (b.rewrites, b.raw)
    return got


def _evidence(source: str) -> Evidence:
    return Evidence(source=source, note="n")


def _artifact(**kw: Any) -> Artifact:
    base: dict[str, Any] = {
        "id": "pkg:huggingface/acme/m",
        "kind": ArtifactKind.MODEL,
        "evidence": [_evidence(SNAP + "/README.md"), _evidence("elsewhere/README.md")],
    }
    return Artifact(**{**base, **kw})


def test_sources_inside_the_snapshot_become_web_addresses_and_the_rest_is_kept() -> None:
    files = [FileRef(path="model.safetensors", size=4)]
    weights = Component(role=Role.MODEL_PARAMETERS_FINAL, files=files, evidence=[_evidence(SNAP)])
    untouched = Component(role=Role.TOKENIZER, evidence=[_evidence("https://example.org/t")])
    artifact = _artifact(
        components=[weights, untouched],
        facts=Facts(
            training=Compute(co2_kg=1.5, evidence=[_evidence(SNAP + "/README.md")]),
            recipe=Recipe(frameworks={"source": SNAP + "/x.py", "torch": "2.3"}),
            evaluation=[EvalResult(metric="acc", value=0.5, source=SNAP + "/eval.json")],
        ),
        extra={"nested": [{"source": SNAP + "/sub/a.md"}, {"source": 3}], "source": "x"},
    )
    got = _same(artifact)
    assert got.evidence[0].source == PAGE + "README.md"
    assert got.evidence[1] is artifact.evidence[1]  # nothing changed: not copied
    assert got.components[0].evidence[0].source == TREE
    assert got.components[0].files[0] is files[0]
    assert got.components[1] is untouched
    assert got.facts.recipe is not None and got.facts.recipe.frameworks["source"] == PAGE + "x.py"
    assert got.facts.evaluation[0].source == PAGE + "eval.json"
    assert got.extra["nested"][0] == {"source": PAGE + "sub/a.md"}


def test_the_card_folder_is_repointed_after_the_snapshot() -> None:
    artifact = _artifact(evidence=[_evidence(CARDS + "/README.md"), _evidence(SNAP + "/a")])
    got = _same(artifact, [SNAP, CARDS])
    assert [e.source for e in got.evidence] == [PAGE + "README.md", PAGE + "a"]


def test_license_expressions_are_read_again_from_their_text() -> None:
    written = LicenseExpression.of("apache-2.0 OR mit")
    assert written.rewrites  # (the canonical text has none)
    component = Component(role=Role.LICENSE_TEXT, license=LicenseExpression.of("GPL-2.0+"))
    got = _same(_artifact(license=written, components=[component]))
    assert got.license is not None and got.license.rewrites == ()


def test_values_the_trip_changes_take_the_trip() -> None:
    infinite = Facts(training=Compute(co2_kg=float("inf")))
    got = _same(_artifact(facts=infinite))
    assert got.facts.training is not None and got.facts.training.co2_kg == float("inf")
    got = _same(_artifact(extra={"map": {1: "one"}}))
    assert got.extra == {"map": {"1": "one"}}


def test_a_pinned_snapshot_card_is_what_the_trip_gives(tmp_path: Path) -> None:
    snap = tmp_path / "models--acme--m" / "snapshots" / COMMIT
    snap.mkdir(parents=True)
    (snap / "README.md").write_text(
        "---\nlicense: apache-2.0\nbase_model: acme/base\npipeline_tag: text-generation\n"
        "co2_eq_emissions: 12\n---\n# M\n\n## Uses\n\n- chat\n"
    )
    (snap / "config.json").write_text('{"model_type": "llama", "max_position_embeddings": 8}')
    (snap / "LICENSE").write_text("MIT License\n\nPermission is hereby granted, free of charge")
    (snap / "model.safetensors").write_bytes(b"\0" * 8)
    imported = HuggingFaceImporter().load(read_document(str(snap / "README.md"), fmt="text"))
    artifact = imported.artifacts[0]
    got = _same(artifact, [os.path.abspath(snap)])
    sources = [e.source for c in got.components for e in c.evidence]
    assert str(snap) not in " ".join(sources)
    assert PAGE + "LICENSE" in sources
