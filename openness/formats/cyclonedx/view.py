"""The views: the component objects openness generates for an artifact and its components,
from the model alone (plain JSON-ready dicts).

A view is a pure function of the artifact and the :class:`Context`, so the importer can
regenerate it and tell which fields of a document are its own views and which carry something
the model has no place for (:mod:`.merge` then writes those back).
"""

from __future__ import annotations

import math
from collections.abc import Container, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from openness.formats.cyclonedx.card_facts import card_fact_properties, write_card_facts
from openness.formats.cyclonedx.fields import (
    json_value,
    license_property,
    prop,
    read_hashes,
    split_properties,
    unique_in_order,
    write_hashes,
    write_licenses,
)
from openness.formats.cyclonedx.vocab import (
    ARTIFACT_URL_REF,
    DATA_VIEW_TYPE,
    KIND_TYPE,
    LOCATION_REF,
    PEDIGREE_RELATIONS,
    ROLE_TYPE,
    P,
    SpecVersion,
)
from openness.model import (
    Artifact,
    ArtifactKind,
    Component,
    Compute,
    DigestAlgorithm,
    FileRef,
    Relation,
)

__all__ = [
    "EXTRA_KEY",
    "Context",
    "artifact_view",
    "component_ref",
    "component_view",
    "read_files",
]

#: The key of ``extra`` that holds native CycloneDX fields kept from an imported document.
EXTRA_KEY = "cyclonedx"

_FILE_FIELDS = frozenset({"type", "bom-ref", "name", "hashes", "properties"})
_DATASET_RELATIONS = (Relation.TRAINED_ON, Relation.TESTED_ON)


@dataclass(frozen=True, slots=True)
class Context:
    """What a component's view depends on besides its artifact: the target version and the
    artifacts in the document (id -> kind), which lineage may reference by ``bom-ref``."""

    version: SpecVersion
    kinds: Mapping[str, ArtifactKind]


#: The longest ``version`` CycloneDX 1.6 allows (its schema's ``maxLength``); 1.5 has none.
MAX_VERSION_1_6 = 1024


def _fits(version: str, ctx: Context) -> bool:
    """True when ``version`` fits the ``version`` field of the target CycloneDX version (else
    it goes to the ``openness:version`` property)."""
    return not ctx.version.since_1_6 or len(version) <= MAX_VERSION_1_6


def component_ref(owner: str, index: int, taken: Container[str] = ()) -> str:
    """The ``bom-ref`` of an artifact's component: ``OWNER#component-N``, with ``~`` added
    while that is ``taken`` by an artifact of the document (whose ``bom-ref`` is its id): every
    ``bom-ref`` in a BOM must be unique."""
    ref = f"{owner}#component-{index}"
    while ref in taken:
        ref += "~"
    return ref


def _file_ref(ref: str, index: int, taken: Container[str]) -> str:
    """The ``bom-ref`` of a component's file, kept apart from the artifacts' like
    :func:`component_ref`."""
    out = f"{ref}-file-{index}"
    while out in taken:
        out += "~"
    return out


def _dump(model: Any) -> str:
    return json_value(model.model_dump(mode="json", exclude_defaults=True))


def _license_props(component: Artifact | Component) -> list[dict[str, str]]:
    exact = license_property(component.license)
    return [] if exact is None else [prop(P.LICENSE, exact)]


def _artifact_properties(artifact: Artifact) -> list[dict[str, str]]:
    props: list[dict[str, str]] = []
    if artifact.kind is ArtifactKind.SYSTEM:
        props.append(prop(P.KIND, artifact.kind.value))
    if artifact.name is None:
        props.append(prop(P.UNNAMED, "true"))
    props.extend(_license_props(artifact))
    for content, expression in artifact.release_licenses.items():
        props.append(prop(P.RELEASE_LICENSE + content.value, str(expression)))
    facts = artifact.facts
    if facts.parameters is not None:
        props.append(prop(P.PARAMETERS, str(facts.parameters)))
    if facts.type_of_model is not None and artifact.kind is not ArtifactKind.MODEL:
        props.append(prop(P.TYPE_OF_MODEL, facts.type_of_model))
    props.extend(prop(P.DOMAIN, domain) for domain in facts.domain)
    if facts.training is not None:
        props.append(prop(P.TRAINING, _dump(facts.training)))
    if facts.recipe is not None:
        props.append(prop(P.RECIPE, _dump(facts.recipe)))
    props.extend(card_fact_properties(facts, native=artifact.kind is ArtifactKind.MODEL))
    props.extend(prop(P.LINEAGE, _dump(edge)) for edge in artifact.lineage)
    props.extend(prop(P.EVIDENCE, _dump(item)) for item in artifact.evidence)
    return props


