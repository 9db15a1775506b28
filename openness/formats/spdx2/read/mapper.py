"""Mapping a parsed SPDX 2 document (spdx-tools' model) to our artifacts, as
:mod:`openness.formats.spdx2.read` describes: packages we exported come back exactly from their
element annotations; other packages, files and relationships are mapped to artifacts,
components and lineage, and what has no field in our model is kept in ``extra["spdx"]``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from spdx_tools.spdx.jsonschema.annotation_converter import AnnotationConverter
from spdx_tools.spdx.jsonschema.creation_info_converter import CreationInfoConverter
from spdx_tools.spdx.jsonschema.external_document_ref_converter import ExternalDocumentRefConverter
from spdx_tools.spdx.model.actor import Actor
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import Package

from openness.errors import Severity
from openness.formats.importer import Origin
from openness.formats.spdx2.mapping import FILE_TYPE_ROLE, PURPOSE_ROLE, SPDX_TO_DIGEST
from openness.formats.spdx2.read.index import make_converter, single_purl
from openness.formats.spdx2.read.lineage import LineageMapper
from openness.model import Artifact, ArtifactKind, Component, Evidence, EvidenceKind, LineageEdge

__all__ = ["Mapper"]


def _actor_text(actor: Any) -> str | None:
    if isinstance(actor, Actor):
        return f"{actor.name} ({actor.email})" if actor.email else actor.name
    return None


def _merge_extra(data: dict[str, Any], spdx: dict[str, Any]) -> None:
    """Put ``spdx`` under ``extra["spdx"]`` (merged with what the annotation kept there)."""
    if not spdx:
        return
    extra = dict(data.get("extra") or {})
    previous = extra.get("spdx")
    extra["spdx"] = {**previous, **spdx} if isinstance(previous, dict) else spdx
    data["extra"] = extra


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


class Mapper(LineageMapper):
    """Maps one parsed SPDX document to artifacts."""

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
            make_converter(ExternalDocumentRefConverter).convert(r)
            for r in creation.external_document_refs
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
        purl = single_purl(package)
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
