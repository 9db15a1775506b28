"""Our model to an spdx-tools SPDX 2.3 :class:`~spdx_tools.spdx.model.Document`.

- Each artifact is a package described by the document; each component is a package the
  artifact's package ``CONTAINS``; a component's files are SPDX files (when every one has the
  SHA-1 SPDX requires of files) that the component's package ``CONTAINS``.
- Lineage edges are relationships (:data:`~openness.formats.spdx2.mapping.RELATION_TO_SPDX`);
  a lineage target that is not exported is a small *reference* package.
- Licenses are declared license expressions (concluded too when the element's evidence says a
  reviewer concluded it, else ``NOASSERTION``); every LicenseRef is defined.
- Digests are checksums; verdicts are ``REVIEW`` annotations.
- What SPDX has no field for is kept in one element annotation per package
  (:mod:`openness.formats.spdx2.mapping`), so that the importer gives back the same model.

SPDXIDs and the document namespace derive from content; the creation time from
``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.annotation import Annotation, AnnotationType
from spdx_tools.spdx.model.checksum import Checksum, ChecksumAlgorithm
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import (
    ExternalPackageRef,
    ExternalPackageRefCategory,
    Package,
    PackagePurpose,
    PackageVerificationCode,
)
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.validation.external_package_ref_validator import PURL_REGEX
from spdx_tools.spdx.validation.uri_validators import validate_download_location, validate_url

from openness.formats.deterministic import content_id, creation_time
from openness.formats.spdx2.licenses import extracted_info, render, spdx_value
from openness.formats.spdx2.mapping import (
    DIGEST_TO_SPDX,
    DOCUMENT_ID,
    KIND_PURPOSE,
    LINEAGE_PREFIX,
    NAMESPACE_BASE,
    PAYLOAD_PREFIX,
    PAYLOAD_VERSION,
    RELATION_TO_SPDX,
    ROLE_PURPOSE,
    TOOL,
    VERDICT_PREFIX,
    clean_text,
    encode_json,
    exact_actor,
    exact_line,
    exact_text,
    one_line,
    slug,
)
from openness.model import (
    Artifact,
    Component,
    DigestAlgorithm,
    EvidenceKind,
    FileRef,
    LicenseExpression,
)
from openness.policy.verdict import Verdict

__all__ = ["artifact_spdx_id", "build_document"]

_PURL = re.compile(PURL_REGEX)
_SPACE = re.compile(r"\s")


def artifact_spdx_id(artifact_id: str) -> str:
    """The SPDXID of an artifact's package: readable, and unique by a digest of the id."""
    name = slug(artifact_id, 32)
    digest = content_id("artifact", artifact_id)
    return f"SPDXRef-{name}-{digest}" if name else f"SPDXRef-{digest}"


def _reference_spdx_id(artifact_id: str) -> str:
    name = slug(artifact_id, 32)
    digest = content_id("reference", artifact_id)
    return f"SPDXRef-ref-{name}-{digest}" if name else f"SPDXRef-ref-{digest}"


