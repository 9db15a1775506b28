"""The model layer of the SPDX 3 importer: the raw elements of a document to artifacts.

See :mod:`openness.formats.spdx3.read` for the rules; ``docs/formats/spdx-3.0.1.md`` has the
table. What is an artifact, a component or a file is decided in :mod:`.structure`."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from openness.errors import format_path
from openness.formats.spdx3.mapping import SPDX_TO_DIGEST, TYPE_KIND, Prop, metric_number
from openness.formats.spdx3.read.raw import Element, Reader, format_index
from openness.formats.spdx3.read.structure import (
    IGNORED,
    PACKAGES,
    PURPOSE_ROLE,
    Node,
    Structure,
    short_text,
)
from openness.model import Artifact, ArtifactKind, DigestAlgorithm, EvidenceKind, LicenseExpression

__all__ = ["convert"]


_KIND_PURPOSE = {ArtifactKind.MODEL: "model", ArtifactKind.DATASET: "data"}


_PURPOSE_KIND = {purpose: kind for kind, purpose in _KIND_PURPOSE.items()}


_MEGAJOULE_PER_KWH = 3.6


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _ours_extension(ext: Any) -> bool:
    entries = ext.get("extension_cdxProperty") if isinstance(ext, dict) else None
    return isinstance(entries, list) and all(
        isinstance(e, dict) and str(e.get("extension_cdxPropName", "")).startswith("openness:")
        for e in entries
    )


def _combine(expressions: list[LicenseExpression]) -> LicenseExpression | None:
    unique = list(dict.fromkeys(expressions))
    if not unique:
        return None
    if len(unique) == 1:
        return unique[0]
    return LicenseExpression.of(" AND ".join(f"({e})" for e in unique))


def _training_kwh(energy: dict[str, Any]) -> float | None:
    entries = energy.get("ai_trainingEnergyConsumption")
    if not isinstance(entries, list) or not entries:
        return None
    total = 0.0
    for entry in entries:
        if not isinstance(entry, dict):
            return None
        unit = short_text(entry.get("ai_energyUnit"))
        try:
            quantity = float(entry.get("ai_energyQuantity"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        if unit == "kilowattHour":
            total += quantity
        elif unit == "megajoule":
            total += quantity / _MEGAJOULE_PER_KWH
        else:
            return None
    return total


def _card_fields(data: dict[str, Any], facts: dict[str, Any], consumed: set[str]) -> None:
    """Intended uses, limitations, training information and metrics from the AI profile
    (where our extension holds no fuller value)."""
    for native, key in (
        ("ai_informationAboutApplication", "intended_uses"),
        ("ai_limitation", "limitations"),
    ):
        text = data.get(native)
        if isinstance(text, str):
            consumed.add(native)
            if text.strip():
                facts.setdefault(key, [text])
    text = data.get("ai_informationAboutTraining")
    if isinstance(text, str):
        consumed.add("ai_informationAboutTraining")
        if text.strip():
            facts.setdefault("training_information", text)
    metrics = data.get("ai_metric")
    if isinstance(metrics, list) and all(
        isinstance(m, dict)
        and isinstance(m.get("key"), str)
        and m["key"].strip()
        and isinstance(m.get("value", ""), str)
        for m in metrics
    ):
        consumed.add("ai_metric")
        if "evaluation" not in facts:
            facts["evaluation"] = [
                {"metric": m["key"], "value": metric_number(m.get("value", ""))} for m in metrics
            ]


def _digests(element: Element, extra: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    other: list[Any] = []
    for key in ("verifiedUsing", "software_contentIdentifier"):
        items = element.data.get(key)
        for item in items if isinstance(items, list) else []:
            algorithm = short_text(item.get("algorithm")) if isinstance(item, dict) else None
            cid = item.get("software_contentIdentifierValue") if isinstance(item, dict) else None
            if algorithm in SPDX_TO_DIGEST and isinstance(item.get("hashValue"), str):
                out[SPDX_TO_DIGEST[algorithm].value] = item["hashValue"]
            elif isinstance(cid, str) and cid.startswith("gitoid:blob:sha1:"):
                out[DigestAlgorithm.GIT_SHA1.value] = cid.removeprefix("gitoid:blob:sha1:")
            else:
                other.append(item)
    if other:
        extra["integrity"] = other
    return out


def convert(reader: Reader) -> list[tuple[Artifact, Element]]:
    """The artifacts of a read document, each with the element it came from."""
    return _Converter(reader).run()


class _Converter(Structure):
    """Builds the artifacts, components and files of the document's nodes."""

    def run(self) -> list[tuple[Artifact, Element]]:
        self.skipped.clear()
        relationships = list(self.r.relationships())
        self.structure(relationships)
        self.relate(relationships)
        self.annotations()
        known = PACKAGES | IGNORED | {"software_File", "Annotation"}
        for element in self.r.order:
            if element.type.startswith("expandedlicensing_") or element.type in known:
                continue
            if "relationshipType" not in element.data:
                self.skipped[element.type] += 1
        if self.skipped:
            what = ", ".join(f"{n} {k}" for k, n in sorted(self.skipped.items()))
            self.r.warn((), f"not imported (openness has no place for them): {what}")
        out: list[tuple[Artifact, Element]] = []
        for node in sorted(self.artifacts.values(), key=lambda n: n.order):
            artifact = self.artifact(node)
            if artifact is not None:
                out.append((artifact, node.element))
        return out

    def artifact(self, node: Node) -> Artifact | None:
        element, data = node.element, node.element.data
        ours = element.ours
        kind_raw = element.payload.get(Prop.KIND) if ours else None
        purpose = short_text(data.get("software_primaryPurpose"))
        kind = TYPE_KIND[element.type]
        if element.type == "software_Package" and purpose in _PURPOSE_KIND:
            kind = _PURPOSE_KIND[purpose]
        out: dict[str, Any] = {
            "id": element.payload.get(Prop.ID, element.id),
            "kind": kind_raw or kind.value,
        }
        consumed = {
            "name",
            "description",
            "software_packageVersion",
            "software_homePage",
            "software_packageUrl",
            "suppliedBy",
        }
        for key, target in (
            ("name", "name"),
            ("description", "description"),
            ("software_packageVersion", "version"),
            ("software_homePage", "url"),
            ("software_packageUrl", "purl"),
        ):
            if data.get(key) is not None:
                out[target] = data[key]
        for prop, target in ((Prop.URL, "url"), (Prop.PURL, "purl")):
            if prop in element.payload:
                out[target] = element.payload[prop]
        supplier = self.r.ref(data.get("suppliedBy"))
        if supplier is not None:
            agent = self.r.elements.get(supplier)
            name = agent.data.get("name") if agent else None
            out["supplier"] = name if isinstance(name, str) else supplier
        facts: dict[str, Any] = self.r.json_payload(element, Prop.FACTS, dict) or {}
        extra: dict[str, Any] = self.r.json_payload(element, Prop.EXTRA, dict) or {}
        spdx_extra: dict[str, Any] = {}
        if ours or purpose == _KIND_PURPOSE.get(kind):
            consumed.add("software_primaryPurpose")
        if data.get("dataset_datasetType") in (["noAssertion"], "noAssertion"):
            consumed.add("dataset_datasetType")
        if element.type == "ai_AIPackage":
            self.ai_fields(element, facts, extra, spdx_extra, consumed)
        self.licenses(node, out, spdx_extra)
        if ours:
            release = self.r.json_payload(element, Prop.RELEASE_LICENSES, dict)
            if release:
                out["release_licenses"] = release
            out["evidence"] = self.r.json_payload(element, Prop.EVIDENCE, list) or []
        else:
            out["evidence"] = [self.evidence(element)]
            if not node.declared and node.concluded:
                out["evidence"].append(
                    {
                        "source": self.r.document.path,
                        "locator": format_index(element),
                        "kind": EvidenceKind.CONCLUDED.value,
                        "note": "license from hasConcludedLicense",
                    }
                )
        if facts:
            out["facts"] = facts
        out["components"] = [self.component(p) for p in sorted(node.parts, key=lambda p: p.order)]
        edges = [edge for _, edge in sorted(node.lineage, key=lambda e: e[0])]
        if not ours:  # the same relation to the same target twice says nothing more
            seen: set[tuple[str, str]] = set()
            edges = [
                e
                for e in edges
                if (e["relation"], e["target"]) not in seen
                and not seen.add((e["relation"], e["target"]))  # type: ignore[func-returns-value]
            ]
        out["lineage"] = edges
        self.keep(node, consumed, spdx_extra)
        if spdx_extra:
            extra["spdx3"] = spdx_extra
        if extra:
            out["extra"] = extra
        return self.validate(element, out)

    def ai_fields(
        self,
        element: Element,
        facts: dict[str, Any],
        extra: dict[str, Any],
        spdx_extra: dict[str, Any],
        consumed: set[str],
    ) -> None:
        data = element.data
        types = data.get("ai_typeOfModel")
        if isinstance(types, list) and types and all(isinstance(t, str) for t in types):
            facts["type_of_model"] = types[0]
            consumed.add("ai_typeOfModel")
            if len(types) > 1:
                spdx_extra["ai_typeOfModel"] = types
        domain = data.get("ai_domain")
        if isinstance(domain, list) and all(isinstance(d, str) for d in domain):
            facts["domain"] = domain
            consumed.add("ai_domain")
        energy = data.get("ai_energyConsumption")
        if isinstance(energy, dict):
            kwh = _training_kwh(energy)
            if kwh is not None:
                facts.setdefault("training", {})["energy_kwh"] = kwh
                if set(energy) <= {"type", "ai_trainingEnergyConsumption"}:
                    consumed.add("ai_energyConsumption")
        _card_fields(data, facts, consumed)
        hyper = data.get("ai_hyperparameter")
        if (
            isinstance(hyper, list)
            and all(isinstance(h, dict) and isinstance(h.get("key"), str) for h in hyper)
            and len({h["key"] for h in hyper}) == len(hyper)  # else kept as written, in full
        ):
            extra["hyperparameters"] = {h["key"]: h.get("value") for h in hyper}
            consumed.add("ai_hyperparameter")

    def licenses(self, node: Node, out: dict[str, Any], spdx_extra: dict[str, Any]) -> None:
        declared = _combine(node.declared)
        concluded = _combine(node.concluded)
        if declared is not None:
            out["license"] = declared
            if concluded is not None and concluded != declared:
                spdx_extra["concludedLicense"] = concluded
        elif concluded is not None:
            out["license"] = concluded

    def keep(self, node: Node, consumed: set[str], spdx_extra: dict[str, Any]) -> None:
        element = node.element
        left = self.leftover(element, consumed)
        foreign_ext = [e for e in element.data.get("extension") or [] if not _ours_extension(e)]
        if foreign_ext:
            left["extension"] = foreign_ext
        if left:
            spdx_extra.update(left)
        if node.relationships:
            spdx_extra["relationships"] = node.relationships
        if node.annotations:
            spdx_extra["annotations"] = node.annotations
        if not element.ours and node.owner is not None:
            spdx_extra["spdxId"] = element.id
        used = {
            ref: self.r.custom[ref]
            for expr in (*node.declared, *node.concluded)
            for ref in expr.ids
            if ref in self.r.custom
        }
        if used:
            spdx_extra["customLicenses"] = used

    def evidence(self, element: Element) -> dict[str, Any]:
        return {
            "source": self.r.document.path,
            "locator": format_index(element),
            "note": f"SPDX 3 {element.type} {element.id}",
        }

    def component(self, node: Node) -> dict[str, Any]:
        element, data = node.element, node.element.data
        out: dict[str, Any] = {"role": node.role.value if node.role else None}
        consumed = {
            "name",
            "description",
            "software_packageVersion",
            "software_downloadLocation",
            "verifiedUsing",
            "software_contentIdentifier",
        }
        for key, target in (
            ("name", "name"),
            ("description", "description"),
            ("software_packageVersion", "revision"),
            ("software_downloadLocation", "location"),
        ):
            if data.get(key) is not None:
                out[target] = data[key]
        spdx_extra: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        if element.ours:
            consumed.add("software_primaryPurpose")
            if Prop.AVAILABILITY in element.payload:
                out["availability"] = element.payload[Prop.AVAILABILITY]
            if Prop.LOCATION in element.payload:
                out["location"] = element.payload[Prop.LOCATION]
            out["evidence"] = self.r.json_payload(element, Prop.EVIDENCE, list) or []
            extra = self.r.json_payload(element, Prop.EXTRA, dict) or {}
        elif short_text(data.get("software_primaryPurpose")) in PURPOSE_ROLE:
            consumed.add("software_primaryPurpose")
        out["digests"] = _digests(element, spdx_extra)
        self.licenses(node, out, spdx_extra)
        out["files"] = [self.file(f) for f in sorted(node.files, key=lambda f: f.order)]
        self.keep(node, consumed, spdx_extra)
        if spdx_extra:
            extra["spdx3"] = spdx_extra
        if extra:
            out["extra"] = extra
        return out

    def file(self, node: Node) -> dict[str, Any]:
        element = node.element
        out: dict[str, Any] = {"path": element.data.get("name")}
        size = element.payload.get(Prop.SIZE)
        if size is not None:
            out["size"] = int(size) if size.isdigit() else size
        ignored: dict[str, Any] = {}
        out["digests"] = _digests(element, ignored)
        return out

    def validate(self, element: Element, data: dict[str, Any]) -> Artifact | None:
        try:
            return Artifact.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = format_path(err["loc"])
                self.r.error(
                    element.path,
                    f"{element.label()}: {where}: {err['msg']}, got {_brief(err['input'])}",
                )
            return None
