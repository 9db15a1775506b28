"""The standard Hugging Face cache layout, as far as a run needs it: ``<cache>/models--ORG--NAME``
(``datasets--`` for datasets) with ``refs/<revision>`` holding a commit and
``snapshots/<commit>/`` the files; and, beside them, ``.openness/<commit>.json``: the
repository's file list at that commit (names, sizes, digests), which the Hub gives with the
repository's information and an offline run needs to list the files that were never
downloaded. Every write goes to a temporary file first and is renamed into place, so nothing
half-written is ever left."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from typing import Any

from openness.formats.huggingface.read.small_files import read_text
from openness.hub.ids import HubId

__all__ = [
    "RemoteFile",
    "metadata_card",
    "read_listing",
    "read_ref",
    "repo_folder",
    "resolve_ref",
    "write_listing",
    "write_metadata_card",
    "write_ref",
]

_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_LISTING_VERSION = 1


@dataclass(frozen=True, slots=True)
class RemoteFile:
    """One file of a repository at a commit: its path, size, and digests (``sha256`` for
    files stored with LFS, ``blob_id`` the git blob id)."""

    path: str
    size: int | None = None
    sha256: str | None = None
    blob_id: str | None = None


def is_commit(revision: str | None) -> bool:
    """True for a full commit id (40 hexadecimal digits)."""
    return revision is not None and bool(_COMMIT.match(revision))


def repo_folder(cache_dir: str, hub_id: HubId) -> str:
    """The repository's folder in the cache."""
    prefix = "datasets" if hub_id.kind == "dataset" else "models"
    return os.path.join(cache_dir, f"{prefix}--{hub_id.repo_id.replace('/', '--')}")


def snapshot_folder(cache_dir: str, hub_id: HubId, commit: str) -> str:
    """The folder of the repository's files at ``commit``."""
    return os.path.join(repo_folder(cache_dir, hub_id), "snapshots", commit)


def read_ref(cache_dir: str, hub_id: HubId) -> str | None:
    """The commit the cache records for the id's revision (``main`` when none; a commit id
    is its own), whether or not its snapshot is there; None when none is recorded."""
    revision = hub_id.revision or "main"
    if is_commit(revision):
        return revision
    path = os.path.join(repo_folder(cache_dir, hub_id), "refs", *revision.split("/"))
    try:
        commit = read_text(path).strip()
    except OSError:
        return None
    return commit if is_commit(commit) else None


def resolve_ref(cache_dir: str, hub_id: HubId) -> str | None:
    """The commit the cache holds for the id's revision (``main`` when none), or None."""
    commit = read_ref(cache_dir, hub_id)
    if commit is None:
        return None
    snapshot = os.path.join(repo_folder(cache_dir, hub_id), "snapshots", commit)
    return commit if os.path.isdir(snapshot) else None


def _write_atomic(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_ref(cache_dir: str, hub_id: HubId, commit: str) -> None:
    """Record that the id's revision is ``commit`` (as huggingface_hub does)."""
    revision = hub_id.revision or "main"
    if is_commit(revision):
        return
    path = os.path.join(repo_folder(cache_dir, hub_id), "refs", *revision.split("/"))
    _write_atomic(path, commit)


def metadata_card(cache_dir: str, hub_id: HubId, commit: str) -> str:
    """Where the card rebuilt from the Hub's ``cardData`` goes when the card file is gated:
    in the repository's ``.openness`` folder, in the same ``<type>--ORG--NAME/snapshots/COMMIT``
    layout (so the card reader knows the repository and the commit from the path)."""
    folder = repo_folder(cache_dir, hub_id)
    return os.path.join(
        folder, ".openness", "cards", os.path.basename(folder), "snapshots", commit, "README.md"
    )


def write_metadata_card(path: str, text: str) -> None:
    """Write the rebuilt card (atomically)."""
    _write_atomic(path, text)


def _listing_path(cache_dir: str, hub_id: HubId, commit: str) -> str:
    return os.path.join(repo_folder(cache_dir, hub_id), ".openness", f"{commit}.json")


def write_listing(
    cache_dir: str, hub_id: HubId, commit: str, files: list[RemoteFile], info: dict[str, Any]
) -> None:
    """Keep the repository's file list and what else its information said (``gated``, the
    id it was renamed to) for offline runs."""
    data = {
        "version": _LISTING_VERSION,
        "commit": commit,
        "info": info,
        "files": [
            {
                k: v
                for k, v in (
                    ("path", f.path),
                    ("size", f.size),
                    ("sha256", f.sha256),
                    ("blob_id", f.blob_id),
                )
                if v is not None
            }
            for f in files
        ],
    }
    _write_atomic(_listing_path(cache_dir, hub_id, commit), json.dumps(data, indent=1) + "\n")


def read_listing(
    cache_dir: str, hub_id: HubId, commit: str
) -> tuple[list[RemoteFile], dict[str, Any]] | None:
    """The file list kept by :func:`write_listing`, or None when there is none (a cache
    filled by another tool) or it cannot be read."""
    try:
        data = json.loads(read_text(_listing_path(cache_dir, hub_id, commit)))
        files = [
            RemoteFile(
                str(f["path"]),
                int(f["size"]) if f.get("size") is not None else None,
                str(f["sha256"]) if f.get("sha256") else None,
                str(f["blob_id"]) if f.get("blob_id") else None,
            )
            for f in data["files"]
        ]
        info = data.get("info")
        return files, info if isinstance(info, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return None
