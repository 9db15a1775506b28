"""The BOM document: metadata, components, dependencies, verdicts; serialised and validated.

Everything here is one pass over the artifacts with dictionary lookups, so building, writing
and validating a BOM takes time linear in its size (see the package docstring for why the
library's own path is avoided).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from openness import __version__
from openness._gc import gc_paused
from openness.errors import OpennessError
from openness.formats.cyclonedx.fields import json_value, prop, unique_in_order
from openness.formats.cyclonedx.schema import SchemaIssue, validate
from openness.formats.cyclonedx.view import Context
from openness.formats.cyclonedx.vocab import DEPENDENCY_RELATIONS, TOOL_NAME, P, SpecVersion
from openness.formats.cyclonedx.write.merge import artifact_entry
from openness.formats.deterministic import creation_time
from openness.model import Artifact, ArtifactKind
from openness.policy.verdict import Verdict

__all__ = [
    "TOOL_NAME",
    "CycloneDxExportError",
    "build_bom",
    "described",
    "serialise",
    "tool_component",
    "write_bom",
]

#: The tool version written into ``metadata.tools`` (tests pin it for golden files).
TOOL_VERSION = __version__
#: The namespace of the BOM serial numbers (a UUIDv5 over the content).
_SERIAL_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:openness:cyclonedx:bom")


class CycloneDxExportError(OpennessError):
    """The document built does not validate against the CycloneDX schema (a bug: please
    report it with the input). Carries every schema issue found."""

    def __init__(self, version: SpecVersion, issues: Sequence[SchemaIssue]):
        self.issues = list(issues)
        head = "; ".join(f"{_path(i.path)}: {i.message}" for i in self.issues[:3])
        super().__init__(f"CycloneDX {version.value} output does not validate: {head}")


def _path(path: Sequence[str | int]) -> str:
    from openness.errors import format_path

    return format_path(path)


def tool_component() -> dict[str, str]:
    """The component that names this library as the BOM's author tool."""
    return {"type": "application", "name": TOOL_NAME, "version": TOOL_VERSION}


_CONTENT_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def _serial_number(body: Mapping[str, Any], version: SpecVersion) -> str:
    """``urn:uuid:`` + a UUIDv5 over the SHA-256 of the document's content (its components,
    dependencies and annotations, as compact JSON), so that the same content always gets the
    same serial number and different content a different one."""
    digest = hashlib.sha256(version.value.encode("ascii"))
    for chunk in _CONTENT_ENCODER.iterencode(body):
        digest.update(chunk.encode("ascii"))
    return f"urn:uuid:{uuid.uuid5(_SERIAL_NAMESPACE, digest.hexdigest())}"


def _dependencies(artifacts: Sequence[Artifact], kinds: Mapping[str, Any]) -> list[Any]:
    out: list[dict[str, Any]] = []
    for artifact in artifacts:
        targets = unique_in_order(
            e.target
            for e in artifact.lineage
            if e.relation in DEPENDENCY_RELATIONS and e.target in kinds and e.target != artifact.id
        )
        entry: dict[str, Any] = {"ref": artifact.id}
        if targets:
            entry["dependsOn"] = targets
        out.append(entry)
    return out


def described(artifacts: Sequence[Artifact]) -> int | None:
    """The position of the artifact the BOM describes (its ``metadata.component``): the one
    artifact that no other artifact of the document names in its lineage, when every other
    artifact is in its lineage (directly or not); None when there is no such artifact (several
    unrelated artifacts, or a cycle). A single artifact describes itself."""
    index = {a.id: i for i, a in enumerate(artifacts)}
    targeted = {
        e.target for a in artifacts for e in a.lineage if e.target in index and e.target != a.id
    }
    roots = [i for i, a in enumerate(artifacts) if a.id not in targeted]
    if len(roots) != 1:
        return None
    seen = {roots[0]}
    todo = [roots[0]]
    while todo:
        for edge in artifacts[todo.pop()].lineage:
            found = index.get(edge.target)
            if found is not None and found not in seen:
                seen.add(found)
                todo.append(found)
    return roots[0] if len(seen) == len(artifacts) else None


def _verdict_label(verdict: Verdict) -> str:
    outcome = verdict.outcome.value
    return f"{outcome} ({verdict.level})" if verdict.level else outcome


def _add_verdicts(
    components: list[dict[str, Any]],
    index: Mapping[str, int],
    verdicts: Sequence[Verdict],
    timestamp: str,
) -> list[dict[str, Any]]:
    """Verdicts as a property on their artifact's component and as annotations (the full
    verdict as JSON). Verdicts on artifacts outside the document are left out."""
    annotations: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for verdict in verdicts:
        position = index.get(verdict.artifact)
        if position is None:
            continue
        component = components[position]
        component["properties"] = [
            *component.get("properties", []),
            prop(P.VERDICT + verdict.policy, _verdict_label(verdict)),
        ]
        text = json_value(verdict.to_dict())
        if (verdict.artifact, text) in seen:
            continue
        seen.add((verdict.artifact, text))
        annotations.append(
            {
                "subjects": [verdict.artifact],
                "annotator": {"component": tool_component()},
                "timestamp": timestamp,
                "text": text,
            }
        )
    return annotations


