"""Resolve Hub ids and follow their lineage: each repository's card names its base models and
datasets, which are resolved in turn (the whole chain, or ``depth`` steps), each repository
once, many at a time in a bounded pool. The order of the result depends only on the cards,
never on which answer came first: level by level, each level in the order its repositories
were named."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from openness.documents import Document, max_input_bytes, parse_text, read_document
from openness.errors import InputError, Problem, Severity
from openness.formats.huggingface.read.small_files import read_bytes
from openness.hub.artifacts import artifact_id, pin, stub
from openness.hub.client import HubError, HubSettings
from openness.hub.fetch import Fetched, fetch
from openness.hub.ids import HubId
from openness.importers import ImportResult, Origin
from openness.importers.huggingface import HuggingFaceImporter, split_card
from openness.model import Artifact

__all__ = ["MAX_WORKERS", "Resolution", "resolve"]

#: At most this many repositories are fetched at once.
MAX_WORKERS = 8
_MODEL_PREFIX = "pkg:huggingface/"
_DATASET_PREFIX = "https://huggingface.co/datasets/"


@dataclass
class Resolution:
    """What Hub ids resolved to: per id given, the import of each repository reached from it
    (its own first, then its lineage), in a deterministic order, each with its problems; and
    the commit each repository read was at (by id)."""

    imports: dict[str, list[ImportResult]] = field(default_factory=dict)
    commits: dict[str, str] = field(default_factory=dict)


@dataclass
class _Node:
    hub_id: HubId
    root: str  # the id given that reached it
    depth: int
    referrer: str | None


def _targets(artifact: Artifact) -> list[HubId]:
    """The repositories the card's lineage names (edges to Hub models and datasets)."""
    out: list[HubId] = []
    for edge in artifact.lineage:
        if edge.target.startswith(_MODEL_PREFIX):
            out.append(HubId("model", edge.target[len(_MODEL_PREFIX) :]))
        elif edge.target.startswith(_DATASET_PREFIX):
            out.append(HubId("dataset", edge.target[len(_DATASET_PREFIX) :]))
    return out


def _stub_result(node: _Node, reason: str, problem: str, severity: Severity) -> ImportResult:
    document = _placeholder(node.hub_id.text)
    result = ImportResult(
        problems=[Problem(node.hub_id.text, "", problem, severity=severity)],
    )
    result.artifacts.append(stub(node.hub_id, reason, node.referrer))
    result.origins.append(Origin(document, ()))
    return result


def _placeholder(name: str) -> Document:
    """A document for what came from no file (a stub's origin): the Hub id itself."""
    return Document(name, "", "text")


def _read(settings: HubSettings, node: _Node) -> tuple[ImportResult, list[HubId], str | None]:
    """One repository: its import, the repositories its lineage names, its commit."""
    try:
        fetched = fetch(settings, node.hub_id)
    except HubError as exc:
        if node.referrer is None:  # an id the user gave: bad input
            return ImportResult(problems=[Problem(node.hub_id.text, "", str(exc))]), [], None
        return (
            _stub_result(
                node,
                f"{exc.reason}: {exc}",
                f"{exc} (referenced by {node.referrer}); a stub stands for it, so verdicts "
                "that depend on it are unknown",
                Severity.WARNING,
            ),
            [],
            None,
        )
    return _import(node, fetched)


def _import(node: _Node, fetched: Fetched) -> tuple[ImportResult, list[HubId], str | None]:
    where = f"{node.hub_id.text} at commit {fetched.commit}"
    notes = [
        Problem(node.hub_id.text, "", f"{note} ({where})", severity=Severity.WARNING)
        for note in fetched.notes
    ]
    if fetched.renamed_to:
        notes.append(
            Problem(
                node.hub_id.text,
                "",
                f"the repository is now {fetched.renamed_to} (the Hub redirects the old name); "
                "read under the name given",
                severity=Severity.WARNING,
            )
        )
    if fetched.card is None:
        message = (
            f"{where} has no card (README.md): nothing states its license or lineage; ask its "
            "publisher for a model or dataset card"
        )
        if node.referrer is None:
            result = ImportResult(problems=[Problem(node.hub_id.text, "", message), *notes])
            return result, [], fetched.commit
        result = _stub_result(node, "no card", message, Severity.WARNING)
        result.problems.extend(notes)
        return result, [], fetched.commit
    try:
        document = _card_document(fetched.card)
        # The card's metadata block is parsed once, by the card reader; only a card it finds
        # fault with is checked again for a block that is not YAML (an error of its own here).
        try:
            imported = HuggingFaceImporter().load(document)
        except (InputError, ValueError, TypeError, RecursionError):
            broken = _broken_metadata(document)
            if broken:
                return ImportResult(problems=[*broken, *notes]), [], fetched.commit
            raise
        if any(p.severity is Severity.ERROR for p in imported.problems):
            broken = _broken_metadata(document)
            if broken:
                return ImportResult(problems=[*broken, *notes]), [], fetched.commit
    except InputError as exc:
        return ImportResult(problems=[*exc.problems, *notes]), [], fetched.commit
    except (ValueError, TypeError, RecursionError) as exc:
        reason = f"{type(exc).__name__}: {str(exc)[:200]}"
        problem = Problem(fetched.card, "", f"cannot be read as a card ({reason})")
        return ImportResult(problems=[problem, *notes]), [], fetched.commit
    imported.problems.extend(notes)
    own = artifact_id(node.hub_id)
    targets: list[HubId] = []
    for index, artifact in enumerate(imported.artifacts):
        if artifact.id == own:
            imported.artifacts[index] = pinned = pin(
                artifact,
                node.hub_id,
                fetched.commit,
                fetched.snapshot,
                fetched.files,
                fetched.gated,
                fetched.headers,
                os.path.dirname(fetched.card),
            )
            targets = _targets(pinned)
    return imported, targets, fetched.commit