class _Builder:
    """Collects the elements of one document; each ``add_*`` appends in a fixed order."""

    def __init__(self, artifacts: Sequence[Artifact], created: datetime):
        self.created = created
        self.tool = Actor(ActorType.TOOL, TOOL)
        self.package_ids = {a.id: artifact_spdx_id(a.id) for a in artifacts}
        self.packages: list[Package] = []
        self.files: list[File] = []
        self.relationships: list[Relationship] = []
        self.annotations: list[Annotation] = []
        self.refs: dict[str, str | None] = {}
        self.references: dict[str, str] = {}
        self.digests: list[bytes] = []  # of each artifact's canonical JSON, for the namespace

    # -- small pieces --------------------------------------------------------------------------

    def relate(
        self, source: str, kind: RelationshipType, target: str, comment: str | None = None
    ) -> None:
        self.relationships.append(Relationship(source, kind, target, comment))

    def payload(self, spdx_id: str, element: str, fields: dict[str, Any]) -> None:
        text = encode_json({"element": element, "fields": fields, "v": PAYLOAD_VERSION})
        self.annotations.append(
            Annotation(
                spdx_id, AnnotationType.OTHER, self.tool, self.created, PAYLOAD_PREFIX + text
            )
        )

    def license(self, expression: LicenseExpression | None) -> Any:
        if expression is None:
            return None
        for ref, operand in render(expression).refs:
            self.refs.setdefault(ref, operand)
        return spdx_value(expression)

    def concluded(self, expression: LicenseExpression | None, evidence: Sequence[Any]) -> Any:
        if expression is None:
            return None
        if any(e.kind is EvidenceKind.CONCLUDED for e in evidence):
            return self.license(expression)
        return SpdxNoAssertion()

    @staticmethod
    def checksums(digests: dict[DigestAlgorithm, str]) -> list[Checksum]:
        return [
            Checksum(DIGEST_TO_SPDX[algorithm], value)
            for algorithm, value in sorted(digests.items())
            if algorithm in DIGEST_TO_SPDX
        ]

    @staticmethod
    def text_fields(
        dump: dict[str, Any], values: dict[str, str | None], multi: tuple[str, ...] = ()
    ) -> dict[str, str | None]:
        """The SPDX value of each field; a field SPDX carries unchanged leaves the payload."""
        out: dict[str, str | None] = {}
        for key, value in values.items():
            if value is None:
                out[key] = None
                continue
            if exact_text(value) if key in multi else exact_line(value):
                out[key] = value
                dump.pop(key, None)
            elif value.strip():
                out[key] = clean_text(value) if key in multi else one_line(value)
            else:
                out[key] = None
        return out

    # -- elements ------------------------------------------------------------------------------

    def add_artifact(self, artifact: Artifact) -> None:
        spdx_id = self.package_ids[artifact.id]
        full = artifact.model_dump(mode="json", exclude_defaults=True)
        self.digests.append(hashlib.sha256(json.dumps(full, sort_keys=True).encode()).digest())
        component_dumps = full.pop("components", [])
        dump = full
        text = self.text_fields(
            dump,
            {
                "name": artifact.name,
                "version": artifact.version,
                "description": artifact.description,
            },
            multi=("description",),
        )
        if artifact.name is None:
            dump["name"] = None
        supplier = None
        if artifact.supplier is not None:
            if exact_actor(artifact.supplier):
                dump.pop("supplier", None)
                supplier = Actor(ActorType.ORGANIZATION, artifact.supplier)
            else:
                safe = one_line(artifact.supplier).replace("(", "[").replace(")", "]")
                supplier = Actor(ActorType.ORGANIZATION, safe)
        homepage = None
        if artifact.url is not None and exact_line(artifact.url) and not validate_url(artifact.url):
            homepage = artifact.url
            dump.pop("url", None)
        refs = []
        purl = artifact.purl
        if purl is not None and exact_line(purl) and _PURL.match(purl) and not _SPACE.search(purl):
            refs.append(
                ExternalPackageRef(ExternalPackageRefCategory.PACKAGE_MANAGER, "purl", purl)
            )
            dump.pop("purl", None)
        dump.pop("license", None)
        dump["id"] = artifact.id
        if artifact.components:
            dump["components"] = [
                self.component_id(artifact, i) for i in range(len(artifact.components))
            ]
        self.packages.append(
            Package(
                spdx_id=spdx_id,
                name=text["name"] or one_line(artifact.id),
                download_location=SpdxNoAssertion(),
                version=text["version"],
                supplier=supplier,
                files_analyzed=False,
                homepage=homepage,
                license_concluded=self.concluded(artifact.license, artifact.evidence),
                license_declared=self.license(artifact.license),
                description=text["description"],
                external_references=refs,
                primary_package_purpose=KIND_PURPOSE[artifact.kind],
            )
        )
        self.payload(spdx_id, "artifact", dump)
        self.relate(DOCUMENT_ID, RelationshipType.DESCRIBES, spdx_id)
        for index, component in enumerate(artifact.components):
            self.add_component(artifact, index, component, component_dumps[index])
        for edge in artifact.lineage:
            kind, exact = RELATION_TO_SPDX[edge.relation]
            target = self.package_ids.get(edge.target) or self.reference(edge.target)
            comment = None if exact else LINEAGE_PREFIX + edge.relation.value
            self.relate(spdx_id, kind, target, comment)

    def component_id(self, artifact: Artifact, index: int) -> str:
        role = artifact.components[index].role.value
        digest = content_id("component", artifact.id, str(index), length=8)
        return f"{self.package_ids[artifact.id]}-{role}-{digest}"

    def add_component(
        self, artifact: Artifact, index: int, component: Component, dump: dict[str, Any]
    ) -> None:
        spdx_id = self.component_id(artifact, index)
        text = self.text_fields(
            dump,
            {
                "name": component.name,
                "description": component.description,
                "revision": component.revision,
            },
            multi=("description",),
        )
        if component.name is None:
            dump["name"] = None
        location: Any = SpdxNoAssertion()
        if (
            component.location is not None
            and exact_line(component.location)
            and not validate_download_location(component.location)
        ):
            location = component.location
            dump.pop("location", None)
        dump.pop("license", None)
        unmapped = {k: v for k, v in component.digests.items() if k not in DIGEST_TO_SPDX}
        dump.pop("digests", None)
        if unmapped:
            dump["digests"] = {k.value: v for k, v in unmapped.items()}
        spdx_files = self.files_of(spdx_id, component.files)
        name = text["name"] or one_line(f"{artifact.display_name} {component.role.value}")
        self.packages.append(
            Package(
                spdx_id=spdx_id,
                name=name,
                download_location=location,
                version=text["revision"],
                files_analyzed=bool(spdx_files),
                verification_code=_verification_code(spdx_files) if spdx_files else None,
                checksums=self.checksums(component.digests),
                license_concluded=self.concluded(component.license, component.evidence),
                license_declared=self.license(component.license),
                description=text["description"],
                primary_package_purpose=ROLE_PURPOSE[component.role],
            )
        )
        self.payload(spdx_id, "component", dump)
        self.relate(self.package_ids[artifact.id], RelationshipType.CONTAINS, spdx_id)
        for spdx_file in spdx_files:
            self.files.append(spdx_file)
            self.relate(spdx_id, RelationshipType.CONTAINS, spdx_file.spdx_id)

    def files_of(self, package_id: str, files: Sequence[FileRef]) -> list[File]:
        """SPDX files for a component's files, when each has the SHA-1 that SPDX requires;
        otherwise none (the files stay in the element annotation only)."""
        if not files or any(DigestAlgorithm.SHA1 not in f.digests for f in files):
            return []
        out = []
        for index, ref in enumerate(files):
            digest = content_id("file", ref.path, str(index), length=8)
            out.append(
                File(
                    name="./" + (ref.path if exact_line(ref.path) else one_line(ref.path)),
                    spdx_id=f"{package_id}-file-{digest}",
                    checksums=self.checksums(ref.digests),
                )
            )
        return out

    def reference(self, target: str) -> str:
        """The package standing for a lineage target that is not in the document."""
        spdx_id = self.references.get(target)
        if spdx_id is None:
            spdx_id = self.references[target] = _reference_spdx_id(target)
            self.packages.append(
                Package(
                    spdx_id=spdx_id,
                    name=one_line(target),
                    download_location=SpdxNoAssertion(),
                    files_analyzed=False,
                    primary_package_purpose=PackagePurpose.OTHER,
                )
            )
            self.payload(spdx_id, "reference", {"id": target})
        return spdx_id

    def add_verdict(self, verdict: Verdict) -> None:
        spdx_id = self.package_ids.get(verdict.artifact, DOCUMENT_ID)
        level = f" ({verdict.level})" if verdict.level else ""
        head = f"{VERDICT_PREFIX}{verdict.policy} {verdict.policy_version}: "
        summary = one_line(f"{head}{verdict.outcome.value}{level}")
        comment = f"{summary}\n{encode_json(verdict.to_dict())}"
        self.annotations.append(
            Annotation(spdx_id, AnnotationType.REVIEW, self.tool, self.created, comment)
        )


