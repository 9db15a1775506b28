"""``pyproject.toml`` (PEP 621 project metadata): the project as a software artifact.

The license comes from, in this order: a PEP 639 SPDX expression (``license = "MIT"``), a
legacy table (``license = {text = "..."}`` through the license normaliser, or
``license = {file = "LICENSE"}``), then the ``License ::`` trove classifiers (through the
normaliser). ``license-files`` (PEP 639) and a legacy license file become a license-text
component with sha256 digests; the project's source is a source-code component. See
docs/importers/pyproject.md.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from openness.documents import Document
from openness.errors import Problem
from openness.formats.importer import ImportResult, Origin
from openness.formats.pyproject.licenses import classifier_license, project_license
from openness.formats.pyproject.project import ProjectReader, toml_line
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    Evidence,
    EvidenceKind,
    Role,
)

__all__ = ["PyprojectImporter", "classifier_license"]

_NAME_SEPARATORS = re.compile(r"[-_.]+")


_SOURCE_URL_KEYS = ("source", "repository", "source code", "code", "github", "homepage")


_MAPPED = frozenset(
    {"name", "version", "description", "license", "license-files", "urls", "authors"}
)


def _normal_name(name: str) -> str:
    """PEP 503 normalised project name (the purl name)."""
    return _NAME_SEPARATORS.sub("-", name).lower()


#: A project name (PEP 508).
_PROJECT_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")


class PyprojectImporter:
    """Reads the ``[project]`` table of a ``pyproject.toml``."""

    name = "pyproject"
    description = "pyproject.toml with a [project] table (PEP 621, PEP 639)"

    def detect(self, document: Document) -> bool:
        """A TOML document with a ``[project]`` table."""
        return (
            document.format == "toml"
            and isinstance(document.data, dict)
            and isinstance(document.data.get("project"), dict)
        )

    def load(self, document: Document) -> ImportResult:
        """The project as one software artifact."""
        result = ImportResult()
        reader = ProjectReader(document)
        project: dict[str, Any] = document.data["project"]
        name = project.get("name")
        if not isinstance(name, str) or not name.strip():
            result.problems.append(
                Problem(
                    document.path,
                    "project.name",
                    "project.name is required (PEP 621); no artifact imported",
                    reader.line("name"),
                )
            )
            return result
        if not _PROJECT_NAME.fullmatch(name.strip()):
            result.problems.append(
                Problem(
                    document.path,
                    "project.name",
                    f"project.name {name!r} is not a valid project name (PEP 508: letters, "
                    "digits, '.', '_' and '-', beginning and ending with a letter or digit); "
                    "no artifact imported",
                    reader.line("name"),
                )
            )
            return result
        for key in ("version", "description"):
            if key in project and not isinstance(project[key], str):
                reader.warn(
                    f"project.{key}",
                    f"project.{key} must be a string, got {project[key]!r}; ignored",
                    key,
                )
        raw_dynamic = project.get("dynamic")
        dynamic: list[Any] = raw_dynamic if isinstance(raw_dynamic, list) else []
        version = project.get("version") if isinstance(project.get("version"), str) else None
        license_expr, evidence, license_files = project_license(reader, project, dynamic)
        components = [self._source(reader, project)]
        if license_files:
            components.append(
                Component(
                    role=Role.LICENSE_TEXT,
                    name="license files",
                    availability=Availability.INCLUDED,
                    files=license_files,
                    evidence=[
                        reader.evidence(
                            "license-files",
                            f"{len(license_files)} license file(s)",
                            EvidenceKind.DETECTED,
                        )
                    ],
                )
            )
        build = document.data.get("build-system")
        if isinstance(build, dict):
            components.append(
                Component(
                    role=Role.BUILD_SCRIPTS,
                    name="build-system",
                    availability=Availability.INCLUDED,
                    location=os.path.basename(document.path),
                    evidence=[
                        Evidence(
                            source=document.path,
                            locator="build-system",
                            line=toml_line(document.text, "build-system", "build-backend"),
                            kind=EvidenceKind.DECLARED,
                            note=f"build backend {build.get('build-backend', 'unstated')}",
                        )
                    ],
                    extra={str(k): v for k, v in build.items()},
                )
            )
        extra: dict[str, Any] = {k: v for k, v in project.items() if k not in _MAPPED}
        if isinstance(project.get("authors"), list):
            extra["authors"] = project["authors"]
        if isinstance(project.get("urls"), dict):
            extra["urls"] = project["urls"]  # every link (the artifact's url is one of them)
        tools = document.data.get("tool")
        if isinstance(tools, dict) and tools:
            extra["tool_tables"] = sorted(str(k) for k in tools)
        for key in document.data:
            if key not in ("project", "build-system", "tool", "dependency-groups"):
                reader.warn(key, f"[{key}] is not a pyproject.toml table; ignored")
        if "dependency-groups" in document.data:
            extra["dependency-groups"] = document.data["dependency-groups"]
        purl_name = _normal_name(name)
        artifact = Artifact(
            id=f"pkg:pypi/{purl_name}",
            kind=ArtifactKind.SOFTWARE,
            name=name,
            version=version,
            description=project.get("description")
            if isinstance(project.get("description"), str)
            else None,
            license=license_expr,
            supplier=self._supplier(project),
            url=self._url(project, ("homepage", "documentation", "source", "repository")),
            purl=f"pkg:pypi/{purl_name}" + (f"@{version}" if version else ""),
            components=components,
            evidence=evidence,
            extra=extra,
        )
        result.problems.extend(reader.problems)
        result.artifacts.append(artifact)
        result.origins.append(Origin(document, ("project",)))
        return result

    @staticmethod
    def _supplier(project: Mapping[str, Any]) -> str | None:
        for key in ("maintainers", "authors"):
            people = project.get(key)
            if isinstance(people, list):
                for person in people:
                    if isinstance(person, dict) and isinstance(person.get("name"), str):
                        return str(person["name"])
        return None

    @staticmethod
    def _url(project: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
        urls = project.get("urls")
        if not isinstance(urls, dict):
            return None
        lowered = {str(k).lower(): v for k, v in urls.items() if isinstance(v, str)}
        for key in keys:
            if key in lowered:
                return lowered[key]
        return None

    def _source(self, reader: ProjectReader, project: Mapping[str, Any]) -> Component:
        location = self._url(project, _SOURCE_URL_KEYS)
        return Component(
            role=Role.SOURCE_CODE,
            name=f"{project.get('name')} source",
            availability=Availability.INCLUDED,
            location=location or ".",
            evidence=[
                Evidence(
                    source=reader.document.path,
                    kind=EvidenceKind.DETECTED,
                    note="the project's source tree (where pyproject.toml lies)"
                    + (f"; published at {location}" if location else ""),
                )
            ],
        )
