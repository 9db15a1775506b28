"""The test Hub's repos, read from ``tests/data/hub``: files, commit shas, gating, failures.

Layout: ``tests/data/hub/<org>/<name>/`` is a model repo, ``tests/data/hub/datasets/<org>/<name>/``
a dataset repo. Every file in the folder is a file of the repo except ``repo.yaml``, which
holds what is not a file: ``sha`` (a pinned commit), ``gated`` (``auto``/``manual``),
``private``, ``missing`` (answers 404 as a private or deleted repo does), ``renamed_to``,
``tags``, ``library_name``, ``branches`` (extra names for the head commit), ``fail_first``
(``{count, status, retry_after}``: the first ``count`` requests of the repo fail) and
``generated`` (weight files made by :mod:`weights` from a spec).

Everything is deterministic: blob ids are git's (sha1 of ``blob <size>\\0`` + content), LFS
ids are sha256 of the content (for generated files over 64 MiB, of the header and the size:
hashing gigabytes of zeros would take minutes), and a commit sha is the sha1 of the repo id
and its files' ids, unless ``repo.yaml`` pins one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from . import weights

DATA = Path(__file__).resolve().parent.parent / "data" / "hub"
LFS_SUFFIXES = (
    ".safetensors",
    ".gguf",
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".onnx",
    ".h5",
    ".msgpack",
    ".parquet",
    ".arrow",
    ".gz",
    ".zip",
    ".tar",
    ".npy",
    ".pkl",
)  # as the Hub's default .gitattributes tracks them
_HASH_WHOLE_LIMIT = 64 << 20


@dataclass(frozen=True)
class RepoFile:
    """One file of a repo at its head commit."""

    path: str
    content: bytes | weights.SparseFile

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return len(self.content) if isinstance(self.content, bytes) else self.content.size

    @property
    def lfs(self) -> bool:
        """Whether the Hub stores the file in LFS (by its extension, as .gitattributes says)."""
        return self.path.endswith(LFS_SUFFIXES)

    def read(self, start: int, end: int) -> bytes:
        """Bytes ``start`` to ``end`` (exclusive)."""
        if isinstance(self.content, bytes):
            return self.content[start:end]
        return self.content.read(start, end)

    def chunks(self, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start`` to ``end`` in pieces of at most 1 MiB."""
        if isinstance(self.content, bytes):
            yield self.content[start:end]
        else:
            yield from self.content.chunks(start, end)

    @cached_property
    def sha256(self) -> str:
        """The LFS object id."""
        return _sha256(self.content)

    @cached_property
    def pointer(self) -> bytes:
        """The git-lfs pointer file git stores in place of an LFS file."""
        return (
            f"version https://git-lfs.github.com/spec/v1\noid sha256:{self.sha256}\n"
            f"size {self.size}\n"
        ).encode()

    @cached_property
    def blob_id(self) -> str:
        """The git blob id: of the pointer file for LFS files, of the content otherwise."""
        body = self.pointer if self.lfs else self.read(0, self.size)
        return hashlib.sha1(b"blob %d\0" % len(body) + body).hexdigest()

    @property
    def etag(self) -> str:
        """What the Hub's resolve answers as the file's etag (unquoted)."""
        return self.sha256 if self.lfs else self.blob_id


@cache
def _sha256_sparse(head: bytes, size: int) -> str:
    if size <= _HASH_WHOLE_LIMIT:
        return hashlib.sha256(head + bytes(size - len(head))).hexdigest()
    return hashlib.sha256(b"sparse %d\0" % size + head).hexdigest()


def _sha256(content: bytes | weights.SparseFile) -> str:
    if isinstance(content, bytes):
        return hashlib.sha256(content).hexdigest()
    return _sha256_sparse(content.head, content.size)


@dataclass(frozen=True)
class FailurePlan:
    """The first ``count`` requests of a repo answer ``status`` (with ``Retry-After``)."""

    count: int
    status: int = 429
    retry_after: int | None = None


