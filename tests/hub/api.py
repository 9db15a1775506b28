"""The JSON bodies of the test Hub's API routes, built from a :class:`repos.Repo`.

``model_info`` / ``dataset_info`` (``GET /api/{models,datasets}/{id}[/revision/{rev}]``), the
tree listing (``GET /api/.../tree/{rev}[/{path}]``), ``paths-info`` and ``refs``, in the shapes
``huggingface_hub`` 2.x parses (``ModelInfo``, ``DatasetInfo``, ``RepoFile``, ``RepoFolder``).
As on the Hub, ``siblings`` carry only ``rfilename`` unless ``blobs=true`` asks for sizes and
LFS data, and tags are derived from the card (``license:``, ``base_model:``, ``dataset:``,
``arxiv:`` from links in the text) besides those it lists.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Iterable, Mapping
from typing import Any

import yaml

from . import weights
from .repos import Repo, RepoFile

CREATED_AT = "2024-07-23T00:00:00.000Z"
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})")


def front_matter(card: bytes | None) -> dict[str, Any] | None:
    """The card's YAML metadata as the Hub's ``cardData``, or None (no card, no front matter,
    broken YAML or not a mapping: the Hub then gives no ``cardData``)."""
    if card is None:
        return None
    text = card.decode("utf-8", errors="replace")
    match = re.match(r"\A---\s*\n(.*?)\n---\s*(\n|\Z)", text, flags=re.DOTALL)
    if not match:
        return None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _relation(repo: Repo, card: Mapping[str, Any], bases: list[str]) -> str:
    if card.get("base_model_relation"):
        return str(card["base_model_relation"])
    if "adapter_config.json" in repo.files:
        return "adapter"
    if any(p.endswith(".gguf") for p in repo.files):
        return "quantized"
    return "merge" if len(bases) > 1 else "finetune"


def tags(repo: Repo, card: Mapping[str, Any] | None) -> list[str]:
    """The Hub's tags: the card's, the repo.yaml's, and those the Hub derives."""
    card = card or {}
    out: list[str] = []
    if repo.repo_type == "model":
        out += _as_list(repo.options.get("library_name") or card.get("library_name"))
        out += ["safetensors"] * any(p.endswith(".safetensors") for p in repo.files)
        out += ["gguf"] * any(p.endswith(".gguf") for p in repo.files)
        out += _as_list(card.get("pipeline_tag"))
    else:
        out += [f"task_categories:{t}" for t in _as_list(card.get("task_categories"))]
        out += [f"size_categories:{t}" for t in _as_list(card.get("size_categories"))]
    out += _as_list(card.get("tags")) + _as_list(repo.options.get("tags"))
    out += _as_list(card.get("language")) if repo.repo_type == "model" else []
    out += [f"language:{t}" for t in _as_list(card.get("language"))] * (repo.repo_type != "model")
    out += [f"dataset:{d}" for d in _as_list(card.get("datasets"))]
    bases = _as_list(card.get("base_model"))
    if bases:
        relation = _relation(repo, card, bases)
        out += [f"base_model:{b}" for b in bases] + [f"base_model:{relation}:{b}" for b in bases]
    text = (repo.card or b"").decode("utf-8", errors="replace")
    out += [f"arxiv:{n}" for n in _ARXIV.findall(text)]
    out += [f"license:{x}" for x in _as_list(card.get("license"))]
    out.append("region:us")
    return list(dict.fromkeys(out))


def _safetensors_summary(files: Iterable[RepoFile]) -> dict[str, Any] | None:
    """``{"parameters": {dtype: n}, "total": n}`` over the safetensors headers that parse."""
    counts: dict[str, int] = {}
    for f in files:
        if not f.path.endswith(".safetensors"):
            continue
        head = f.read(0, 8)
        if len(head) < 8:
            continue
        (length,) = struct.unpack("<Q", head)
        if length > 25_000_000 or 8 + length > f.size:
            continue
        try:
            header = json.loads(f.read(8, 8 + length))
        except ValueError:
            continue
        for name, info in header.items():
            if name != "__metadata__":
                n = 1
                for d in info["shape"]:
                    n *= d
                counts[info["dtype"]] = counts.get(info["dtype"], 0) + n
    return {"parameters": counts, "total": sum(counts.values())} if counts else None


def _gguf_summary(repo: Repo) -> dict[str, Any] | None:
    for _path, spec in sorted(repo.options.get("generated", {}).items()):
        if spec.get("format") == "gguf" and "truncate_to" not in spec:
            meta = spec.get("metadata", {})
            arch = meta.get("general.architecture")
            return {
                "total": weights.safetensors_parameters(weights.tensors_of(spec)),
                "architecture": arch,
                "context_length": meta.get(f"{arch}.context_length"),
            }
    return None


