"""Lineage of a component: the ``openness:lineage`` properties of a BOM we wrote, or the
pedigree ancestors, model card datasets and dependencies of another tool's (with stubs for
what the BOM does not list)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from openness.formats.cyclonedx.fields import read_hashes
from openness.formats.cyclonedx.read.document import DocumentReader
from openness.formats.cyclonedx.read.values import (
    Path,
    Props,
    ancestor_relation,
    list_or_empty,
    mapping_or_empty,
    sanitise_id,
    text_or_none,
)
from openness.formats.cyclonedx.view import EXTRA_KEY
from openness.formats.cyclonedx.vocab import P
from openness.model import Artifact, ArtifactKind, LineageEdge, Relation

__all__ = ["LineageReader"]


class LineageReader(DocumentReader):
    """Reads the lineage of components (and makes stubs of their unlisted ancestors)."""

    def _lineage(
        self,
        raw: Mapping[str, Any],
        props: Props,
        artifact_id: str,
        kind: ArtifactKind,
        path: Path,
    ) -> list[LineageEdge]:
        stated = props.all(P.LINEAGE)
        if stated or self.authored:
            edges = [
                self._json_prop(path, index, P.LINEAGE, text, LineageEdge) for index, text in stated
            ]
            return [e for e in edges if e is not None]
        return self._derive_lineage(raw, artifact_id, kind, path)

    def _derive_lineage(
        self, raw: Mapping[str, Any], artifact_id: str, kind: ArtifactKind, path: Path
    ) -> list[LineageEdge]:
        """Lineage of a component from another tool: ancestors, model card datasets and
        dependencies."""
        edges: list[LineageEdge] = []
        seen: set[str] = set()
        ancestors = list_or_empty(mapping_or_empty(raw.get("pedigree")).get("ancestors"))
        for j, ancestor in enumerate(ancestors):
            if not isinstance(ancestor, Mapping):
                continue
            where = (*path, "pedigree", "ancestors", j)
            target = self._ancestor_target(ancestor, where)
            relation = ancestor_relation(ancestor)
            digests, _ = read_hashes(ancestor.get("hashes"))
            if target is not None and target != artifact_id:
                edges.append(LineageEdge(relation=relation, target=target, digests=digests))
        datasets = list_or_empty(
            mapping_or_empty(mapping_or_empty(raw.get("modelCard")).get("modelParameters")).get(
                "datasets"
            )
        )
        for j, entry in enumerate(datasets):
            if not isinstance(entry, Mapping):
                continue
            where = (*path, "modelCard", "modelParameters", "datasets", j)
            if "ref" in entry:
                target = self._resolve(entry.get("ref"), (*where, "ref"))
            else:
                target = self._data_stub(entry, where, f"{artifact_id}#dataset-{j}")
            if target is not None and target not in seen and target != artifact_id:
                seen.add(target)
                edges.append(LineageEdge(relation=Relation.TRAINED_ON, target=target))
        ref = text_or_none(raw.get("bom-ref"))
        for where, dependency in self.depends.get(ref, []) if ref is not None else []:
            target = self._resolve(dependency, where)
            if target is not None and target not in seen and target != artifact_id:
                seen.add(target)
                edges.append(LineageEdge(relation=Relation.DEPENDS_ON, target=target))
        return edges

    def _resolve(self, ref: Any, where: Path) -> str | None:
        target = self.ref_ids.get(ref) if isinstance(ref, str) else None
        if target is None:
            self.warn(where, f"reference {ref!r} names no component of this BOM: not imported")
        return target

    def _ancestor_target(self, ancestor: Mapping[str, Any], where: Path) -> str | None:
        ref = text_or_none(ancestor.get("bom-ref"))
        if ref is not None and ref in self.ref_ids:
            return self.ref_ids[ref]
        purl = text_or_none(ancestor.get("purl"))
        if purl is not None and purl in self.purl_ids:
            return self.purl_ids[purl]
        stub_id = self._id_of(ancestor, where)
        if stub_id not in self.ids:
            self.ids.add(stub_id)
            stub = self._artifact(ancestor, where, stub_id)
            if stub is not None:
                self.stubs.append((stub, where))
        return stub_id

    def _data_stub(self, entry: Mapping[str, Any], where: Path, fallback: str) -> str:
        url = text_or_none(mapping_or_empty(entry.get("contents")).get("url"))
        name = text_or_none(entry.get("name"))
        stub_id = sanitise_id(url or name or fallback) or fallback
        if stub_id in self.ids:
            return stub_id
        self.ids.add(stub_id)
        owners = list_or_empty(mapping_or_empty(entry.get("governance")).get("owners"))
        owner = mapping_or_empty(mapping_or_empty(owners[0]).get("organization")) if owners else {}
        try:
            stub = Artifact(
                id=stub_id,
                kind=ArtifactKind.DATASET,
                name=name,
                description=text_or_none(entry.get("description")),
                url=url,
                supplier=text_or_none(owner.get("name")),
                extra={EXTRA_KEY: {"data": [dict(entry)]}},
            )
        except ValidationError as exc:
            self._model_problems(exc, where)
            return stub_id
        self.stubs.append((stub, where))
        return stub_id
