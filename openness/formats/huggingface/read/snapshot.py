"""The files of a local Hub snapshot beside its card: which file is the card, the role of
each file (weights, configuration, tokenizer, code, data, license texts) and its digests."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from openness.formats.huggingface.read.card import Card
from openness.formats.huggingface.read.license_files import identify_license_files
from openness.formats.huggingface.read.repo import GIT_COMMIT, locate_repo
from openness.formats.huggingface.read.small_files import read_text
from openness.model import (
    ArtifactKind,
    Availability,
    Component,
    DigestAlgorithm,
    Evidence,
    EvidenceKind,
    FileRef,
    Role,
)

__all__ = [
    "ROLE_NAMES",
    "SnapshotFile",
    "config_model_type",
    "file_info",
    "file_role",
    "is_readme",
    "is_snapshot",
    "model_type_of",
    "read_config",
    "repository_content",
    "snapshot_card",
    "snapshot_components",
    "snapshot_files",
    "snapshot_listing",
]


#: A SHA-256 digest (the name of a Git LFS object in the Hub cache).
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


_WEIGHT_SUFFIXES = (
    ".safetensors",
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".gguf",
    ".ggml",
    ".onnx",
    ".h5",
    ".msgpack",
    ".npz",
    ".tflite",
    ".mlmodel",
    ".nemo",
    ".keras",
    ".pb",
)


_WEIGHT_INDEXES = (".safetensors.index.json", ".bin.index.json")


_TOKENIZER_NAMES = frozenset(
    {
        "tokenizer.json",
        "tokenizer_config.json",
        "tokenizer.model",
        "special_tokens_map.json",
        "added_tokens.json",
        "merges.txt",
        "spiece.model",
        "sentencepiece.bpe.model",
        "chat_template.jinja",
        "chat_template.json",
    }
)


_CONFIG_NAMES = frozenset(
    {
        "config.json",
        "generation_config.json",
        "params.json",
        "adapter_config.json",
        "model_index.json",
        "quantize_config.json",
        "quant_config.json",
    }
)


_DATA_SUFFIXES = (
    ".parquet",
    ".arrow",
    ".jsonl",
    ".json",
    ".csv",
    ".tsv",
    ".txt",
    ".tar",
    ".gz",
    ".zst",
    ".zip",
    ".xz",
    ".bz2",
    ".wav",
    ".mp3",
    ".flac",
    ".jpg",
    ".jpeg",
    ".png",
    ".webdataset",
    ".xml",
)


_LICENSE_STEMS = ("license", "licence", "copying", "notice", "use_policy", "acceptable_use")


ROLE_NAMES: dict[Role, str] = {
    Role.MODEL_PARAMETERS_FINAL: "weights",
    Role.CONFIGURATION: "configuration",
    Role.TOKENIZER: "tokenizer",
    Role.MODEL_ARCHITECTURE: "model code",
    Role.INFERENCE_CODE: "code",
    Role.LICENSE_TEXT: "license files",
    Role.DATA_FILES: "data files",
    Role.COLLECTION_CODE: "loading script",
    Role.DOCUMENTATION: "documentation",
}


@dataclass(frozen=True, slots=True)
class SnapshotFile:
    path: str
    size: int | None
    digests: dict[DigestAlgorithm, str]
    revision: str | None = None


def _digest_from(name: str) -> dict[DigestAlgorithm, str]:
    if _HEX64.match(name):
        return {DigestAlgorithm.SHA256: name}
    if GIT_COMMIT.match(name):
        return {DigestAlgorithm.GIT_SHA1: name}
    return {}


def _metadata_of(folder: str, rel: str) -> tuple[dict[DigestAlgorithm, str], str | None]:
    """The digest and commit huggingface_hub records beside a file it downloaded into a
    folder (``.cache/huggingface/download/<file>.metadata``), when there is one."""
    meta = os.path.join(folder, ".cache", "huggingface", "download", rel + ".metadata")
    try:
        with open(meta, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return {}, None
    if len(lines) < 2:
        return {}, None
    revision = lines[0].strip() if GIT_COMMIT.match(lines[0].strip()) else None
    return _digest_from(lines[1].strip().strip('"')), revision


def _info(folder: str, rel: str, full: str, linked: bool, size: int | None) -> SnapshotFile:
    if linked:
        # The Hub cache links snapshot files to blobs named by their digest: sha256 for LFS
        # files, the git blob id for small files.
        try:
            target = os.readlink(full)
        except OSError:
            target = ""
        return SnapshotFile(rel, size, _digest_from(os.path.basename(target)), None)
    digests, revision = _metadata_of(folder, rel)
    return SnapshotFile(rel, size, digests, revision)


def file_info(folder: str, rel: str) -> SnapshotFile:
    """The size and digests of the snapshot file ``rel`` (see :func:`snapshot_files`)."""
    full = os.path.join(folder, rel)
    try:
        size: int | None = os.stat(full).st_size
    except OSError:
        size = None
    return _info(folder, rel, full, os.path.islink(full), size)


def snapshot_listing(folder: str, card: str) -> list[str]:
    """The files of the snapshot ``folder`` but its card, relative, in order (see
    :func:`snapshot_files`)."""
    return [f.path for f in _walk(folder, card, describe=False)]


def snapshot_files(folder: str, card: str) -> list[SnapshotFile]:
    """Every file of the snapshot ``folder`` but its card (``card``, relative) and hidden
    files and folders, with its size and digests (from the blob a Hub cache file links to,
    or the metadata huggingface_hub keeps beside a downloaded file), in order: each folder's
    files by name, then its folders by name. Folders that are links are not entered. One walk
    of the folder, each file looked at once."""
    return _walk(folder, card, describe=True)


def _walk(folder: str, card: str, *, describe: bool) -> list[SnapshotFile]:
    found: list[SnapshotFile] = []

    def visit(path: str, prefix: str) -> None:
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            return
        folders: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            name = entry.name
            if is_dir:
                if not name.startswith("."):
                    folders.append(entry)
                continue
            rel = prefix + name
            if rel == card or name.startswith("."):
                continue
            if not describe:
                found.append(SnapshotFile(rel, None, {}))
                continue
            try:
                linked = entry.is_symlink()
            except OSError:
                linked = False
            try:
                size: int | None = entry.stat().st_size
            except OSError:
                size = None
            found.append(_info(folder, rel, entry.path, linked, size))
        for entry in folders:
            try:
                linked = entry.is_symlink()
            except OSError:
                linked = False
            if not linked:  # as os.walk: a linked folder is not entered
                visit(entry.path, prefix + entry.name + "/")

    visit(folder, "")
    return found


def file_role(rel: str, kind: ArtifactKind) -> Role | None:
    """The component role of a repository file by its path (``LICENSE`` a license text,
    ``*.safetensors`` final parameters, ...), or None for a file that plays none. The snapshot
    reader and the Hub resolver (for files it lists but never downloads) share it."""
    name = rel.rsplit("/", 1)[-1].lower()
    if name.startswith(_LICENSE_STEMS):
        return Role.LICENSE_TEXT
    if kind is ArtifactKind.DATASET:
        if name.endswith(".py"):
            return Role.COLLECTION_CODE
        if name.endswith(".md"):
            return Role.DOCUMENTATION
        if name.endswith(_DATA_SUFFIXES + _WEIGHT_SUFFIXES):
            return Role.DATA_FILES
        return None
    if name.endswith(_WEIGHT_INDEXES) or name.endswith(_WEIGHT_SUFFIXES):
        return Role.MODEL_PARAMETERS_FINAL
    if name in _TOKENIZER_NAMES or name.startswith("vocab."):
        return Role.TOKENIZER
    if name in _CONFIG_NAMES or name.endswith(("_config.json", "config.yaml")):
        return Role.CONFIGURATION
    if name.endswith(".py"):
        if name.startswith(("modeling_", "configuration_")):
            return Role.MODEL_ARCHITECTURE
        return Role.INFERENCE_CODE
    if name.endswith(".md"):
        return Role.DOCUMENTATION
    return None


@lru_cache(maxsize=4096)
def _has_metadata(readme: str) -> bool:
    try:
        with open(readme, encoding="utf-8-sig", errors="replace") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    return head.lstrip().startswith("---")


def is_snapshot(folder: str, layout: str | None = None) -> bool:
    """A folder with a README.md that is a Hub snapshot: in the Hub cache, or a card with
    metadata beside weights, configuration or data files. ``layout``: what
    :func:`~.repo.locate_repo` tells of a card in the folder, when already known."""
    readme = os.path.join(folder, "README.md")
    if not os.path.isfile(readme):
        return False
    if (layout or locate_repo(readme).layout) == "hub-cache":
        return True
    if not _has_metadata(readme):
        return False
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(
        file_role(n, ArtifactKind.MODEL) in (Role.MODEL_PARAMETERS_FINAL, Role.CONFIGURATION)
        or n.endswith(".parquet")
        for n in names
    )


def snapshot_card(folder: str) -> str | None:
    """The card of the Hub snapshot ``folder`` belongs to (itself or a parent up to three
    levels up), or None when it is not inside a snapshot.

    The loader can use this to read a snapshot folder as its card alone, rather than parsing
    every JSON file in it (see docs/importers/huggingface.md).
    """
    current = os.path.abspath(folder)
    for _ in range(4):
        if is_snapshot(current):
            return os.path.join(current, "README.md")
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return None


def snapshot_components(
    card: Card,
    folder: str,
    files_: list[SnapshotFile],
    kind: ArtifactKind,
    gated: bool,
    where: str | None,
) -> tuple[list[Component], list[str]]:
    by_role: dict[Role, list[SnapshotFile]] = {}
    other: list[str] = []
    for item in files_:
        role = file_role(item.path, kind)
        if role is None:
            other.append(item.path)
        else:
            by_role.setdefault(role, []).append(item)
    components: list[Component] = []
    for role in sorted(by_role, key=lambda r: r.value):
        items = by_role[role]
        availability = Availability.INCLUDED
        if gated and role in (Role.MODEL_PARAMETERS_FINAL, Role.DATA_FILES):
            availability = Availability.GATED
        # The license files' texts, identified: what they say, as detected evidence.
        detected, identified = (
            identify_license_files(folder, [f.path for f in items])
            if role is Role.LICENSE_TEXT
            else (None, [])
        )
        components.append(
            Component(
                role=role,
                name=ROLE_NAMES.get(role, role.value),
                availability=availability,
                license=detected,
                location=where,
                files=[FileRef(path=f.path, size=f.size, digests=f.digests) for f in items],
                evidence=[
                    Evidence(
                        source=folder,
                        kind=EvidenceKind.DETECTED,
                        note=f"{len(items)} file(s) in the snapshot"
                        + (
                            "; the card asks for gated access"
                            if availability is Availability.GATED
                            else ""
                        ),
                    ),
                    *identified,
                ],
            )
        )
    return components, other


def repository_content(path: str, kind: ArtifactKind, gated: bool, where: str | None) -> Component:
    """The weights (or data files) of a card read without its files.

    A Hub model repository is where the model's weights are published and a dataset repository
    holds the data, so the card's release-wide license is about them: the component is listed
    without files and without a license of its own (the card's ``license`` applies), ``gated``
    when the card asks for gated access, else with its availability unstated (the card alone
    does not show that the files are there).
    """
    role = Role.DATA_FILES if kind is ArtifactKind.DATASET else Role.MODEL_PARAMETERS_FINAL
    what = "data" if kind is ArtifactKind.DATASET else "weights"
    note = (
        f"a Hub {kind.value} repository holds the {kind.value}'s {what}; the card was read "
        "without the repository's files, so none are listed"
    )
    if gated:
        note += "; the card asks for gated access"
    return Component(
        role=role,
        name=ROLE_NAMES.get(role, role.value),
        availability=Availability.GATED if gated else None,
        location=where,
        evidence=[Evidence(source=path, kind=EvidenceKind.CONCLUDED, note=note)],
    )


def is_readme(path: str) -> bool:
    """True for a file named README.md (any case)."""
    return os.path.basename(path).lower() == "readme.md"


def read_config(folder: str) -> Any:
    """The snapshot's ``config.json``, parsed (None when it is missing or not JSON); read once
    for every fact taken from it."""
    try:
        return json.loads(read_text(os.path.join(folder, "config.json")))
    except (OSError, ValueError):
        return None


def model_type_of(config: Any) -> str | None:
    """The ``model_type`` a parsed ``config.json`` states."""
    value = config.get("model_type") if isinstance(config, dict) else None
    return str(value) if isinstance(value, str) and value else None


def config_model_type(folder: str) -> str | None:
    """The ``model_type`` the snapshot's ``config.json`` states."""
    return model_type_of(read_config(folder))