def _verification_code(files: Sequence[File]) -> PackageVerificationCode:
    """SPDX 2.3 clause 7.9: SHA-1 over the sorted SHA-1s of the package's files."""
    sha1s = sorted(
        c.value.lower() for f in files for c in f.checksums if c.algorithm is ChecksumAlgorithm.SHA1
    )
    return PackageVerificationCode(hashlib.sha1("".join(sha1s).encode("ascii")).hexdigest())


def _content_digest(digests: list[bytes]) -> str:
    """Like :func:`openness.formats.deterministic.content_digest` (order-independent), from the
    digests the builder took of each artifact's canonical JSON while dumping it anyway."""
    return hashlib.sha256(b"".join(sorted(digests))).hexdigest()


def _document_name(artifacts: Sequence[Artifact]) -> str:
    if len(artifacts) == 1:
        return one_line(artifacts[0].display_name)
    return f"openness export of {len(artifacts)} artifacts"


def build_document(artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()) -> Document:
    """The SPDX 2.3 document for ``artifacts`` (and ``verdicts`` as annotations).

    Artifact ids must be unique (as :func:`openness.loading.load` guarantees). The result is
    not validated here: see :func:`openness.formats.spdx2.validate.validate_document`.
    """
    created = creation_time()
    builder = _Builder(artifacts, created)
    for artifact in artifacts:
        builder.add_artifact(artifact)
    for verdict in verdicts:
        builder.add_verdict(verdict)
    name = _document_name(artifacts)
    verdict_digest = hashlib.sha256(
        encode_json([v.to_dict() for v in verdicts]).encode("utf-8")
    ).hexdigest()
    digest = content_id(
        _content_digest(builder.digests), verdict_digest, *(a.id for a in artifacts), length=32
    )
    namespace = f"{NAMESPACE_BASE}{slug(name) or 'document'}-{digest}"
    creation = CreationInfo(
        spdx_version="SPDX-2.3",
        spdx_id=DOCUMENT_ID,
        name=name,
        document_namespace=namespace,
        creators=[builder.tool],
        created=created,
        data_license="CC0-1.0",
    )
    extracted = [extracted_info(ref, operand) for ref, operand in sorted(builder.refs.items())]
    return Document(
        creation_info=creation,
        packages=builder.packages,
        files=builder.files,
        annotations=builder.annotations,
        relationships=builder.relationships,
        extracted_licensing_info=extracted,
    )
