"""Fetch one repository's metadata files into the standard cache (or find them there when
offline) and pin them to a commit. Only the files :func:`is_metadata` accepts are ever
downloaded; the repository's other files (weights, data) are listed, never fetched."""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from openness.hub.cache import (
    RemoteFile,
    is_commit,
    metadata_card,
    read_listing,
    read_ref,
    resolve_ref,
    snapshot_folder,
    write_listing,
    write_metadata_card,
    write_ref,
)
from openness.hub.client import (
    HubError,
    HubSettings,
    describe,
    hub_library,
    is_failure,
    with_retries,
)
from openness.hub.headers import HeaderFacts, read_remote_headers
from openness.hub.ids import HubId

__all__ = ["METADATA_LIMIT", "Fetched", "fetch", "is_metadata"]

_NAMES = frozenset(
    {
        "readme.md",
        "config.json",
        "generation_config.json",
        "tokenizer_config.json",
        "adapter_config.json",
    }
)
_STEMS = ("license", "licence", "use_policy", "notice", "copying")
_SUFFIXES = (".md", ".safetensors.index.json", ".bin.index.json")
#: A metadata file larger than this is listed, not fetched (a card is a few kilobytes).
METADATA_LIMIT = 8 << 20


def is_metadata(path: str) -> bool:
    """True for the files a run fetches: at the top of the repository, the card and other
    Markdown documents, ``config.json``, ``generation_config.json``,
    ``tokenizer_config.json``, ``adapter_config.json``, the license, use-policy and notice
    files, and the safetensors (or PyTorch) weight indexes."""
    if "/" in path:
        return False
    name = path.lower()
    return name in _NAMES or name.startswith(_STEMS) or name.endswith(_SUFFIXES)


@dataclass
class Fetched:
    """One repository at a commit: the snapshot folder in the cache (None when nothing was
    fetched), the card in it (None when the repository has none), every file the repository
    has (None when unknown: an offline cache another tool filled), and what went wrong with
    single files."""

    hub_id: HubId
    commit: str
    snapshot: str
    card: str | None
    files: list[RemoteFile] | None
    gated: bool = False
    renamed_to: str | None = None
    notes: list[str] = field(default_factory=list)
    headers: list[HeaderFacts] = field(default_factory=list)
    card_refused: HubError | None = None


@cache
def _silent_tqdm() -> type[Any]:
    """huggingface_hub's progress bar class, always off (the run shows its own)."""
    base: type[Any] = hub_library().utils.tqdm

    class Silent(base):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["disable"] = True
            super().__init__(*args, **kwargs)

    return Silent


def _remote_files(info: Any) -> list[RemoteFile]:
    out: list[RemoteFile] = []
    for sibling in getattr(info, "siblings", None) or []:
        lfs = getattr(sibling, "lfs", None)
        sha256 = getattr(lfs, "sha256", None) if lfs is not None else None
        out.append(
            RemoteFile(
                path=str(sibling.rfilename),
                size=sibling.size if isinstance(sibling.size, int) else None,
                sha256=sha256 if isinstance(sha256, str) else None,
                blob_id=sibling.blob_id if isinstance(sibling.blob_id, str) else None,
            )
        )
    return sorted(out, key=lambda f: f.path)


def fetch(settings: HubSettings, hub_id: HubId) -> Fetched:
    """The repository ``hub_id`` names, its metadata files in the cache; :class:`HubError`
    when it cannot be had (missing, gated, no such revision, not cached while offline)."""
    if settings.offline or _complete_at_commit(settings, hub_id):
        return _from_cache(settings, hub_id)
    hub = hub_library()
    api = hub.HfApi(endpoint=settings.endpoint, token=settings.token)
    reader = api.dataset_info if hub_id.kind == "dataset" else api.model_info
    try:
        info = with_retries(
            settings,
            lambda: reader(hub_id.repo_id, revision=hub_id.revision, files_metadata=True),
        )
    except Exception as exc:
        if is_failure(exc):
            raise describe(exc, hub_id.text, settings, _page(hub_id)) from None
        raise
    commit = str(info.sha)
    files = _remote_files(info)
    gated = bool(getattr(info, "gated", False))
    renamed = str(info.id) if getattr(info, "id", None) and info.id != hub_id.repo_id else None
    fetched = Fetched(
        hub_id,
        commit,
        snapshot_folder(settings.cache_dir, hub_id, commit),
        None,
        files,
        gated,
        renamed,
    )
    silent = _silent_tqdm()
    wanted = sorted(
        (f for f in files if is_metadata(f.path)), key=lambda f: (f.path != "README.md", f.path)
    )
    cached: set[str] = set()  # the files found in the snapshot (no call for them)
    for index, item in enumerate(wanted):  # the card first: when it is gated, so is the rest
        if fetched.card_refused is not None:
            rest = ", ".join(f.path for f in wanted[index:])
            fetched.notes.append(f"not read, as the repository's files are gated: {rest}")
            break
        if item.size is not None and item.size > METADATA_LIMIT:
            fetched.notes.append(
                f"{item.path} is {item.size} bytes, more than a metadata file should be; not read"
            )
            continue
        if os.path.isfile(os.path.join(fetched.snapshot, item.path)):
            cached.add(item.path)
        else:
            _download(settings, hub_id, commit, item.path, silent, fetched)
    if not cached and not os.path.isdir(fetched.snapshot):  # (a file in it: it is there)
        os.makedirs(fetched.snapshot, exist_ok=True)
    if read_ref(settings.cache_dir, hub_id) != commit:  # (the snapshot folder is there now)
        write_ref(settings.cache_dir, hub_id, commit)
    before = read_listing(settings.cache_dir, hub_id, commit)
    kept: dict[str, Any] = {"gated": gated, "renamed_to": renamed}
    if before is not None and "headers" in before[1]:  # read at this commit already
        kept["headers"] = before[1]["headers"]
        kept["header_notes"] = before[1].get("header_notes", [])
    else:
        headers, header_notes = read_remote_headers(settings, hub_id, commit, files)
        kept["headers"] = [h.as_dict() for h in headers]
        kept["header_notes"] = header_notes
    fetched.headers, fetched.notes = _headers(kept), fetched.notes + kept["header_notes"]
    if before != (files, kept):
        write_listing(settings.cache_dir, hub_id, commit, files, kept)
    card = os.path.join(fetched.snapshot, "README.md")
    fetched.card = card if "README.md" in cached or os.path.isfile(card) else None
    if fetched.card_refused is not None:
        _card_from_info(settings, fetched, getattr(info, "card_data", None))
    return fetched


