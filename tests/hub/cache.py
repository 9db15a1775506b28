"""Populate a Hugging Face cache folder without a server, for ``HF_HUB_OFFLINE=1`` tests.

The layout is the one ``hf_hub_download`` writes: ``{models,datasets}--org--name/`` holding
``blobs/<etag>`` (the git blob id for small files, the sha256 for LFS files),
``snapshots/<commit>/<path>`` as relative symlinks to the blobs, and ``refs/<branch>`` files
holding the commit sha (no newline).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .repos import Repo, RepoFile


def folder_name(repo: Repo) -> str:
    """``models--org--name`` or ``datasets--org--name``."""
    return f"{repo.repo_type}s--" + repo.repo_id.replace("/", "--")


def metadata_only(f: RepoFile) -> bool:
    """The default selection: every file but LFS (weight) files."""
    return not f.lfs


def add_repo(
    cache_dir: Path,
    repo: Repo,
    select: Callable[[RepoFile], bool] = metadata_only,
    refs: tuple[str, ...] | None = None,
) -> Path:
    """Write the selected files of ``repo`` into the cache; return the snapshot folder.

    ``refs`` are the names written under ``refs/`` (default: the repo's branches; give the
    tag for an older commit). LFS files, when selected, are written sparse (their header,
    then a hole to their size).
    """
    storage = cache_dir / folder_name(repo)
    snapshot = storage / "snapshots" / repo.sha
    (storage / "blobs").mkdir(parents=True, exist_ok=True)
    snapshot.mkdir(parents=True, exist_ok=True)
    (storage / "refs").mkdir(exist_ok=True)
    for ref in repo.branches if refs is None else refs:
        (storage / "refs" / ref).write_text(repo.sha, encoding="utf-8")
    for f in repo.files.values():
        if not select(f):
            continue
        blob = storage / "blobs" / f.etag
        if not blob.exists():
            _write(blob, f)
        link = snapshot / f.path
        link.parent.mkdir(parents=True, exist_ok=True)
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(blob, link.parent))
    return snapshot


def _write(blob: Path, f: RepoFile) -> None:
    partial = blob.with_suffix(".incomplete")
    with partial.open("wb") as out:
        head = f.read(0, min(f.size, 1 << 20)) if f.lfs else f.read(0, f.size)
        out.write(head.rstrip(b"\0") if f.lfs else head)
        out.truncate(f.size)
    partial.replace(blob)


def build_cache(
    cache_dir: Path, repos: Iterable[Repo], select: Callable[[RepoFile], bool] = metadata_only
) -> dict[str, Path]:
    """Add each repo to the cache; return the snapshot folder of each, by repo key."""
    return {repo.key: add_repo(cache_dir, repo, select) for repo in repos}
