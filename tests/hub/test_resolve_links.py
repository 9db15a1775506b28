"""Card links of resolved repos (issue 15 item 7): the arXiv tag and the GitHub link of
acme/mistral-7b-helpsteer2 and the arXiv link of Mistral 7B become components of kind
``detected`` whose evidence names the card at the commit it was read at, online and offline."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.loading import load
from openness.model import Artifact, Component, EvidenceKind, Role

from .fixtures import OfflineHub
from .server import GRANTED_TOKEN, HubServer

MODEL = "pkg:huggingface/acme/mistral-7b-helpsteer2"
MISTRAL = "pkg:huggingface/mistralai/Mistral-7B-v0.1"


def linked(artifact: Artifact) -> list[Component]:
    return [
        c
        for c in artifact.components
        if c.role in (Role.RESEARCH_PAPER, Role.TRAINING_CODE, Role.SOURCE_CODE)
    ]


def _check(artifacts: list[Artifact]) -> None:
    by_id = {a.id: a for a in artifacts}
    model = by_id[MODEL]
    commit = model.version
    assert commit is not None and len(commit) == 40
    card = f"https://huggingface.co/acme/mistral-7b-helpsteer2/blob/{commit}/README.md"
    paper, code = linked(model)
    assert (paper.role, paper.name, paper.location, str(paper.license)) == (
        Role.RESEARCH_PAPER,
        "arXiv:2406.08673",
        "https://arxiv.org/abs/2406.08673",
        "NOASSERTION",
    )
    assert [(e.source, e.locator, e.line, e.kind) for e in paper.evidence] == [
        (card, "tags[0]", 11, EvidenceKind.DETECTED)
    ]
    assert (code.role, code.location, str(code.license)) == (
        Role.TRAINING_CODE,
        "https://github.com/NVIDIA/NeMo-Aligner",
        "NOASSERTION",
    )
    assert [(e.source, e.line, e.kind, e.note) for e in code.evidence] == [
        (card, 19, EvidenceKind.DETECTED, "linked from the card text")
    ]
    base = by_id[MISTRAL]
    (mistral_paper,) = linked(base)
    assert mistral_paper.location == "https://arxiv.org/abs/2310.06825"
    assert [e.source for e in mistral_paper.evidence] == [
        f"https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/{base.version}/README.md"
    ]


def test_card_links_of_a_resolved_repo_are_pinned_to_its_commit(
    hub_server: HubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", GRANTED_TOKEN)  # Mistral 7B is gated: its card text too
    result = load(["hf:acme/mistral-7b-helpsteer2"], quiet=True)
    assert result.ok, result.errors
    _check(result.artifacts)


def test_without_access_a_gated_cards_text_is_not_read(hub_server: HubServer) -> None:
    """Without a token only the metadata of gated Mistral 7B is known (the Hub's cardData): its
    tags would give papers, but the arXiv link of its text is not seen."""
    result = load(["hf:mistralai/Mistral-7B-v0.1"], quiet=True)
    assert result.ok, result.errors
    assert linked(result.artifacts[0]) == []


def test_the_same_from_the_offline_cache(hub_offline: OfflineHub) -> None:
    hub_offline.add(
        "acme/mistral-7b-helpsteer2", "mistralai/Mistral-7B-v0.1", "datasets/nvidia/HelpSteer2"
    )
    result = load(["hf:acme/mistral-7b-helpsteer2"], quiet=True)
    assert result.ok, result.errors
    _check(result.artifacts)


def test_import_writes_them_with_no_license_asserted(hub_server: HubServer) -> None:
    """``openness import hf:ID`` writes the manifest a reviewer completes: the paper and the code
    are there, their license NOASSERTION until someone states it."""
    proc = CliRunner().invoke(
        cli,
        ["import", "hf:acme/mistral-7b-helpsteer2", "--to", "json", "-q"],
        catch_exceptions=False,
    )
    assert proc.exit_code == 0, proc.output
    manifest = json.loads(proc.output)
    model = next(a for a in manifest["artifacts"] if a["id"] == MODEL)
    written = [
        (c["role"], c["location"], c["license"])
        for c in model["components"]
        if c["role"] in ("research-paper", "training-code")
    ]
    assert written == [
        ("research-paper", "https://arxiv.org/abs/2406.08673", "NOASSERTION"),
        ("training-code", "https://github.com/NVIDIA/NeMo-Aligner", "NOASSERTION"),
    ]