def build_bom(
    artifacts: Sequence[Artifact],
    verdicts: Sequence[Verdict] = (),
    version: SpecVersion = SpecVersion.V1_6,
    *,
    native: frozenset[int] | None = None,
) -> dict[str, Any]:
    """The BOM for ``artifacts`` as a JSON-ready dict; the artifact it describes
    (:func:`described`) is ``metadata.component``, the others are ``components``.

    ``native`` lists the artifact positions whose kept CycloneDX fields may be written
    natively (None: all); the others keep them in the ``openness:extra`` property. Raises
    ``ValueError`` for duplicate artifact ids (a BOM needs unique ``bom-ref`` values).
    """
    with gc_paused():
        return _build(artifacts, verdicts, version, native)


def _build(
    artifacts: Sequence[Artifact],
    verdicts: Sequence[Verdict],
    version: SpecVersion,
    native: frozenset[int] | None,
) -> dict[str, Any]:
    kinds: dict[str, ArtifactKind] = {}
    index: dict[str, int] = {}
    for position, artifact in enumerate(artifacts):
        if artifact.id in kinds:
            raise ValueError(f"duplicate artifact id {artifact.id!r}: ids must be unique")
        kinds[artifact.id] = artifact.kind
        index[artifact.id] = position
    ctx = Context(version, kinds)
    components = [
        artifact_entry(a, ctx, native=native is None or i in native)
        for i, a in enumerate(artifacts)
    ]
    timestamp = creation_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    annotations = _add_verdicts(components, index, verdicts, timestamp)
    subject = described(artifacts)
    metadata: dict[str, Any] = {"timestamp": timestamp, "tools": {"components": [tool_component()]}}
    body: dict[str, Any] = {}
    if subject is not None:
        metadata["component"] = components.pop(subject)
        body["metadata.component"] = metadata["component"]  # (for the serial number only)
    if components:
        body["components"] = components
    dependencies = _dependencies(artifacts, kinds)
    if dependencies:
        body["dependencies"] = dependencies
    if annotations:
        body["annotations"] = annotations
    serial = _serial_number(body, version)
    body.pop("metadata.component", None)
    return {
        "$schema": version.schema_uri,
        "bomFormat": "CycloneDX",
        "specVersion": version.value,
        "serialNumber": serial,
        "version": 1,
        "metadata": metadata,
        **body,
    }


def serialise(bom: Mapping[str, Any]) -> bytes:
    """The document's bytes: UTF-8 JSON, two-space indent, final newline."""
    try:
        text = json.dumps(bom, indent=2, ensure_ascii=False, allow_nan=False)
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in some string: escape everything
        return (json.dumps(bom, indent=2, allow_nan=False) + "\n").encode("ascii")


def _has_extra(artifact: Artifact) -> bool:
    return bool(artifact.extra) or any(part.extra for part in artifact.components)


def write_bom(
    artifacts: Sequence[Artifact],
    verdicts: Sequence[Verdict] = (),
    version: SpecVersion = SpecVersion.V1_6,
    *,
    check: bool = True,
) -> bytes:
    """Build, validate (unless ``check`` is false) and serialise the BOM.

    Kept native fields that the target version rejects (a 1.6 field exported as 1.5) move to
    the ``openness:extra`` property of their component; any other schema violation raises
    :class:`CycloneDxExportError`.
    """
    bom = build_bom(artifacts, verdicts, version)
    if check:
        issues = validate(bom, version)
        if issues:
            subject = described(artifacts)
            bad = {_artifact_at(i.path, subject) for i in issues}
            if bad and all(b is not None and _has_extra(artifacts[b]) for b in bad):
                keep = frozenset(range(len(artifacts))) - {b for b in bad if b is not None}
                bom = build_bom(artifacts, verdicts, version, native=keep)
                issues = validate(bom, version)
            if issues:
                raise CycloneDxExportError(version, issues)
    return serialise(bom)


def _artifact_at(path: Sequence[str | int], subject: int | None) -> int | None:
    """The position of the artifact whose entry holds ``path`` (None: no artifact's)."""
    if tuple(path[:2]) == ("metadata", "component"):
        return subject
    if len(path) < 2 or path[0] != "components" or not isinstance(path[1], int):
        return None
    return path[1] + 1 if subject is not None and path[1] >= subject else path[1]
