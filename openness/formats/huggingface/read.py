"""Hugging Face model and dataset cards (``README.md`` with YAML metadata), alone, in a folder,
or in a local snapshot of a Hub repository. Offline: nothing here touches the network.

The card's metadata becomes one artifact: ``license`` (a Hub keyword, mapped with
``data/hf_licenses.yaml``; ``other`` with ``license_name`` / ``license_link`` through the
license normaliser), ``base_model`` with ``base_model_relation`` and ``datasets`` as lineage,
``model-index`` as an evaluation-results component, everything else as extra metadata. In a
snapshot the files beside the card (weights, configuration, tokenizer, code) become components
with the digests the snapshot records. Base models and datasets that the inputs do not define
become stub artifacts, so that lineage resolves and their unknown facts make verdicts unknown.
See docs/importers/huggingface.md.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import ValidationError

from openness.documents import STDIN_NAME, Document, parse_text
from openness.errors import InputError, Problem, Severity, format_path
from openness.formats.importer import ImportResult, Origin
from openness.licenses.normalize import normalize
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    Compute,
    DigestAlgorithm,
    Evidence,
    EvidenceKind,
    Facts,
    FileRef,
    LicenseExpression,
    LineageEdge,
    Relation,
    Role,
    plain_extra,
)

__all__ = [
    "RELATIONS",
    "HuggingFaceImporter",
    "RepoRef",
    "hub_license",
    "locate_repo",
    "snapshot_card",
    "split_card",
]

# The Hub's own pattern for the metadata block (huggingface_hub.repocard.REGEX_YAML_BLOCK).
_FRONT_MATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")
_HTML = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_REPO_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_HEX40 = re.compile(r"^[0-9a-f]{40}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CACHE_DIR = re.compile(r"^(models|datasets|spaces)--(.+)$")
_HUB = "https://huggingface.co"

#: ``base_model_relation`` values and the lineage relation each becomes.
RELATIONS: dict[str, Relation] = {
    "finetune": Relation.FINE_TUNED_FROM,
    "adapter": Relation.ADAPTER_OF,
    "quantized": Relation.QUANTIZED_FROM,
    "merge": Relation.MERGED_FROM,
}

# Metadata keys mapped into the model; everything else goes to Artifact.extra.
_MAPPED = frozenset(
    {
        "license",
        "license_name",
        "license_link",
        "base_model",
        "base_model_relation",
        "datasets",
        "model-index",
        "model_name",
        "pretty_name",
    }
)
_DATASET_KEYS = frozenset(
    {
        "task_categories",
        "size_categories",
        "annotations_creators",
        "language_creators",
        "multilinguality",
        "source_datasets",
        "pretty_name",
        "dataset_info",
        "configs",
        "task_ids",
        "paperswithcode_id",
        "train-eval-index",
    }
)
_MODEL_KEYS = frozenset(
    {"library_name", "pipeline_tag", "base_model", "model-index", "model_name", "inference"}
)
_GATED_KEYS = ("gated", "extra_gated_prompt", "extra_gated_fields", "extra_gated_heading")

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
_ROLE_NAMES: dict[Role, str] = {
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


# --- the card text -----------------------------------------------------------------------------


def split_card(text: str) -> tuple[str | None, int, str]:
    """Split a card into its YAML metadata block, the number of lines before the block's
    first line, and the Markdown body. The metadata is None when there is no block."""
    match = _FRONT_MATTER.search(text)
    if match is None:
        return None, 0, text
    offset = match.group(1).count("\n") or match.group(1).count("\r")
    return match.group(2), offset, text[match.end() :]


def _title(body: str) -> str | None:
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("# "):
            return _HTML.sub("", stripped[2:]).strip() or None
    return None


def _plain(value: Any) -> Any:
    """YAML values as JSON-ready data (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# --- where a card lives: its repository id, revision and layout -----------------------------------


@dataclass(frozen=True, slots=True)
class RepoRef:
    """What the card's path tells: the Hub repository id, its kind, the revision, and how it
    was found (``hub-cache``, ``file-name``, ``folders`` or ``none``)."""

    repo_id: str | None
    kind: ArtifactKind | None
    revision: str | None
    layout: str
    root: str | None = None


def _valid_repo(repo: str) -> bool:
    parts = repo.split("/")
    return 1 <= len(parts) <= 2 and all(_REPO_PART.match(p) for p in parts)


def _from_cache_name(name: str) -> tuple[str, ArtifactKind | None] | None:
    match = _CACHE_DIR.match(name)
    if match is None:
        return None
    repo = match.group(2).replace("--", "/", 1)
    if not _valid_repo(repo):
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
            revision = names[0] if _HEX40.match(names[0]) else None
            return RepoRef(found[0], found[1], revision, "hub-cache", up(3))
    if len(names) >= 3:
        org, name = names[1], names[0]
        if _valid_repo(f"{org}/{name}"):
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


def _defined(ref: RepoRef, repo: str, kind: ArtifactKind) -> bool:
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


def _artifact_id(repo: str, kind: ArtifactKind) -> str:
    if kind is ArtifactKind.DATASET:
        return f"{_HUB}/datasets/{repo}"
    return f"pkg:huggingface/{repo}"


def _repo_url(repo: str, kind: ArtifactKind) -> str:
    return f"{_HUB}/datasets/{repo}" if kind is ArtifactKind.DATASET else f"{_HUB}/{repo}"


# --- snapshots -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _File:
    path: str
    size: int | None
    digests: dict[DigestAlgorithm, str]
    revision: str | None = None


def _digest_from(name: str) -> dict[DigestAlgorithm, str]:
    if _HEX64.match(name):
        return {DigestAlgorithm.SHA256: name}
    if _HEX40.match(name):
        return {DigestAlgorithm.GIT_SHA1: name}
    return {}


def _file_info(folder: str, rel: str) -> _File:
    full = os.path.join(folder, rel)
    digests: dict[DigestAlgorithm, str] = {}
    revision = None
    if os.path.islink(full):
        # The Hub cache links snapshot files to blobs named by their digest: sha256 for LFS
        # files, the git blob id for small files.
        digests = _digest_from(os.path.basename(os.readlink(full)))
    else:
        meta = os.path.join(folder, ".cache", "huggingface", "download", rel + ".metadata")
        try:
            with open(meta, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except OSError:
            lines = []
        if len(lines) >= 2:
            digests = _digest_from(lines[1].strip().strip('"'))
            revision = lines[0].strip() if _HEX40.match(lines[0].strip()) else None
    try:
        size: int | None = os.stat(full).st_size
    except OSError:
        size = None
    return _File(rel, size, digests, revision)


def _listing(folder: str, card: str) -> list[str]:
    found: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            rel = os.path.relpath(os.path.join(root, name), folder).replace(os.sep, "/")
            if rel != card and not name.startswith("."):
                found.append(rel)
    return found


def _role(rel: str, kind: ArtifactKind) -> Role | None:
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


def _is_snapshot(folder: str) -> bool:
    """A folder with a README.md that is a Hub snapshot: in the Hub cache, or a card with
    metadata beside weights, configuration or data files."""
    readme = os.path.join(folder, "README.md")
    if not os.path.isfile(readme):
        return False
    if locate_repo(readme).layout == "hub-cache":
        return True
    if not _has_metadata(readme):
        return False
    try:
        names = os.listdir(folder)
    except OSError:
        return False
    return any(
        _role(n, ArtifactKind.MODEL) in (Role.MODEL_PARAMETERS_FINAL, Role.CONFIGURATION)
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
        if _is_snapshot(current):
            return os.path.join(current, "README.md")
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return None


# --- the license table -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _HubLicense:
    license_id: str | None
    reason: str | None = None
    candidates: tuple[str, ...] = ()


@cache
def _hub_licenses() -> dict[str, _HubLicense]:
    raw = files("openness.formats.huggingface").joinpath("data/hf_licenses.yaml").read_text("utf-8")
    table: dict[str, _HubLicense] = {}
    for key, value in (yaml.safe_load(raw) or {}).items():
        if isinstance(value, str):
            table[str(key)] = _HubLicense(value)
        else:
            table[str(key)] = _HubLicense(
                value.get("id"),
                value.get("reason"),
                tuple(str(c) for c in value.get("candidates") or ()),
            )
    return table


def hub_license(keyword: str) -> tuple[str | None, str | None, tuple[str, ...]] | None:
    """The id a Hub license keyword maps to, with the reason and candidates when there is no
    id; None for a keyword the Hub does not define."""
    entry = _hub_licenses().get(keyword.strip().lower())
    if entry is None:
        return None
    return entry.license_id, entry.reason, entry.candidates


# --- building the artifact -----------------------------------------------------------------------


@dataclass
class _Card:
    """One card being read: where problems and evidence go."""

    document: Document
    offset: int
    meta_doc: Document | None
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Sequence[str | int]) -> int | None:
        if self.meta_doc is None:
            return None
        line = self.meta_doc.line_of(tuple(path))
        return line + self.offset if line is not None else None

    def warn(self, path: Sequence[str | int], message: str) -> None:
        self.problems.append(
            Problem(
                self.document.path,
                format_path(path),
                message,
                self.line(path),
                Severity.WARNING,
            )
        )

    def evidence(
        self,
        path: Sequence[str | int],
        note: str,
        kind: EvidenceKind = EvidenceKind.DECLARED,
    ) -> Evidence:
        return Evidence(
            source=self.document.path,
            locator=format_path(path) or None,
            line=self.line(path),
            kind=kind,
            note=note,
        )

    def text(self, path: Sequence[str | int], value: Any) -> str | None:
        """A string field, with HTML markup removed (and reported)."""
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.warn(path, f"expected text, got {type(value).__name__}; the field is ignored")
            return None
        text = str(value).strip()
        if _HTML.search(text):
            cleaned = re.sub(r"\s+", " ", _HTML.sub(" ", text)).strip()
            self.warn(path, f"HTML markup in {text[:60]!r} removed; read as {cleaned!r}")
            text = cleaned
        return text or None


def _parse_metadata(
    document: Document, block: str, offset: int
) -> tuple[dict[str, Any], Document | None, list[Problem]]:
    try:
        meta_doc = parse_text(document.path, block, "yaml")
    except InputError as exc:
        problems = [
            Problem(
                document.path,
                p.path,
                f"{p.message}; the metadata block is ignored, the rest of the card is read",
                p.line + offset if p.line is not None else None,
                Severity.WARNING,
            )
            for p in exc.problems
        ]
        return {}, None, problems
    data = meta_doc.data
    if data is None:
        return {}, meta_doc, []
    if not isinstance(data, dict):
        problem = Problem(
            document.path,
            "",
            f"the metadata block is a {type(data).__name__}, not a mapping of fields; ignored",
            offset + 1,
            Severity.WARNING,
        )
        return {}, None, [problem]
    return data, meta_doc, []


def _kind(meta: Mapping[str, Any], ref: RepoRef) -> ArtifactKind:
    if ref.kind is not None:
        return ref.kind
    keys = set(meta)
    if keys & _DATASET_KEYS and not keys & _MODEL_KEYS:
        return ArtifactKind.DATASET
    return ArtifactKind.MODEL


def _license(
    card: _Card, meta: Mapping[str, Any]
) -> tuple[LicenseExpression | None, list[Evidence]]:
    if not meta:
        return None, []  # no metadata: already reported once
    raw = meta.get("license")
    if raw is None:
        if "license" not in meta:
            card.warn(("license",), "no license field: the license is unknown")
        else:
            card.warn(("license",), "license is empty: the license is unknown")
        return None, []
    values: list[tuple[tuple[str | int, ...], Any]]
    if isinstance(raw, list):
        values = [(("license", i), v) for i, v in enumerate(raw)]
        if len(raw) > 1:
            card.warn(
                ("license",),
                f"license is a list of {len(raw)} keywords; the Hub expects one. Read as all "
                "of them applying (AND), the stricter reading; write one keyword, or "
                "license: other with an SPDX expression in license_name",
            )
    else:
        values = [(("license",), raw)]
    ids: list[str] = []
    evidence: list[Evidence] = []
    for path, value in values:
        text = card.text(path, value)
        if text is None:
            return None, evidence
        evidence.append(card.evidence(path, f"license: {text}"))
        found = _one_license(card, path, text, meta)
        if found is None:
            return None, evidence
        lic_id, note = found
        if note:
            evidence.append(card.evidence(path, note, EvidenceKind.NORMALISED))
        ids.append(lic_id)
    ids = list(dict.fromkeys(ids))
    if not ids:
        return None, evidence
    if "NOASSERTION" in ids:
        return LicenseExpression.of("NOASSERTION"), evidence
    expression = " AND ".join(f"({i})" if " " in i else i for i in ids)
    return LicenseExpression.of(expression), evidence


def _one_license(
    card: _Card, path: tuple[str | int, ...], text: str, meta: Mapping[str, Any]
) -> tuple[str, str | None] | None:
    mapped = hub_license(text)
    if mapped is not None:
        lic_id, reason, candidates = mapped
        if lic_id is not None:
            note = (
                None
                if lic_id.lower() == text.lower()
                else (f"Hub keyword {text!r} read as {lic_id} (hf_licenses.yaml)")
            )
            return lic_id, note
        if text.lower() == "other":
            return _other_license(card, meta)
        could = f"; it could mean {', '.join(candidates)}" if candidates else ""
        card.warn(path, f"license {text!r}: {reason}{could}; the license is unknown")
        return None
    result = normalize(text)
    if result.confident and result.license_id is not None:
        card.warn(
            path,
            f"license {text!r} is not a Hugging Face license keyword; {result.describe()}",
        )
        return result.license_id, f"normalised: {result.describe()}"
    card.warn(
        path,
        f"license {text!r} is not a Hugging Face license keyword and {result.describe()}; "
        "the license is unknown (use a Hub keyword, or license: other with license_name)",
    )
    return None


def _other_license(card: _Card, meta: Mapping[str, Any]) -> tuple[str, str | None] | None:
    name = card.text(("license_name",), meta.get("license_name"))
    link = card.text(("license_link",), meta.get("license_link"))
    if name is None and link is None:
        card.warn(
            ("license",),
            "license: other without license_name or license_link: the license is unknown; "
            "name it in license_name",
        )
        return None
    texts = [name] if name is not None else []
    if link is not None and not _is_relative(link):
        texts.append(link)
    results = [normalize(t) for t in texts]
    confident = {r.license_id for r in results if r.confident}
    if len(confident) == 1:
        lic_id = confident.pop()
        assert lic_id is not None
        described = "; ".join(r.describe() for r in results if r.confident)
        return lic_id, f"license: other, normalised: {described}"
    if len(confident) > 1:
        card.warn(
            ("license_name",),
            f"license_name {name!r} and license_link {link!r} name different licenses "
            f"({', '.join(sorted(i or '' for i in confident))}); the license is unknown",
        )
        return None
    said = "; ".join(r.describe() for r in results) or f"license_link {link!r} is a local file"
    card.warn(
        ("license_name",),
        f"license: other: {said}; the license is unknown (the knowledge base has no id for it, "
        "or the name is ambiguous)",
    )
    return None


def _is_relative(link: str) -> bool:
    return "://" not in link and not link.startswith("www.")


def _repo_list(
    card: _Card, key: str, value: Any, kind: ArtifactKind
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
        for prefix in (f"{_HUB}/datasets/", f"{_HUB}/", "huggingface.co/datasets/", "hf://"):
            if repo.startswith(prefix):
                repo = repo[len(prefix) :]
        repo = repo.strip("/")
        if not _valid_repo(repo):
            what = "dataset" if kind is ArtifactKind.DATASET else "model"
            card.warn(
                path,
                f"{text!r} is not a Hub {what} id (expected 'org/name'); the reference is ignored",
            )
            continue
        out.append((path, repo))
    return out


def _relation(
    card: _Card, meta: Mapping[str, Any], count: int, files: Sequence[str]
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


def _eval_results(card: _Card, raw: Any, location: str | None) -> Component | None:
    """The ``model-index`` section as an evaluation-results component; malformed parts are
    reported and left out."""
    if raw is None:
        return None
    if not isinstance(raw, list):
        card.warn(("model-index",), f"model-index must be a list, got {type(raw).__name__}")
        return None
    results: list[dict[str, Any]] = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict):
            card.warn(("model-index", i), "each model-index entry must be a mapping")
            continue
        entries = entry.get("results")
        if not isinstance(entries, list):
            card.warn(("model-index", i, "results"), "results must be a list of evaluations")
            continue
        for j, result in enumerate(entries):
            where: tuple[str | int, ...] = ("model-index", i, "results", j)
            clean = _eval_result(card, where, result)
            if clean is not None:
                clean["model"] = entry.get("name")
                results.append(clean)
    if not results:
        return None
    return Component(
        role=Role.EVALUATION_RESULTS,
        name="model-index",
        availability=Availability.INCLUDED,
        location=location,
        evidence=[card.evidence(("model-index",), f"{len(results)} evaluation result(s)")],
        extra={"results": results},
    )


def _eval_result(card: _Card, where: tuple[str | int, ...], result: Any) -> dict[str, Any] | None:
    if not isinstance(result, dict):
        card.warn(where, "an evaluation result must be a mapping with task, dataset and metrics")
        return None
    task, dataset, metrics = result.get("task"), result.get("dataset"), result.get("metrics")
    problems = []
    if not isinstance(task, dict) or "type" not in task:
        problems.append("task (a mapping with type)")
    if not isinstance(dataset, dict) or "type" not in dataset:
        problems.append("dataset (a mapping with type and name)")
    if not isinstance(metrics, list) or not metrics:
        problems.append("metrics (a list of type and value)")
    if problems:
        card.warn(where, f"evaluation result left out: it needs {', '.join(problems)}")
        return None
    assert isinstance(metrics, list)
    good: list[dict[str, Any]] = []
    for k, metric in enumerate(metrics):
        if not isinstance(metric, dict) or "type" not in metric or "value" not in metric:
            card.warn((*where, "metrics", k), "a metric needs type and value; left out")
            continue
        _, unfit = plain_extra({"metric": metric})
        if unfit is not None:  # NaN, an infinity, binary data: nothing every format can write
            card.warn((*where, "metrics", k), f"{unfit}; left out")
            continue
        good.append(_plain(metric))
    if not good:
        return None
    clean: dict[str, Any] = {"task": _plain(task), "dataset": _plain(dataset), "metrics": good}
    if "source" in result:
        clean["source"] = _plain(result["source"])
    return clean


def _finite(number: float) -> bool:
    """True for a number a float holds and that is neither NaN nor infinite."""
    try:
        return math.isfinite(float(number))
    except OverflowError:  # an integer of hundreds of digits
        return False


def _co2(card: _Card, raw: Any) -> Compute | None:
    grams: Any = raw.get("emissions") if isinstance(raw, dict) else raw
    if (
        isinstance(grams, bool)
        or not isinstance(grams, int | float)
        or not _finite(grams)
        or grams < 0
    ):
        if raw is not None:
            card.warn(("co2_eq_emissions",), "co2_eq_emissions needs a number of grams; ignored")
        return None
    hardware = raw.get("hardware_used") if isinstance(raw, dict) else None
    return Compute(
        co2_kg=float(grams) / 1000.0,
        accelerator=str(hardware) if hardware else None,
        evidence=[card.evidence(("co2_eq_emissions",), f"{grams} g CO2eq")],
    )


def _snapshot_components(
    card: _Card,
    folder: str,
    files_: list[_File],
    kind: ArtifactKind,
    gated: bool,
    where: str | None,
) -> tuple[list[Component], list[str]]:
    by_role: dict[Role, list[_File]] = {}
    other: list[str] = []
    for item in files_:
        role = _role(item.path, kind)
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
        components.append(
            Component(
                role=role,
                name=_ROLE_NAMES.get(role, role.value),
                availability=availability,
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
                    )
                ],
            )
        )
    return components, other


def _repository_content(path: str, kind: ArtifactKind, gated: bool, where: str | None) -> Component:
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
        name=_ROLE_NAMES.get(role, role.value),
        availability=Availability.GATED if gated else None,
        location=where,
        evidence=[Evidence(source=path, kind=EvidenceKind.CONCLUDED, note=note)],
    )


