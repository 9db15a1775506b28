"""The model layer of the SPDX 3 importer: the raw elements of a document to artifacts.

See :mod:`openness.formats.spdx3.read` for the rules; ``docs/formats/spdx-3.0.1.md`` has the table.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from openness.errors import format_path
from openness.formats.spdx3.mapping import (
    SPDX_TO_DIGEST,
    SPDX_TO_RELATION,
    TYPE_KIND,
    VERDICT_PREFIX,
    Prop,
)
from openness.formats.spdx3.read.raw import Element, Reader, format_index
from openness.model import (
    Artifact,
    ArtifactKind,
    DigestAlgorithm,
    EvidenceKind,
    LicenseExpression,
    Relation,
    Role,
)

__all__ = ["convert"]

#: The role of a part an artifact links to with a relationship other than ``contains``.
PART_ROLE = {
    "hasDocumentation": Role.DOCUMENTATION,
    "hasDataFile": Role.DATA_FILES,
    "hasDependencyManifest": Role.CONFIGURATION,
    "hasTest": Role.EVALUATION_CODE,
    "hasSpecification": Role.TECHNICAL_REPORT,
    "hasOptionalComponent": Role.SUPPORTING_LIBRARIES,
}
#: The role of a contained file or package by its ``software_primaryPurpose``.
PURPOSE_ROLE = {
    "model": Role.MODEL_PARAMETERS_FINAL,
    "data": Role.DATA_FILES,
    "documentation": Role.DOCUMENTATION,
    "specification": Role.TECHNICAL_REPORT,
    "test": Role.EVALUATION_CODE,
    "configuration": Role.CONFIGURATION,
    "library": Role.SUPPORTING_LIBRARIES,
    "framework": Role.SUPPORTING_LIBRARIES,
    "source": Role.SOURCE_CODE,
    "executable": Role.BINARIES,
    "application": Role.BINARIES,
    "archive": Role.BINARIES,
    "install": Role.BUILD_SCRIPTS,
}
_LINKS = ("contains", *PART_ROLE)
_LICENSE_RELATIONSHIPS = ("hasDeclaredLicense", "hasConcludedLicense")
_PACKAGES = frozenset(TYPE_KIND)
_AGENTS = frozenset({"Agent", "Person", "Organization", "SoftwareAgent", "Tool"})
_IGNORED = _AGENTS | {"simplelicensing_LicenseExpression", "simplelicensing_SimpleLicensingText"}
_BOOKKEEPING = frozenset({"type", "spdxId", "@id", "creationInfo", "extension"})
_KIND_PURPOSE = {ArtifactKind.MODEL: "model", ArtifactKind.DATASET: "data"}
_PURPOSE_KIND = {purpose: kind for kind, purpose in _KIND_PURPOSE.items()}
_MEGAJOULE_PER_KWH = 3.6


@dataclass
class _Node:
    """An artifact or component in the making."""

    element: Element
    order: tuple[int, ...]
    owner: _Node | None = None
    role: Role | None = None
    parts: list[_Node] = field(default_factory=list)
    files: list[_Node] = field(default_factory=list)
    lineage: list[tuple[tuple[int, ...], dict[str, Any]]] = field(default_factory=list)
    declared: list[LicenseExpression] = field(default_factory=list)
    concluded: list[LicenseExpression] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)


def _short(value: Any) -> str:
    return value.rsplit("/", 1)[-1] if isinstance(value, str) else str(value)


class _Converter:
    def __init__(self, reader: Reader):
        self.r = reader
        self.artifacts: dict[str, _Node] = {}
        self.parts: dict[str, _Node] = {}
        self.files: dict[str, _Node] = {}
        self.parent: dict[str, tuple[str, str, tuple[int, ...]]] = {}
        self.link: dict[str, str] = {}

    # -- structure -------------------------------------------------------------------------

    def artifact_id(self, ident: str) -> str:
        element = self.r.elements.get(ident)
        if element is not None and element.role in ("artifact", "reference"):
            return element.payload.get(Prop.ID, ident)
        return ident

    def owner_of(self, ident: str) -> tuple[str | None, str | None]:
        """The artifact a part belongs to (through folders and packages), and its link."""
        seen: set[str] = set()
        link: str | None = None
        while ident in self.parent and ident not in seen:
            seen.add(ident)
            parent, kind, _ = self.parent[ident]
            link = link or kind
            if parent in self.artifacts:
                return parent, link
            ident = parent
        return None, link

    def structure(self, relationships: list[tuple[Element, str, str, list[str]]]) -> None:
        roots = {ident: i for i, ident in reversed(list(enumerate(self.r.roots)))}
        for rel_index, (_element, kind, source, targets) in enumerate(relationships):
            if kind in _LINKS:
                for position, target in enumerate(targets):
                    self.parent.setdefault(target, (source, kind, (1, rel_index, position)))
                    holder = self.r.elements.get(source)
                    if kind in PART_ROLE and holder is not None and holder.type in _PACKAGES:
                        self.link.setdefault(target, kind)
        for element in self.r.order:
            if element.type not in _PACKAGES or element.role in ("component", "reference"):
                continue
            if element.ours or not self.contained_package(element):
                order = (roots.get(element.id, len(roots)), element.index)
                self.artifacts[element.id] = _Node(element, order)
        unowned: list[Element] = []
        for element in self.r.order:
            if element.id in self.artifacts or element.role == "reference":
                continue
            if element.type not in _PACKAGES and element.type != "software_File":
                continue
            owner, link = self.owner_of(element.id)
            if element.role == "file":
                self.files[element.id] = _Node(element, self._index(element))
                continue
            if owner is None:
                unowned.append(element)
                continue
            node = _Node(element, self._index(element), owner=self.artifacts[owner])
            node.role = self.role(node, link)
            self.artifacts[owner].parts.append(node)
            self.parts[element.id] = node
        for ident, node in self.files.items():
            parent = self.parent.get(ident)
            part = self.parts.get(parent[0]) if parent else None
            if part is None:
                unowned.append(node.element)
            else:
                part.files.append(node)
        if unowned:
            names = ", ".join(e.data.get("name") or e.id for e in unowned[:5])
            more = f" and {len(unowned) - 5} more" if len(unowned) > 5 else ""
            self.r.warn(
                unowned[0].path,
                f"{len(unowned)} file or package element(s) belong to no package and were not "
                f"imported: {names}{more}",
            )

    def contained_package(self, element: Element) -> bool:
        """True for a plain package that another package contains (a part, not an artifact)."""
        if element.type != "software_Package" or element.id not in self.parent:
            return False
        parent, kind, _ = self.parent[element.id]
        holder = self.r.elements.get(parent)
        return kind == "contains" and holder is not None and holder.type in _PACKAGES

    def _index(self, element: Element) -> tuple[int, ...]:
        raw = element.payload.get(Prop.INDEX)
        if raw is not None and raw.isdigit():
            return (0, int(raw))
        parent = self.parent.get(element.id)
        return parent[2] if parent else (2, element.index)

    def role(self, node: _Node, link: str | None) -> Role | None:
        element = node.element
        if element.ours:
            raw = element.payload.get(Prop.ROLE)
            try:
                return Role(raw) if raw is not None else None
            except ValueError:
                self.r.error(
                    (*element.path, "extension"),
                    f"{element.label()}: {Prop.ROLE} {raw!r} is not a role; expected one of "
                    + ", ".join(r.value for r in Role),
                )
                return None
        link = self.link.get(element.id, link)
        if link in PART_ROLE:
            return PART_ROLE[link]
        purpose = _short(element.data.get("software_primaryPurpose"))
        also = element.data.get("software_additionalPurpose")
        if (
            purpose in ("executable", "application")
            and isinstance(also, list)
            and any(_short(a) == "source" for a in also)
        ):
            return Role.SOURCE_CODE
        if purpose in PURPOSE_ROLE:
            return PURPOSE_ROLE[purpose]
        owner = node.owner.element if node.owner else None
        if owner is not None and owner.type == "dataset_DatasetPackage":
            return Role.DATA_FILES
        return Role.SOURCE_CODE

    def node(self, ident: str) -> _Node | None:
        return self.artifacts.get(ident) or self.parts.get(ident)

    # -- relationships ---------------------------------------------------------------------

    def relate(self, relationships: list[tuple[Element, str, str, list[str]]]) -> None:
        for rel_index, (element, kind, source, targets) in enumerate(relationships):
            if kind in _LICENSE_RELATIONSHIPS:
                self.license(element, kind, source, targets)
                continue
            if kind in SPDX_TO_RELATION and self.lineage(rel_index, element, kind, source, targets):
                continue
            if kind in _LINKS and all(t in self.parts or t in self.files for t in targets):
                continue  # the structure of components, read already
            self.other(element, kind, source, targets)

    def license(self, element: Element, kind: str, source: str, targets: list[str]) -> None:
        node = self.node(source)
        if node is None:
            if source not in self.r.elements:
                self.r.warn((*element.path, "from"), f"{element.label()}: no element {source!r}")
            return
        found = [self.r.license(t, (*element.path, "to")) for t in targets]
        values = [f for f in found if f is not None]
        if kind == "hasDeclaredLicense":
            node.declared.extend(values)
        else:
            node.concluded.extend(values)

    def lineage(
        self, rel_index: int, element: Element, kind: str, source: str, targets: list[str]
    ) -> bool:
        relation, reverse = SPDX_TO_RELATION[kind]
        if element.ours:
            raw = element.payload.get(Prop.RELATION)
            try:
                relation = Relation(raw) if raw is not None else relation
            except ValueError:
                self.r.error(
                    (*element.path, "extension"),
                    f"{element.label()}: {Prop.RELATION} {raw!r} is not a lineage relation",
                )
                return True
        pairs = [(t, source) for t in targets] if reverse else [(source, t) for t in targets]
        if any(frm not in self.artifacts for frm, _ in pairs) or any(
            to in self.r.elements
            and self.r.elements[to].role not in ("artifact", "reference")
            and to not in self.artifacts
            for _, to in pairs
        ):
            return False
        for position, (frm, to) in enumerate(pairs):
            if to not in self.r.elements:
                self.r.warn(
                    (*element.path, "to"),
                    f"{element.label()}: {to!r} is not in this document; give the document "
                    "that defines it too",
                )
            edge: dict[str, Any] = {"relation": relation.value, "target": self.artifact_id(to)}
            comment = element.data.get("comment")
            if isinstance(comment, str):
                edge["note"] = comment
            if element.ours:
                edge["revision"] = element.payload.get(Prop.REVISION)
                edge["digests"] = self.r.json_payload(element, Prop.DIGESTS, dict) or {}
                edge["evidence"] = self.r.json_payload(element, Prop.EVIDENCE, list) or []
                raw = element.payload.get(Prop.INDEX, "")
                order: tuple[int, ...] = (0, int(raw)) if raw.isdigit() else (1, rel_index)
            else:
                order = (1, rel_index, position)
                left = self.leftover(element, {"from", "to", "relationshipType", "comment"})
                if left:
                    edge["note"] = (edge.get("note", "") + " ").lstrip() + "SPDX: " + _compact(left)
            self.artifacts[frm].lineage.append((order, edge))
        return True

    def other(self, element: Element, kind: str, source: str, targets: list[str]) -> None:
        node = self.node(source)
        record = {"relationshipType": kind, "to": targets, "spdxId": element.id}
        record.update(self.leftover(element, {"from", "to", "relationshipType"}))
        if node is not None:
            node.relationships.append(record)
        elif source in self.files:
            owner = self.parts.get(self.parent.get(source, ("", "", ()))[0])
            if owner is not None:
                owner.relationships.append({**record, "from": source})
        else:
            self.skipped["relationship " + kind] += 1

    def annotations(self) -> None:
        for element in self.r.order:
            if element.type != "Annotation":
                continue
            statement = element.data.get("statement")
            if isinstance(statement, str) and statement.startswith(VERDICT_PREFIX):
                continue  # verdicts are computed, not imported
            subject = self.r.ref(element.data.get("subject"))
            node = self.node(subject) if subject else None
            if node is None:
                self.skipped["Annotation"] += 1
                continue
            node.annotations.append(self.leftover(element, {"subject"}) | {"spdxId": element.id})

    @staticmethod
    def leftover(element: Element, consumed: set[str]) -> dict[str, Any]:
        return {
            k: v for k, v in element.data.items() if k not in _BOOKKEEPING and k not in consumed
        }

    # -- building --------------------------------------------------------------------------

    skipped: Counter[str]

    def run(self) -> list[tuple[Artifact, Element]]:
        self.skipped = Counter()
        relationships = list(self.r.relationships())
        self.structure(relationships)
        self.relate(relationships)
        self.annotations()
        known = _PACKAGES | _IGNORED | {"software_File", "Annotation"}
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

    def artifact(self, node: _Node) -> Artifact | None:
        element, data = node.element, node.element.data
        ours = element.ours
        kind_raw = element.payload.get(Prop.KIND) if ours else None
        purpose = _short(data.get("software_primaryPurpose"))
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
        hyper = data.get("ai_hyperparameter")
        if (
            isinstance(hyper, list)
            and all(isinstance(h, dict) and isinstance(h.get("key"), str) for h in hyper)
            and len({h["key"] for h in hyper}) == len(hyper)  # else kept as written, in full
        ):
            extra["hyperparameters"] = {h["key"]: h.get("value") for h in hyper}
            consumed.add("ai_hyperparameter")

    def licenses(self, node: _Node, out: dict[str, Any], spdx_extra: dict[str, Any]) -> None:
        declared = _combine(node.declared)
        concluded = _combine(node.concluded)
        if declared is not None:
            out["license"] = declared
            if concluded is not None and concluded != declared:
                spdx_extra["concludedLicense"] = concluded
        elif concluded is not None:
            out["license"] = concluded

    def keep(self, node: _Node, consumed: set[str], spdx_extra: dict[str, Any]) -> None:
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

    def component(self, node: _Node) -> dict[str, Any]:
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
        elif _short(data.get("software_primaryPurpose")) in PURPOSE_ROLE:
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

    def file(self, node: _Node) -> dict[str, Any]:
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


def _brief(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _compact(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


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
        unit = _short(entry.get("ai_energyUnit"))
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


def _digests(element: Element, extra: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    other: list[Any] = []
    for key in ("verifiedUsing", "software_contentIdentifier"):
        items = element.data.get(key)
        for item in items if isinstance(items, list) else []:
            algorithm = _short(item.get("algorithm")) if isinstance(item, dict) else None
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
