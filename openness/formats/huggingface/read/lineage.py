"""``base_model`` (with ``base_model_relation``) and ``datasets``: repository ids, the
relation to the base model, and stubs for what the inputs do not define."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openness.formats.huggingface.read.card import Card
from openness.formats.huggingface.read.repo import HUB_URL, is_repo_id, repo_artifact_id, repo_url
from openness.model import Artifact, ArtifactKind, LineageEdge, Relation

__all__ = ["RELATIONS", "base_relation", "dedupe_edges", "repo_list", "stub_artifact"]


#: ``base_model_relation`` values and the lineage relation each becomes.
RELATIONS: dict[str, Relation] = {
    "finetune": Relation.FINE_TUNED_FROM,
    "adapter": Relation.ADAPTER_OF,
    "quantized": Relation.QUANTIZED_FROM,
    "merge": Relation.MERGED_FROM,
}


def repo_list(
    card: Card, key: str, value: Any, kind: ArtifactKind
) -> list[tuple[tuple[str | int, ...], str]]:
    """Repository ids from a string or a list, each with its field path."""
    if value is None:
        return []
    items: list[tuple[tuple[str | int, ...], Any]]
    if isinstance(value, list):
        items = [((key, i), v) for i, v in enumerate(value)]
    else:
        items = [((key,), value)]
    out: list[tuple[tuple[str | int, ...], str]] = []
    for path, item in items:
        text = card.text(path, item)
        if text is None:
            continue
        repo = text
        for prefix in (f"{HUB_URL}/datasets/", f"{HUB_URL}/", "huggingface.co/datasets/", "hf://"):
            if repo.startswith(prefix):
                repo = repo[len(prefix) :]
        repo = repo.strip("/")
        if not is_repo_id(repo):
            what = "dataset" if kind is ArtifactKind.DATASET else "model"
            card.warn(
                path,
                f"{text!r} is not a Hub {what} id (expected 'org/name'); the reference is ignored",
            )
            continue
        out.append((path, repo))
    return out


def base_relation(
    card: Card, meta: Mapping[str, Any], count: int, files: Sequence[str]
) -> tuple[Relation, str]:
    raw = meta.get("base_model_relation")
    if raw is not None:
        text = card.text(("base_model_relation",), raw)
        if text is not None and text.lower() in RELATIONS:
            return RELATIONS[text.lower()], f"base_model_relation: {text}"
        card.warn(
            ("base_model_relation",),
            f"base_model_relation {raw!r} is not one of {', '.join(RELATIONS)}; "
            "the default is used",
        )
    names = {f.rsplit("/", 1)[-1].lower() for f in files}
    if "adapter_config.json" in names:
        return Relation.ADAPTER_OF, "no base_model_relation; adapter_config.json: adapter"
    if any(n.endswith((".gguf", ".ggml")) for n in names):
        return Relation.QUANTIZED_FROM, "no base_model_relation; GGUF weights: quantized"
    if count > 1:
        return Relation.MERGED_FROM, "no base_model_relation; several base models: merge"
    return Relation.FINE_TUNED_FROM, "no base_model_relation; one base model: finetune"


def dedupe_edges(edges: Iterable[LineageEdge]) -> list[LineageEdge]:
    seen: set[tuple[str, str]] = set()
    out: list[LineageEdge] = []
    for edge in edges:
        key = (edge.relation.value, edge.target)
        if key not in seen:
            seen.add(key)
            out.append(edge)
    return out


def stub_artifact(
    card: Card,
    path: tuple[str | int, ...],
    repo: str,
    kind: ArtifactKind,
    referrer: str,
    what: str,
) -> Artifact:
    """A placeholder for a referenced repository whose card was not given: no license, no
    components, so every verdict that depends on it is unknown."""
    return Artifact(
        id=repo_artifact_id(repo, kind),
        kind=kind,
        name=repo,
        url=repo_url(repo, kind),
        purl=f"pkg:huggingface/{repo}" if kind is ArtifactKind.MODEL else None,
        supplier=repo.split("/")[0] if "/" in repo else None,
        evidence=[
            card.evidence(
                path,
                f"referenced by {referrer} as its {what}; no card for it was given, so its "
                "license and components are unknown",
            )
        ],
        extra={"stub": {"referenced_by": referrer, "reason": "no card was given for it"}},
    )
