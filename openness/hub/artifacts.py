"""What a resolved repository adds to the artifact its card gives: the files the Hub lists but
that were never downloaded (weights, data, code) as components with the Hub's sizes and
digests, and evidence that names the repository's web page at the commit instead of a path in
the local cache. And the stub that stands for a repository that could not be read."""

from __future__ import annotations

import os
from typing import Any

from openness.formats.huggingface.read.snapshot import ROLE_NAMES, file_role
from openness.hub.cache import RemoteFile
from openness.hub.headers import HeaderFacts
from openness.hub.ids import HubId
from openness.hub.repoint import repointed
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    DigestAlgorithm,
    Evidence,
    EvidenceKind,
    FileRef,
    LineageEdge,
    Relation,
    Role,
)

__all__ = ["artifact_id", "pin", "repo_url", "stub"]

_HUB = "https://huggingface.co"


def artifact_id(hub_id: HubId) -> str:
    """The id the card reader gives the repository's artifact."""
    if hub_id.kind == "dataset":
        return f"{_HUB}/datasets/{hub_id.repo_id}"
    return f"pkg:huggingface/{hub_id.repo_id}"


def repo_url(hub_id: HubId) -> str:
    """The repository's page on the Hub."""
    return (
        f"{_HUB}/datasets/{hub_id.repo_id}"
        if hub_id.kind == "dataset"
        else (f"{_HUB}/{hub_id.repo_id}")
    )


def _kind(hub_id: HubId) -> ArtifactKind:
    return ArtifactKind.DATASET if hub_id.kind == "dataset" else ArtifactKind.MODEL


def _file_ref(item: RemoteFile) -> FileRef:
    digests: dict[DigestAlgorithm, str] = {}
    if item.sha256:
        digests[DigestAlgorithm.SHA256] = item.sha256
    elif item.blob_id:
        digests[DigestAlgorithm.GIT_SHA1] = item.blob_id
    return FileRef(path=item.path, size=item.size, digests=digests)


def _remote_components(
    artifact: Artifact,
    hub_id: HubId,
    commit: str,
    files: list[RemoteFile],
    local: set[str],
    gated: bool,
) -> list[Component]:
    """The artifact's components, with every listed file not in the snapshot added to the
    component of its role (a new one when the snapshot has none)."""
    kind = _kind(hub_id)
    by_role: dict[Role, list[RemoteFile]] = {}
    for item in files:
        if item.path in local or os.path.basename(item.path).startswith("."):
            continue
        role = file_role(item.path, kind)
        if role is not None:
            by_role.setdefault(role, []).append(item)
    if not by_role:
        return list(artifact.components)
    note = f"listed by the Hub at commit {commit}; not downloaded"
    components: list[Component] = []
    for component in artifact.components:
        extra = by_role.pop(component.role, None)
        if extra is None:
            components.append(component)
            continue
        listed = Evidence(
            source=f"{repo_url(hub_id)}/tree/{commit}",
            kind=EvidenceKind.DETECTED,
            note=f"{len(extra)} file(s) {note}",
        )
        update: dict[str, Any] = {"files": [*component.files, *map(_file_ref, extra)]}
        if component.files:
            update["evidence"] = [*component.evidence, listed]
        else:  # the card reader's placeholder for files it could not see: now they are seen
            held = component.role in (Role.MODEL_PARAMETERS_FINAL, Role.DATA_FILES)
            update["evidence"] = [listed]
            update["availability"] = (
                Availability.GATED if gated and held else component.availability
            ) or Availability.INCLUDED
        components.append(component.model_copy(update=update))
    for role in sorted(by_role, key=lambda r: r.value):
        items = by_role[role]
        held = role in (Role.MODEL_PARAMETERS_FINAL, Role.DATA_FILES)
        components.append(
            Component(
                role=role,
                name=ROLE_NAMES.get(role, role.value),
                availability=Availability.GATED if gated and held else Availability.INCLUDED,
                location=repo_url(hub_id),
                files=[_file_ref(i) for i in items],
                evidence=[
                    Evidence(
                        source=f"{repo_url(hub_id)}/tree/{commit}",
                        kind=EvidenceKind.DETECTED,
                        note=f"{len(items)} file(s) {note}"
                        + ("; the repository is gated" if gated and held else ""),
                    )
                ],
            )
        )
    return components


