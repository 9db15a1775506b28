"""Which Hub repository a card belongs to, read from its path (Hub cache folders,
``<org>--<name>.md``, ``<org>/<name>/README.md``), and the ids and URLs made from it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from openness.model import ArtifactKind

__all__ = [
    "GIT_COMMIT",
    "HUB_URL",
    "RepoRef",
    "defined_in_inputs",
    "is_repo_id",
    "locate_repo",
    "repo_artifact_id",
    "repo_url",
    "where_note",
]


_REPO_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


#: A git commit id (a revision).
GIT_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_CACHE_DIR = re.compile(r"^(models|datasets|spaces)--(.+)$")


HUB_URL = "https://huggingface.co"


@dataclass(frozen=True, slots=True)
class RepoRef:
    """What the card's path tells: the Hub repository id, its kind, the revision, and how it
    was found (``hub-cache``, ``file-name``, ``folders`` or ``none``)."""

    repo_id: str | None
    kind: ArtifactKind | None
    revision: str | None
    layout: str
    root: str | None = None


def is_repo_id(repo: str) -> bool:
    parts = repo.split("/")
    return 1 <= len(parts) <= 2 and all(_REPO_PART.match(p) for p in parts)


def _from_cache_name(name: str) -> tuple[str, ArtifactKind | None] | None:
    match = _CACHE_DIR.match(name)
    if match is None:
        return None
    repo = match.group(2).replace("--", "/", 1)
    if not is_repo_id(repo):
        return None
    kind = {"models": ArtifactKind.MODEL, "datasets": ArtifactKind.DATASET}.get(match.group(1))
    return repo, kind


def locate_repo(path: str) -> RepoRef:
    """Read the repository id from the card's path (never from the network).

    - Hub cache: ``<cache>/models--<org>--<name>/snapshots/<revision>/README.md``
      (``datasets--`` for datasets).
    - A folder of cards: ``<org>--<name>.md`` (``datasets--<org>--<name>.md`` for datasets).
    - Nested folders: ``<root>/<org>/<name>/README.md`` (``<root>/datasets/<org>/<name>/``).
    """
    absolute = os.path.abspath(path)
    parts = absolute.split(os.sep)
    names = parts[-2::-1]  # parent folder names, nearest first
    filename = parts[-1]
    if filename.lower() != "readme.md":
        stem = filename.rsplit(".", 1)[0]
        for candidate in (stem, f"models--{stem}"):
            found = _from_cache_name(candidate)
            if found is not None and "--" in stem:
                return RepoRef(found[0], found[1], None, "file-name", os.path.dirname(absolute))
        return RepoRef(None, None, None, "none")

    def up(levels: int) -> str:
        return os.sep.join(parts[: len(parts) - 1 - levels]) or os.sep

    if len(names) >= 3 and names[1] == "snapshots":
        found = _from_cache_name(names[2])
        if found is not None:
            revision = names[0] if GIT_COMMIT.match(names[0]) else None
            return RepoRef(found[0], found[1], revision, "hub-cache", up(3))
    if len(names) >= 3:
        org, name = names[1], names[0]
        if is_repo_id(f"{org}/{name}"):
            if len(names) >= 4 and names[2] == "datasets":
                return RepoRef(f"{org}/{name}", ArtifactKind.DATASET, None, "folders", up(3))
            return RepoRef(f"{org}/{name}", None, None, "folders", up(2))
    return RepoRef(None, None, None, "none")


@lru_cache(maxsize=256)
def _folder_names(folder: str, mtime_ns: int) -> frozenset[str]:
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


def _names_in(folder: str) -> frozenset[str]:
    """The names in ``folder`` (cached while the folder does not change)."""
    try:
        mtime = os.stat(folder).st_mtime_ns
    except OSError:
        return frozenset()
    return _folder_names(folder, mtime)


def defined_in_inputs(ref: RepoRef, repo: str, kind: ArtifactKind) -> bool:
    """True when a card for ``repo`` lies where the same layout would put it."""
    if ref.root is None:
        return False
    prefix = "datasets" if kind is ArtifactKind.DATASET else "models"
    flat = repo.replace("/", "--")
    if ref.layout == "file-name":
        names = [f"{prefix}--{flat}.md"] + ([f"{flat}.md"] if kind is ArtifactKind.MODEL else [])
        present = _names_in(ref.root)
        return any(n in present for n in names)
    if ref.layout == "hub-cache":
        snapshots = os.path.join(ref.root, f"{prefix}--{flat}", "snapshots")
        try:
            return any(
                os.path.isfile(os.path.join(snapshots, rev, "README.md"))
                for rev in os.listdir(snapshots)
            )
        except OSError:
            return False
    if ref.layout == "folders":
        parts = repo.split("/")
        base = os.path.join(ref.root, "datasets") if kind is ArtifactKind.DATASET else ref.root
        return os.path.isfile(os.path.join(base, *parts, "README.md"))
    return False


def repo_artifact_id(repo: str, kind: ArtifactKind) -> str:
    if kind is ArtifactKind.DATASET:
        return f"{HUB_URL}/datasets/{repo}"
    return f"pkg:huggingface/{repo}"


def repo_url(repo: str, kind: ArtifactKind) -> str:
    return f"{HUB_URL}/datasets/{repo}" if kind is ArtifactKind.DATASET else f"{HUB_URL}/{repo}"


def where_note(ref: RepoRef, repo: str) -> str:
    how = {
        "hub-cache": "the Hub cache folder",
        "file-name": "the file name (<org>--<name>.md)",
        "folders": "the folders (<org>/<name>/README.md)",
        "none": "the folder name (no Hub layout found)",
    }[ref.layout]
    revision = f" at revision {ref.revision}" if ref.revision else ""
    return f"repository {repo}{revision}, read from {how}"