def _ancestors(artifact: Artifact, ctx: Context) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for edge in artifact.lineage:
        if edge.relation not in PEDIGREE_RELATIONS:
            continue
        kind = ctx.kinds.get(edge.target, artifact.kind)
        ancestor: dict[str, Any] = {"type": KIND_TYPE[kind], "name": edge.target}
        if edge.revision is not None and _fits(edge.revision, ctx):
            ancestor["version"] = edge.revision  # (the lineage property holds it whole)
        if edge.note is not None:
            ancestor["description"] = edge.note
        hashes = write_hashes(edge.digests)
        if hashes:
            ancestor["hashes"] = hashes
        if edge.target.startswith("pkg:"):
            ancestor["purl"] = edge.target
        ancestor["properties"] = [prop(P.RELATION, edge.relation.value)]
        out.append(ancestor)
    return out


def _energy(training: Compute | None) -> dict[str, Any] | None:
    if training is None or training.energy_kwh is None or not math.isfinite(training.energy_kwh):
        return None
    item: dict[str, Any] = {
        "activity": "training",
        "energyProviders": [],
        "activityEnergyCost": {"value": training.energy_kwh, "unit": "kWh"},
    }
    if training.co2_kg is not None and math.isfinite(training.co2_kg):
        # kg to tonnes, rounded to the gram (the exact figure is in openness:facts:training)
        item["co2CostEquivalent"] = {"value": round(training.co2_kg / 1000, 6), "unit": "tCO2eq"}
    return {"energyConsumptions": [item]}


def _model_card(artifact: Artifact, ctx: Context) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if artifact.facts.type_of_model is not None:
        params["architectureFamily"] = artifact.facts.type_of_model
    targets = unique_in_order(
        e.target for e in artifact.lineage if e.relation in _DATASET_RELATIONS
    )
    if targets:
        params["datasets"] = [
            {"ref": t} if t in ctx.kinds else {"type": "dataset", "name": t} for t in targets
        ]
    body: dict[str, Any] = {}
    write_card_facts(artifact.facts, body, params)
    card: dict[str, Any] = {"modelParameters": params} if params else {}
    card.update(body)
    if ctx.version.since_1_6:
        energy = _energy(artifact.facts.training)
        if energy is not None:
            card.setdefault("considerations", {})["environmentalConsiderations"] = energy
    return card


def _dataset_data(artifact: Artifact) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": "dataset",
        "name": artifact.id if artifact.name is None else artifact.name,
    }
    if artifact.url is not None:
        entry["contents"] = {"url": artifact.url}
    if artifact.description is not None:
        entry["description"] = artifact.description
    if artifact.supplier is not None:
        entry["governance"] = {"owners": [{"organization": {"name": artifact.supplier}}]}
    return entry


