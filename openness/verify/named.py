"""What the artifacts name: the files a release's manifests say it has.

:func:`expectations` lists every ``components[].files[]`` entry, and a component's
``location`` when it is a relative path and the component records digests, each as an
:class:`Expectation`: the path as written, the root it is resolved under, the size and digests
recorded for it, and the manifest file and line that named it. Nothing here touches the files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from openness.importers import Origin
from openness.model import Artifact, DigestAlgorithm
from openness.verify.paths import SafeRoot

__all__ = ["Expectation", "expectations", "is_local_path"]

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class Expectation:
    """One file a manifest names, with what it should be and where it was named."""

    path: str  # as written in the manifest
    root: SafeRoot
    size: int | None
    digests: Mapping[DigestAlgorithm, str]
    artifact: str
    field: str  # e.g. components[0].files[2]
    manifest: str | None = None
    line: int | None = None

    @property
    def where(self) -> str:
        """``manifest:line: field`` of the artifact, for messages."""
        head = self.manifest or self.artifact
        if self.line is not None:
            head += f":{self.line}"
        return f"{head}: {self.artifact} {self.field}"


def is_local_path(location: str) -> bool:
    """True when ``location`` looks like a path (no URL scheme, not ending in a slash)."""
    return bool(location) and not _SCHEME.match(location) and not location.endswith("/")


def expectations(
    artifacts: Iterable[Artifact],
    root_for: Callable[[Artifact], SafeRoot],
    origins: Mapping[str, Origin] | None = None,
) -> list[Expectation]:
    """Every file the artifacts name, each with the root it is resolved under and the
    manifest file and line that named it (when ``origins`` are given)."""
    out: list[Expectation] = []
    for artifact in artifacts:
        root = root_for(artifact)
        origin = origins.get(artifact.id) if origins else None

        def locate(
            *parts: str | int, origin: Origin | None = origin
        ) -> tuple[str | None, int | None]:
            if origin is None:
                return None, None
            return origin.document.path, origin.document.line_of((*origin.path, *parts))

        for ci, component in enumerate(artifact.components):
            for fi, ref in enumerate(component.files):
                manifest, line = locate("components", ci, "files", fi, "path")
                out.append(
                    Expectation(
                        ref.path,
                        root,
                        ref.size,
                        ref.digests,
                        artifact.id,
                        f"components[{ci}].files[{fi}]",
                        manifest,
                        line,
                    )
                )
            location = component.location
            if component.digests and location and is_local_path(location):
                manifest, line = locate("components", ci, "location")
                out.append(
                    Expectation(
                        location,
                        root,
                        None,
                        component.digests,
                        artifact.id,
                        f"components[{ci}].location",
                        manifest,
                        line,
                    )
                )
    return out
