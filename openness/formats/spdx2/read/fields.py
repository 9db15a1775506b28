"""The fields of SPDX 2.3 JSON and YAML documents (spdx-schema.json), by where they are:
spdx-tools reads no other field, so any other is reported rather than silently lost."""

from __future__ import annotations

from typing import Any

from openness.documents import Document
from openness.errors import Problem, Severity

__all__ = ["unknown_fields"]


#: The fields of SPDX 2.3 JSON and YAML documents (spdx-schema.json), by where they are. What
#: else a document holds is reported: spdx-tools reads no other field, so it would be lost.
_FIELDS: dict[str, frozenset[str]] = {
    "document": frozenset(
        {
            "$schema", "SPDXID", "annotations", "comment", "creationInfo", "dataLicense",
            "documentDescribes", "documentNamespace", "externalDocumentRefs", "files",
            "hasExtractedLicensingInfos", "name", "packages", "relationships", "revieweds",
            "snippets", "spdxVersion",
        }
    ),
    "creationInfo": frozenset({"comment", "created", "creators", "licenseListVersion"}),
    "packages": frozenset(
        {
            "SPDXID", "annotations", "attributionTexts", "builtDate", "checksums", "comment",
            "copyrightText", "description", "downloadLocation", "externalRefs", "filesAnalyzed",
            "hasFiles", "homepage", "licenseComments", "licenseConcluded", "licenseDeclared",
            "licenseInfoFromFiles", "name", "originator", "packageFileName",
            "packageVerificationCode", "primaryPackagePurpose", "releaseDate", "sourceInfo",
            "summary", "supplier", "validUntilDate", "versionInfo",
        }
    ),
    "files": frozenset(
        {
            "SPDXID", "annotations", "artifactOfs", "attributionTexts", "checksums", "comment",
            "copyrightText", "fileContributors", "fileDependencies", "fileName", "fileTypes",
            "licenseComments", "licenseConcluded", "licenseInfoInFiles", "noticeText",
        }
    ),
    "snippets": frozenset(
        {
            "SPDXID", "annotations", "attributionTexts", "comment", "copyrightText",
            "licenseComments", "licenseConcluded", "licenseInfoInSnippets", "name", "ranges",
            "snippetFromFile",
        }
    ),
    "relationships": frozenset(
        {"comment", "relatedSpdxElement", "relationshipType", "spdxElementId"}
    ),
}  # fmt: skip


def unknown_fields(document: Document, data: dict[str, Any]) -> list[Problem]:
    """A warning for each field that is not SPDX 2.3 (at the document, its creation info, and
    each package, file, snippet and relationship), naming it: spdx-tools does not read it."""
    problems: list[Problem] = []

    def check(item: Any, allowed: frozenset[str], path: tuple[str | int, ...]) -> None:
        if not isinstance(item, dict):
            return
        for key in item:
            if key not in allowed:
                problems.append(
                    document.problem(
                        (*path, str(key)),
                        f"unknown field {key!r} (not SPDX 2.3): it is not read, so what it "
                        "holds is not imported",
                        severity=Severity.WARNING,
                    )
                )

    check(data, _FIELDS["document"], ())
    check(data.get("creationInfo"), _FIELDS["creationInfo"], ("creationInfo",))
    for name in ("packages", "files", "snippets", "relationships"):
        items = data.get(name)
        for index, item in enumerate(items if isinstance(items, list) else []):
            check(item, _FIELDS[name], (name, index))
    return problems