def artifact_view(
    artifact: Artifact, ctx: Context, parts: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The component openness generates for an artifact (without kept native fields);
    ``parts`` are its nested components when already built."""
    c: dict[str, Any] = {"type": KIND_TYPE[artifact.kind], "bom-ref": artifact.id}
    if artifact.supplier is not None:
        c["supplier"] = {"name": artifact.supplier}
    c["name"] = artifact.id if artifact.name is None else artifact.name
    if artifact.version is not None and _fits(artifact.version, ctx):
        c["version"] = artifact.version
    if artifact.description is not None:
        c["description"] = artifact.description
    licenses = write_licenses(artifact.license, ctx.version)
    if licenses is not None:
        c["licenses"] = licenses
    if artifact.purl is not None:
        c["purl"] = artifact.purl
    ancestors = _ancestors(artifact, ctx)
    if ancestors:
        c["pedigree"] = {"ancestors": ancestors}
    if artifact.url is not None:
        c["externalReferences"] = [{"type": ARTIFACT_URL_REF, "url": artifact.url}]
    if artifact.components:
        c["components"] = (
            parts
            if parts is not None
            else [
                component_view(part, artifact.id, index, ctx)
                for index, part in enumerate(artifact.components)
            ]
        )
    if artifact.kind is ArtifactKind.MODEL:
        card = _model_card(artifact, ctx)
        if card:
            c["modelCard"] = card
    elif artifact.kind is ArtifactKind.DATASET:
        c["data"] = [_dataset_data(artifact)]
    props = _artifact_properties(artifact)
    if artifact.version is not None and not _fits(artifact.version, ctx):
        props.append(prop(P.VERSION, artifact.version))
    if props:
        c["properties"] = props
    return c


def _file_view(file: FileRef, ref: str) -> dict[str, Any]:
    c: dict[str, Any] = {"type": "file", "bom-ref": ref, "name": file.path}
    hashes = write_hashes(file.digests)
    if hashes:
        c["hashes"] = hashes
    props: list[dict[str, str]] = []
    if file.size is not None:
        props.append(prop(P.SIZE, str(file.size)))
    git = file.digests.get(DigestAlgorithm.GIT_SHA1)
    if git is not None:
        props.append(prop(P.GIT_SHA1, git))
    if props:
        c["properties"] = props
    return c


def component_view(part: Component, owner: str, index: int, ctx: Context) -> dict[str, Any]:
    """The component openness generates for one of an artifact's components."""
    ref = component_ref(owner, index, ctx.kinds)
    name = part.role.value if part.name is None else part.name
    c: dict[str, Any] = {"type": _role_type(part), "bom-ref": ref, "name": name}
    if part.revision is not None and _fits(part.revision, ctx):
        c["version"] = part.revision
    if part.description is not None:
        c["description"] = part.description
    hashes = write_hashes(part.digests)
    if hashes:
        c["hashes"] = hashes
    licenses = write_licenses(part.license, ctx.version)
    if licenses is not None:
        c["licenses"] = licenses
    if part.location is not None:
        c["externalReferences"] = [
            {"type": LOCATION_REF[part.role.content_type], "url": part.location}
        ]
    if part.files:
        c["components"] = [
            _file_view(file, _file_ref(ref, j, ctx.kinds)) for j, file in enumerate(part.files)
        ]
    data_type = DATA_VIEW_TYPE.get(part.role)
    if data_type is not None:
        entry: dict[str, Any] = {"type": data_type, "name": name}
        if part.location is not None:
            entry["contents"] = {"url": part.location}
        c["data"] = [entry]
    props = [prop(P.ROLE, part.role.value)]
    if part.name is None:
        props.append(prop(P.UNNAMED, "true"))
    if part.availability is not None:
        props.append(prop(P.AVAILABILITY, part.availability.value))
    git = part.digests.get(DigestAlgorithm.GIT_SHA1)
    if git is not None:
        props.append(prop(P.GIT_SHA1, git))
    props.extend(_license_props(part))
    props.extend(prop(P.EVIDENCE, _dump(item)) for item in part.evidence)
    if part.revision is not None and not _fits(part.revision, ctx):
        props.append(prop(P.VERSION, part.revision))
    c["properties"] = props
    return c


def _role_type(part: Component) -> str:
    return ROLE_TYPE[part.role]


def read_files(value: Any) -> list[FileRef] | None:
    """The files a list of nested ``file`` components describes, or None when the list says
    more than :class:`FileRef` can hold."""
    if not isinstance(value, list):
        return None
    files: list[FileRef] = []
    for item in value:
        if not isinstance(item, Mapping) or set(item) - _FILE_FIELDS:
            return None
        name = item.get("name")
        if item.get("type") != "file" or not isinstance(name, str) or not name:
            return None
        digests, skipped = read_hashes(item.get("hashes"))
        ours, others = split_properties(item.get("properties"))
        if skipped or others:
            return None
        size: int | None = None
        for _, key, raw in ours:
            if key == P.SIZE and raw.isdigit():
                size = int(raw)
            elif key == P.GIT_SHA1:
                digests[DigestAlgorithm.GIT_SHA1] = raw
            else:
                return None
        try:
            files.append(FileRef(path=name, size=size, digests=digests))
        except ValidationError:
            return None
    return files
