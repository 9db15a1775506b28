"""One card as an artifact: where it sits, its components, lineage, facts and extra
metadata, and the stubs of what it refers to."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.huggingface.read.card import (
    DATASET_KEYS,
    GATED_KEYS,
    MAPPED_KEYS,
    MODEL_KEYS,
    Card,
    card_title,
    parse_metadata,
    plain_value,
    split_card,
)
from openness.formats.huggingface.read.card_facts import card_facts
from openness.formats.huggingface.read.licenses import card_license
from openness.formats.huggingface.read.lineage import (
    base_relation,
    dedupe_edges,
    repo_list,
    stub_artifact,
)
from openness.formats.huggingface.read.links import card_links
from openness.formats.huggingface.read.metrics import eval_results, training_emissions
from openness.formats.huggingface.read.repo import (
    RepoRef,
    defined_in_inputs,
    is_repo_id,
    locate_repo,
    repo_artifact_id,
    repo_url,
    where_note,
)
from openness.formats.huggingface.read.snapshot import (
    SnapshotFile,
    is_readme,
    is_snapshot,
    model_type_of,
    read_config,
    repository_content,
    snapshot_components,
    snapshot_files,
)
from openness.formats.importer import ImportResult, Origin
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    Evidence,
    EvidenceKind,
    Facts,
    LineageEdge,
    Relation,
    Role,
    plain_extra,
)

__all__ = ["read_card"]


def _kind(meta: Mapping[str, Any], ref: RepoRef) -> ArtifactKind:
    if ref.kind is not None:
        return ref.kind
    keys = set(meta)
    if keys & DATASET_KEYS and not keys & MODEL_KEYS:
        return ArtifactKind.DATASET
    return ArtifactKind.MODEL


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a card sits: its repository, kind, revision, snapshot files and ids."""

    ref: RepoRef
    kind: ArtifactKind
    folder: str
    snapshot: list[SnapshotFile]
    revision: str | None
    repo: str
    artifact_id: str
    url: str | None
    card_location: str


def _open_card(document: Document) -> tuple[Card, dict[str, Any], str]:
    """The card's problem collector, its metadata (empty when there is none) and its body."""
    block, offset, body = split_card(document.text)
    if block is None:
        problem = Problem(
            document.path,
            "",
            "no YAML metadata block (--- at the top of the card): license, base model "
            "and datasets are unknown; add one "
            "(https://huggingface.co/docs/hub/model-cards#model-card-metadata)",
            1,
            Severity.WARNING,
        )
        return Card(document, offset, None, [problem]), {}, body
    meta, meta_doc, problems = parse_metadata(document, block, offset)
    return Card(document, offset, meta_doc, problems), meta, body


def _fallback_repo(card: Card, document: Document, folder: str) -> str:
    """A name for a card whose path shows no Hub repository id (reported)."""
    fallback = (
        os.path.basename(folder)
        if is_readme(document.path)
        else os.path.splitext(os.path.basename(document.path))[0]
    )
    repo = (
        fallback
        if is_repo_id(fallback)
        else re.sub(r"[^A-Za-z0-9._-]+", "-", fallback).strip("-") or "card"
    )
    card.warn(
        (),
        f"the Hub repository id cannot be read from the path; named {repo!r}. Lay cards "
        "out as <org>/<name>/README.md, name them <org>--<name>.md, or read them from "
        "the Hub cache",
    )
    return repo


def _place(card: Card, document: Document, meta: Mapping[str, Any]) -> _Place:
    ref = locate_repo(document.path)
    kind = _kind(meta, ref)
    folder = os.path.dirname(os.path.abspath(document.path))
    snapshot: list[SnapshotFile] = []
    if is_readme(document.path) and is_snapshot(folder, ref.layout):  # (the same layout)
        snapshot = snapshot_files(folder, os.path.basename(document.path))
    revision = ref.revision or next((f.revision for f in snapshot if f.revision), None)
    repo = ref.repo_id if ref.repo_id is not None else _fallback_repo(card, document, folder)
    url = repo_url(repo, kind) if ref.repo_id else None
    card_location = (
        f"{url}/blob/{revision or 'main'}/README.md" if url else os.path.basename(document.path)
    )
    return _Place(
        ref,
        kind,
        folder,
        snapshot,
        revision,
        repo,
        repo_artifact_id(repo, kind),
        url,
        card_location,
    )


def _components(
    card: Card, meta: Mapping[str, Any], place: _Place
) -> tuple[list[Component], list[str]]:
    """The card itself, its evaluation results and the repository's files (with the files of
    the snapshot no role fits)."""
    document = card.document
    components: list[Component] = [
        Component(
            role=Role.DATASHEET if place.kind is ArtifactKind.DATASET else Role.MODEL_CARD,
            name=os.path.basename(document.path),
            availability=Availability.INCLUDED,
            location=place.card_location,
            revision=place.revision,
            evidence=[
                Evidence(source=document.path, kind=EvidenceKind.DETECTED, note="the card itself")
            ],
        )
    ]
    evaluation = eval_results(card, meta.get("model-index"), place.card_location)
    if evaluation is not None:
        components.append(evaluation)
    gated = any(meta.get(k) for k in GATED_KEYS)
    if not place.snapshot:
        components.append(repository_content(document.path, place.kind, gated, place.url))
        return components, []
    found, other_files = snapshot_components(
        card, place.folder, place.snapshot, place.kind, gated, place.url
    )
    return components + found, other_files


