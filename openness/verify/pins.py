"""Lineage pins checked: the digests lineage edges pin their upstream with, against the
digests the upstream records.

:func:`check_pins` reads the artifacts only (no file is opened): an edge's pin is confirmed,
contradicted or unchecked.
"""

from __future__ import annotations

from collections.abc import Iterable

from openness.lineage import LineageGraph
from openness.model import Artifact, DigestAlgorithm
from openness.verify.report import PinResult, PinStatus

__all__ = ["check_pins"]


def _recorded(artifact: Artifact) -> dict[DigestAlgorithm, set[str]]:
    out: dict[DigestAlgorithm, set[str]] = {}
    for component in artifact.components:
        for algorithm, digest in component.digests.items():
            out.setdefault(algorithm, set()).add(digest)
        for ref in component.files:
            for algorithm, digest in ref.digests.items():
                out.setdefault(algorithm, set()).add(digest)
    return out


def check_pins(artifacts: Iterable[Artifact], graph: LineageGraph) -> list[PinResult]:
    """For each lineage edge that pins its target by digest: confirmed when the digest is one
    the target records (for a component or one of its files), contradicted when the target
    records digests in that algorithm but none equal, unchecked otherwise."""
    out: list[PinResult] = []
    for artifact in artifacts:
        for index, edge in enumerate(artifact.lineage):
            if not edge.digests:
                continue
            where = f"lineage[{index}]"
            target = graph.get(edge.target)
            if target is None:
                out.append(
                    PinResult(
                        artifact.id,
                        where,
                        edge.target,
                        PinStatus.UNCHECKED,
                        "the upstream artifact is not among the inputs; give its manifest",
                    )
                )
                continue
            recorded = _recorded(target)
            status, message = PinStatus.UNCHECKED, "the upstream records no digest to compare"
            for algorithm, digest in sorted(edge.digests.items()):
                known = recorded.get(algorithm)
                if not known:
                    continue
                if digest in known:
                    status = PinStatus.CONFIRMED
                    message = f"{algorithm.value} {digest} is recorded by {target.id}"
                    break
                status = PinStatus.CONTRADICTED
                message = (
                    f"{algorithm.value} {digest} matches none of the {len(known)} "
                    f"{algorithm.value} digest(s) {target.id} records: the pin or the upstream's "
                    "manifest is out of date"
                )
            out.append(PinResult(artifact.id, where, edge.target, status, message))
    return out
