"""What a rule sees of one artifact: the artifact, its context, its components by role, and a
scratch space that earlier rules of the same policy fill for later ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openness.model import Artifact, Component, Role
from openness.policy.base import Context

__all__ = ["ArtifactView"]


@dataclass(slots=True)
class ArtifactView:
    """One artifact under judgement. Built once per evaluation; cheap."""

    artifact: Artifact
    context: Context
    by_role: dict[Role, list[tuple[int, Component]]] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, artifact: Artifact, context: Context) -> ArtifactView:
        """Index the artifact's components by role (manifest order kept)."""
        by_role: dict[Role, list[tuple[int, Component]]] = {}
        for index, component in enumerate(artifact.components):
            by_role.setdefault(component.role, []).append((index, component))
        return cls(artifact, context, by_role)

    def components(self, role: Role) -> list[tuple[int, Component]]:
        """``(index, component)`` for every component with ``role``."""
        return self.by_role.get(role, [])
