"""A parsed SPDX 2 document indexed for mapping: annotations, containment, roles, the
artifact each element belongs to, license values, and the problems found on the way."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from spdx_tools.spdx.jsonschema.extracted_licensing_info_converter import (
    ExtractedLicensingInfoConverter,
)
from spdx_tools.spdx.model.actor import ActorType
from spdx_tools.spdx.model.annotation import Annotation
from spdx_tools.spdx.model.document import Document as SpdxDocument
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import Package
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType

from openness.documents import Document
from openness.errors import Problem, Severity, format_path
from openness.formats.importer import ImportResult
from openness.formats.spdx2.converter import LinearDocumentConverter
from openness.formats.spdx2.licenses import restore, stood_for
from openness.formats.spdx2.mapping import TOOL, VERDICT_PREFIX, decode_payload
from openness.model import Evidence, EvidenceKind, InvalidLicenseExpression, LicenseExpression

if TYPE_CHECKING:
    from openness.formats.spdx2.read.problems import Where

__all__ = [
    "CONCLUDED",
    "DECLARED",
    "EXACT_KINDS",
    "LICENSE_REF",
    "OUR_FIELDS",
    "SPDX_FIELD",
    "TOOL_PREFIX",
    "DocumentIndex",
    "make_converter",
    "single_purl",
]


TOOL_PREFIX = TOOL.rsplit("-", 1)[0] + "-"


LICENSE_REF = re.compile(r"(?<![\w.:-])LicenseRef-[A-Za-z0-9.\-]+")


DECLARED = "licenseDeclared"


CONCLUDED = "licenseConcluded"


EXACT_KINDS = {
    RelationshipType.DEPENDS_ON,
    RelationshipType.DEPENDENCY_OF,
    RelationshipType.DESCENDANT_OF,
    RelationshipType.ANCESTOR_OF,
    RelationshipType.GENERATED_FROM,
    RelationshipType.GENERATES,
}


# Our field -> the SPDX (JSON) field it comes from, to name the field in problems.
SPDX_FIELD = {
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
OUR_FIELDS = {
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


def make_converter(cls: type[Any]) -> Any:
    """An instance of one of spdx-tools' untyped converter classes."""
    return cls()


def single_purl(package: Package) -> str | None:
    purls = [ref.locator for ref in package.external_references if ref.reference_type == "purl"]
    return purls[0] if len(purls) == 1 else None


class DocumentIndex:
    """One parsed SPDX document, indexed: what every mapping step reads."""

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
            a.actor_type is ActorType.TOOL and a.name.startswith(TOOL_PREFIX)
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
            purl = single_purl(package)
            if purl is not None and self.role_of[spdx_id] == "artifact":
                purls[purl] += 1
        ids: dict[str, str] = {}
        for spdx_id, package in self.packages.items():
            payload = self.payloads.get(spdx_id)
            if payload is not None and isinstance(payload[1].get("id"), str):
                ids[spdx_id] = payload[1]["id"]
                continue
            purl = single_purl(package)
            if purl is not None and purls.get(purl) == 1 and not re.search(r"\s", purl):
                ids[spdx_id] = purl
            else:
                ids[spdx_id] = f"{self.namespace}#{spdx_id}"
        return ids

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
        declared = self.license(getattr(element, "license_declared", None), spdx_id, DECLARED)
        concluded = self.license(element.license_concluded, spdx_id, CONCLUDED)
        kind = EvidenceKind.DECLARED
        if declared is not None and not declared.is_noassertion:
            chosen, field = declared, DECLARED
        elif concluded is not None and not concluded.is_noassertion:
            chosen, field, kind = concluded, CONCLUDED, EvidenceKind.CONCLUDED
        elif declared is not None:
            chosen, field = declared, DECLARED
        elif concluded is not None:
            chosen, field = concluded, CONCLUDED
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
                field = SPDX_FIELD.get(str(loc[0]), "annotations") if loc else None
                ours = format_path(loc) or label
                self.problem(spdx_id, field, f"{label} field {ours}: {error['msg']}")
            return None

    def spdx_extra(
        self, element: Package, ours: bool, drop: Iterable[str | None]
    ) -> dict[str, Any]:
        """What the package says that has no field in our model, in SPDX JSON form."""
        data = self.converted(element)
        if ours:
            return {k: v for k, v in data.items() if k not in OUR_FIELDS}
        for key in drop:
            if key is not None:
                data.pop(key, None)
        return data

    def licenses_used(self, texts: Iterable[str | None]) -> list[dict[str, Any]]:
        """The extracted licensing infos of the LicenseRefs in ``texts``."""
        refs: dict[str, None] = {}
        for text in texts:
            if text:
                refs.update(dict.fromkeys(LICENSE_REF.findall(text)))
        return [self.license_infos[r] for r in refs if r in self.license_infos]