def _lineage(
    card: Card, meta: Mapping[str, Any], place: _Place
) -> tuple[list[LineageEdge], list[Artifact]]:
    """Edges to the base models and training datasets, with stubs for those not given."""
    lineage: list[LineageEdge] = []
    stubs: list[Artifact] = []
    bases = repo_list(card, "base_model", meta.get("base_model"), ArtifactKind.MODEL)
    if bases:
        relation, how = base_relation(card, meta, len(bases), [f.path for f in place.snapshot])
        for path, base in bases:
            lineage.append(
                LineageEdge(
                    relation=relation,
                    target=repo_artifact_id(base, ArtifactKind.MODEL),
                    note=how,
                    evidence=[card.evidence(path, f"base_model: {base}")],
                )
            )
            if not defined_in_inputs(place.ref, base, ArtifactKind.MODEL):
                stubs.append(
                    stub_artifact(
                        card, path, base, ArtifactKind.MODEL, place.artifact_id, "base model"
                    )
                )
    elif "base_model_relation" in meta:
        card.warn(("base_model_relation",), "base_model_relation without base_model; ignored")
    for path, dataset in repo_list(card, "datasets", meta.get("datasets"), ArtifactKind.DATASET):
        lineage.append(
            LineageEdge(
                relation=Relation.TRAINED_ON,
                target=repo_artifact_id(dataset, ArtifactKind.DATASET),
                evidence=[card.evidence(path, f"datasets: {dataset}")],
            )
        )
        if not defined_in_inputs(place.ref, dataset, ArtifactKind.DATASET):
            stubs.append(
                stub_artifact(
                    card, path, dataset, ArtifactKind.DATASET, place.artifact_id, "training data"
                )
            )
    return dedupe_edges(lineage), stubs


def _extra(
    card: Card,
    meta: Mapping[str, Any],
    other_files: list[str],
    title: str | None,
    label: str | None,
) -> dict[str, Any]:
    """The metadata no field maps, as plain values (what no format can write is reported)."""
    extra: dict[str, Any] = {}
    for key, value in meta.items():
        if key in MAPPED_KEYS:
            continue
        _, unfit = plain_extra({str(key): value})
        if unfit is not None:  # NaN, an infinity, binary data: no format can write it
            card.warn((str(key),), f"{unfit}; not kept")
            continue
        extra[str(key)] = plain_value(value)
    for key in ("license_name", "license_link"):
        if key in meta:
            extra[key] = plain_value(meta[key])
    if isinstance(meta.get("license"), list):
        extra["license"] = plain_value(meta["license"])
    if other_files:
        extra["other_files"] = other_files
    if title and title != label:
        extra.setdefault("title", title)
    return extra


def _facts(
    card: Card, meta: Mapping[str, Any], place: _Place, body: str, results: Any
) -> tuple[Facts, list[Evidence]]:
    training = (
        training_emissions(card, meta.get("co2_eq_emissions"))
        if "co2_eq_emissions" in meta
        else None
    )
    config = read_config(place.folder) if place.snapshot else None  # (read once, for both)
    model_type = model_type_of(config)
    text = card.document.text
    body_line = text.count("\n", 0, len(text) - len(body))
    folder = place.folder if place.snapshot else None
    values, evidence = card_facts(card, meta, body, body_line, training, results, folder, config)
    if model_type is not None:
        values["type_of_model"] = model_type
    return (Facts(**values) if values else Facts()), evidence


_CARD_WORDS = re.compile(
    r"^\s*(?:(?:model|dataset)\s+card\s+(?:for|of)\s*:?\s*)|"
    r"\s*[-:–—]?\s*(?:model|dataset)\s+card\s*$",
    re.IGNORECASE,
)


def name_in_title(title: str | None) -> str | None:
    """The model's name in a card's first heading, without the words that name the card:
    "Model Card for Mistral-7B-v0.1" gives "Mistral-7B-v0.1", "Gemma 2 model card" gives
    "Gemma 2"; None when nothing is left."""
    if title is None:
        return None
    name = _CARD_WORDS.sub("", title).strip()
    return name or None


def read_card(document: Document) -> ImportResult:
    """One card (with its snapshot, when it sits in one) as an artifact and the stubs of what
    it refers to."""
    card, meta, body = _open_card(document)
    title = card_title(body)
    label = card.text(("model_name",), meta.get("model_name")) or card.text(
        ("pretty_name",), meta.get("pretty_name")
    )
    place = _place(card, document, meta)  # (after the label: the problems keep their order)
    license_expr, license_evidence = card_license(card, meta)
    components, other_files = _components(card, meta, place)
    components.extend(card_links(card, meta, body))
    lineage, stubs = _lineage(card, meta, place)
    extra = _extra(card, meta, other_files, title, label)
    results = next((c.extra.get("results") for c in components if c.name == "model-index"), None)
    facts, fact_evidence = _facts(card, meta, place, body, results)
    evidence = [
        Evidence(
            source=document.path,
            kind=EvidenceKind.CONCLUDED,
            note=where_note(place.ref, place.repo),
        ),
        *license_evidence,
        *fact_evidence,
    ]
    repo, revision, kind = place.repo, place.revision, place.kind
    artifact = Artifact(
        id=place.artifact_id,
        kind=kind,
        name=label or name_in_title(title) or repo,
        version=revision,
        license=license_expr,
        supplier=repo.split("/")[0] if "/" in repo else None,
        url=place.url,
        purl=f"pkg:huggingface/{repo}" + (f"@{revision}" if revision else "")
        if kind is ArtifactKind.MODEL
        else None,
        components=components,
        lineage=lineage,
        facts=facts,
        evidence=evidence,
        extra=extra,
    )
    result = ImportResult(problems=card.problems)
    result.artifacts.append(artifact)
    result.origins.append(Origin(document, ()))
    seen = {artifact.id}
    for stub in stubs:
        if stub.id not in seen:
            seen.add(stub.id)
            result.artifacts.append(stub)
            result.origins.append(Origin(document, ()))
    return result
