"""The license of a project: a PEP 639 SPDX expression, a legacy ``license`` table (text or
file), or the ``License ::`` trove classifiers, in that order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openness.formats.pyproject.project import ProjectReader
from openness.licenses.normalize import normalize
from openness.model import (
    Evidence,
    EvidenceKind,
    FileRef,
    InvalidLicenseExpression,
    LicenseExpression,
)

__all__ = ["classifier_license", "project_license"]


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


def project_license(
    reader: ProjectReader, project: Mapping[str, Any], dynamic: list[Any]
) -> tuple[LicenseExpression | None, list[Evidence], list[FileRef]]:
    """The project's license with its evidence, and the license files its patterns name."""
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
        found = _expression(reader, value, evidence)
    elif isinstance(value, dict):
        found = _legacy(reader, value, evidence, files)
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
    from_classifiers = _classifiers(reader, project, evidence)
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


def _expression(
    reader: ProjectReader, value: str, evidence: list[Evidence]
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
            evidence.append(reader.evidence("license", result.describe(), EvidenceKind.NORMALISED))
            return LicenseExpression.of(result.license_id)
        reader.warn(
            "project.license",
            f"{value!r} is not an SPDX expression ({exc.detail}) and {result.describe()}; "
            "the license is unknown",
            "license",
        )
        return None


def _legacy(
    reader: ProjectReader, value: Mapping[str, Any], evidence: list[Evidence], files: list[FileRef]
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


def _classifiers(
    reader: ProjectReader, project: Mapping[str, Any], evidence: list[Evidence]
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