def _card_from_info(settings: HubSettings, fetched: Fetched, card_data: Any) -> None:
    """A gated card's metadata, from the repository information the Hub gives anyone
    (``cardData``), as a card in the repository's ``.openness`` folder; the error of the
    refused card when there is none."""
    refused = fetched.card_refused
    data = card_data.to_dict() if hasattr(card_data, "to_dict") else card_data
    if refused is None or not isinstance(data, dict) or not data:
        raise refused if refused is not None else HubError("no card", "missing")
    fetched.notes.insert(0, str(refused))
    path = metadata_card(settings.cache_dir, fetched.hub_id, fetched.commit)
    text = "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n"
    write_metadata_card(path, text + _GATED_BODY)
    fetched.card = path
    fetched.notes.append(_GATED_NOTE)


_GATED_BODY = (
    "\n(The card file is gated; this is its metadata as the Hub's repository information "
    "gives it.)\n"
)
_GATED_NOTE = (
    "the card's metadata (license, base models, datasets) is read from the Hub's repository "
    "information (cardData), which the Hub gives to anyone"
)


def _download(
    settings: HubSettings,
    hub_id: HubId,
    commit: str,
    path: str,
    silent: type[Any],
    fetched: Fetched,
) -> None:
    hub = hub_library()

    quiet: dict[str, Any] = {"tqdm_class": silent} if _takes_tqdm_class() else {}

    def call() -> str:
        return str(
            hub.hf_hub_download(
                hub_id.repo_id,
                path,
                repo_type=hub_id.kind,
                revision=commit,
                cache_dir=settings.cache_dir,
                endpoint=settings.endpoint,
                token=settings.token,
                **quiet,
            )
        )

    try:
        with_retries(settings, call)
    except Exception as exc:
        if not is_failure(exc):
            raise
        error = describe(exc, f"{hub_id.text} file {path}", settings, _page(hub_id))
        if path == "README.md" and error.reason == "gated":  # nothing to read without it
            fetched.card_refused = describe(exc, hub_id.text, settings, _page(hub_id))
            return
        if error.reason in ("gated", "missing"):
            fetched.notes.append(f"not read: {error}")
            return
        raise error from None


@cache
def _takes_tqdm_class() -> bool:
    """True when ``hf_hub_download`` takes ``tqdm_class`` (huggingface_hub 1.0 and later;
    before, its bars for files this small never show)."""
    return "tqdm_class" in inspect.signature(hub_library().hf_hub_download).parameters


def _headers(info: dict[str, Any]) -> list[HeaderFacts]:
    """The weight-header facts kept in a file list (none when they cannot be read)."""
    try:
        return [HeaderFacts.from_dict(h) for h in info.get("headers") or ()]
    except (KeyError, TypeError, ValueError):
        return []


def _page(hub_id: HubId) -> str:
    return f"datasets/{hub_id.repo_id}" if hub_id.kind == "dataset" else hub_id.repo_id


def _complete_at_commit(settings: HubSettings, hub_id: HubId) -> bool:
    """True when the id names a commit that a run already read whole into the cache (its
    file list is written last): a commit never changes, so there is nothing to ask."""
    revision = hub_id.revision
    if not is_commit(revision):
        return False
    return read_listing(settings.cache_dir, hub_id, str(revision)) is not None


def _from_cache(settings: HubSettings, hub_id: HubId) -> Fetched:
    commit = resolve_ref(settings.cache_dir, hub_id)
    if commit is None:
        raise HubError(
            f"{hub_id.text} is not in the Hugging Face cache ({settings.cache_dir}) and "
            "HF_HUB_OFFLINE=1 forbids fetching it: run once without HF_HUB_OFFLINE, or point "
            "HF_HUB_CACHE at a cache that holds it",
            "offline",
        )
    snapshot = snapshot_folder(settings.cache_dir, hub_id, commit)
    listing = read_listing(settings.cache_dir, hub_id, commit)
    files, info = listing if listing is not None else (None, {})
    card = os.path.join(snapshot, "README.md")
    if not os.path.isfile(card):  # a gated card: its metadata, if it was kept
        card = metadata_card(settings.cache_dir, hub_id, commit)
    renamed = info.get("renamed_to")
    notes = info.get("header_notes")
    return Fetched(
        hub_id,
        commit,
        snapshot,
        card if os.path.isfile(card) else None,
        files,
        bool(info.get("gated")),
        str(renamed) if isinstance(renamed, str) else None,
        [str(n) for n in notes] if isinstance(notes, list) else [],
        _headers(info),
    )
