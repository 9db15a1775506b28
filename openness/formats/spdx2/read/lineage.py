"""Lineage from SPDX 2 relationships (and the edges our element annotations carry)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spdx_tools.spdx.model.relationship import Relationship

from openness.errors import Severity
from openness.formats.spdx2.mapping import LINEAGE_PREFIX, SPDX_TO_RELATION
from openness.formats.spdx2.read.index import EXACT_KINDS, DocumentIndex
from openness.model import LineageEdge, Relation

__all__ = ["LineageMapper"]


class LineageMapper(DocumentIndex):
    """Reads the lineage edges of the document's artifacts."""

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
        if not ours and kind not in EXACT_KINDS:
            notes.append(f"SPDX {kind.name}")
        if comment and not ours:
            notes.append(comment)
        edge = LineageEdge(relation=relation, target=target_id, note="; ".join(notes) or None)
        return holder, edge

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
