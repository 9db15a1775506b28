"""The SPDX 3 elements every part of a document needs: ids, the object set being built,
relationships, licenses, agents, integrity methods, our extension, references and the document
itself."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from spdx_python_model import v3_0_1 as spdx

from openness import __version__
from openness.formats.deterministic import content_digest, content_id
from openness.formats.spdx3.mapping import (
    DIGEST_TO_SPDX,
    NAMESPACE_BASE,
    NOASSERTION_LICENSE,
    NONE_LICENSE,
    SPEC_VERSION,
    Prop,
)
from openness.model import Artifact, DigestAlgorithm, Evidence, EvidenceKind, LicenseExpression

__all__ = [
    "HASH",
    "PROFILE",
    "PURPOSE",
    "REL",
    "ElementBuilder",
    "artifact_spdx_id",
    "evidence_json",
    "namespace",
]


_TERMS = "https://spdx.org/rdf/3.0.1/terms/"


REL = _TERMS + "Core/RelationshipType/"


PURPOSE = _TERMS + "Software/SoftwarePurpose/"


HASH = _TERMS + "Core/HashAlgorithm/"


PROFILE = _TERMS + "Core/ProfileIdentifierType/"


def namespace(artifacts: Sequence[Artifact]) -> str:
    """The document's id namespace: a digest of its content."""
    return f"{NAMESPACE_BASE}{content_digest(artifacts)[:16]}/"


def artifact_spdx_id(ns: str, artifact_id: str) -> str:
    """The spdxId of an artifact's package."""
    return f"{ns}artifact/{content_id('artifact', artifact_id)}"


def evidence_json(evidence: Iterable[Evidence]) -> list[Any]:
    return [e.model_dump(mode="json", exclude_defaults=True) for e in evidence]


class ElementBuilder:
    """The object set being built, with the elements shared by every artifact."""

    def __init__(self, artifacts: Sequence[Artifact], created: datetime):
        self.ns = namespace(artifacts)
        self.info = spdx.CreationInfo(specVersion=SPEC_VERSION, created=created)
        agent = spdx.SoftwareAgent(
            spdxId=f"{self.ns}agent/openness", name="openness", creationInfo=self.info
        )
        tool = spdx.Tool(
            spdxId=f"{self.ns}tool/openness",
            name=f"openness {__version__}",
            creationInfo=self.info,
        )
        self.info.createdBy = [agent]
        self.info.createdUsing = [tool]
        self.objects: list[spdx.SHACLObject] = [agent, tool]
        self.packages: dict[str, spdx.Element] = {}
        self.references: dict[str, spdx.Element] = {}
        self.licenses: dict[str, spdx.simplelicensing_LicenseExpression] = {}
        self.agents: dict[str, spdx.Agent] = {}

    def add(self, obj: spdx.SHACLObject) -> None:
        self.objects.append(obj)

    def relate(self, spdx_id: str, source: Any, kind: str, targets: list[Any], **kw: Any) -> None:
        self.add(
            spdx.Relationship(
                spdxId=spdx_id,
                creationInfo=self.info,
                from_=source,
                relationshipType=REL + kind,
                to=targets,
                **kw,
            )
        )

    def license(self, expression: LicenseExpression) -> Any:
        if expression.is_noassertion:
            return NOASSERTION_LICENSE
        if expression.is_none:
            return NONE_LICENSE
        element = self.licenses.get(expression)
        if element is None:
            element = spdx.simplelicensing_LicenseExpression(
                spdxId=f"{self.ns}license/{content_id('license', expression)}",
                creationInfo=self.info,
                simplelicensing_licenseExpression=str(expression),
            )
            self.licenses[expression] = element
            self.add(element)
        return element

    def licensed(
        self,
        spdx_id: str,
        element: Any,
        expression: LicenseExpression | None,
        evidence: Sequence[Evidence],
    ) -> None:
        if expression is None:
            return
        target = self.license(expression)
        self.relate(f"{spdx_id}/declared-license", element, "hasDeclaredLicense", [target])
        if any(e.kind is EvidenceKind.CONCLUDED for e in evidence):
            self.relate(f"{spdx_id}/concluded-license", element, "hasConcludedLicense", [target])

    def agent(self, name: str) -> spdx.Agent:
        agent = self.agents.get(name)
        if agent is None:
            agent = spdx.Agent(
                spdxId=f"{self.ns}agent/{content_id('agent', name)}",
                name=name,
                creationInfo=self.info,
            )
            self.agents[name] = agent
            self.add(agent)
        return agent

    @staticmethod
    def integrity(digests: Mapping[DigestAlgorithm, str]) -> dict[str, Any]:
        hashes: list[Any] = []
        identifiers: list[Any] = []
        for algorithm in sorted(digests):
            value = digests[algorithm]
            if algorithm is DigestAlgorithm.GIT_SHA1:
                identifiers.append(
                    spdx.software_ContentIdentifier(
                        software_contentIdentifierType=_TERMS
                        + "Software/ContentIdentifierType/gitoid",
                        software_contentIdentifierValue=f"gitoid:blob:sha1:{value}",
                    )
                )
            else:
                hashes.append(
                    spdx.Hash(algorithm=HASH + DIGEST_TO_SPDX[algorithm], hashValue=value)
                )
        out: dict[str, Any] = {}
        if hashes:
            out["verifiedUsing"] = hashes
        if identifiers:
            out["software_contentIdentifier"] = identifiers
        return out

    @staticmethod
    def extension(properties: Mapping[str, str | None]) -> dict[str, Any]:
        entries = [
            spdx.extension_CdxPropertyEntry(extension_cdxPropName=k, extension_cdxPropValue=v)
            for k, v in properties.items()
            if v is not None
        ]
        if not entries:
            return {}
        return {"extension": [spdx.extension_CdxPropertiesExtension(extension_cdxProperty=entries)]}

    def package_id(self, artifact_id: str) -> str:
        element = self.packages.get(artifact_id)
        return str(element.spdxId) if element is not None else artifact_id

    def reference(self, artifact_id: str) -> spdx.Element:
        element = self.references.get(artifact_id)
        if element is None:
            element = spdx.software_Package(
                spdxId=f"{self.ns}reference/{content_id('reference', artifact_id)}",
                creationInfo=self.info,
                name=artifact_id,
                comment="Referenced by lineage; described in another document.",
                **self.extension({Prop.ELEMENT: "reference", Prop.ID: artifact_id}),
            )
            self.references[artifact_id] = element
            self.add(element)
        return element

    def document(self, roots: list[spdx.Element]) -> None:
        kinds = {type(r).__name__ for r in roots}
        profiles = ["core", "software", "simpleLicensing"]
        if "ai_AIPackage" in kinds:
            profiles.append("ai")
        if "dataset_DatasetPackage" in kinds:
            profiles.append("dataset")
        sbom = spdx.software_Sbom(
            spdxId=f"{self.ns}sbom",
            creationInfo=self.info,
            rootElement=roots,
            profileConformance=[PROFILE + p for p in profiles],
        )
        doc = spdx.SpdxDocument(
            spdxId=f"{self.ns}document",
            name="openness export",
            creationInfo=self.info,
            rootElement=[sbom],
            profileConformance=[PROFILE + p for p in profiles],
        )
        self.add(sbom)
        self.add(doc)
