"""``lock``: record the size and digests of the files a manifest names, in the manifest.

For every ``components[].files[]`` entry whose file is found under the root, the size and the
digests (the requested algorithms plus any already recorded) are written. A component that
lists no files but whose ``location`` is a relative path to a file or folder under the root
gets a ``files`` list of what is there. The manifest is rewritten in place, atomically:

- YAML: targeted text edits (see :mod:`openness.verify.yaml_edit`): comments and layout kept;
- TOML: tomlkit, which keeps comments and layout;
- JSON: rewritten with the indentation it had and its key order.

The new text is parsed and validated before it replaces the old one.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from openness.documents import Document, parse_text, read_document
from openness.errors import InputError, Problem
from openness.formats.manifest.read import ManifestImporter
from openness.model import Artifact, DigestAlgorithm
from openness.progress import byte_progress
from openness.verify.hashing import FileChanged, hash_fd, hash_many
from openness.verify.named import is_local_path
from openness.verify.paths import PathError, PathIssue, SafeRoot

__all__ = ["LockEntry", "LockResult", "LockStatus", "lock_manifest", "write_preserving"]


class LockStatus(StrEnum):
    """What ``lock`` did for one file."""

    ADDED = "added"  # a new files[] entry
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    MISSING = "missing"
    ERROR = "error"


@dataclass
class LockEntry:
    """One file of one component: where it sits in the manifest and what was found."""

    artifact: int
    component: int
    file: int | None  # index in files[], None for a new entry
    path: str
    algorithms: tuple[DigestAlgorithm, ...]
    old_size: int | None = None
    old_digests: dict[DigestAlgorithm, str] = field(default_factory=dict)
    status: LockStatus = LockStatus.UNCHANGED
    size: int | None = None
    digests: dict[DigestAlgorithm, str] = field(default_factory=dict)
    message: str = ""
    real: str = ""

    @property
    def field_path(self) -> str:
        """The entry's field path in the manifest."""
        base = f"artifacts[{self.artifact}].components[{self.component}]"
        return f"{base}.files[{self.file}]" if self.file is not None else f"{base}.files[+]"


