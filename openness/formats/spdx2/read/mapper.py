"""Mapping a parsed SPDX 2 document (spdx-tools' model) to our artifacts, as
:mod:`openness.formats.spdx2.read` describes: packages we exported come back exactly from their
element annotations; other packages, files and relationships are mapped to artifacts,
components and lineage, and what has no field in our model is kept in ``extra["spdx"]``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from spdx_tools.spdx.jsonschema.annotation_converter import AnnotationConverter
from spdx_tools.spdx.jsonschema.creation_info_converter import CreationInfoConverter
from spdx_tools.spdx.jsonschema.external_document_ref_converter import (
    ExternalDocumentRefConverter,
)
from spdx_tools.spdx.jsonschema.extracted_licensing_info_converter import (
    ExtractedLicensingInfoConverter,
)
from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.annotation import Annotation
from spdx_tools.spdx.model.document import Document as SpdxDocument
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import Package
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType

from openness.documents import Document
from openness.errors import Problem, Severity, format_path
from openness.formats.importer import ImportResult, Origin
from openness.formats.spdx2.converter import LinearDocumentConverter
from openness.formats.spdx2.licenses import restore, stood_for
from openness.formats.spdx2.mapping import (
    FILE_TYPE_ROLE,
    LINEAGE_PREFIX,
    PURPOSE_ROLE,
    SPDX_TO_DIGEST,
    SPDX_TO_RELATION,
    TOOL,
    VERDICT_PREFIX,
    decode_payload,
)
from openness.model import (
    Artifact,
    ArtifactKind,
    Component,
    Evidence,
    EvidenceKind,
    InvalidLicenseExpression,
    LicenseExpression,
    LineageEdge,
    Relation,
)

if TYPE_CHECKING:
    from openness.formats.spdx2.read.reader import Where

__all__ = ["Mapper"]

_TOOL_PREFIX = TOOL.rsplit("-", 1)[0] + "-"
_LICENSE_REF = re.compile(r"(?<![\w.:-])LicenseRef-[A-Za-z0-9.\-]+")
_DECLARED = "licenseDeclared"
_CONCLUDED = "licenseConcluded"
_EXACT_KINDS = {
    RelationshipType.DEPENDS_ON,
    RelationshipType.DEPENDENCY_OF,
    RelationshipType.DESCENDANT_OF,
    RelationshipType.ANCESTOR_OF,
    RelationshipType.GENERATED_FROM,
    RelationshipType.GENERATES,
}
# Our field -> the SPDX (JSON) field it comes from, to name the field in problems.
_SPDX_FIELD = {
    "name": "name",
    "version": "versionInfo",
    "description": "description",
    "supplier": "supplier",
    "url": "homepage",
    "purl": "externalRefs",
    "license": "licenseDeclared",
    "location": "downloadLocation",
    "revision": "versionInfo",
    "digests": "checksums",
    "files": "hasFiles",
}
# Package fields our exporter writes: anything else on one of our packages is kept in extra.
_OURS = {
    "SPDXID",
    "name",
    "versionInfo",
    "supplier",
    "downloadLocation",
    "filesAnalyzed",
    "packageVerificationCode",
    "checksums",
    "homepage",
    "licenseConcluded",
    "licenseDeclared",
    "description",
    "externalRefs",
    "primaryPackagePurpose",
    "annotations",
}


def _make(cls: type[Any]) -> Any:
    """An instance of one of spdx-tools' untyped converter classes."""
    return cls()


def _actor_text(actor: Any) -> str | None:
    if isinstance(actor, Actor):
        return f"{actor.name} ({actor.email})" if actor.email else actor.name
    return None


