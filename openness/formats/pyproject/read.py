"""``pyproject.toml`` (PEP 621 project metadata): the project as a software artifact.

The license comes from, in this order: a PEP 639 SPDX expression (``license = "MIT"``), a
legacy table (``license = {text = "..."}`` through the license normaliser, or
``license = {file = "LICENSE"}``), then the ``License ::`` trove classifiers (through the
normaliser). ``license-files`` (PEP 639) and a legacy license file become a license-text
component with sha256 digests; the project's source is a source-code component. See
docs/importers/pyproject.md.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
from collections.abc import Mapping
from typing import Any

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.importer import ImportResult, Origin
from openness.licenses.normalize import normalize
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    DigestAlgorithm,
    Evidence,
    EvidenceKind,
    FileRef,
    InvalidLicenseExpression,
    LicenseExpression,
    Role,
)

__all__ = ["PyprojectImporter", "classifier_license"]

_NAME_SEPARATORS = re.compile(r"[-_.]+")
_MAX_LICENSE_FILE = 1 << 20
_SOURCE_URL_KEYS = ("source", "repository", "source code", "code", "github", "homepage")
_MAPPED = frozenset(
    {"name", "version", "description", "license", "license-files", "urls", "authors"}
)


def _normal_name(name: str) -> str:
    """PEP 503 normalised project name (the purl name)."""
    return _NAME_SEPARATORS.sub("-", name).lower()


def classifier_license(classifier: str) -> tuple[str | None, str]:
    """The license id a ``License ::`` trove classifier names (None when it names none
    precisely), with a sentence saying how it was read."""
    parts = [p.strip() for p in classifier.split("::")]
    if len(parts) < 2 or parts[0] != "License":
        return None, f"{classifier!r} is not a license classifier"
    name = parts[-1]
    if name in ("OSI Approved", "Other/Proprietary License", "Freely Distributable", "Freeware"):
        return None, f"{classifier!r} names no particular license"
    result = normalize(name)
    if result.confident:
        return result.license_id, f"classifier {classifier!r}: {result.describe()}"
    return None, f"classifier {classifier!r}: {result.describe()}"


def _line(text: str, table: str, key: str) -> int | None:
    """The line of ``key`` in ``[table]`` (TOML documents carry no node tree)."""
    current = None
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$", line)
        if header:
            current = header.group(1).strip()
            continue
        if current == table and pattern.match(line):
            return number
    return None


def _sha256(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


class _Reader:
    """One pyproject.toml being read: problems and evidence with lines."""

    def __init__(self, document: Document):
        self.document = document
        self.root = os.path.dirname(os.path.abspath(document.path))
        self.problems: list[Problem] = []

    def line(self, key: str, table: str = "project") -> int | None:
        return _line(self.document.text, table, key)

    def warn(self, path: str, message: str, key: str | None = None) -> None:
        line = self.line(key) if key else None
        self.problems.append(Problem(self.document.path, path, message, line, Severity.WARNING))

    def evidence(self, key: str, note: str, kind: EvidenceKind = EvidenceKind.DECLARED) -> Evidence:
        return Evidence(
            source=self.document.path,
            locator=f"project.{key}",
            line=self.line(key),
            kind=kind,
            note=note,
        )

    def files(self, patterns: list[str]) -> list[FileRef]:
        found: dict[str, FileRef] = {}
        for pattern in patterns:
            if os.path.isabs(pattern) or ".." in pattern.split("/"):
                self.warn(
                    "project.license-files",
                    f"{pattern!r} must be a relative path inside the project; ignored",
                    "license-files",
                )
                continue
            matches = sorted(glob.glob(os.path.join(self.root, pattern), recursive=True))
            matches = [m for m in matches if os.path.isfile(m)]
            if not matches:
                self.warn(
                    "project.license-files",
                    f"license file pattern {pattern!r} matches no file",
                    "license-files",
                )
            for match in matches:
                rel = os.path.relpath(match, self.root).replace(os.sep, "/")
                digest = _sha256(match)
                found[rel] = FileRef(
                    path=rel,
                    size=os.path.getsize(match),
                    digests={DigestAlgorithm.SHA256: digest} if digest else {},
                )
        return [found[k] for k in sorted(found)]


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
        reader = _Reader(document)
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
        license_expr, evidence, license_files = self._license(reader, project, dynamic)
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
                            line=_line(document.text, "build-system", "build-backend"),
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

    def _source(self, reader: _Reader, project: Mapping[str, Any]) -> Component:
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

    def _license(
        self, reader: _Reader, project: Mapping[str, Any], dynamic: list[Any]
    ) -> tuple[LicenseExpression | None, list[Evidence], list[FileRef]]:
        evidence: list[Evidence] = []
        files: list[FileRef] = []
        raw = project.get("license-files")
        if isinstance(raw, list) and all(isinstance(p, str) for p in raw):
            files = reader.files([str(p) for p in raw])
        elif raw is not None:
            reader.warn(
                "project.license-files",
                "license-files must be a list of glob patterns (PEP 639); ignored",
                "license-files",
            )
        found: LicenseExpression | None = None
        value = project.get("license")
        if isinstance(value, str):
            found = self._expression(reader, value, evidence)
        elif isinstance(value, dict):
            found = self._legacy(reader, value, evidence, files)
        elif value is not None:
            reader.warn(
                "project.license",
                f"license must be an SPDX expression string (PEP 639), got {type(value).__name__}",
                "license",
            )
        elif "license" in dynamic:
            reader.warn(
                "project.license",
                "license is dynamic (set by the build backend): unknown here",
                "dynamic",
            )
        from_classifiers = self._classifiers(reader, project, evidence)
        if found is None:
            return from_classifiers, evidence, files
        if from_classifiers is not None and from_classifiers != found:
            reader.warn(
                "project.classifiers",
                f"the license classifiers say {from_classifiers}, the license field says "
                f"{found}; the license field is used (PEP 639 deprecates license classifiers)",
                "classifiers",
            )
        return found, evidence, files

    @staticmethod
    def _expression(
        reader: _Reader, value: str, evidence: list[Evidence]
    ) -> LicenseExpression | None:
        evidence.append(reader.evidence("license", f"license = {value!r} (PEP 639)"))
        try:
            return LicenseExpression.of(value)
        except InvalidLicenseExpression as exc:
            result = normalize(value)
            if result.confident and result.license_id is not None:
                reader.warn(
                    "project.license",
                    f"{value!r} is not an SPDX expression ({exc.detail}); {result.describe()}",
                    "license",
                )
                evidence.append(
                    reader.evidence("license", result.describe(), EvidenceKind.NORMALISED)
                )
                return LicenseExpression.of(result.license_id)
            reader.warn(
                "project.license",
                f"{value!r} is not an SPDX expression ({exc.detail}) and {result.describe()}; "
                "the license is unknown",
                "license",
            )
            return None

    @staticmethod
    def _legacy(
        reader: _Reader, value: Mapping[str, Any], evidence: list[Evidence], files: list[FileRef]
    ) -> LicenseExpression | None:
        text = value.get("text")
        file = value.get("file")
        if isinstance(file, str):
            refs = reader.files([file])
            for ref in refs:
                if ref.path not in {f.path for f in files}:
                    files.append(ref)
            evidence.append(
                reader.evidence(
                    "license",
                    f"license = {{file = {file!r}}} (legacy): the text is in that file; it is "
                    "recorded, not scanned",
                )
            )
        if not isinstance(text, str):
            if file is None:
                reader.warn(
                    "project.license",
                    "a license table needs text or file (PEP 621); ignored",
                    "license",
                )
            return None
        first = text.strip()
        evidence.append(reader.evidence("license", f"license = {{text = {first[:80]!r}}} (legacy)"))
        result = normalize(first)
        if result.confident and result.license_id is not None:
            evidence.append(reader.evidence("license", result.describe(), EvidenceKind.NORMALISED))
            return LicenseExpression.of(result.license_id)
        reader.warn(
            "project.license",
            f"license text: {result.describe()}; the license is unknown (write a PEP 639 "
            'expression: license = "MIT")',
            "license",
        )
        return None

    @staticmethod
    def _classifiers(
        reader: _Reader, project: Mapping[str, Any], evidence: list[Evidence]
    ) -> LicenseExpression | None:
        classifiers = project.get("classifiers")
        if not isinstance(classifiers, list):
            return None
        ids: list[str] = []
        for classifier in classifiers:
            if not isinstance(classifier, str) or not classifier.startswith("License ::"):
                continue
            lic_id, how = classifier_license(classifier)
            evidence.append(
                reader.evidence(
                    "classifiers",
                    how,
                    EvidenceKind.NORMALISED if lic_id else EvidenceKind.DECLARED,
                )
            )
            if lic_id is None:
                if "no particular license" not in how:
                    reader.warn("project.classifiers", how, "classifiers")
                continue
            if lic_id not in ids:
                ids.append(lic_id)
        if len(ids) == 1:
            return LicenseExpression.of(ids[0])
        if len(ids) > 1:
            reader.warn(
                "project.classifiers",
                f"several license classifiers ({', '.join(ids)}): whether all apply or one may "
                "be chosen is not said; the license is unknown (write a PEP 639 expression)",
                "classifiers",
            )
        return None