@dataclass
class LockResult:
    """The outcome of locking one manifest."""

    manifest: str
    entries: list[LockEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    text: str | None = None  # the new text, when something changed
    input_ok: bool = True  # False when the manifest could not be read or is invalid

    @property
    def changed(self) -> bool:
        """True when the manifest's text changes."""
        return self.text is not None

    def count(self, status: LockStatus) -> int:
        """How many files have ``status``."""
        return sum(1 for e in self.entries if e.status is status)


def _plan(
    artifacts: Sequence[Artifact], root: SafeRoot, algorithms: Sequence[DigestAlgorithm]
) -> list[LockEntry]:
    entries: list[LockEntry] = []
    for ai, artifact in enumerate(artifacts):
        for ci, component in enumerate(artifact.components):
            for fi, ref in enumerate(component.files):
                wanted = tuple(dict.fromkeys([*ref.digests, *algorithms]))
                entries.append(LockEntry(ai, ci, fi, ref.path, wanted, ref.size, dict(ref.digests)))
            location = component.location
            if component.files or not location or not is_local_path(location.rstrip("/")):
                continue
            for path in _found(root, location.rstrip("/")):
                entries.append(LockEntry(ai, ci, None, path, tuple(algorithms)))
    return entries


def _found(root: SafeRoot, location: str) -> list[str]:
    """The files a component's local ``location`` stands for: itself, or the files in it."""
    try:
        root.resolve(location)
    except PathError as exc:
        if exc.issue is PathIssue.NOT_A_FILE:
            try:
                return root.walk(location)
            except PathError:
                return []
        return []
    return [location]


def _hash(entries: list[LockEntry], root: SafeRoot, progress: bool | None) -> None:
    todo: list[LockEntry] = []
    for entry in entries:
        try:
            entry.real = root.resolve(entry.path)
            entry.size = os.stat(entry.real).st_size
        except PathError as exc:
            entry.status = (
                LockStatus.MISSING if exc.issue is PathIssue.MISSING else LockStatus.ERROR
            )
            entry.message = exc.message
            continue
        todo.append(entry)
    with byte_progress(sum(e.size or 0 for e in todo), "locking", enabled=progress) as advance:

        def work(entry: LockEntry) -> None:
            try:
                fd = root.open(entry.path, entry.real)
                entry.size, entry.digests = hash_fd(fd, entry.algorithms, progress=advance)
            except PathError as exc:
                entry.status, entry.message = LockStatus.ERROR, exc.message
            except (FileChanged, OSError) as exc:
                entry.status, entry.message = LockStatus.ERROR, f"cannot be read: {exc}"

        hash_many(todo, work, weight=lambda e: e.size or 0)
    for entry in todo:
        if entry.status is LockStatus.ERROR:
            continue
        if entry.file is None:
            entry.status = LockStatus.ADDED
        elif entry.size != entry.old_size or entry.digests != entry.old_digests:
            entry.status = LockStatus.UPDATED


def _values(entry: LockEntry) -> dict[str, Any]:
    return {
        "size": entry.size,
        "digests": {a.value: entry.digests[a] for a in entry.algorithms},
    }


def _new_files(entries: Iterable[LockEntry]) -> dict[tuple[int, int], list[dict[str, Any]]]:
    out: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for e in entries:
        if e.status is LockStatus.ADDED:
            out.setdefault((e.artifact, e.component), []).append({"path": e.path, **_values(e)})
    return out


def _edit_yaml(document: Document, entries: list[LockEntry]) -> str:
    import yaml

    from openness.verify.yaml_edit import YamlEditor

    editor = YamlEditor(document.text)
    for e in entries:
        if e.status is LockStatus.UPDATED and e.file is not None:
            path = ("artifacts", e.artifact, "components", e.component, "files", e.file)
            node = editor.node(path)
            if isinstance(node, yaml.MappingNode):
                for key, value in _values(e).items():
                    editor.set(node, key, value)
    for (ai, ci), files in _new_files(entries).items():
        component = editor.node(("artifacts", ai, "components", ci))
        if isinstance(component, yaml.MappingNode):
            editor.set(component, "files", files)
    return editor.apply()


def _edit_json(document: Document, entries: list[LockEntry]) -> str:
    data = json.loads(document.text)
    for e in entries:
        if e.status is LockStatus.UPDATED and e.file is not None:
            data["artifacts"][e.artifact]["components"][e.component]["files"][e.file].update(
                _values(e)
            )
    for (ai, ci), files in _new_files(entries).items():
        data["artifacts"][ai]["components"][ci]["files"] = files
    indent: int | str = 2
    for line in document.text.splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            width = line[: len(line) - len(stripped)]
            indent = len(width) if width.strip(" ") == "" else width
            break
    text = json.dumps(data, indent=indent, ensure_ascii=False) + "\n"
    return text.replace("\n", "\r\n") if "\r\n" in document.text else text


def _edit_toml(document: Document, entries: list[LockEntry]) -> str:
    import tomlkit

    doc = tomlkit.parse(document.text)

    def digests_table(values: dict[str, str]) -> Any:
        table = tomlkit.inline_table()
        table.update(values)
        return table

    for e in entries:
        if e.status is LockStatus.UPDATED and e.file is not None:
            ref = doc["artifacts"][e.artifact]["components"][e.component]["files"][e.file]
            values = _values(e)
            ref["size"] = values["size"]
            old = ref.get("digests")
            if old is not None:
                for key in list(old):
                    if key not in values["digests"]:
                        del old[key]
                for key, digest in values["digests"].items():
                    old[key] = digest
            else:
                ref["digests"] = digests_table(values["digests"])
    for (ai, ci), files in _new_files(entries).items():
        array = tomlkit.array()
        for item in files:
            table = tomlkit.inline_table()
            table.update({**item, "digests": digests_table(item["digests"])})
            array.append(table)
        array.multiline(True)
        doc["artifacts"][ai]["components"][ci]["files"] = array
    return tomlkit.dumps(doc)


_EDITORS = {"yaml": _edit_yaml, "json": _edit_json, "toml": _edit_toml}


def _check_written(path: str, fmt: str, text: str, entries: list[LockEntry]) -> list[Problem]:
    """Parse and validate the new text, and check it holds what was locked."""
    try:
        document = parse_text(path, text, fmt)
    except InputError as exc:
        return [Problem(path, "", f"internal error: lock produced invalid {fmt}: {exc}")]
    result = ManifestImporter().load(document)
    if result.problems:
        return [
            Problem(path, "", f"internal error: lock produced an invalid manifest: {p}")
            for p in result.problems
        ]
    for e in entries:
        if e.status not in (LockStatus.UPDATED, LockStatus.ADDED):
            continue
        files = result.artifacts[e.artifact].components[e.component].files
        ref = next((f for f in files if f.path == e.path), None)
        if ref is None or ref.size != e.size or dict(ref.digests) != dict(e.digests):
            return [Problem(path, e.field_path, "internal error: lock did not record this file")]
    return []


def lock_manifest(
    path: str,
    root: SafeRoot | None = None,
    algorithms: Sequence[DigestAlgorithm] = (DigestAlgorithm.SHA256,),
    *,
    progress: bool | None = None,
) -> LockResult:
    """Compute what locking the manifest at ``path`` changes (``root`` defaults to the
    manifest's folder). The new text is in the result; :func:`write_preserving` writes it."""
    result = LockResult(path)
    try:
        document = read_document(path)
    except InputError as exc:
        result.problems.extend(exc.problems)
        result.input_ok = False
        return result
    editor = _EDITORS.get(document.format)
    importer = ManifestImporter()
    if editor is None or not importer.detect(document):
        result.problems.append(
            Problem(
                path,
                "",
                "lock writes only openness manifests (YAML, JSON or TOML with an 'artifacts' list)",
            )
        )
        result.input_ok = False
        return result
    imported = importer.load(document)
    if any(p.severity.value == "error" for p in imported.problems):
        result.problems.extend(imported.problems)
        result.input_ok = False
        return result
    if root is None:
        try:
            root = SafeRoot.of(os.path.dirname(os.path.abspath(path)))
        except PathError as exc:
            result.problems.append(Problem(path, "", exc.message))
            result.input_ok = False
            return result
    result.entries = _plan(imported.artifacts, root, algorithms)
    _hash(result.entries, root, progress)
    for entry in result.entries:
        if entry.status in (LockStatus.MISSING, LockStatus.ERROR):
            line = document.line_of(
                (
                    "artifacts",
                    entry.artifact,
                    "components",
                    entry.component,
                    "files",
                    entry.file or 0,
                )
            )
            result.problems.append(
                Problem(path, entry.field_path, f"{entry.path}: {entry.message}", line)
            )
    if any(e.status in (LockStatus.UPDATED, LockStatus.ADDED) for e in result.entries):
        text = editor(document, result.entries)
        problems = _check_written(path, document.format, text, result.entries)
        if problems:
            result.problems.extend(problems)
            result.input_ok = False
        elif text != document.text:
            result.text = text
    return result


def write_preserving(path: str, text: str) -> None:
    """Replace the file at ``path`` (through any symlink) with ``text`` atomically, keeping its
    permission bits and a UTF-8 byte-order mark if it had one."""
    real = os.path.realpath(path)
    with open(real, "rb") as handle:
        bom = handle.read(3) == b"\xef\xbb\xbf"
    mode = stat.S_IMODE(os.stat(real).st_mode)
    payload = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".openness-", suffix=".tmp", dir=os.path.dirname(real))
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