def _with_headers(
    artifact: Artifact, hub_id: HubId, commit: str, headers: list[HeaderFacts]
) -> Artifact:
    """What the weight headers say: the parameter count (the shards' sum) and the
    architecture as facts when the card gives none, each header's facts as evidence of the
    weights, and a GGUF file's base models as lineage when the card names none of them."""
    if not headers:
        return artifact
    blob = f"{repo_url(hub_id)}/blob/{commit}/"
    counts = [h.parameter_count for h in headers]
    total = sum(c for c in counts if c is not None) if None not in counts else None
    if headers[0].format == "gguf":
        total = counts[0]
    facts = artifact.facts
    update: dict[str, Any] = {}
    if facts.parameters is None and total is not None:
        update["parameters"] = total
    architecture = next((h.architecture for h in headers if h.architecture), None)
    if facts.type_of_model is None and architecture:
        update["type_of_model"] = architecture
    evidence = [
        Evidence(
            source=blob + h.path,
            kind=EvidenceKind.DETECTED,
            note="the file's header: "
            + "; ".join(
                part
                for part in (
                    h.format,
                    f"{h.parameter_count} parameters" if h.parameter_count is not None else "",
                    f"license {h.license}" if h.license else "",
                    f"architecture {h.architecture}" if h.architecture else "",
                    f"quantisation {h.quantization}" if h.quantization else "",
                )
                if part
            ),
        )
        for h in headers
    ]
    components = [
        c.model_copy(update={"evidence": [*c.evidence, *evidence]})
        if c.role is Role.MODEL_PARAMETERS_FINAL
        else c
        for c in artifact.components
    ]
    known = {e.target for e in artifact.lineage}
    lineage = list(artifact.lineage)
    for h in headers:
        for base in h.base_models:
            target = f"pkg:huggingface/{base}"
            if target in known or target == artifact.id:
                continue
            known.add(target)
            lineage.append(
                LineageEdge(
                    relation=Relation.QUANTIZED_FROM,
                    target=target,
                    note="named by the GGUF header (general.base_model); the card names no "
                    "such base model",
                    evidence=[
                        Evidence(
                            source=blob + h.path,
                            kind=EvidenceKind.DETECTED,
                            locator="general.base_model",
                            note=f"base model {base}",
                        )
                    ],
                )
            )
    return artifact.model_copy(
        update={
            "facts": facts.model_copy(update=update) if update else facts,
            "components": components,
            "lineage": lineage,
        }
    )


def _present(snapshot: str, paths: list[str]) -> set[str]:
    """Which of ``paths`` are in the snapshot folder (as files, folders or links, as
    ``os.path.lexists`` tells), from one walk of the folder rather than a look-up per listed
    file (a repository lists thousands). A path below a link, which the walk does not follow
    (it may be a linked folder), is looked up."""
    found: set[str] = set()
    links: list[str] = []
    pending = [("", snapshot)]
    while pending:
        prefix, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            found.add(rel)
            try:
                if entry.is_symlink():
                    links.append(rel + "/")
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((rel + "/", entry.path))
            except OSError:
                continue
    return {
        p
        for p in paths
        if p in found
        or (
            any(p.startswith(link) for link in links) and os.path.lexists(os.path.join(snapshot, p))
        )
    }


def pin(
    artifact: Artifact,
    hub_id: HubId,
    commit: str,
    snapshot: str,
    files: list[RemoteFile] | None,
    gated: bool,
    headers: list[HeaderFacts] | None = None,
    card_folder: str | None = None,
) -> Artifact:
    """The card's artifact with the repository's other files listed, what their headers say,
    and its evidence naming ``https://huggingface.co/ORG/NAME/blob/COMMIT/FILE`` rather than
    the cache."""
    components = list(artifact.components)
    if files is not None:
        local = _present(snapshot, [f.path for f in files])
        components = _remote_components(artifact, hub_id, commit, files, local, gated)
    artifact = _with_headers(
        artifact.model_copy(update={"components": components}), hub_id, commit, headers or []
    )
    url = repo_url(hub_id)
    page, tree = f"{url}/blob/{commit}/", f"{url}/tree/{commit}"
    folders = [os.path.abspath(snapshot)]
    if card_folder is not None and card_folder != snapshot:
        folders.append(os.path.abspath(card_folder))
    return repointed(artifact, folders, page, tree)


def stub(hub_id: HubId, reason: str, referrer: str | None) -> Artifact:
    """A placeholder for a repository that could not be read (missing, gated, not followed):
    no license and no components, so every verdict that depends on it is unknown."""
    kind = _kind(hub_id)
    note = f"{hub_id.text} could not be read: {reason}; its license and components are unknown"
    return Artifact(
        id=artifact_id(hub_id),
        kind=kind,
        name=hub_id.repo_id,
        url=repo_url(hub_id),
        purl=f"pkg:huggingface/{hub_id.repo_id}" if kind is ArtifactKind.MODEL else None,
        supplier=hub_id.repo_id.split("/")[0] if "/" in hub_id.repo_id else None,
        evidence=[Evidence(source=hub_id.text, kind=EvidenceKind.CONCLUDED, note=note)],
        extra={
            "stub": {"referenced_by": referrer or hub_id.text, "reason": reason, "hub": hub_id.text}
        },
    )
