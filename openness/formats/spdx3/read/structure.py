"""The structure of an SPDX 3 document for the importer: which element is an artifact, a
component or a file, who contains whom, with which role, and the relationships read as
licenses, lineage and kept extras."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openness.formats.spdx3.mapping import SPDX_TO_RELATION, TYPE_KIND, VERDICT_PREFIX, Prop
from openness.formats.spdx3.read.raw import Element, Reader
from openness.model import LicenseExpression, Relation, Role

__all__ = [
    "AGENTS",
    "BOOKKEEPING",
    "IGNORED",
    "LICENSE_RELATIONSHIPS",
    "LINKS",
    "PACKAGES",
    "PART_ROLE",
    "PURPOSE_ROLE",
    "Node",
    "Structure",
    "compact_json",
    "short_text",
]


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


LINKS = ("contains", *PART_ROLE)


LICENSE_RELATIONSHIPS = ("hasDeclaredLicense", "hasConcludedLicense")


PACKAGES = frozenset(TYPE_KIND)


AGENTS = frozenset({"Agent", "Person", "Organization", "SoftwareAgent", "Tool"})


IGNORED = AGENTS | {"simplelicensing_LicenseExpression", "simplelicensing_SimpleLicensingText"}


BOOKKEEPING = frozenset({"type", "spdxId", "@id", "creationInfo", "extension"})


@dataclass
class Node:
    """An artifact or component in the making."""

    element: Element
    order: tuple[int, ...]
    owner: Node | None = None
    role: Role | None = None
    parts: list[Node] = field(default_factory=list)
    files: list[Node] = field(default_factory=list)
    lineage: list[tuple[tuple[int, ...], dict[str, Any]]] = field(default_factory=list)
    declared: list[LicenseExpression] = field(default_factory=list)
    concluded: list[LicenseExpression] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)


def short_text(value: Any) -> str:
    return value.rsplit("/", 1)[-1] if isinstance(value, str) else str(value)


def compact_json(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Structure:
    """The elements of one document as nodes, with containment, roles and relationships."""

    def __init__(self, reader: Reader):
        self.r = reader
        self.artifacts: dict[str, Node] = {}
        self.parts: dict[str, Node] = {}
        self.files: dict[str, Node] = {}
        self.parent: dict[str, tuple[str, str, tuple[int, ...]]] = {}
        self.link: dict[str, str] = {}
        #: Elements and relationships read into nothing, by type (reported in one warning).
        self.skipped: Counter[str] = Counter()

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
            if kind in LINKS:
                for position, target in enumerate(targets):
                    self.parent.setdefault(target, (source, kind, (1, rel_index, position)))
                    holder = self.r.elements.get(source)
                    if kind in PART_ROLE and holder is not None and holder.type in PACKAGES:
                        self.link.setdefault(target, kind)
        for element in self.r.order:
            if element.type not in PACKAGES or element.role in ("component", "reference"):
                continue
            if element.ours or not self.contained_package(element):
                order = (roots.get(element.id, len(roots)), element.index)
                self.artifacts[element.id] = Node(element, order)
        unowned: list[Element] = []
        for element in self.r.order:
            if element.id in self.artifacts or element.role == "reference":
                continue
            if element.type not in PACKAGES and element.type != "software_File":
                continue
            owner, link = self.owner_of(element.id)
            if element.role == "file":
                self.files[element.id] = Node(element, self._index(element))
                continue
            if owner is None:
                unowned.append(element)
                continue
            node = Node(element, self._index(element), owner=self.artifacts[owner])
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
        return kind == "contains" and holder is not None and holder.type in PACKAGES

    def _index(self, element: Element) -> tuple[int, ...]:
        raw = element.payload.get(Prop.INDEX)
        if raw is not None and raw.isdigit():
            return (0, int(raw))
        parent = self.parent.get(element.id)
        return parent[2] if parent else (2, element.index)

    def role(self, node: Node, link: str | None) -> Role | None:
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
        purpose = short_text(element.data.get("software_primaryPurpose"))
        also = element.data.get("software_additionalPurpose")
        if (
            purpose in ("executable", "application")
            and isinstance(also, list)
            and any(short_text(a) == "source" for a in also)
        ):
            return Role.SOURCE_CODE
        if purpose in PURPOSE_ROLE:
            return PURPOSE_ROLE[purpose]
        owner = node.owner.element if node.owner else None
        if owner is not None and owner.type == "dataset_DatasetPackage":
            return Role.DATA_FILES
        return Role.SOURCE_CODE

    def node(self, ident: str) -> Node | None:
        return self.artifacts.get(ident) or self.parts.get(ident)

    def relate(self, relationships: list[tuple[Element, str, str, list[str]]]) -> None:
        for rel_index, (element, kind, source, targets) in enumerate(relationships):
            if kind in LICENSE_RELATIONSHIPS:
                self.license(element, kind, source, targets)
                continue
            if kind in SPDX_TO_RELATION and self.lineage(rel_index, element, kind, source, targets):
                continue
            if kind in LINKS and all(t in self.parts or t in self.files for t in targets):
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
                    edge["note"] = (
                        (edge.get("note", "") + " ").lstrip() + "SPDX: " + compact_json(left)
                    )
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
        return {k: v for k, v in element.data.items() if k not in BOOKKEEPING and k not in consumed}
