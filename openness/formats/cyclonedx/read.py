"""CycloneDX 1.5 / 1.6 JSON BOMs (detected by ``"bomFormat": "CycloneDX"``).

Every top-level component (and ``metadata.component``) becomes an artifact, its nested
components become the artifact's components. The mapping is the exporter's
(:mod:`openness.formats.cyclonedx.write`) read backwards, so export then import gives back the same
artifacts. For each field the importer regenerates what the exporter would write from the
artifact read; a field that says more is kept in ``extra["cyclonedx"]`` (and written back on
export), never dropped.

Documents written by openness carry their lineage and facts in ``openness:`` properties.
Documents from other tools do not; for those, lineage is read from ``pedigree.ancestors``
(derived-from), the model card's datasets (trained-on) and ``dependencies`` (depends-on), and
ancestors or inline datasets that are not components of the BOM become artifacts of their own,
so that the lineage resolves.

The document is validated against the official schema of its version first; every violation
is an error naming the component and the field. What the BOM says besides its components
(services, vulnerabilities, formulation, document licenses, ...) has no place in the model and
is reported as a warning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from openness.documents import Document
from openness.errors import Severity
from openness.formats.cyclonedx.fields import (
    LicenseReading,
    read_hashes,
    read_licenses,
    read_supplier,
)
from openness.formats.cyclonedx.schema import validate
from openness.formats.cyclonedx.view import (
    EXTRA_KEY,
    Context,
    artifact_view,
    component_view,
    read_files,
)
from openness.formats.cyclonedx.vocab import (
    ARTIFACT_URL_REF,
    LOCATION_REF,
    PREFIX,
    SUPPORTED_VERSIONS,
    TOOL_NAME,
    TYPE_KIND,
    P,
    SpecVersion,
    infer_role,
)
from openness.formats.importer import ImportResult, Origin
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    Compute,
    ContentType,
    DigestAlgorithm,
    Evidence,
    EvidenceKind,
    Facts,
    LicenseExpression,
    LineageEdge,
    Recipe,
    Relation,
    Role,
    extra_depth_error,
    plain_extra,
)

__all__ = ["CycloneDxImporter"]

Path = tuple[str | int, ...]

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
_WHITESPACE = re.compile(r"\s+")


def _sanitise_id(text: str) -> str:
    return _WHITESPACE.sub("-", text.strip())


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass
class _Props:
    """The ``openness:`` properties of one component, by name, with their positions."""

    values: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    others: list[Any] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)

    def first(self, name: str) -> tuple[int, str] | None:
        found = self.values.get(name)
        return found[0] if found else None

    def all(self, name: str) -> list[tuple[int, str]]:
        return self.values.get(name, [])

    def prefixed(self, prefix: str) -> list[tuple[int, str, str]]:
        return [
            (i, name[len(prefix) :], v)
            for name, items in self.values.items()
            if name.startswith(prefix)
            for i, v in items
        ]


_KNOWN_PROPS = frozenset(P) - {P.RELEASE_LICENSE, P.VERDICT}


def _long_version(props: _Props) -> str | None:
    """A version (or revision) too long for CycloneDX 1.6's ``version`` field, kept in the
    ``openness:version`` property."""
    found = props.first(P.VERSION)
    return found[1] if found is not None else None


def _read_props(value: Any) -> _Props:
    props = _Props()
    for index, item in enumerate(_list(value)):
        name = item.get("name") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or not name.startswith(PREFIX):
            props.others.append(item)
            continue
        raw = item.get("value", "")
        text = raw if isinstance(raw, str) else ""
        if name.startswith(P.VERDICT):
            continue  # verdicts are recomputed by checking, not imported
        if name in _KNOWN_PROPS or name.startswith(P.RELEASE_LICENSE):
            props.values.setdefault(name, []).append((index, text))
        else:
            props.unknown.append((index, name))
            props.others.append(item)
    return props


class CycloneDxImporter:
    """Reads CycloneDX 1.5 and 1.6 JSON BOMs (ML-BOMs included)."""

    name = "cyclonedx"
    description = "CycloneDX 1.5 / 1.6 JSON BOM (bomFormat: CycloneDX)"

    def detect(self, document: Document) -> bool:
        """A JSON object with ``"bomFormat": "CycloneDX"``."""
        data = document.data
        return isinstance(data, dict) and data.get("bomFormat") == "CycloneDX"

    def load(self, document: Document) -> ImportResult:
        """Validate the BOM against its schema, then map every component."""
        return _Reader(document).read()


class _Reader:
    """One document's import: the state shared by its components."""

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

    # --- problems ---------------------------------------------------------------------------

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

    # --- the document -----------------------------------------------------------------------

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
                f"CycloneDX {spec} is not a version openness validates (1.5, 1.6): read as "
                "1.6 without a schema check; fields 1.6 does not know are kept as they are",
            )
        else:
            if isinstance(spec, str):
                self.version = SpecVersion(spec)
            for issue in validate(self.data, self.version):
                self.problem(issue.path, issue.message)
        tools = _dict(self.data.get("metadata")).get("tools")
        listed = _list(_dict(tools).get("components")) if isinstance(tools, Mapping) else tools
        self.authored = any(
            isinstance(t, Mapping) and t.get("name") == TOOL_NAME for t in _list(listed)
        )

    def _check_sections(self) -> None:
        for key in self.data:
            if key not in _TOP_LEVEL:
                self.warn(
                    (key,),
                    f"'{key}' is not imported: openness keeps artifacts (components) and "
                    "their lineage, not a BOM's other sections",
                )
        for key in _dict(self.data.get("metadata")):
            if key not in _METADATA:
                self.warn(
                    ("metadata", key),
                    f"'metadata.{key}' describes the BOM document, not an artifact: not imported",
                )
        for index, note in enumerate(_list(self.data.get("annotations"))):
            annotator = _dict(_dict(note).get("annotator"))
            if _dict(annotator.get("component")).get("name") != TOOL_NAME:
                self.warn(("annotations", index), "annotations are not imported")

    def _entries(self) -> list[tuple[Path, Mapping[str, Any]]]:
        entries: list[tuple[Path, Mapping[str, Any]]] = []
        subject = _dict(self.data.get("metadata")).get("component")
        if isinstance(subject, Mapping):
            entries.append((("metadata", "component"), subject))
        listed = self.data.get("components")
        checked = any(p.path == "components" for p in self.result.problems)  # by the schema
        if listed is not None and not isinstance(listed, list) and not checked:
            self.problem(("components",), f"components must be a list, got {type(listed).__name__}")
        for index, raw in enumerate(_list(listed)):
            if isinstance(raw, Mapping):
                entries.append((("components", index), raw))
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
            kinds.setdefault(artifact_id, self._kind(raw, _read_props(raw.get("properties"))))
            self.ids.add(artifact_id)
        self.ctx = Context(self.version, kinds)
        return ids

    def _id_of(self, raw: Mapping[str, Any], path: Path) -> str:
        ref = _str(raw.get("bom-ref"))
        if ref is not None and ref.strip():
            clean = _sanitise_id(ref)
            if clean != ref:
                self.warn((*path, "bom-ref"), f"bom-ref {ref!r} has white space: id {clean!r}")
            self.ref_ids[ref] = clean
            return clean
        purl = _str(raw.get("purl"))
        if purl is not None and purl.strip():
            return _sanitise_id(purl)
        name = _str(raw.get("name")) or "component"
        version = _str(raw.get("version"))
        group = _str(raw.get("group"))
        text = f"{group}/{name}" if group else name
        return _sanitise_id(f"{text}@{version}" if version else text)

    def _read_dependencies(self) -> None:
        for index, entry in enumerate(_list(self.data.get("dependencies"))):
            ref = _str(_dict(entry).get("ref"))
            if ref is None:
                continue
            targets = self.depends.setdefault(ref, [])
            for j, target in enumerate(_list(_dict(entry).get("dependsOn"))):
                if isinstance(target, str):
                    targets.append((("dependencies", index, "dependsOn", j), target))

    # --- one artifact -----------------------------------------------------------------------

    def _kind(self, raw: Mapping[str, Any], props: _Props) -> ArtifactKind:
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

    def _license(
        self, raw: Mapping[str, Any], props: _Props, path: Path
    ) -> LicenseExpression | None:
        stated = props.first(P.LICENSE)
        if stated is not None:
            try:
                return LicenseExpression.of(stated[1])
            except ValueError as exc:
                self.problem((*path, "properties", stated[0], "value"), str(exc))
                return None
        reading = read_licenses(raw.get("licenses"))
        self._license_notes(reading, (*path, "licenses"))
        return reading.license

    def _license_notes(self, reading: LicenseReading, path: Path) -> None:
        for where, message in reading.invalid:
            self.problem((*path, *where), message)
        for note in reading.normalised:
            self.warn(path, note)
        if reading.combined is not None:
            self.warn(
                path,
                f"several licenses listed: read as {reading.combined!r} (all of them apply); "
                "state one SPDX expression to say otherwise",
            )
        if reading.concluded_dropped is not None:
            self.warn(
                path,
                f"concluded license {reading.concluded_dropped!r} not imported: openness "
                "records the declared license",
            )
        if reading.concluded:
            self.warn(path, "only a concluded license is stated: imported as the license")

    def _facts(
        self, raw: Mapping[str, Any], props: _Props, kind: ArtifactKind, path: Path
    ) -> Facts:
        values: dict[str, Any] = {}
        stated = props.first(P.PARAMETERS)
        if stated is not None:
            if stated[1].isdigit():
                values["parameters"] = int(stated[1])
            else:
                self.problem(
                    (*path, "properties", stated[0], "value"),
                    f"{P.PARAMETERS} must be a whole number, got {stated[1]!r}",
                )
        stated = props.first(P.TYPE_OF_MODEL)
        card = _dict(raw.get("modelCard"))
        family = _str(_dict(card.get("modelParameters")).get("architectureFamily"))
        if stated is not None:
            values["type_of_model"] = stated[1]
        elif kind is ArtifactKind.MODEL and family is not None:
            values["type_of_model"] = family
        values["domain"] = [v for _, v in props.all(P.DOMAIN)]
        stated = props.first(P.TRAINING)
        if stated is not None:
            values["training"] = self._json_prop(path, stated[0], P.TRAINING, stated[1], Compute)
        elif not self.authored:
            values["training"] = _energy_from_card(card)
        stated = props.first(P.RECIPE)
        if stated is not None:
            values["recipe"] = self._json_prop(path, stated[0], P.RECIPE, stated[1], Recipe)
        if not any(v not in (None, []) for v in values.values()):
            return Facts()
        return Facts(**values)

    def _evidence(self, props: _Props, path: Path) -> list[Evidence]:
        out: list[Evidence] = []
        for index, text in props.all(P.EVIDENCE):
            item = self._json_prop(path, index, P.EVIDENCE, text, Evidence)
            if item is not None:
                out.append(item)
        return out

    def _artifact(
        self, raw: Mapping[str, Any], path: Path, forced_id: str | None = None
    ) -> Artifact | None:
        props = _read_props(raw.get("properties"))
        for index, unknown in props.unknown:
            self.warn((*path, "properties", index), f"unknown property {unknown!r}: kept as is")
        artifact_id = forced_id or self._id_of(raw, path)
        kind = self._kind(raw, props)
        name = _str(raw.get("name"))
        if props.first(P.UNNAMED) is not None:
            name = None
        refs = _list(raw.get("externalReferences"))
        url_index = next(
            (
                i
                for i, r in enumerate(refs)
                if isinstance(r, Mapping)
                and r.get("type") == ARTIFACT_URL_REF
                and isinstance(r.get("url"), str)
            ),
            None,
        )
        release: dict[ContentType, LicenseExpression] = {}
        for index, content, text in props.prefixed(P.RELEASE_LICENSE):
            where = (*path, "properties", index, "value")
            if content not in ContentType._value2member_map_:
                self.problem(where, f"unknown content type {content!r} in {P.RELEASE_LICENSE}")
                continue
            try:
                release[ContentType(content)] = LicenseExpression.of(text)
            except ValueError as exc:
                self.problem(where, str(exc))
        lineage = self._lineage(raw, props, artifact_id, kind, path)
        parts = [
            part
            for index, nested in enumerate(_list(raw.get("components")))
            if isinstance(nested, Mapping)
            and (
                part := self._component(
                    nested, artifact_id, index, kind, (*path, "components", index)
                )
            )
            is not None
        ]
        try:
            artifact = Artifact(
                id=artifact_id,
                kind=kind,
                name=name,
                version=_long_version(props) or _str(raw.get("version")),
                description=_str(raw.get("description")),
                license=self._license(raw, props, path),
                release_licenses=release,
                supplier=read_supplier(raw.get("supplier")),
                url=refs[url_index]["url"] if url_index is not None else None,
                purl=_str(raw.get("purl")),
                components=parts,
                lineage=lineage,
                facts=self._facts(raw, props, kind, path),
                evidence=self._evidence(props, path),
            )
        except ValidationError as exc:
            self._model_problems(exc, path)
            return None
        view = artifact_view(artifact, self.ctx)
        extra = self._extra(raw, view, props, path, url_index, skip=("components",))
        return artifact.model_copy(update={"extra": extra}) if extra else artifact

    def _model_problems(self, exc: ValidationError, path: Path) -> None:
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err["loc"])
            self.problem(path, f"cannot be imported: {loc}: {err['msg']}")

    def _extra(
        self,
        raw: Mapping[str, Any],
        view: Mapping[str, Any],
        props: _Props,
        path: Path,
        used_ref: int | None,
        skip: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        """What the component says beyond the model: the ``openness:extra`` property, plus
        every native field the exporter would not write the same way from the model."""
        extra: dict[str, Any] = {}
        stated = props.first(P.EXTRA)
        if stated is not None:
            try:
                loaded = json.loads(stated[1])
            except json.JSONDecodeError as exc:
                self.problem(
                    (*path, "properties", stated[0], "value"),
                    f"{P.EXTRA} is not valid JSON: {exc.msg}",
                )
                loaded = None
            if isinstance(loaded, dict):
                extra = loaded
            elif loaded is not None:
                self.warn(
                    (*path, "properties", stated[0], "value"),
                    f"{P.EXTRA} must be a JSON object, got {type(loaded).__name__}; not read",
                )
        native: dict[str, Any] = {}
        for key, value in raw.items():
            if key in skip:
                continue
            if key == "properties":
                if props.others:
                    native[key] = props.others
            elif key == "externalReferences" and isinstance(value, list):
                rest = [r for i, r in enumerate(value) if i != used_ref]
                if rest:
                    native[key] = rest
            elif key not in view or view[key] != value:
                native[key] = value
        kept = extra.get(EXTRA_KEY)
        if native:
            if isinstance(kept, dict):
                extra[EXTRA_KEY] = {**native, **kept}
            else:
                if kept is not None:  # a value of its own under the key native fields go in
                    extra[f"{EXTRA_KEY}-kept"] = kept
                extra[EXTRA_KEY] = native
        if extra:
            too_deep = extra_depth_error(extra)
            if too_deep is None:
                extra, too_deep = plain_extra(extra)
            if too_deep is not None:
                kept_keys = ", ".join(sorted(map(str, extra.get(EXTRA_KEY) or extra)))
                self.problem(path, f"the fields kept as they are ({kept_keys}): {too_deep}")
                return {}
        return extra

    # --- components ---------------------------------------------------------------------------

    def _component(
        self, raw: Mapping[str, Any], owner: str, index: int, kind: ArtifactKind, path: Path
    ) -> Component | None:
        props = _read_props(raw.get("properties"))
        for where, unknown in props.unknown:
            self.warn((*path, "properties", where), f"unknown property {unknown!r}: kept as is")
        evidence = self._evidence(props, path)
        stated = props.first(P.ROLE)
        if stated is not None and stated[1] in Role._value2member_map_:
            role = Role(stated[1])
        else:
            if stated is not None:
                self.problem(
                    (*path, "properties", stated[0], "value"),
                    f"unknown role {stated[1]!r}; expected one of "
                    f"{', '.join(r.value for r in Role)}",
                )
            entries = _list(raw.get("data"))
            data_type = _str(_dict(entries[0]).get("type")) if entries else None
            role = infer_role(str(raw.get("type")), data_type, kind)
            evidence.append(
                Evidence(
                    source=self.doc.path,
                    locator=_locator(path),
                    kind=EvidenceKind.NORMALISED,
                    note=f"role {role.value} inferred from CycloneDX type {raw.get('type')!r}",
                )
            )
        availability: Availability | None = None
        stated = props.first(P.AVAILABILITY)
        if stated is not None:
            if stated[1] in Availability._value2member_map_:
                availability = Availability(stated[1])
            else:
                self.problem(
                    (*path, "properties", stated[0], "value"), f"unknown availability {stated[1]!r}"
                )
        digests, skipped = read_hashes(raw.get("hashes"))
        for where, why in skipped:
            self.warn((*path, "hashes", where), f"{why}: kept as is, not as a digest")
        git = props.first(P.GIT_SHA1)
        if git is not None:
            digests[DigestAlgorithm.GIT_SHA1] = git[1]
        ref_type = LOCATION_REF[role.content_type]
        refs = _list(raw.get("externalReferences"))
        location_index = next(
            (
                i
                for i, r in enumerate(refs)
                if isinstance(r, Mapping)
                and r.get("type") == ref_type
                and isinstance(r.get("url"), str)
            ),
            None,
        )
        name = _str(raw.get("name"))
        if props.first(P.UNNAMED) is not None:
            name = None
        try:
            part = Component(
                role=role,
                name=name,
                description=_str(raw.get("description")),
                availability=availability,
                license=self._license(raw, props, path),
                location=refs[location_index]["url"] if location_index is not None else None,
                revision=_long_version(props) or _str(raw.get("version")),
                digests=digests,
                files=read_files(raw.get("components")) or [],
                evidence=evidence,
            )
        except ValidationError as exc:
            self._model_problems(exc, path)
            return None
        view = component_view(part, owner, index, self.ctx)
        extra = self._extra(raw, view, props, path, location_index)
        return part.model_copy(update={"extra": extra}) if extra else part

    # --- lineage ------------------------------------------------------------------------------

    def _lineage(
        self,
        raw: Mapping[str, Any],
        props: _Props,
        artifact_id: str,
        kind: ArtifactKind,
        path: Path,
    ) -> list[LineageEdge]:
        stated = props.all(P.LINEAGE)
        if stated or self.authored:
            edges = [
                self._json_prop(path, index, P.LINEAGE, text, LineageEdge) for index, text in stated
            ]
            return [e for e in edges if e is not None]
        return self._derive_lineage(raw, artifact_id, kind, path)

    def _derive_lineage(
        self, raw: Mapping[str, Any], artifact_id: str, kind: ArtifactKind, path: Path
    ) -> list[LineageEdge]:
        """Lineage of a component from another tool: ancestors, model card datasets and
        dependencies."""
        edges: list[LineageEdge] = []
        seen: set[str] = set()
        ancestors = _list(_dict(raw.get("pedigree")).get("ancestors"))
        for j, ancestor in enumerate(ancestors):
            if not isinstance(ancestor, Mapping):
                continue
            where = (*path, "pedigree", "ancestors", j)
            target = self._ancestor_target(ancestor, where)
            relation = _dict_relation(ancestor)
            digests, _ = read_hashes(ancestor.get("hashes"))
            if target is not None and target != artifact_id:
                edges.append(LineageEdge(relation=relation, target=target, digests=digests))
        datasets = _list(_dict(_dict(raw.get("modelCard")).get("modelParameters")).get("datasets"))
        for j, entry in enumerate(datasets):
            if not isinstance(entry, Mapping):
                continue
            where = (*path, "modelCard", "modelParameters", "datasets", j)
            if "ref" in entry:
                target = self._resolve(entry.get("ref"), (*where, "ref"))
            else:
                target = self._data_stub(entry, where, f"{artifact_id}#dataset-{j}")
            if target is not None and target not in seen and target != artifact_id:
                seen.add(target)
                edges.append(LineageEdge(relation=Relation.TRAINED_ON, target=target))
        ref = _str(raw.get("bom-ref"))
        for where, dependency in self.depends.get(ref, []) if ref is not None else []:
            target = self._resolve(dependency, where)
            if target is not None and target not in seen and target != artifact_id:
                seen.add(target)
                edges.append(LineageEdge(relation=Relation.DEPENDS_ON, target=target))
        return edges

    def _resolve(self, ref: Any, where: Path) -> str | None:
        target = self.ref_ids.get(ref) if isinstance(ref, str) else None
        if target is None:
            self.warn(where, f"reference {ref!r} names no component of this BOM: not imported")
        return target

    def _ancestor_target(self, ancestor: Mapping[str, Any], where: Path) -> str | None:
        ref = _str(ancestor.get("bom-ref"))
        if ref is not None and ref in self.ref_ids:
            return self.ref_ids[ref]
        purl = _str(ancestor.get("purl"))
        if purl is not None and purl in self.purl_ids:
            return self.purl_ids[purl]
        stub_id = self._id_of(ancestor, where)
        if stub_id not in self.ids:
            self.ids.add(stub_id)
            stub = self._artifact(ancestor, where, stub_id)
            if stub is not None:
                self.stubs.append((stub, where))
        return stub_id

    def _data_stub(self, entry: Mapping[str, Any], where: Path, fallback: str) -> str:
        url = _str(_dict(entry.get("contents")).get("url"))
        name = _str(entry.get("name"))
        stub_id = _sanitise_id(url or name or fallback) or fallback
        if stub_id in self.ids:
            return stub_id
        self.ids.add(stub_id)
        owners = _list(_dict(entry.get("governance")).get("owners"))
        owner = _dict(_dict(owners[0]).get("organization")) if owners else {}
        try:
            stub = Artifact(
                id=stub_id,
                kind=ArtifactKind.DATASET,
                name=name,
                description=_str(entry.get("description")),
                url=url,
                supplier=_str(owner.get("name")),
                extra={EXTRA_KEY: {"data": [dict(entry)]}},
            )
        except ValidationError as exc:
            self._model_problems(exc, where)
            return stub_id
        self.stubs.append((stub, where))
        return stub_id


def _dict_relation(ancestor: Mapping[str, Any]) -> Relation:
    for item in _list(ancestor.get("properties")):
        if isinstance(item, Mapping) and item.get("name") == P.RELATION:
            value = item.get("value")
            if isinstance(value, str) and value in Relation._value2member_map_:
                return Relation(value)
    return Relation.DERIVED_FROM


def _energy_from_card(card: Mapping[str, Any]) -> Compute | None:
    """Training energy and CO2 from a model card's environmental considerations."""
    considerations = _dict(_dict(card.get("considerations")).get("environmentalConsiderations"))
    energy = 0.0
    co2 = 0.0
    found_energy = found_co2 = False
    for item in _list(considerations.get("energyConsumptions")):
        item = _dict(item)
        if item.get("activity") != "training":
            continue
        cost = _dict(item.get("activityEnergyCost"))
        if cost.get("unit") == "kWh" and isinstance(cost.get("value"), int | float):
            energy += float(cost["value"])
            found_energy = True
        carbon = _dict(item.get("co2CostEquivalent"))
        if carbon.get("unit") == "tCO2eq" and isinstance(carbon.get("value"), int | float):
            co2 += float(carbon["value"]) * 1000
            found_co2 = True
    if not (found_energy or found_co2):
        return None
    return Compute(energy_kwh=energy if found_energy else None, co2_kg=co2 if found_co2 else None)


def _locator(path: Path) -> str:
    from openness.errors import format_path

    return format_path(path)
