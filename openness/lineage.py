"""The lineage graph: artifacts by id, their edges, topological order and cycles.

Built once per run in linear time; the policy engine evaluates artifacts in the order given
by :meth:`LineageGraph.topological_order` (upstream first) so that a derivative sees its
upstream verdicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from openness.model import Artifact, LineageEdge

__all__ = ["LineageCycle", "LineageGraph", "iter_stable_order", "stable_order"]


class LineageCycle(ValueError):
    """The lineage graph has a cycle; ``cycle`` lists the ids on it, first id repeated last."""

    def __init__(self, cycle: list[str]):
        self.cycle = cycle
        super().__init__("lineage cycle: " + " -> ".join(cycle))


@dataclass(frozen=True, slots=True)
class LineageGraph:
    """Artifacts by id, with their outgoing lineage edges (to targets present in the graph)."""

    artifacts: Mapping[str, Artifact]

    @classmethod
    def build(cls, artifacts: Iterable[Artifact]) -> LineageGraph:
        """Index artifacts by id; the first one wins on a duplicate (loaders report those)."""
        by_id: dict[str, Artifact] = {}
        for artifact in artifacts:
            by_id.setdefault(artifact.id, artifact)
        return cls(by_id)

    def __iter__(self) -> Iterator[Artifact]:
        return iter(self.artifacts.values())

    def __len__(self) -> int:
        return len(self.artifacts)

    def get(self, artifact_id: str) -> Artifact | None:
        """The artifact with this id, or None."""
        return self.artifacts.get(artifact_id)

    def upstream(self, artifact: Artifact) -> Iterator[tuple[LineageEdge, Artifact]]:
        """Each edge of ``artifact`` whose target is in the graph, with the target."""
        for edge in artifact.lineage:
            target = self.artifacts.get(edge.target)
            if target is not None:
                yield edge, target

    def missing_targets(self) -> Iterator[tuple[Artifact, int, LineageEdge]]:
        """Edges whose target is in no loaded artifact: ``(artifact, edge index, edge)``."""
        for artifact in self.artifacts.values():
            for index, edge in enumerate(artifact.lineage):
                if edge.target not in self.artifacts:
                    yield artifact, index, edge

    def find_cycles(self) -> list[list[str]]:
        """Every cycle found by an iterative depth-first search (one per strongly connected
        group reached), each as the ids on it with the first repeated last."""
        white, grey, black = 0, 1, 2
        colour = dict.fromkeys(self.artifacts, white)
        cycles: list[list[str]] = []
        for root in self.artifacts:
            if colour[root] != white:
                continue
            stack: list[tuple[str, Iterator[str]]] = [(root, self._targets(root))]
            path = [root]
            colour[root] = grey
            while stack:
                node, children = stack[-1]
                advanced = False
                for child in children:
                    if colour[child] == white:
                        colour[child] = grey
                        path.append(child)
                        stack.append((child, self._targets(child)))
                        advanced = True
                        break
                    if colour[child] == grey:
                        cycles.append([*path[path.index(child) :], child])
                if not advanced:
                    colour[node] = black
                    stack.pop()
                    path.pop()
        return cycles

    def _targets(self, artifact_id: str) -> Iterator[str]:
        for edge in self.artifacts[artifact_id].lineage:
            if edge.target in self.artifacts:
                yield edge.target

    def topological_order(self) -> list[Artifact]:
        """Artifacts with every upstream artifact before its derivatives, otherwise in the
        order they were given: an artifact comes as soon as its upstream artifacts have come
        (input already upstream first comes out as it went in).

        Raises :class:`LineageCycle` when there is a cycle. Linear in artifacts plus edges;
        iterative, so no lineage is too deep.
        """
        return [artifact for artifact, _ in stable_order(self)]


def stable_order(graph: LineageGraph) -> list[tuple[Artifact, list[LineageEdge]]]:
    """:func:`iter_stable_order` as a list."""
    return list(iter_stable_order(graph))


def iter_stable_order(graph: LineageGraph) -> Iterator[tuple[Artifact, list[LineageEdge]]]:
    """:meth:`LineageGraph.topological_order`, each artifact with its edges whose target is
    in the graph (in lineage order): a depth-first walk that takes the artifacts in input order
    and, before each, those of its upstream artifacts not taken yet. An artifact whose upstream
    artifacts have all been taken (always so for input already upstream first) is taken at
    once, without the walk."""
    loaded = graph.artifacts
    done: set[str] = set()
    mark = done.add
    for aid, artifact in loaded.items():
        if aid in done:
            continue
        lineage = artifact.lineage
        if not lineage:
            mark(aid)
            yield artifact, []
            continue
        present = [e for e in lineage if e.target in loaded]
        for edge in present:
            if edge.target not in done:
                break
        else:
            mark(aid)
            yield artifact, present
            continue
        # The walk: a stack of (artifact, its present edges, the next one to look at).
        on_path = {aid}
        stack: list[tuple[Artifact, list[LineageEdge], int]] = [(artifact, present, 0)]
        while stack:
            node, edges, at = stack[-1]
            while at < len(edges) and edges[at].target in done:
                at += 1
            if at == len(edges):
                stack.pop()
                on_path.discard(node.id)
                done.add(node.id)
                yield node, edges
                continue
            stack[-1] = (node, edges, at + 1)
            target_id = edges[at].target
            if target_id in on_path:
                cycles = graph.find_cycles()
                raise LineageCycle(cycles[0] if cycles else [target_id, target_id])
            target = loaded[target_id]
            on_path.add(target_id)
            stack.append((target, [e for e in target.lineage if e.target in loaded], 0))