class Mapper:
    """Maps one parsed SPDX document to artifacts."""

    def __init__(self, document: Document, spdx: SpdxDocument, where: Where, result: ImportResult):
        self.document = document
        self.spdx = spdx
        self.where = where
        self.result = result
        creation = spdx.creation_info
        self.doc_id = creation.spdx_id
        self.namespace = creation.document_namespace
        self.external = {r.document_ref_id: r.document_uri for r in creation.external_document_refs}
        self.ours = any(
            a.actor_type is ActorType.TOOL and a.name.startswith(_TOOL_PREFIX)
            for a in creation.creators
        )
        self.packages = {p.spdx_id: p for p in spdx.packages}
        self.files = {f.spdx_id: f for f in spdx.files}
        self.stands_for = {
            e.license_id: operand
            for e in spdx.extracted_licensing_info
            if e.license_id and (operand := stood_for(e.comment)) is not None
        }
        converter = ExtractedLicensingInfoConverter()
        self.license_infos = {
            e.license_id: converter.convert(e) for e in spdx.extracted_licensing_info
        }
        self.payloads: dict[str, tuple[str, dict[str, Any]]] = {}
        self.kept_annotations: list[Annotation] = []
        self._read_annotations()
        self.converter = LinearDocumentConverter()
        self.converter.index.rebuild(self.kept_annotations)
        self.parent: dict[str, str] = {}
        self.children: dict[str, list[str]] = defaultdict(list)
        self.described: list[str] = []
        self.loose: list[Relationship] = []
        self._read_structure()
        self.role_of: dict[str, str] = {}
        self.owner: dict[str, str] = {}
        self._assign_roles()
        self.ids = self._artifact_ids()
        self.snippets: dict[str, list[dict[str, Any]]] = defaultdict(list)
        snippet_converter = self.converter.snippet_converter
        for snippet in spdx.snippets:
            self.snippets[snippet.file_spdx_id].append(snippet_converter.convert(snippet, spdx))
        self.kept: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.document_relationships: list[dict[str, Any]] = []

    # -- reading the document --------------------------------------------------------------

    def _read_annotations(self) -> None:
        verdicts = 0
        for annotation in self.spdx.annotations:
            comment = annotation.annotation_comment
            try:
                decoded = decode_payload(comment)
            except ValueError as exc:
                self.problem(
                    annotation.spdx_id,
                    "annotations",
                    f"broken openness element annotation ({exc}); export the document again",
                )
                continue
            if decoded is not None:
                if annotation.spdx_id in self.payloads:
                    self.problem(
                        annotation.spdx_id,
                        "annotations",
                        "more than one openness element annotation; the first is used",
                        Severity.WARNING,
                    )
                else:
                    self.payloads[annotation.spdx_id] = decoded
            elif comment.startswith(VERDICT_PREFIX):
                verdicts += 1
            else:
                self.kept_annotations.append(annotation)
        if verdicts:
            self.result.problems.append(
                Problem(
                    self.document.path,
                    "annotations",
                    f"{verdicts} openness verdict annotation(s) not imported: verdicts are "
                    "computed again by 'openness check'",
                    severity=Severity.WARNING,
                )
            )

    def _read_structure(self) -> None:
        """DESCRIBES and CONTAINS relationships; the rest is :attr:`loose`."""
        for relationship in self.spdx.relationships:
            source = relationship.spdx_element_id
            kind = relationship.relationship_type
            related = relationship.related_spdx_element_id
            target = related if isinstance(related, str) else None
            if target is not None and kind is RelationshipType.DESCRIBES and source == self.doc_id:
                self.described.append(target)
            elif kind is RelationshipType.DESCRIBED_BY and target == self.doc_id:
                self.described.append(source)
            elif not (
                target is not None
                and (
                    (kind is RelationshipType.CONTAINS and self._contain(source, target))
                    or (kind is RelationshipType.CONTAINED_BY and self._contain(target, source))
                )
            ):
                self.loose.append(relationship)

    def _contain(self, parent: str, child: str) -> bool:
        if parent not in self.packages or child == parent or child in self.parent:
            return False
        if child not in self.packages and child not in self.files:
            return False
        self.parent[child] = parent
        self.children[parent].append(child)
        return True

    def _assign_roles(self) -> None:
        """A role per package (artifact, component or reference), and for each component
        package and file the SPDXID of the artifact package it belongs to."""
        described = set(self.described)
        for spdx_id in self.packages:
            payload = self.payloads.get(spdx_id)
            element = payload[0] if payload is not None else None
            if element in ("artifact", "reference"):
                self.role_of[spdx_id] = str(element)
            elif spdx_id in self.parent and (element == "component" or spdx_id not in described):
                self.role_of[spdx_id] = "component"
            else:
                self.role_of[spdx_id] = "artifact"
        for spdx_id in [*self.packages, *self.files]:
            if self.role_of.get(spdx_id) in ("artifact", "reference"):
                continue
            owner = self._owner(spdx_id)
            if owner is not None:
                self.owner[spdx_id] = owner
            elif spdx_id in self.packages:  # contained only by references, or a cycle
                self.role_of[spdx_id] = "artifact"

    def _owner(self, spdx_id: str) -> str | None:
        seen = {spdx_id}
        current = self.parent.get(spdx_id)
        while current is not None and current not in seen:
            if self.role_of.get(current) == "artifact":
                return current
            seen.add(current)
            current = self.parent.get(current)
        return None

    def _artifact_ids(self) -> dict[str, str]:
        """Artifact id per package: ours, else a purl no other artifact package has, else
        ``<namespace>#<SPDXID>``."""
        purls: dict[str, int] = defaultdict(int)
        for spdx_id, package in self.packages.items():
            purl = _purl(package)
            if purl is not None and self.role_of[spdx_id] == "artifact":
                purls[purl] += 1
        ids: dict[str, str] = {}
        for spdx_id, package in self.packages.items():
            payload = self.payloads.get(spdx_id)
            if payload is not None and isinstance(payload[1].get("id"), str):
                ids[spdx_id] = payload[1]["id"]
                continue
            purl = _purl(package)
            if purl is not None and purls.get(purl) == 1 and not re.search(r"\s", purl):
                ids[spdx_id] = purl
            else:
                ids[spdx_id] = f"{self.namespace}#{spdx_id}"
        return ids

    # -- helpers ---------------------------------------------------------------------------

    def problem(
        self,
        spdx_id: str | None,
        field: str | None,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record a problem at an element's field."""
        element = f"{spdx_id}: " if spdx_id else ""
        self.result.problems.append(
            self.where.problem(spdx_id, field, f"{element}{message}", severity)
        )

    def license(self, value: Any, spdx_id: str, field: str) -> LicenseExpression | None:
        """Our expression for an SPDX license value (with our stand-ins restored)."""
        if value is None:
            return None
        text = restore(str(value), self.stands_for)
        try:
            return LicenseExpression.of(text)
        except InvalidLicenseExpression as exc:
            self.problem(spdx_id, field, f"license expression {text!r} is not valid: {exc.detail}")
            return None

    def chosen_license(
        self, element: Package | File, evidence: list[Evidence] | None
    ) -> tuple[LicenseExpression | None, str | None]:
        """The declared license, else the concluded one; and the SPDX field it came from.
        Appends where it came from to ``evidence`` when given."""
        spdx_id = element.spdx_id
        declared = self.license(getattr(element, "license_declared", None), spdx_id, _DECLARED)
        concluded = self.license(element.license_concluded, spdx_id, _CONCLUDED)
        kind = EvidenceKind.DECLARED
        if declared is not None and not declared.is_noassertion:
            chosen, field = declared, _DECLARED
        elif concluded is not None and not concluded.is_noassertion:
            chosen, field, kind = concluded, _CONCLUDED, EvidenceKind.CONCLUDED
        elif declared is not None:
            chosen, field = declared, _DECLARED
        elif concluded is not None:
            chosen, field = concluded, _CONCLUDED
        else:
            return None, None
        if evidence is not None:
            evidence.append(
                Evidence(source=self.document.path, locator=f"{spdx_id}.{field}", kind=kind)
            )
        return chosen, field

    def converted(self, element: Package | File) -> dict[str, Any]:
        """The element in SPDX JSON form, by spdx-tools' converters (annotations other than
        ours included)."""
        if isinstance(element, Package):
            data: dict[str, Any] = self.converter.package_converter.convert(element, self.spdx)
        else:
            data = self.converter.file_converter.convert(element, self.spdx)
        return data

    def target_id(self, spdx_id: str) -> str | None:
        """The artifact id an element reference stands for, when it is an artifact or a
        reference, here or in an external document."""
        if ":" in spdx_id:
            ref, _, local = spdx_id.partition(":")
            namespace = self.external.get(ref)
            return f"{namespace}#{local}" if namespace else None
        if self.role_of.get(spdx_id) in ("artifact", "reference"):
            return self.ids[spdx_id]
        return None

    def validate(
        self, model: type[BaseModel], data: dict[str, Any], spdx_id: str, label: str
    ) -> Any:
        """Build a model, or report each field error at the element."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                loc = error["loc"]
                field = _SPDX_FIELD.get(str(loc[0]), "annotations") if loc else None
                ours = format_path(loc) or label
                self.problem(spdx_id, field, f"{label} field {ours}: {error['msg']}")
            return None

    def spdx_extra(
        self, element: Package, ours: bool, drop: Iterable[str | None]
    ) -> dict[str, Any]:
        """What the package says that has no field in our model, in SPDX JSON form."""
        data = self.converted(element)
        if ours:
            return {k: v for k, v in data.items() if k not in _OURS}
        for key in drop:
            if key is not None:
                data.pop(key, None)
        return data

    def licenses_used(self, texts: Iterable[str | None]) -> list[dict[str, Any]]:
        """The extracted licensing infos of the LicenseRefs in ``texts``."""
        refs: dict[str, None] = {}
        for text in texts:
            if text:
                refs.update(dict.fromkeys(_LICENSE_REF.findall(text)))
        return [self.license_infos[r] for r in refs if r in self.license_infos]

    # -- mapping ---------------------------------------------------------------------------

    def run(self) -> None:
        """Build every artifact and add it (with its origin) to the result."""
        edges = self._lineage()
        files_by_owner: dict[str, list[str]] = defaultdict(list)
        orphans: list[str] = []
        for file_id in self.files:
            container = self.parent.get(file_id)
            if container is None:
                orphans.append(file_id)
            elif self.role_of.get(container) == "artifact":
                files_by_owner[container].append(file_id)
        components_of: dict[str, list[str]] = defaultdict(list)
        for spdx_id, role in self.role_of.items():
            if role == "component":
                components_of[self.owner[spdx_id]].append(spdx_id)
        info = None if self.ours else self._document_info()
        described = set(self.described)
        for spdx_id, package in self.packages.items():
            if self.role_of[spdx_id] != "artifact":
                continue
            artifact = self._artifact(
                package,
                components_of.get(spdx_id, []),
                files_by_owner.get(spdx_id, []),
                edges.get(spdx_id, []),
                info if (not described or spdx_id in described) else None,
            )
            if artifact is not None:
                self.result.artifacts.append(artifact)
                path = self.where.paths.get(spdx_id) or (spdx_id,)
                self.result.origins.append(Origin(self.document, path))
        if orphans:
            self._document_artifact(orphans, info)
        for file_id, snippets in self.snippets.items():
            if file_id not in self.files:
                for snippet in snippets:
                    self.problem(
                        snippet.get("SPDXID"),
                        "snippetFromFile",
                        f"snippet of {file_id}, a file not in the document; not imported",
                        Severity.WARNING,
                    )

    def _document_info(self) -> dict[str, Any]:
        creation = self.spdx.creation_info
        info: dict[str, Any] = {
            "name": creation.name,
            "documentNamespace": creation.document_namespace,
            "spdxVersion": creation.spdx_version,
            "creationInfo": CreationInfoConverter().convert(creation),
        }
        if creation.document_comment:
            info["comment"] = creation.document_comment
        refs = [
            _make(ExternalDocumentRefConverter).convert(r) for r in creation.external_document_refs
        ]
        if refs:
            info["externalDocumentRefs"] = refs
        notes = [
            AnnotationConverter().convert(a)
            for a in self.kept_annotations
            if a.spdx_id == self.doc_id
        ]
        if notes:
            info["annotations"] = notes
        if self.document_relationships:
            info["relationships"] = self.document_relationships
        return info

    def _lineage(self) -> dict[str, list[LineageEdge]]:
        """Lineage edges by the SPDXID of the artifact package that holds them. Other
        relationships are kept in the extra metadata of the artifact or component they start
        from (or end at), or with the document; what belongs to nothing is reported."""
        edges: dict[str, list[LineageEdge]] = defaultdict(list)
        for relationship in self.loose:
            found = self._edge(relationship)
            if found is not None:
                edges[found[0]].append(found[1])
                continue
            source = relationship.spdx_element_id
            related = relationship.related_spdx_element_id
            record = {
                "spdxElementId": source,
                "relationshipType": relationship.relationship_type.name,
                "relatedSpdxElement": str(related),
            }
            if relationship.comment:
                record["comment"] = relationship.comment
            owner = self._holder(source) or (
                self._holder(related) if isinstance(related, str) else None
            )
            if owner is not None:
                self.kept[owner].append(record)
            elif self.doc_id in (source, related) and not self.ours:
                self.document_relationships.append(record)
            else:
                self.problem(
                    source,
                    "relationships",
                    f"relationship {source} {relationship.relationship_type.name} {related} "
                    "belongs to no artifact; not imported",
                    Severity.WARNING,
                )
        return edges

    def _holder(self, spdx_id: str) -> str | None:
        if self.role_of.get(spdx_id) == "artifact":
            return spdx_id
        if spdx_id in self.owner:
            return spdx_id  # a component package or a file: kept with it
        return None

    def _edge(self, relationship: Relationship) -> tuple[str, LineageEdge] | None:
        kind = relationship.relationship_type
        related = relationship.related_spdx_element_id
        if not isinstance(related, str):
            return None
        comment = relationship.comment or ""
        relation: Relation | None = None
        reverse = False
        ours = comment.startswith(LINEAGE_PREFIX)
        if ours:
            try:
                relation = Relation(comment[len(LINEAGE_PREFIX) :].strip())
            except ValueError:
                ours = False
        if relation is None:
            mapped = SPDX_TO_RELATION.get(kind)
            if mapped is None:
                return None
            relation, reverse = mapped
        source = relationship.spdx_element_id
        holder, target = (related, source) if reverse else (source, related)
        if self.role_of.get(holder) != "artifact":
            return None
        target_id = self.target_id(target)
        if target_id is None:
            return None
        notes = []
        if not ours and kind not in _EXACT_KINDS:
            notes.append(f"SPDX {kind.name}")
        if comment and not ours:
            notes.append(comment)
        edge = LineageEdge(relation=relation, target=target_id, note="; ".join(notes) or None)
        return holder, edge

    def _artifact(
        self,
        package: Package,
        component_ids: list[str],
        file_ids: list[str],
        edges: list[LineageEdge],
        document_info: dict[str, Any] | None,
    ) -> Artifact | None:
        spdx_id = package.spdx_id
        payload = self.payloads.get(spdx_id)
        fields = dict(payload[1]) if payload is not None and payload[0] == "artifact" else None
        evidence: list[Evidence] | None = None if fields is not None else []
        license_, license_field = self.chosen_license(package, evidence)
        purl = _purl(package)
        hugging_face = purl is not None and purl.startswith("pkg:huggingface/")
        data: dict[str, Any] = {
            "id": self.ids[spdx_id],
            "kind": ArtifactKind.MODEL if hugging_face else ArtifactKind.SOFTWARE,
            "name": package.name,
            "version": package.version,
            "description": package.description,
            "supplier": _actor_text(package.supplier),
            "url": package.homepage if isinstance(package.homepage, str) else None,
            "purl": purl,
            "license": license_,
        }
        drop = ["name", "versionInfo", "description", "homepage", license_field]
        if isinstance(package.supplier, Actor):
            drop.append("supplier")
        extra = self.spdx_extra(package, fields is not None, drop)
        components = self._components(spdx_id, fields, component_ids, file_ids)
        if fields is None:
            data["evidence"] = evidence
            data["lineage"] = edges
            _drop_purl(extra, purl)
            if document_info is not None:
                extra["document"] = document_info
            used = self.licenses_used(
                [str(license_)] + [str(c.license) for c in components if c.license]
            )
            if used:
                extra["hasExtractedLicensingInfos"] = used
        else:
            fields.pop("components", None)
            payload_lineage = fields.pop("lineage", [])
            data.update(fields)
            data["lineage"] = self._reconcile(spdx_id, payload_lineage, edges)
        if self.kept.get(spdx_id):
            extra["relationships"] = self.kept[spdx_id]
        data["components"] = components
        _merge_extra(data, extra)
        artifact: Artifact | None = self.validate(Artifact, data, spdx_id, "artifact")
        return artifact

    def _reconcile(self, spdx_id: str, payload: Any, edges: list[LineageEdge]) -> list[Any]:
        """Our lineage, in our order, where each edge still has its relationship; then the
        edges of relationships someone else added."""
        waiting: dict[tuple[str, str], list[LineageEdge]] = defaultdict(list)
        for edge in edges:
            waiting[(edge.relation.value, edge.target)].append(edge)
        out: list[Any] = []
        for index, item in enumerate(payload if isinstance(payload, list) else []):
            key = (
                (str(item.get("relation")), str(item.get("target")))
                if isinstance(item, dict)
                else ("", "")
            )
            if waiting.get(key):
                waiting[key].pop(0)
                out.append(item)
            else:
                self.problem(
                    spdx_id,
                    "relationships",
                    f"lineage[{index}] ({key[0]} {key[1]}) has no relationship in the document "
                    "any more; not imported",
                    Severity.WARNING,
                )
        out.extend(edge for remaining in waiting.values() for edge in remaining)
        return out

    def _components(
        self,
        artifact_id: str,
        fields: dict[str, Any] | None,
        component_ids: list[str],
        file_ids: list[str],
    ) -> list[Component]:
        order = fields.get("components") if fields is not None else None
        if isinstance(order, list):
            rank = {value: index for index, value in enumerate(order) if isinstance(value, str)}
            component_ids = sorted(component_ids, key=lambda c: rank.get(c, len(rank)))
        out = []
        for spdx_id in component_ids:
            component = self._component(self.packages[spdx_id], artifact_id)
            if component is not None:
                out.append(component)
        out.extend(self._file_components(file_ids))
        return out

    def _component(self, package: Package, artifact_id: str) -> Component | None:
        spdx_id = package.spdx_id
        payload = self.payloads.get(spdx_id)
        fields = dict(payload[1]) if payload is not None and payload[0] == "component" else None
        evidence: list[Evidence] | None = None if fields is not None else []
        license_, license_field = self.chosen_license(package, evidence)
        digests, unmapped = _digests(package.checksums)
        location = package.download_location
        data: dict[str, Any] = {
            "role": PURPOSE_ROLE[package.primary_package_purpose],
            "name": package.name,
            "description": package.description,
            "license": license_,
            "location": location if isinstance(location, str) else None,
            "revision": package.version,
            "digests": digests,
        }
        drop = ["name", "description", "versionInfo", "downloadLocation", license_field]
        if not unmapped:
            drop.append("checksums")
        extra = self.spdx_extra(package, fields is not None, drop)
        file_ids = [c for c in self.children.get(spdx_id, []) if c in self.files]
        if fields is None:
            data["evidence"] = evidence
            data["files"] = [self._file_ref(self.files[f]) for f in file_ids]
            if file_ids:
                extra["files"] = [self.converted(self.files[f]) for f in file_ids]
            if self.parent.get(spdx_id) != artifact_id:
                extra["containedBy"] = self.parent.get(spdx_id)
            used = self.licenses_used([str(license_)])
            if used:
                extra["hasExtractedLicensingInfos"] = used
        else:
            payload_digests = fields.pop("digests", None) or {}
            data.update(fields)
            data["digests"] = {**digests, **payload_digests}
            if "files" not in fields and file_ids:
                data["files"] = [self._file_ref(self.files[f]) for f in file_ids]
        snippets = [s for f in file_ids for s in self.snippets.get(f, [])]
        if snippets:
            extra["snippets"] = snippets
        if self.kept.get(spdx_id):
            extra["relationships"] = self.kept[spdx_id]
        _merge_extra(data, extra)
        component: Component | None = self.validate(Component, data, spdx_id, "component")
        return component

    def _file_ref(self, file: File) -> dict[str, Any]:
        digests, _ = _digests(file.checksums)
        name = file.name[2:] if file.name.startswith("./") else file.name
        return {"path": name, "digests": digests}

    def _file_components(self, file_ids: Iterable[str]) -> list[Component]:
        """Files directly in an artifact's package: one component per role."""
        groups: dict[Any, list[File]] = defaultdict(list)
        for file_id in file_ids:
            file = self.files[file_id]
            groups[FILE_TYPE_ROLE[file.file_types[0] if file.file_types else None]].append(file)
        out = []
        for role, files in groups.items():
            licenses: dict[str, None] = {}
            for file in files:
                chosen, _ = self.chosen_license(file, None)
                if chosen is not None and chosen.parsed.tree is not None:
                    licenses.setdefault(str(chosen), None)
            license_: str | None = None
            if len(licenses) == 1:
                license_ = next(iter(licenses))
            elif licenses:
                license_ = " AND ".join(f"({text})" for text in licenses)
            extra: dict[str, Any] = {"files": [self.converted(f) for f in files]}
            snippets = [s for f in files for s in self.snippets.get(f.spdx_id, [])]
            if snippets:
                extra["snippets"] = snippets
            for file in files:
                if self.kept.get(file.spdx_id):
                    extra.setdefault("relationships", []).extend(self.kept[file.spdx_id])
            used = self.licenses_used(licenses)
            if used:
                extra["hasExtractedLicensingInfos"] = used
            evidence = [
                Evidence(
                    source=self.document.path,
                    locator=f"{', '.join(f.spdx_id for f in files)}: licenseConcluded",
                    kind=EvidenceKind.CONCLUDED,
                    note="the licenses concluded for the files, combined with AND",
                )
            ]
            data = {
                "role": role,
                "license": license_,
                "files": [self._file_ref(f) for f in files],
                "evidence": evidence if license_ else [],
                "extra": {"spdx": extra},
            }
            component = self.validate(Component, data, files[0].spdx_id, "component")
            if component is not None:
                out.append(component)
        return out

    def _document_artifact(self, file_ids: list[str], info: dict[str, Any] | None) -> None:
        """An artifact for the files no package contains: the document's own content."""
        data: dict[str, Any] = {
            "id": self.namespace,
            "kind": ArtifactKind.SOFTWARE,
            "name": self.spdx.creation_info.name,
            "components": self._file_components(file_ids),
            "extra": {"spdx": {"document": info}} if info else {},
        }
        artifact = self.validate(Artifact, data, self.doc_id, "artifact")
        if artifact is not None:
            self.result.artifacts.append(artifact)
            self.result.origins.append(Origin(self.document, ()))


def _merge_extra(data: dict[str, Any], spdx: dict[str, Any]) -> None:
    """Put ``spdx`` under ``extra["spdx"]`` (merged with what the annotation kept there)."""
    if not spdx:
        return
    extra = dict(data.get("extra") or {})
    previous = extra.get("spdx")
    extra["spdx"] = {**previous, **spdx} if isinstance(previous, dict) else spdx
    data["extra"] = extra


def _purl(package: Package) -> str | None:
    purls = [ref.locator for ref in package.external_references if ref.reference_type == "purl"]
    return purls[0] if len(purls) == 1 else None


def _drop_purl(data: dict[str, Any], purl: str | None) -> None:
    refs = data.get("externalRefs")
    if purl is None or not isinstance(refs, list):
        return
    rest = [r for r in refs if r.get("referenceType") != "purl"]
    if rest:
        data["externalRefs"] = rest
    else:
        data.pop("externalRefs")


def _digests(checksums: Iterable[Any]) -> tuple[dict[str, str], list[Any]]:
    """Our digests from SPDX checksums, and the checksums we have no algorithm for."""
    digests: dict[str, str] = {}
    unmapped = []
    for checksum in checksums:
        ours = SPDX_TO_DIGEST.get(checksum.algorithm)
        if ours is None:
            unmapped.append(checksum)
        else:
            digests[ours.value] = checksum.value
    return digests, unmapped