@dataclass(frozen=True)
class Repo:
    """A repo of the test Hub at its head commit."""

    repo_id: str
    repo_type: str  # "model" or "dataset"
    files: Mapping[str, RepoFile]
    options: Mapping[str, Any] = field(default_factory=dict)
    tagged: Mapping[str, Repo] = field(default_factory=dict)  # older commits, by tag name

    @property
    def key(self) -> str:
        """``org/name`` for models, ``datasets/org/name`` for datasets."""
        return self.repo_id if self.repo_type == "model" else f"datasets/{self.repo_id}"

    @cached_property
    def sha(self) -> str:
        """The 40-hex head commit sha."""
        pinned = self.options.get("sha")
        if pinned:
            return str(pinned)
        lines = [f"{self.repo_type} {self.repo_id}"]
        lines += [
            f"{f.path} {f.blob_id}" for f in sorted(self.files.values(), key=lambda f: f.path)
        ]
        return hashlib.sha1("\n".join(lines).encode()).hexdigest()

    @property
    def branches(self) -> tuple[str, ...]:
        """The names that resolve to the head commit: ``main`` and any from repo.yaml."""
        return ("main", *self.options.get("branches", ()))

    def at(self, revision: str) -> Repo | None:
        """The repo at a revision (a branch, a tag or a full commit sha), or None."""
        if revision in self.branches or revision == self.sha:
            return self
        if revision in self.tagged:
            return self.tagged[revision]
        return next((r for r in self.tagged.values() if r.sha == revision), None)

    @property
    def gated(self) -> str | bool:
        """``False``, ``"auto"`` or ``"manual"``, as the Hub's API says."""
        value = self.options.get("gated", False)
        return str(value) if value else False

    @property
    def renamed_to(self) -> str | None:
        """The new id of a renamed repo (its old id redirects there)."""
        target = self.options.get("renamed_to")
        return str(target) if target else None

    @property
    def missing(self) -> bool:
        """Whether the repo answers as private or deleted (RepoNotFound)."""
        return bool(self.options.get("missing", False) or self.options.get("private", False))

    @property
    def failure(self) -> FailurePlan | None:
        """The failures the repo's first requests get, if any."""
        plan = self.options.get("fail_first")
        return FailurePlan(**plan) if plan else None

    @property
    def card(self) -> bytes | None:
        """The README.md, if the repo has one."""
        readme = self.files.get("README.md")
        return readme.read(0, readme.size) if readme else None


def _generated(specs: Mapping[str, Any]) -> dict[str, bytes | weights.SparseFile]:
    out: dict[str, bytes | weights.SparseFile] = {}
    for path, spec in specs.items():
        if spec.get("format") == "safetensors-sharded":
            out.update(_sharded(path, spec))
        else:
            out[path] = weights.build(spec)
    return out


def _sharded(index_path: str, spec: Mapping[str, Any]) -> dict[str, bytes | weights.SparseFile]:
    """``model-0000i-of-0000N.safetensors`` files and their ``model.safetensors.index.json``."""
    count = int(spec["shards"])
    out: dict[str, bytes | weights.SparseFile] = {}
    weight_map: dict[str, str] = {}
    total = 0
    for i, run in enumerate(weights.shard(weights.tensors_of(spec), count), start=1):
        name = f"model-{i:05d}-of-{count:05d}.safetensors"
        made = weights.safetensors_file(run, str(spec.get("dtype", "BF16")), {"format": "pt"})
        out[name] = made
        total += made.size - 8 - int.from_bytes(made.head[:8], "little")
        weight_map.update(dict.fromkeys((t for t, _ in run), name))
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    out[index_path] = (json.dumps(index, indent=2) + "\n").encode()
    return out


def make_repo(
    repo_id: str,
    files: Mapping[str, bytes | weights.SparseFile],
    repo_type: str = "model",
    **options: Any,
) -> Repo:
    """A repo made in code (for example many small repos for a benchmark); ``options`` are
    those of repo.yaml, including ``generated``."""
    contents = dict(files)
    contents.update(_generated(options.get("generated", {})))
    files_ = {path: RepoFile(path, body) for path, body in sorted(contents.items())}
    return Repo(repo_id, repo_type, files_, options)


def load_repo(folder: Path, repo_id: str, repo_type: str) -> Repo:
    """The repo in ``folder``: its files and its ``repo.yaml`` options."""
    options: dict[str, Any] = {}
    meta = folder / "repo.yaml"
    if meta.is_file():
        options = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
    contents: dict[str, bytes | weights.SparseFile] = {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p != meta
    }
    contents.update(_generated(options.get("generated", {})))
    files = {path: RepoFile(path, body) for path, body in sorted(contents.items())}
    return Repo(repo_id, repo_type, files, options)


@cache
def load_all(root: Path = DATA) -> dict[str, Repo]:
    """Every repo under ``root``, keyed by :attr:`Repo.key`. A folder ``NAME@TAG`` beside
    ``NAME`` is an older commit of that repo, reachable by the tag ``TAG`` or its sha."""
    repos: dict[str, Repo] = {}
    tagged: dict[str, dict[str, Repo]] = {}
    for meta in sorted(root.glob("**/repo.yaml")):
        parts = list(meta.parent.relative_to(root).parts)
        repo_type = "dataset" if parts[0] == "datasets" else "model"
        parts = parts[1:] if repo_type == "dataset" else parts
        name, _, tag = parts[-1].partition("@")
        repo = load_repo(meta.parent, "/".join([*parts[:-1], name]), repo_type)
        if tag:
            tagged.setdefault(repo.key, {})[tag] = repo
        else:
            repos[repo.key] = repo
    for key, older in tagged.items():
        repos[key] = replace(repos[key], tagged=older)
    return repos
