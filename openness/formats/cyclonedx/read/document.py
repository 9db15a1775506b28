"""The document being read: its state, problems, version and schema check, sections,
ids and dependencies."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from openness.documents import Document
from openness.errors import Severity
from openness.formats.cyclonedx.read.values import (
    Path,
    Props,
    list_or_empty,
    mapping_or_empty,
    read_props,
    sanitise_id,
    text_or_none,
)
from openness.formats.cyclonedx.schema import validate
from openness.formats.cyclonedx.view import Context
from openness.formats.cyclonedx.vocab import (
    SUPPORTED_VERSIONS,
    TOOL_NAME,
    TYPE_KIND,
    P,
    SpecVersion,
)
from openness.formats.importer import ImportResult, Origin
from openness.model import Artifact, ArtifactKind

__all__ = ["DocumentReader"]

_TOP_LEVEL = frozenset(
    {
        "$schema",
        "bomFormat",
        "specVersion",
        "serialNumber",
        "version",
        "metadata",
        "components",
        "dependencies",
        "annotations",
    }
)


_METADATA = frozenset({"timestamp", "tools", "component"})


class DocumentReader:
    """One document's import: the state shared by its components, the problems, and what is
    read of the document as a whole (version, sections, ids, dependencies)."""

    def __init__(self, document: Document):
        self.doc = document
        self.data: Mapping[str, Any] = document.data
        self.result = ImportResult()
        self.version = SpecVersion.V1_6
        self.authored = False
        self.ctx = Context(SpecVersion.V1_6, {})
        self.ref_ids: dict[str, str] = {}  # bom-ref -> artifact id
        self.purl_ids: dict[str, str] = {}
        self.ids: set[str] = set()
        self.depends: dict[str, list[tuple[Path, str]]] = {}
        self.stubs: list[tuple[Artifact, Path]] = []

    def problem(self, path: Path, message: str, severity: Severity = Severity.ERROR) -> None:
        label = self._label(path)
        text = f"{label}: {message}" if label else message
        self.result.problems.append(self.doc.problem(path, text, severity=severity))

    def warn(self, path: Path, message: str) -> None:
        self.problem(path, message, Severity.WARNING)

    def _label(self, path: Path) -> str:
        node: Any = self.data
        label = ""
        for depth, part in enumerate(path):
            if isinstance(node, Mapping):
                node = node.get(part) if isinstance(part, str) else None
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                break
            parent = path[depth - 1] if depth else None
            if isinstance(node, Mapping) and (
                parent in ("components", "ancestors") or part == "component"
            ):
                name = node.get("name")
                label = f"component {name!r}" if isinstance(name, str) else "component"
        return label

    def read(self) -> ImportResult:
        self._check_version()
        self._check_sections()
        entries = self._entries()
        ids = self._index(entries)
        self._read_dependencies()
        for (path, raw), artifact_id in zip(entries, ids, strict=True):
            artifact = self._artifact(raw, path, artifact_id)
            if artifact is not None:
                self.result.artifacts.append(artifact)
                self.result.origins.append(Origin(self.doc, path))
        for artifact, path in self.stubs:
            self.result.artifacts.append(artifact)
            self.result.origins.append(Origin(self.doc, path))
        return self.result

    def _check_version(self) -> None:
        spec = self.data.get("specVersion")
        if isinstance(spec, str) and spec not in SUPPORTED_VERSIONS:
            self.warn(
                ("specVersion",),
                f"CycloneDX {spec} is not a version openness validates (1.5, 1.6, 1.7): read as "
                "1.6 without a schema check; fields 1.6 does not know are kept as they are",
            )
        else:
            if isinstance(spec, str):
                self.version = SpecVersion(spec)
            for issue in validate(self.data, self.version):
                self.problem(issue.path, issue.message)
        tools = mapping_or_empty(self.data.get("metadata")).get("tools")
        listed = (
            list_or_empty(mapping_or_empty(tools).get("components"))
            if isinstance(tools, Mapping)
            else tools
        )
        self.authored = any(
            isinstance(t, Mapping) and t.get("name") == TOOL_NAME for t in list_or_empty(listed)
        )

    def _check_sections(self) -> None:
        for key in self.data:
            if key not in _TOP_LEVEL:
                self.warn(
                    (key,),
                    f"'{key}' is not imported: openness keeps artifacts (components) and "
                    "their lineage, not a BOM's other sections",
                )
        for key in mapping_or_empty(self.data.get("metadata")):
            if key not in _METADATA:
                self.warn(
                    ("metadata", key),
                    f"'metadata.{key}' describes the BOM document, not an artifact: not imported",
                )
        for index, note in enumerate(list_or_empty(self.data.get("annotations"))):
            annotator = mapping_or_empty(mapping_or_empty(note).get("annotator"))
            if mapping_or_empty(annotator.get("component")).get("name") != TOOL_NAME:
                self.warn(("annotations", index), "annotations are not imported")

    def _entries(self) -> list[tuple[Path, Mapping[str, Any]]]:
        entries: list[tuple[Path, Mapping[str, Any]]] = []
        subject = mapping_or_empty(self.data.get("metadata")).get("component")
        if isinstance(subject, Mapping):
            entries.append((("metadata", "component"), subject))
        listed = self.data.get("components")
        checked = any(p.path == "components" for p in self.result.problems)  # by the schema
        if listed is not None and not isinstance(listed, list) and not checked:
            self.problem(("components",), f"components must be a list, got {type(listed).__name__}")
        for index, raw in enumerate(list_or_empty(listed)):
            if isinstance(raw, Mapping):
                entries.append((("components", index), raw))
        if isinstance(subject, Mapping) and self.authored:
            # Our exporter lists every artifact in ``dependencies``, in the order of the
            # artifacts: the subject goes back to its place among them.
            refs = [
                mapping_or_empty(d).get("ref") for d in list_or_empty(self.data.get("dependencies"))
            ]
            ref = subject.get("bom-ref")
            if ref in refs:
                entries.insert(min(refs.index(ref), len(entries) - 1), entries.pop(0))
        return entries

    def _index(self, entries: Sequence[tuple[Path, Mapping[str, Any]]]) -> list[str]:
        """The id of every entry; fills the reference maps and the context."""
        kinds: dict[str, ArtifactKind] = {}
        ids: list[str] = []
        for path, raw in entries:
            artifact_id = self._id_of(raw, path)
            ids.append(artifact_id)
            ref = raw.get("bom-ref")
            if isinstance(ref, str):
                self.ref_ids.setdefault(ref, artifact_id)
            purl = raw.get("purl")
            if isinstance(purl, str):
                self.purl_ids.setdefault(purl, artifact_id)
            kinds.setdefault(artifact_id, self._kind(raw, read_props(raw.get("properties"))))
            self.ids.add(artifact_id)
        self.ctx = Context(self.version, kinds)
        return ids

    def _id_of(self, raw: Mapping[str, Any], path: Path) -> str:
        ref = text_or_none(raw.get("bom-ref"))
        if ref is not None and ref.strip():
            clean = sanitise_id(ref)
            if clean != ref:
                self.warn((*path, "bom-ref"), f"bom-ref {ref!r} has white space: id {clean!r}")
            self.ref_ids[ref] = clean
            return clean
        purl = text_or_none(raw.get("purl"))
        if purl is not None and purl.strip():
            return sanitise_id(purl)
        name = text_or_none(raw.get("name")) or "component"
        version = text_or_none(raw.get("version"))
        group = text_or_none(raw.get("group"))
        text = f"{group}/{name}" if group else name
        return sanitise_id(f"{text}@{version}" if version else text)

    def _read_dependencies(self) -> None:
        for index, entry in enumerate(list_or_empty(self.data.get("dependencies"))):
            ref = text_or_none(mapping_or_empty(entry).get("ref"))
            if ref is None:
                continue
            targets = self.depends.setdefault(ref, [])
            for j, target in enumerate(list_or_empty(mapping_or_empty(entry).get("dependsOn"))):
                if isinstance(target, str):
                    targets.append((("dependencies", index, "dependsOn", j), target))

    def _kind(self, raw: Mapping[str, Any], props: Props) -> ArtifactKind:
        stated = props.first(P.KIND)
        if stated is not None and stated[1] in ArtifactKind._value2member_map_:
            return ArtifactKind(stated[1])
        return TYPE_KIND.get(str(raw.get("type")), ArtifactKind.SOFTWARE)

    def _json_prop(
        self, path: Path, index: int, name: str, text: str, model: type[BaseModel]
    ) -> Any:
        where = (*path, "properties", index, "value")
        try:
            return model.model_validate(json.loads(text))
        except json.JSONDecodeError as exc:
            self.problem(where, f"{name} is not valid JSON: {exc.msg} (column {exc.colno})")
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = ".".join(str(p) for p in first["loc"])
            self.problem(
                where, f"{name} does not describe a {model.__name__}: {loc}: {first['msg']}"
            )
        return None

    def _model_problems(self, exc: ValidationError, path: Path) -> None:
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err["loc"])
            self.problem(path, f"cannot be imported: {loc}: {err['msg']}")

    def _artifact(
        self, raw: Mapping[str, Any], path: Path, forced_id: str | None = None
    ) -> Artifact | None:
        """One component as an artifact (the subclass that reads artifacts says how)."""
        raise NotImplementedError