class HuggingFaceImporter:
    """Reads Hugging Face model and dataset cards, and the Hub snapshots they sit in."""

    name = "huggingface"
    description = (
        "Hugging Face model or dataset card (README.md with YAML metadata), a folder of cards, "
        "or a Hub snapshot"
    )

    def detect(self, document: Document) -> bool:
        """A ``.md`` file with a metadata block, the ``README.md`` of a Hub snapshot, or another
        file inside a Hub snapshot (recorded as a component of the snapshot's card)."""
        name = os.path.basename(document.path).lower()
        if (name.endswith(".md") or document.path == STDIN_NAME) and _FRONT_MATTER.match(
            document.text
        ):
            return True  # (from standard input, a card has nothing but its metadata to go by)
        if document.path == STDIN_NAME:
            return False
        return snapshot_card(os.path.dirname(os.path.abspath(document.path))) is not None

    def load(self, document: Document) -> ImportResult:
        """Import one card; a file of a snapshot other than its card gives nothing (the card's
        import records it as a component)."""
        if not self._is_card(document):
            return ImportResult()
        try:
            return self._load_card(document)
        except ValidationError as exc:  # most fields are checked first; extra's depth is not
            return ImportResult(
                problems=[
                    Problem(
                        document.path,
                        "",
                        f"could not build the artifact: {format_path(list(err['loc']))}: "
                        f"{err['msg']}",
                    )
                    for err in exc.errors(include_url=False)
                ]
            )

    @staticmethod
    def _is_card(document: Document) -> bool:
        name = os.path.basename(document.path).lower()
        if not name.endswith(".md") and document.path != STDIN_NAME:
            return False
        if _FRONT_MATTER.match(document.text) or document.path == STDIN_NAME:
            return True
        absolute = os.path.abspath(document.path)
        card = snapshot_card(os.path.dirname(absolute))
        return card is None or card == absolute

    def _load_card(self, document: Document) -> ImportResult:
        block, offset, body = split_card(document.text)
        problems: list[Problem] = []
        meta: dict[str, Any] = {}
        meta_doc: Document | None = None
        if block is None:
            problems.append(
                Problem(
                    document.path,
                    "",
                    "no YAML metadata block (--- at the top of the card): license, base model "
                    "and datasets are unknown; add one "
                    "(https://huggingface.co/docs/hub/model-cards#model-card-metadata)",
                    1,
                    Severity.WARNING,
                )
            )
        else:
            meta, meta_doc, problems = _parse_metadata(document, block, offset)
        card = _Card(document, offset, meta_doc, problems)
        ref = locate_repo(document.path)
        kind = _kind(meta, ref)
        folder = os.path.dirname(os.path.abspath(document.path))
        snapshot: list[_File] = []
        if _is_readme(document.path) and _is_snapshot(folder):
            snapshot = [
                _file_info(folder, rel) for rel in _listing(folder, os.path.basename(document.path))
            ]
        revision = ref.revision or next((f.revision for f in snapshot if f.revision), None)
        repo = ref.repo_id
        title = _title(body)
        label = card.text(("model_name",), meta.get("model_name")) or card.text(
            ("pretty_name",), meta.get("pretty_name")
        )
        if repo is None:
            fallback = (
                os.path.basename(folder)
                if _is_readme(document.path)
                else os.path.splitext(os.path.basename(document.path))[0]
            )
            repo = (
                fallback
                if _valid_repo(fallback)
                else re.sub(r"[^A-Za-z0-9._-]+", "-", fallback).strip("-") or "card"
            )
            card.warn(
                (),
                f"the Hub repository id cannot be read from the path; named {repo!r}. Lay cards "
                "out as <org>/<name>/README.md, name them <org>--<name>.md, or read them from "
                "the Hub cache",
            )
        artifact_id = _artifact_id(repo, kind)
        url = _repo_url(repo, kind) if ref.repo_id else None
        card_location = (
            f"{url}/blob/{revision or 'main'}/README.md" if url else os.path.basename(document.path)
        )
        license_expr, license_evidence = _license(card, meta)

        components: list[Component] = [
            Component(
                role=Role.DATASHEET if kind is ArtifactKind.DATASET else Role.MODEL_CARD,
                name=os.path.basename(document.path),
                availability=Availability.INCLUDED,
                location=card_location,
                revision=revision,
                evidence=[
                    Evidence(
                        source=document.path, kind=EvidenceKind.DETECTED, note="the card itself"
                    )
                ],
            )
        ]
        evaluation = _eval_results(card, meta.get("model-index"), card_location)
        if evaluation is not None:
            components.append(evaluation)
        gated = any(meta.get(k) for k in _GATED_KEYS)
        other_files: list[str] = []
        if snapshot:
            found, other_files = _snapshot_components(card, folder, snapshot, kind, gated, url)
            components.extend(found)
        else:
            components.append(_repository_content(document.path, kind, gated, url))

        lineage: list[LineageEdge] = []
        stubs: list[Artifact] = []
        bases = _repo_list(card, "base_model", meta.get("base_model"), ArtifactKind.MODEL)
        if bases:
            relation, how = _relation(card, meta, len(bases), [f.path for f in snapshot])
            for path, base in bases:
                target = _artifact_id(base, ArtifactKind.MODEL)
                lineage.append(
                    LineageEdge(
                        relation=relation,
                        target=target,
                        note=how,
                        evidence=[card.evidence(path, f"base_model: {base}")],
                    )
                )
                if not _defined(ref, base, ArtifactKind.MODEL):
                    stubs.append(
                        _stub(card, path, base, ArtifactKind.MODEL, artifact_id, "base model")
                    )
        elif "base_model_relation" in meta:
            card.warn(("base_model_relation",), "base_model_relation without base_model; ignored")
        for path, dataset in _repo_list(
            card, "datasets", meta.get("datasets"), ArtifactKind.DATASET
        ):
            target = _artifact_id(dataset, ArtifactKind.DATASET)
            lineage.append(
                LineageEdge(
                    relation=Relation.TRAINED_ON,
                    target=target,
                    evidence=[card.evidence(path, f"datasets: {dataset}")],
                )
            )
            if not _defined(ref, dataset, ArtifactKind.DATASET):
                stubs.append(
                    _stub(card, path, dataset, ArtifactKind.DATASET, artifact_id, "training data")
                )

        extra = {}
        for key, value in meta.items():
            if key in _MAPPED:
                continue
            _, unfit = plain_extra({str(key): value})
            if unfit is not None:  # NaN, an infinity, binary data: no format can write it
                card.warn((str(key),), f"{unfit}; not kept")
                continue
            extra[str(key)] = _plain(value)
        for key in ("license_name", "license_link"):
            if key in meta:
                extra[key] = _plain(meta[key])
        if isinstance(meta.get("license"), list):
            extra["license"] = _plain(meta["license"])
        if other_files:
            extra["other_files"] = other_files
        if title and title != label:
            extra.setdefault("title", title)
        evidence = [
            Evidence(
                source=document.path,
                kind=EvidenceKind.CONCLUDED,
                note=_where_note(ref, repo),
            ),
            *license_evidence,
        ]
        facts = Facts()
        training = _co2(card, meta.get("co2_eq_emissions")) if "co2_eq_emissions" in meta else None
        model_type = _model_type(folder) if snapshot else None
        if training is not None or model_type is not None:
            facts = Facts(training=training, type_of_model=model_type)
        artifact = Artifact(
            id=artifact_id,
            kind=kind,
            name=label or title or repo,
            version=revision,
            license=license_expr,
            supplier=repo.split("/")[0] if "/" in repo else None,
            url=url,
            purl=f"pkg:huggingface/{repo}" + (f"@{revision}" if revision else "")
            if kind is ArtifactKind.MODEL
            else None,
            components=components,
            lineage=_dedupe_edges(lineage),
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


def _is_readme(path: str) -> bool:
    """True for a file named README.md (any case)."""
    return os.path.basename(path).lower() == "readme.md"


def _where_note(ref: RepoRef, repo: str) -> str:
    how = {
        "hub-cache": "the Hub cache folder",
        "file-name": "the file name (<org>--<name>.md)",
        "folders": "the folders (<org>/<name>/README.md)",
        "none": "the folder name (no Hub layout found)",
    }[ref.layout]
    revision = f" at revision {ref.revision}" if ref.revision else ""
    return f"repository {repo}{revision}, read from {how}"


def _model_type(folder: str) -> str | None:
    try:
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as handle:
            config = json.load(handle)
    except (OSError, ValueError):
        return None
    value = config.get("model_type") if isinstance(config, dict) else None
    return str(value) if isinstance(value, str) and value else None


def _dedupe_edges(edges: Iterable[LineageEdge]) -> list[LineageEdge]:
    seen: set[tuple[str, str]] = set()
    out: list[LineageEdge] = []
    for edge in edges:
        key = (edge.relation.value, edge.target)
        if key not in seen:
            seen.add(key)
            out.append(edge)
    return out


def _stub(
    card: _Card,
    path: tuple[str | int, ...],
    repo: str,
    kind: ArtifactKind,
    referrer: str,
    what: str,
) -> Artifact:
    """A placeholder for a referenced repository whose card was not given: no license, no
    components, so every verdict that depends on it is unknown."""
    return Artifact(
        id=_artifact_id(repo, kind),
        kind=kind,
        name=repo,
        url=_repo_url(repo, kind),
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