def _card_document(path: str) -> Document:
    """The card as :func:`read_document` reads it, without trying the whole card as YAML
    first when it has a metadata block: a block closes with a ``---`` line, which starts a
    second YAML document, so the whole never parses as one (and is read as text)."""
    document = _read_card_text(path)
    if split_card(document.text)[0] is not None:
        return document
    return read_document(path)


def _read_card_text(path: str) -> Document:
    """``read_document(path, fmt="text")`` in four system calls rather than nine (see
    :mod:`~openness.formats.huggingface.read.small_files`); a card that is not plainly
    readable (missing, a folder, over the input limit, not UTF-8) is read by
    :func:`read_document`, which tells what is wrong with it."""
    limit = max_input_bytes()
    try:
        raw = read_bytes(path, limit + 1)
        if len(raw) <= limit:
            return parse_text(path, raw.decode("utf-8-sig"), "text")
    except (OSError, UnicodeDecodeError):
        pass
    return read_document(path, fmt="text")


def _broken_metadata(document: Document) -> list[Problem]:
    """Errors for a card whose metadata block is not YAML. Read from a folder, such a card is
    read without its metadata (a warning); resolved by id, the license and lineage it should
    give would silently be missing, so it is bad input."""
    block, offset, _ = split_card(document.text)
    if block is None:
        return []
    try:
        parse_text(document.path, block, "yaml")
    except InputError as exc:
        return [
            Problem(
                document.path,
                p.path,
                f"the card's metadata block is not valid YAML: {p.message}; its license, base "
                "models and datasets cannot be read (the card's publisher can fix it: "
                "https://huggingface.co/docs/hub/model-cards#model-card-metadata)",
                p.line + offset if p.line is not None else None,
            )
            for p in exc.problems
        ]
    return []


def resolve(
    ids: Sequence[HubId],
    settings: HubSettings,
    *,
    depth: int | None = None,
    advance: Callable[[], None] | None = None,
    workers: int = MAX_WORKERS,
) -> Resolution:
    """Resolve ``ids`` and their lineage (``depth`` steps; None: all of it). A repository
    the lineage names that cannot be read, or lies beyond ``depth``, becomes a stub with a
    warning; an id given that cannot be read is an error. ``advance`` is called once per
    repository read (from worker threads)."""
    resolution = Resolution()
    seen: set[tuple[str, str]] = set()
    level: list[_Node] = []
    for hub_id in ids:
        resolution.imports.setdefault(hub_id.text, [])
        if hub_id.key in seen:
            continue
        seen.add(hub_id.key)
        level.append(_Node(hub_id, hub_id.text, 0, None))

    def work(node: _Node) -> tuple[ImportResult, list[HubId], str | None]:
        try:
            return _read(settings, node)
        finally:
            if advance is not None:
                advance()

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while level:
            answers = list(pool.map(work, level))
            following: list[_Node] = []
            for node, (imported, targets, commit) in zip(level, answers, strict=True):
                resolution.imports[node.root].append(imported)
                if commit is not None:
                    resolution.commits[node.hub_id.text] = commit
                own = artifact_id(node.hub_id)
                for target in targets:
                    if target.key in seen:
                        continue
                    seen.add(target.key)
                    child = _Node(target, node.root, node.depth + 1, own)
                    if depth is not None and child.depth > depth:
                        resolution.imports[node.root].append(
                            _stub_result(
                                child,
                                f"not followed (--depth {depth})",
                                f"{target.text} is {child.depth} steps up the lineage of "
                                f"{node.root}, beyond --depth {depth}; not read, a stub stands "
                                "for it",
                                Severity.WARNING,
                            )
                        )
                        continue
                    following.append(child)
            level = following
    return resolution