def _config(repo: Repo) -> dict[str, Any] | None:
    raw = repo.files.get("config.json")
    if raw is None:
        return None
    try:
        config = json.loads(raw.read(0, raw.size))
    except ValueError:
        return None
    keep = ("architectures", "model_type")
    return {k: config[k] for k in keep if k in config} or None


def sibling(f: RepoFile, blobs: bool) -> dict[str, Any]:
    """One entry of ``siblings``."""
    entry: dict[str, Any] = {"rfilename": f.path}
    if blobs:
        entry.update(size=f.size, blobId=f.blob_id)
        if f.lfs:
            entry["lfs"] = {"sha256": f.sha256, "size": f.size, "pointerSize": len(f.pointer)}
    return entry


def repo_info(repo: Repo, blobs: bool = False, expand: list[str] | None = None) -> dict[str, Any]:
    """The body of ``model_info`` / ``dataset_info`` for the repo's head commit."""
    card = front_matter(repo.card)
    org = repo.repo_id.split("/")[0] if "/" in repo.repo_id else None
    body: dict[str, Any] = {
        "_id": hashlib.sha1(repo.key.encode()).hexdigest()[:24],
        "id": repo.repo_id,
        "author": org,
        "sha": repo.sha,
        "lastModified": repo.options.get("last_modified", CREATED_AT),
        "createdAt": repo.options.get("created_at", CREATED_AT),
        "private": bool(repo.options.get("private", False)),
        "gated": repo.gated,
        "disabled": False,
        "downloads": int(repo.options.get("downloads", 0)),
        "likes": int(repo.options.get("likes", 0)),
        "tags": tags(repo, card),
    }
    if repo.repo_type == "model":
        body["modelId"] = repo.repo_id
        library = repo.options.get("library_name") or (card or {}).get("library_name")
        if library:
            body["library_name"] = library
        if (card or {}).get("pipeline_tag"):
            body["pipeline_tag"] = card["pipeline_tag"]  # type: ignore[index]
        for key, value in (
            ("config", _config(repo)),
            ("safetensors", _safetensors_summary(repo.files.values())),
            ("gguf", _gguf_summary(repo)),
        ):
            if value is not None:
                body[key] = value
        body["spaces"] = []
    if card is not None:
        body["cardData"] = card
    body["siblings"] = [sibling(f, blobs) for f in repo.files.values()]
    body["usedStorage"] = sum(f.size for f in repo.files.values())
    if expand:
        body = {k: v for k, v in body.items() if k in ("_id", "id", *expand)}
    return body


def _folder_oid(repo: Repo, folder: str) -> str:
    return hashlib.sha1(f"tree {repo.key} {folder}".encode()).hexdigest()


def tree_entry(repo: Repo, path: str) -> dict[str, Any]:
    """A ``RepoFile`` or ``RepoFolder`` entry of the tree listing."""
    f = repo.files.get(path)
    if f is None:
        return {"type": "directory", "oid": _folder_oid(repo, path), "size": 0, "path": path}
    entry: dict[str, Any] = {"type": "file", "oid": f.blob_id, "size": f.size, "path": f.path}
    if f.lfs:
        entry["lfs"] = {"oid": f.sha256, "size": f.size, "pointerSize": len(f.pointer)}
    return entry


def folders(repo: Repo) -> set[str]:
    """Every folder path of the repo."""
    out: set[str] = set()
    for path in repo.files:
        parts = path.split("/")[:-1]
        out.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return out


def tree(repo: Repo, folder: str, recursive: bool) -> list[dict[str, Any]] | None:
    """The listing of ``folder`` (``""`` for the root), or None if there is no such folder."""
    if folder and folder not in folders(repo):
        return None
    prefix = folder + "/" if folder else ""
    paths = sorted(set(repo.files) | folders(repo))
    inside = [p for p in paths if p.startswith(prefix) and p != folder]
    if not recursive:
        inside = [p for p in inside if "/" not in p[len(prefix) :]]
    # The Hub lists folders before files.
    inside.sort(key=lambda p: (p in repo.files, p))
    return [tree_entry(repo, p) for p in inside]


def paths_info(repo: Repo, paths: Iterable[str]) -> list[dict[str, Any]]:
    """The ``paths-info`` answer: entries for the given paths that exist."""
    known = set(repo.files) | folders(repo)
    return [tree_entry(repo, p) for p in paths if p in known]


def refs(repo: Repo) -> dict[str, Any]:
    """The ``refs`` answer: every branch at the head commit."""
    branches = [
        {"name": b, "ref": f"refs/heads/{b}", "targetCommit": repo.sha} for b in repo.branches
    ]
    tags = [
        {"name": t, "ref": f"refs/tags/{t}", "targetCommit": r.sha} for t, r in repo.tagged.items()
    ]
    return {"branches": branches, "converts": [], "tags": tags}
