"""Model Openness Tool (MOT) model files: the YAML that github.com/lfai/model_openness_tool keeps
in ``models/`` (``framework: {name: Model Openness Framework, ...}`` and ``release: {...}``).

One file is one model release. Its fields map onto the model as follows:

- ``release.name``, ``version``, ``producer`` (supplier), ``repository`` (url), ``huggingface``
  (a ``pkg:huggingface`` purl where the URL names a repository), ``architecture``
  (``facts.type_of_model``) and ``type`` (``facts.domain``); everything else (``date``,
  ``origin``, ``contact``, ``treatment``, the ``framework`` block, unknown keys) goes to
  ``Artifact.extra``.
- ``release.license.distribution`` becomes the artifact's own license and ``code``, ``data``
  and ``document`` its release-wide licenses per content type, which components stating no
  license inherit (the inheritance is the policy's business, not the importer's).
- each component, by its MOT name, becomes a :class:`Component` of the matching role, listed
  as included; ``component_path`` is its location, ``license_path`` evidence for its license.

MOT license names are free text compared as exact strings. They are read with the project's
normaliser (:func:`openness.licenses.normalize.normalize`): SPDX as written, or rewritten where
the normaliser is confident (``Apache 2.0`` is ``Apache-2.0``; recorded as evidence of kind
``normalised``, with a warning), and otherwise kept as ``LicenseRef-MOT-<name>`` with a
warning that lists what the name could mean: their freedom is unknown. ``unlicensed`` (MOT:
included without a license) is ``NONE``; ``License not specified`` is ``NOASSERTION``;
``Component not included`` marks the component not released.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.importer import ImportResult, Origin
from openness.formats.manifest.read import pydantic_problems
from openness.formats.mot.licenses import LicenseReading, read_license_name
from openness.formats.mot.vocab import (
    COMPONENT_FIELDS,
    EXTRA_KEYS,
    FRAMEWORK_NAME,
    MOT_COMPONENTS,
    NAME_OF,
    RELEASE_FIELDS,
    RELEASE_LICENSE_KINDS,
    ROLE_BY_FOLDED_NAME,
)
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    ContentType,
    Evidence,
    EvidenceKind,
    Facts,
    LicenseExpression,
    Role,
)

__all__ = [
    "FRAMEWORK_NAME",
    "MOT_COMPONENTS",
    "LicenseReading",
    "MotImporter",
    "artifact_id",
    "read_license_name",
]


_SLUG = re.compile(r"[^A-Za-z0-9._+]+")


def _slug(text: str) -> str:
    """Runs of characters other than letters, digits, '.', '_' and '+' become one '-'."""
    return _SLUG.sub("-", text.strip()).strip("-")


def artifact_id(name: str, producer: str | None, version: str | None) -> str:
    """The stable id of a MOT release: ``mot:<producer>/<name>@<version>`` (slugs)."""
    head = f"{_slug(producer)}/{_slug(name)}" if producer and _slug(producer) else _slug(name)
    tail = f"@{_slug(version)}" if version and _slug(version) else ""
    return f"mot:{head or 'unnamed'}{tail}"


def _huggingface_purl(url: str) -> str | None:
    parsed = urlparse(url.strip())
    if parsed.hostname not in ("huggingface.co", "www.huggingface.co"):
        return None
    parts = [p for p in parsed.path.split("/") if p]
    if len(parts) != 2 or parts[0] in ("datasets", "spaces"):
        return None
    return f"pkg:huggingface/{parts[0]}/{parts[1]}"


def _plain(value: Any) -> Any:
    """YAML scalars as JSON-ready values (dates become ISO strings)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Reader:
    """Reads one MOT document, collecting problems."""

    def __init__(self, document: Document):
        self.doc = document
        self.problems: list[Problem] = []

    def warn(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(self.doc.problem(path, message, severity=Severity.WARNING))

    def error(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def evidence(
        self,
        path: tuple[str | int, ...],
        note: str | None = None,
        kind: EvidenceKind = EvidenceKind.DECLARED,
    ) -> Evidence:
        from openness.errors import format_path

        return Evidence(
            source=self.doc.path,
            locator=format_path(path),
            line=self.doc.line_of(path),
            kind=kind,
            note=note,
        )

    def text(self, value: Any, path: tuple[str | int, ...]) -> str | None:
        """A scalar as text (None for null or empty); a warning for anything else."""
        if value is None:
            return None
        if isinstance(value, bool | Mapping | list):
            self.warn(path, f"expected text, got {type(value).__name__} {value!r}; ignored")
            return None
        text = str(_plain(value)).strip()
        return text or None

    def license(
        self, raw: Any, path: tuple[str | int, ...], extra: dict[str, Any]
    ) -> tuple[LicenseExpression | None, Availability | None, list[Evidence]]:
        """Read a license name at ``path``: the expression, availability and evidence."""
        if raw is None:
            return None, None, []
        if not isinstance(raw, str | int | float):
            self.warn(path, f"a license name must be text, got {type(raw).__name__}; ignored")
            return None, None, []
        reading = read_license_name(str(raw))
        evidence = [self.evidence(path, f"license: {raw!r}")]
        if reading.how == "normalised":
            evidence.append(self.evidence(path, reading.note, EvidenceKind.NORMALISED))
            self.warn(
                path,
                f"{reading.note}; write the SPDX id {str(reading.expression)!r} in the file",
            )
        elif reading.how == "free-text":
            self.warn(
                path,
                f"{reading.note}; use an SPDX id (https://spdx.org/licenses/) where one exists",
            )
        elif reading.how in ("none", "noassertion", "not-included"):
            evidence.append(self.evidence(path, reading.note, EvidenceKind.NORMALISED))
        if reading.how != "spdx":
            extra["mot_license"] = str(raw)
        return reading.expression, reading.availability, evidence


class MotImporter:
    """Reads Model Openness Tool model files (YAML with ``framework`` and ``release``)."""

    name = "mot"
    description = "Model Openness Tool model file (YAML with 'framework' and 'release')"

    def detect(self, document: Document) -> bool:
        """A mapping whose ``framework.name`` is "Model Openness Framework" with a ``release``."""
        data = document.data
        if not isinstance(data, Mapping) or "release" not in data:
            return False
        framework = data.get("framework")
        return isinstance(framework, Mapping) and framework.get("name") == FRAMEWORK_NAME

    def load(self, document: Document) -> ImportResult:
        """Map the release onto one model artifact; never raises for bad content."""
        reader = _Reader(document)
        result = ImportResult(problems=reader.problems)
        artifact = self._artifact(reader, document.data)
        if artifact is not None:
            result.artifacts.append(artifact)
            result.origins.append(Origin(document, ("release",)))
        return result

    def _artifact(self, r: _Reader, data: Mapping[str, Any]) -> Artifact | None:
        release = data.get("release")
        if not isinstance(release, Mapping):
            r.error(("release",), "'release' must be a mapping with name, producer, components")
            return None
        name = r.text(release.get("name"), ("release", "name"))
        if name is None:
            r.error(("release", "name"), "required field 'name' is missing or empty")
            return None
        producer = r.text(release.get("producer"), ("release", "producer"))
        version = r.text(release.get("version"), ("release", "version"))
        extra: dict[str, Any] = {}
        framework = data.get("framework")
        if isinstance(framework, Mapping):
            extra["framework"] = _plain(framework)
            fw_version = str(_plain(framework.get("version", "")))
            if fw_version != "1.0":
                r.warn(
                    ("framework", "version"),
                    f"framework version {fw_version!r}; this importer knows MOF 1.0",
                )
        # Unknown fields are kept flat, unless the name is taken (by a key the importer writes,
        # or a top-level field of the same name): then under "document" or "release".
        for key, value in data.items():
            if key not in ("framework", "release"):
                if str(key) in EXTRA_KEYS:
                    extra.setdefault("document", {})[str(key)] = _plain(value)
                else:
                    extra[str(key)] = _plain(value)
        for key, value in release.items():
            if key not in RELEASE_FIELDS and value not in (None, "", [], {}):
                if str(key) in EXTRA_KEYS or str(key) in extra:
                    extra.setdefault("release", {})[str(key)] = _plain(value)
                else:
                    extra[str(key)] = _plain(value)
        url = r.text(release.get("repository"), ("release", "repository"))
        hf = r.text(release.get("huggingface"), ("release", "huggingface"))
        if hf is not None:
            extra["huggingface"] = hf
        architecture = r.text(release.get("architecture"), ("release", "architecture"))
        domain = r.text(release.get("type"), ("release", "type"))
        facts = (
            Facts(type_of_model=architecture, domain=[domain] if domain else [])
            if architecture or domain
            else None
        )
        license_, release_licenses, evidence = self._release_licenses(r, release, extra)
        components = self._components(r, release.get("components"), extra)
        fields: dict[str, Any] = {
            "id": artifact_id(name, producer, version),
            "kind": ArtifactKind.MODEL,
            "name": name,
            "version": version,
            "license": license_,
            "release_licenses": release_licenses,
            "supplier": producer,
            "url": url or hf,
            "purl": _huggingface_purl(hf) if hf else None,
            "components": components,
            "evidence": [r.evidence(("release",), "Model Openness Tool model file"), *evidence],
            "extra": extra,
        }
        if facts is not None:
            fields["facts"] = facts
        try:
            return Artifact(**fields)
        except ValidationError as exc:  # pragma: no cover - every field is checked above
            r.problems.extend(pydantic_problems(r.doc, exc, Artifact, ("release",)))
            return None

    def _release_licenses(
        self, r: _Reader, release: Mapping[str, Any], extra: dict[str, Any]
    ) -> tuple[LicenseExpression | None, dict[ContentType, LicenseExpression], list[Evidence]]:
        raw = release.get("license")
        path: tuple[str | int, ...] = ("release", "license")
        if raw in (None, [], {}):
            return None, {}, []
        if not isinstance(raw, Mapping):
            r.warn(path, "expected a mapping of distribution/code/data/document; ignored")
            extra["license"] = _plain(raw)
            return None, {}, []
        distribution: LicenseExpression | None = None
        by_type: dict[ContentType, LicenseExpression] = {}
        evidence: list[Evidence] = []
        unknown: dict[str, Any] = {}
        for key, entry in raw.items():
            where = (*path, str(key))
            if key != "distribution" and key not in RELEASE_LICENSE_KINDS:
                unknown[str(key)] = _plain(entry)
                r.warn(
                    where,
                    f"unknown release license {key!r}: expected distribution, code, data or "
                    "document; kept in extra",
                )
                continue
            if entry is None:
                continue
            if not isinstance(entry, Mapping):
                r.warn(where, "expected a mapping with 'name' and 'path'; ignored")
                continue
            name = r.text(entry.get("name"), (*where, "name"))
            if name is None:
                continue
            notes: dict[str, Any] = {}
            expression, _, found = r.license(name, (*where, "name"), notes)
            evidence.extend(found)
            license_path = r.text(entry.get("path"), (*where, "path"))
            if license_path is not None:
                evidence.append(
                    Evidence(source=license_path, note=f"text of the release's {key} license")
                )
            if notes:
                extra.setdefault("mot_release_licenses", {})[str(key)] = notes["mot_license"]
            if expression is None:
                continue
            if key == "distribution":
                distribution = expression
            else:
                by_type[RELEASE_LICENSE_KINDS[str(key)]] = expression
        if unknown:
            extra["license"] = unknown
        return distribution, by_type, evidence

    def _components(self, r: _Reader, raw: Any, extra: dict[str, Any]) -> list[Component]:
        path: tuple[str | int, ...] = ("release", "components")
        if raw is None:
            r.warn(path, "no components are listed")
            return []
        if not isinstance(raw, list):
            r.error(path, f"'components' must be a list, got {type(raw).__name__}")
            return []
        by_role: dict[Role, Component] = {}
        unmapped: list[Any] = []
        for index, item in enumerate(raw):
            where = (*path, index)
            if not isinstance(item, Mapping):
                r.error(where, f"a component must be a mapping, got {type(item).__name__}")
                continue
            component = self._component(r, item, where)
            if component is None:
                unmapped.append(_plain(item))
                continue
            if component.role in by_role:
                r.warn(
                    (*where, "name"),
                    f"component {component.name!r} is listed twice; the last entry counts, "
                    "as in MOT (the earlier one is kept in extra)",
                )
                unmapped.append(by_role[component.role].model_dump(mode="json"))
                del by_role[component.role]
            by_role[component.role] = component
        if unmapped:
            extra["unmapped_components"] = unmapped
        return list(by_role.values())

    def _component(
        self, r: _Reader, item: Mapping[str, Any], where: tuple[str | int, ...]
    ) -> Component | None:
        name = r.text(item.get("name"), (*where, "name"))
        if name is None:
            r.error((*where, "name"), "required field 'name' is missing: name the MOF component")
            return None
        role = MOT_COMPONENTS.get(name) or ROLE_BY_FOLDED_NAME.get(
            re.sub(r"\s+", " ", name.lower())
        )
        if role is None:
            r.warn(
                (*where, "name"),
                f"unknown MOT component {name!r}; expected one of {', '.join(MOT_COMPONENTS)} "
                "(kept in extra)",
            )
            return None
        if name not in MOT_COMPONENTS:
            r.warn((*where, "name"), f"component name {name!r} read as {NAME_OF[role]!r}")
        extra: dict[str, Any] = {
            str(k): _plain(v)
            for k, v in item.items()
            if k not in COMPONENT_FIELDS and v not in (None, "")
        }
        expression, availability, evidence = r.license(
            item.get("license"), (*where, "license"), extra
        )
        license_path = r.text(item.get("license_path"), (*where, "license_path"))
        if license_path is not None:
            evidence.append(Evidence(source=license_path, note=f"text of the {name} license"))
        return Component(
            role=role,
            name=name,
            description=r.text(item.get("description"), (*where, "description")),
            availability=availability or Availability.INCLUDED,
            license=expression,
            location=r.text(item.get("component_path"), (*where, "component_path")),
            evidence=[r.evidence(where, f"MOT component {name!r}"), *evidence],
            extra=extra,
        )
