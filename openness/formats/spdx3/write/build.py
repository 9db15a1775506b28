"""Our model to an spdx-python-model SPDX 3.0.1 object set.

- Each artifact is an ``ai_AIPackage`` (model), ``dataset_DatasetPackage`` (dataset) or
  ``software_Package`` (software, system); each component is a ``software_Package`` the
  artifact ``contains``, each of a component's files a ``software_File`` the component contains.
- Lineage edges are relationships (:data:`~openness.formats.spdx3.mapping.RELATION_TO_SPDX`);
  a lineage target that is not exported is a small *reference* package.
- Licenses are ``simplelicensing_LicenseExpression`` elements linked by ``hasDeclaredLicense``
  (and ``hasConcludedLicense`` when the element's evidence says a reviewer concluded it).
- Digests are ``Hash`` integrity methods (a git blob id is a ``gitoid`` content identifier).
- What SPDX has no property for is kept in an extension per element
  (:mod:`openness.formats.spdx3.mapping`); verdicts are ``review`` annotations.

Element ids derive from content and the creation time from ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spdx_python_model import v3_0_1 as spdx

from openness.formats.deterministic import content_id, creation_time
from openness.formats.spdx3.mapping import (
    KIND_TYPE,
    RELATION_TO_SPDX,
    ROLE_PURPOSE,
    VERDICT_PREFIX,
    Prop,
    decimal_text,
    encode_json,
    is_uri,
    metric_entry,
)
from openness.formats.spdx3.write.elements import (
    _TERMS,
    PURPOSE,
    ElementBuilder,
    artifact_spdx_id,
    evidence_json,
    namespace,
)
from openness.model import Artifact, ArtifactKind, Component, FileRef, LineageEdge
from openness.policy.verdict import Verdict

__all__ = ["artifact_spdx_id", "build_object_set", "namespace"]


def build_object_set(
    artifacts: Sequence[Artifact], verdicts: Sequence[Verdict] = ()
) -> spdx.SHACLObjectSet:
    """The SPDX 3.0.1 object set for ``artifacts`` (and their ``verdicts``)."""
    builder = _Builder(artifacts, creation_time())
    roots: list[spdx.Element] = []
    for artifact in artifacts:
        if artifact.id in builder.packages:
            continue  # a duplicate id: the first one wins (loading reports duplicates)
        cls = getattr(spdx, KIND_TYPE[artifact.kind])
        element = cls(spdxId=artifact_spdx_id(builder.ns, artifact.id))
        builder.packages[artifact.id] = element
        roots.append(element)
    done: set[str] = set()
    for artifact in artifacts:
        if artifact.id not in done:
            done.add(artifact.id)
            builder.artifact(artifact)
    builder.verdicts(verdicts)
    builder.document(roots)
    return spdx.SHACLObjectSet(builder.objects)


class _Builder(ElementBuilder):
    """Artifacts, their components, files and lineage, and verdicts, as SPDX 3 elements."""

    def artifact(self, artifact: Artifact) -> None:
        spdx_id = self.package_id(artifact.id)
        fields: dict[str, Any] = {"spdxId": spdx_id, "creationInfo": self.info}
        payload: dict[str, str | None] = {
            Prop.ELEMENT: "artifact",
            Prop.ID: artifact.id,
            Prop.KIND: artifact.kind.value,
        }
        if artifact.name is not None:
            fields["name"] = artifact.name
        if artifact.description is not None:
            fields["description"] = artifact.description
        if artifact.version is not None:
            fields["software_packageVersion"] = artifact.version
        for value, native, exact in (
            (artifact.url, "software_homePage", Prop.URL),
            (artifact.purl, "software_packageUrl", Prop.PURL),
        ):
            if value is not None:
                if is_uri(value):
                    fields[native] = value
                else:
                    payload[exact] = value
        if artifact.supplier is not None:
            fields["suppliedBy"] = self.agent(artifact.supplier)
        extra = dict(artifact.extra)
        facts = artifact.facts.model_dump(mode="json", exclude_defaults=True)
        if artifact.kind is ArtifactKind.MODEL:
            fields["software_primaryPurpose"] = PURPOSE + "model"
            self.ai_fields(artifact, fields, facts, extra)
        elif artifact.kind is ArtifactKind.DATASET:
            fields["software_primaryPurpose"] = PURPOSE + "data"
            fields["dataset_datasetType"] = [_TERMS + "Dataset/DatasetType/noAssertion"]
        payload[Prop.FACTS] = encode_json(facts) if facts else None
        payload[Prop.EXTRA] = encode_json(extra) if extra else None
        if artifact.release_licenses:
            payload[Prop.RELEASE_LICENSES] = encode_json(
                {k.value: str(v) for k, v in artifact.release_licenses.items()}
            )
        if artifact.evidence:
            payload[Prop.EVIDENCE] = encode_json(evidence_json(artifact.evidence))
        fields.update(self.extension(payload))
        cls = getattr(spdx, KIND_TYPE[artifact.kind])
        element = self.packages[artifact.id]
        for key, value in fields.items():
            setattr(element, key, value)
        assert isinstance(element, cls)
        self.add(element)
        self.licensed(spdx_id, element, artifact.license, artifact.evidence)
        if artifact.components:
            parts = [
                self.component(spdx_id, index, component)
                for index, component in enumerate(artifact.components)
            ]
            self.relate(f"{spdx_id}/contains", element, "contains", parts)
        for index, edge in enumerate(artifact.lineage):
            self.lineage(spdx_id, element, index, edge)

    def ai_fields(
        self,
        artifact: Artifact,
        fields: dict[str, Any],
        facts: dict[str, Any],
        extra: dict[str, Any],
    ) -> None:
        if artifact.facts.type_of_model is not None:
            fields["ai_typeOfModel"] = [artifact.facts.type_of_model]
            facts.pop("type_of_model", None)
        if artifact.facts.domain:
            fields["ai_domain"] = list(artifact.facts.domain)
            facts.pop("domain", None)
        training = artifact.facts.training
        energy = training.energy_kwh if training is not None else None
        text = decimal_text(energy) if energy is not None else None
        if text is not None and energy is not None:
            fields["ai_energyConsumption"] = spdx.ai_EnergyConsumption(
                ai_trainingEnergyConsumption=[
                    spdx.ai_EnergyConsumptionDescription(
                        ai_energyQuantity=energy,
                        ai_energyUnit=_TERMS + "AI/EnergyUnitType/kilowattHour",
                    )
                ]
            )
            facts["training"].pop("energy_kwh", None)
        self.card_fields(artifact, fields, facts)
        hyper = extra.get("hyperparameters")
        if (
            isinstance(hyper, dict)
            and hyper
            and all(isinstance(k, str) and isinstance(v, str) for k, v in hyper.items())
        ):
            fields["ai_hyperparameter"] = [
                spdx.DictionaryEntry(key=k, value=v) for k, v in hyper.items()
            ]
            del extra["hyperparameters"]

    @staticmethod
    def card_fields(artifact: Artifact, fields: dict[str, Any], facts: dict[str, Any]) -> None:
        """The model-card facts the AI profile has a property for: intended uses, limitations
        (one text each: the extension keeps a list of several), training information and
        evaluation metrics (the extension keeps the full results)."""
        card = artifact.facts
        for items, native, key in (
            (card.intended_uses, "ai_informationAboutApplication", "intended_uses"),
            (card.limitations, "ai_limitation", "limitations"),
        ):
            if items:
                fields[native] = "\n\n".join(items)
                if len(items) == 1 and items[0].strip():  # (the importer skips a blank text)
                    facts.pop(key, None)
        if card.training_information is not None:
            fields["ai_informationAboutTraining"] = card.training_information
            if card.training_information.strip():
                facts.pop("training_information", None)
        if card.evaluation:
            entries = []
            for result in card.evaluation:
                where = "/".join(
                    p for p in (result.dataset or result.dataset_name, result.split) if p
                )
                key, value = metric_entry(result.metric, result.value, where or None)
                entries.append(spdx.DictionaryEntry(key=key, value=value))
            fields["ai_metric"] = entries

    def component(self, owner: str, index: int, component: Component) -> spdx.software_Package:
        spdx_id = f"{owner}/component/{index}"
        fields: dict[str, Any] = {
            "spdxId": spdx_id,
            "creationInfo": self.info,
            "software_primaryPurpose": PURPOSE + ROLE_PURPOSE[component.role],
        }
        payload: dict[str, str | None] = {
            Prop.ELEMENT: "component",
            Prop.INDEX: str(index),
            Prop.ROLE: component.role.value,
            Prop.AVAILABILITY: component.availability.value if component.availability else None,
        }
        if component.name is not None:
            fields["name"] = component.name
        if component.description is not None:
            fields["description"] = component.description
        if component.revision is not None:
            fields["software_packageVersion"] = component.revision
        if component.location is not None:
            if is_uri(component.location):
                fields["software_downloadLocation"] = component.location
            else:
                payload[Prop.LOCATION] = component.location
        if component.evidence:
            payload[Prop.EVIDENCE] = encode_json(evidence_json(component.evidence))
        if component.extra:
            payload[Prop.EXTRA] = encode_json(component.extra)
        fields.update(self.integrity(component.digests))
        fields.update(self.extension(payload))
        element = spdx.software_Package(**fields)
        self.add(element)
        self.licensed(spdx_id, element, component.license, component.evidence)
        if component.files:
            files = [self.file(spdx_id, i, f) for i, f in enumerate(component.files)]
            self.relate(f"{spdx_id}/contains", element, "contains", files)
        return element

    def file(self, owner: str, index: int, ref: FileRef) -> spdx.software_File:
        payload: dict[str, str | None] = {
            Prop.ELEMENT: "file",
            Prop.INDEX: str(index),
            Prop.SIZE: str(ref.size) if ref.size is not None else None,
        }
        element = spdx.software_File(
            spdxId=f"{owner}/file/{index}",
            creationInfo=self.info,
            name=ref.path,
            **self.integrity(ref.digests),
            **self.extension(payload),
        )
        self.add(element)
        return element

    def lineage(self, owner: str, source: Any, index: int, edge: LineageEdge) -> None:
        kind, reverse = RELATION_TO_SPDX[edge.relation]
        target = self.packages.get(edge.target) or self.reference(edge.target)
        payload: dict[str, str | None] = {
            Prop.ELEMENT: "lineage",
            Prop.INDEX: str(index),
            Prop.RELATION: edge.relation.value,
            Prop.REVISION: edge.revision,
            Prop.DIGESTS: encode_json({k.value: v for k, v in edge.digests.items()})
            if edge.digests
            else None,
            Prop.EVIDENCE: encode_json(evidence_json(edge.evidence)) if edge.evidence else None,
        }
        kw: dict[str, Any] = self.extension(payload)
        if edge.note is not None:
            kw["comment"] = edge.note
        frm, to = (target, source) if reverse else (source, target)
        self.relate(f"{owner}/lineage/{index}", frm, kind, [to], **kw)

    def verdicts(self, verdicts: Sequence[Verdict]) -> None:
        seen: dict[str, int] = {}
        for verdict in verdicts:
            subject = self.packages.get(verdict.artifact)
            if subject is None:
                continue
            key = content_id("verdict", verdict.policy, verdict.policy_version)
            count = seen[key] = seen.get(key, 0) + 1
            suffix = f"-{count}" if count > 1 else ""
            self.add(
                spdx.Annotation(
                    spdxId=f"{subject.spdxId}/verdict/{key}{suffix}",
                    creationInfo=self.info,
                    annotationType=_TERMS + "Core/AnnotationType/review",
                    subject=subject,
                    statement=VERDICT_PREFIX + encode_json(verdict.to_dict()),
                )
            )
