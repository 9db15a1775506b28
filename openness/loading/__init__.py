"""Loading inputs: read each file, find the importer that reads it, and check the artifacts of
all files together (duplicate ids, lineage targets, cycles, license ids)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from openness._gc import gc_paused
from openness.documents import STDIN_NAME, Document, max_input_bytes, read_document
from openness.errors import InputError, Problem, Severity
from openness.formats.importer import Importer, Unbuilt
from openness.hub.ids import is_hub_id
from openness.importers import ImportResult, Origin, importers
from openness.lineage import LineageGraph
from openness.loading.checks import check_graph, check_licenses, check_unbuilt, duplicate, is_stub
from openness.model import Artifact

__all__ = ["LoadResult", "artifacts_from", "expand_inputs", "load", "load_document"]


@dataclass
class LoadResult:
    """Every artifact loaded from a run's inputs, where each came from, and every problem."""

    artifacts: list[Artifact] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Each Hub id given, and the ids of the artifacts it resolved to (its own first).
    hub_inputs: dict[str, list[str]] = field(default_factory=dict)
    #: Artifacts an input defines that could not be built (their errors are among the
    #: problems): checked with the others, never judged.
    unbuilt: list[Unbuilt] = field(default_factory=list)
    #: Ids defined more than once (each definition after the first is an error).
    duplicate_ids: set[str] = field(default_factory=set)

    @property
    def errors(self) -> list[Problem]:
        """Problems that make the input invalid."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth reporting that do not make the input invalid."""
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there are no errors."""
        return not self.errors

    def graph(self) -> LineageGraph:
        """The lineage graph of the loaded artifacts."""
        return LineageGraph.build(self.artifacts)

    def raise_for_errors(self) -> None:
        """Raise :class:`InputError` when there are errors."""
        if not self.ok:
            raise InputError(self.problems)


def load_document(document: Document, importer: str | None = None) -> ImportResult:
    """Import one parsed document with the named importer, or the first that detects it."""
    available = importers()
    if importer is not None:
        if importer not in available:
            raise InputError(
                [
                    Problem(
                        document.path,
                        "",
                        f"unknown input format {importer!r}; choose from {', '.join(available)}",
                    )
                ]
            )
        return _guarded(available[importer], document)
    for candidate in available.values():
        if candidate.detect(document):
            return _guarded(candidate, document)
    if document.path.lower().endswith(".md"):
        # A Markdown file is read as a Hugging Face card only with its metadata block: say
        # that, not the list of every format.
        return ImportResult(problems=[Problem(document.path, "", _NO_CARD_METADATA, 1)])
    kinds = "; ".join(f"{imp.description}" for imp in available.values())
    return ImportResult(
        problems=[Problem(document.path, "", f"{_UNRECOGNISED}; expected one of: {kinds}")]
    )


_UNRECOGNISED = "not a recognised input"
_NO_CARD_METADATA = (
    f"{_UNRECOGNISED}: a Markdown file is read as a Hugging Face card, and this one has no "
    "YAML metadata block (--- at the top of the card) with its license, base model and "
    "datasets; add one (https://huggingface.co/docs/hub/model-cards#model-card-metadata)"
)


def _guarded(importer: Importer, document: Document) -> ImportResult:
    """``importer.load(document)``, with what an importer did not foresee in a hostile input
    (nesting deep enough to exhaust the stack, a number too large to convert, a value of an
    unexpected type) reported as a problem of the file, exit 2, instead of a traceback. Each such
    case is a gap in that importer's own checks (they name the field): the message says so."""
    try:
        return importer.load(document)
    except InputError:
        raise
    except RecursionError:
        reason = "it nests too deeply to read"
    except (ValueError, TypeError, OverflowError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        reason = f"a value the reader did not expect ({type(exc).__name__}: {first[:200]})"
    return ImportResult(
        problems=[
            Problem(
                document.path,
                "",
                f"cannot be read as {importer.description}: {reason}; the reader should have "
                "named the field (please report this input)",
            )
        ]
    )


def expand_inputs(
    paths: Iterable[str | os.PathLike[str]],
    seen: set[tuple[int, int]] | None = None,
) -> tuple[list[tuple[str, str | None]], list[Problem]]:
    """Every input file, with the folder it was found in (None for a file named directly), each
    once (a file named twice, or named and found in a folder, is read once); and warnings for
    what a folder holds that is not a regular file (a pipe or a device would block or never
    end), which is skipped."""
    out: list[tuple[str, str | None]] = []
    problems: list[Problem] = []
    seen = set() if seen is None else seen

    def first_time(name: str) -> bool:
        try:
            info = os.stat(name)
        except OSError:
            return True  # reading it reports the problem
        if not stat.S_ISREG(info.st_mode):
            return True  # a pipe named directly (<(...)) is read as it is
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return False
        seen.add(key)
        return True

    for path in paths:
        name = os.fspath(path)
        if name != "-" and os.path.isdir(name):
            for root, dirs, files in os.walk(name):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.lower().endswith((".yaml", ".yml", ".json", ".toml", ".md")):
                        continue
                    found = os.path.join(root, f)
                    try:
                        regular = stat.S_ISREG(os.stat(found).st_mode)
                    except OSError:
                        regular = True  # a dangling link: reading it reports the problem
                    if not regular:
                        problems.append(
                            Problem(
                                found,
                                "",
                                "not a regular file (a pipe, socket or device); skipped (found "
                                f"in the folder {name})",
                                severity=Severity.WARNING,
                            )
                        )
                    elif first_time(found):
                        out.append((found, name))
        elif name == "-" or first_time(name):
            out.append((name, None))
    return out, problems


def artifacts_from(result: LoadResult, paths: Sequence[str | os.PathLike[str]]) -> set[str]:
    """The ids of the artifacts of ``result`` that were read from ``paths`` (files and folders,
    ``-`` for standard input), when more was loaded beside them."""
    names = {name for name, _ in expand_inputs(p for p in paths if not is_hub_id(os.fspath(p)))[0]}
    if "-" in names:
        names.add(STDIN_NAME)
    found = {aid for aid, origin in result.origins.items() if origin.document.path in names}
    for path in paths:
        found.update(result.hub_inputs.get(os.fspath(path), ()))
    return found


def _skipped(imported: ImportResult, folder: str | None) -> Problem | None:
    """A file found in a folder that no importer recognises is skipped with a warning (a
    folder holds other files too); named directly, it stays an error."""
    if folder is None or imported.artifacts or len(imported.problems) != 1:
        return None
    problem = imported.problems[0]
    if not problem.message.startswith(_UNRECOGNISED):
        return None
    reason = problem.message if problem.message == _NO_CARD_METADATA else _UNRECOGNISED
    return Problem(
        problem.file,
        "",
        f"{reason}; skipped (found in the folder {folder}, which may hold other files)",
        severity=Severity.WARNING,
    )


def load(
    paths: Sequence[str | os.PathLike[str]],
    *,
    importer: str | None = None,
    max_bytes: int | None = None,
    depth: int | None = None,
    quiet: bool = False,
) -> LoadResult:
    """Load every input (files, folders, ``-`` for standard input, Hub ids ``hf:ORG/NAME``)
    and check them together.

    A Hub id is resolved with its lineage (``depth`` steps up; None: the whole chain) into the
    Hugging Face cache and read as a local snapshot is (see docs/hub.md); ``quiet`` hides the
    progress bar. Never raises for bad input: every problem is in the result, with file, path
    and line.
    """
    with gc_paused():
        return _load(paths, importer, max_bytes, depth, quiet)


def _load(
    paths: Sequence[str | os.PathLike[str]],
    importer: str | None,
    max_bytes: int | None,
    depth: int | None,
    quiet: bool,
) -> LoadResult:
    result = LoadResult()
    if max_bytes is None:
        try:
            max_bytes = max_input_bytes()  # read once, reported once
        except InputError as exc:
            result.problems.extend(exc.problems)
            return result
    position: dict[str, int] = {}  # where each artifact id is in result.artifacts
    names = [os.fspath(p) for p in paths]
    hub_imports = _resolve_hub([n for n in names if is_hub_id(n)], depth, quiet, result)
    seen: set[tuple[int, int]] = set()
    unread: list[str] = []  # files with errors that gave nothing to check
    for group_is_hub, group in _groups(names):
        if group_is_hub:
            for name in group:
                for imported in hub_imports.get(name, []):
                    result.problems.extend(imported.problems)
                    _merge(result, imported, position)
            continue
        inputs, skipped_files = expand_inputs(group, seen)
        result.problems.extend(skipped_files)
        for name, folder in inputs:
            try:
                document = read_document(name, max_bytes=max_bytes)
                imported = load_document(document, importer)
            except InputError as exc:
                result.problems.extend(exc.problems)
                unread.append(name)
                continue
            skipped = _skipped(imported, folder)
            if skipped is not None:
                result.problems.append(skipped)
                continue
            result.problems.extend(imported.problems)
            if not imported.artifacts and not imported.unbuilt and _has_errors(imported):
                unread.append(name)
            document.data = None  # the parsed tree is no longer needed; free it now
            _merge(result, imported, position)
    _record_hub_inputs(result, hub_imports)
    check_unbuilt(result)
    check_graph(result, unread)
    check_licenses(result)
    return result


def _record_hub_inputs(result: LoadResult, imports: dict[str, list[ImportResult]]) -> None:
    """Each Hub id given, and the artifacts whose definition came from resolving it (in the
    order loaded; not a stub that another input's definition replaced)."""
    owner = {
        id(origin): name
        for name, results in imports.items()
        for imported in results
        for origin in imported.origins
    }
    for name in imports:
        result.hub_inputs[name] = []
    for artifact in result.artifacts:
        given = owner.get(id(result.origins[artifact.id]))
        if given is not None:
            result.hub_inputs[given].append(artifact.id)


def _groups(names: list[str]) -> Iterable[tuple[bool, list[str]]]:
    """The inputs in runs of Hub ids and of files, in the order given."""
    run: list[str] = []
    hub = False
    for name in names:
        if run and is_hub_id(name) != hub:
            yield hub, run
            run = []
        hub = is_hub_id(name)
        run.append(name)
    if run:
        yield hub, run


def _resolve_hub(
    names: list[str], depth: int | None, quiet: bool, result: LoadResult
) -> dict[str, list[ImportResult]]:
    """Resolve the Hub ids among the inputs (imported only when there are some: no network
    and no huggingface_hub otherwise); a malformed id or a missing library is a problem."""
    if not names:
        return {}
    from openness.hub import HubSettings, HubUnavailableError, hub_library, parse_hub_id, resolve
    from openness.progress import Progress

    ids = []
    for name in names:
        try:
            ids.append(parse_hub_id(name))
        except InputError as exc:
            result.problems.extend(exc.problems)
    if not ids:
        return {}
    try:
        hub_library()
    except HubUnavailableError as exc:
        result.problems.extend(Problem(i.text, "", str(exc)) for i in ids)
        return {}
    with Progress("Resolving Hub ids", quiet=quiet) as bar:
        resolution = resolve(ids, HubSettings.from_env(), depth=depth, advance=bar.advance)
    return resolution.imports


def _merge(result: LoadResult, imported: ImportResult, position: dict[str, int]) -> None:
    """Add the artifacts of one import: a stub gives way to a definition, and to a stub that
    knows more (why a Hub repository could not be read); a second definition is a problem."""
    for artifact, origin in zip(imported.artifacts, imported.origins, strict=True):
        first = result.origins.get(artifact.id)
        if first is not None and is_stub(artifact):
            existing = result.artifacts[position[artifact.id]]
            if is_stub(existing) and _knows_more(artifact, existing):
                result.artifacts[position[artifact.id]] = artifact
                result.origins[artifact.id] = origin
            continue  # a placeholder for a reference another input already defines
        if first is not None and is_stub(result.artifacts[position[artifact.id]]):
            result.artifacts[position[artifact.id]] = artifact
            result.origins[artifact.id] = origin
            continue
        if first is not None:
            result.problems.append(duplicate(artifact.id, origin, first, "first defined in"))
            result.duplicate_ids.add(artifact.id)
            continue
        result.origins[artifact.id] = origin
        position[artifact.id] = len(result.artifacts)
        result.artifacts.append(artifact)
    result.unbuilt.extend(imported.unbuilt)


def _knows_more(stub: Artifact, other: Artifact) -> bool:
    """True when ``stub`` says why a Hub repository was not read and ``other`` does not."""
    return bool(stub.extra["stub"].get("hub")) and not other.extra["stub"].get("hub")


def _has_errors(imported: ImportResult) -> bool:
    return any(p.severity is Severity.ERROR for p in imported.problems)
