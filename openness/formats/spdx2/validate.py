"""Validating an SPDX 2.2 / 2.3 document in linear time, with spdx-tools' own validators.

Why not ``validate_full_spdx_document``? spdx-tools 0.8.5 checks that each SPDXID a relationship
or annotation refers to exists by rebuilding the list of every id in the document for each
reference (``is_spdx_id_present_in_document``), and checks each package with
``files_analyzed: false`` by filtering every relationship of the document. Both make it
quadratic: 62 s for a document of 10,000 packages, minutes for larger ones.

:func:`validate_document` runs the same per-element validators (``validate_creation_info``,
``validate_package``, ``validate_file``, ``validate_snippet``, ``validate_actor``,
``validate_spdx_id`` for the form of ids, ``validate_license_expression``,
``validate_extracted_licensing_infos``) and does the document-wide checks with sets and
dictionaries, in one pass each:

- every SPDXID is unique;
- every element a relationship, annotation or snippet refers to exists (or is ``NONE`` /
  ``NOASSERTION`` where the specification allows, or lives in an external document the
  document declares);
- a package with ``filesAnalyzed: false`` contains no files;
- the document describes something unless it holds a single package;
- every ``LicenseRef-`` a license expression uses is defined by an extracted licensing info
  (spdx-tools skips this for the ScanCode LicenseRefs its license list happens to know).

License expressions are validated once per distinct expression. The messages are
spdx-tools' :class:`ValidationMessage` with the same texts and contexts as the full
validation, so callers can treat the two alike.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.relationship import RelationshipType
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone
from spdx_tools.spdx.validation.actor_validator import validate_actor
from spdx_tools.spdx.validation.creation_info_validator import validate_creation_info
from spdx_tools.spdx.validation.extracted_licensing_info_validator import (
    validate_extracted_licensing_infos,
)
from spdx_tools.spdx.validation.file_validator import validate_file
from spdx_tools.spdx.validation.license_expression_validator import validate_license_expression
from spdx_tools.spdx.validation.package_validator import validate_package
from spdx_tools.spdx.validation.snippet_validator import validate_snippet
from spdx_tools.spdx.validation.spdx_id_validators import validate_spdx_id
from spdx_tools.spdx.validation.validation_message import (
    SpdxElementType,
    ValidationContext,
    ValidationMessage,
)

__all__ = ["SUPPORTED_VERSIONS", "validate_document"]

SUPPORTED_VERSIONS = ("SPDX-2.2", "SPDX-2.3")
_LOCAL_REF = re.compile(r"(?<![\w.:-])LicenseRef-[A-Za-z0-9.\-]+")
_SPECIAL = (SpdxNone(), SpdxNoAssertion())
_DOCUMENT_BOUND_TYPES = {
    RelationshipType.SPECIFICATION_FOR,
    RelationshipType.REQUIREMENT_DESCRIPTION_FOR,
}


class _Checker:
    """The document-wide indexes, built once."""

    def __init__(self, document: Document, version: str):
        self.document = document
        self.version = version
        creation = document.creation_info
        self.ids: set[str] = {creation.spdx_id}
        self.ids.update(p.spdx_id for p in document.packages)
        self.ids.update(f.spdx_id for f in document.files)
        self.ids.update(s.spdx_id for s in document.snippets)
        self.file_ids = {f.spdx_id for f in document.files}
        self.external = {r.document_ref_id for r in creation.external_document_refs}
        self.defined_refs = {e.license_id for e in document.extracted_licensing_info}
        self._licenses: dict[str, list[str]] = {}

    def id_messages(self, spdx_id: str, must_exist: bool, files_only: bool = False) -> list[str]:
        """spdx-tools' form checks, then existence by set lookup."""
        messages: list[str] = validate_spdx_id(spdx_id, self.document)
        if ":" in spdx_id:
            return messages  # an external reference: validate_spdx_id checked its document
        if files_only and spdx_id not in self.file_ids:
            messages.append(
                f'did not find the referenced spdx_id "{spdx_id}" in the SPDX document\'s files'
            )
        elif must_exist and spdx_id not in self.ids:
            messages.append(f'did not find the referenced spdx_id "{spdx_id}" in the SPDX document')
        return messages

    def license_messages(self, expression: Any, parent_id: str) -> list[ValidationMessage]:
        if expression is None or expression in _SPECIAL:
            return []
        text = str(expression)
        texts = self._licenses.get(text)
        if texts is None:
            found = validate_license_expression(expression, self.document, parent_id)
            texts = [m.validation_message for m in found]
            texts.extend(
                f"{ref} is used in the license expression {text!r} but not defined: add an "
                "extracted licensing info (hasExtractedLicensingInfos) with this licenseId"
                for ref in dict.fromkeys(_LOCAL_REF.findall(text))
                if ref not in self.defined_refs
            )
            self._licenses[text] = texts
        if not texts:
            return []
        context = ValidationContext(
            parent_id=parent_id,
            element_type=SpdxElementType.LICENSE_EXPRESSION,
            full_element=expression,
        )
        return [ValidationMessage(t, context) for t in texts]

    def licenses(self, expressions: Iterable[Any], parent_id: str) -> list[ValidationMessage]:
        out: list[ValidationMessage] = []
        for expression in expressions:
            out.extend(self.license_messages(expression, parent_id))
        return out


def _version_messages(document: Document, spdx_version: str | None) -> list[ValidationMessage]:
    version = document.creation_info.spdx_version
    context = ValidationContext(
        spdx_id=document.creation_info.spdx_id, element_type=SpdxElementType.DOCUMENT
    )
    messages = []
    if version not in SUPPORTED_VERSIONS:
        messages.append(
            ValidationMessage(
                'only SPDX versions "SPDX-2.2" and "SPDX-2.3" are supported, but the document\'s '
                f"spdx_version is: {version}",
                context,
            )
        )
    elif spdx_version and spdx_version != version:
        messages.append(
            ValidationMessage(
                f"provided SPDX version {spdx_version} does not match the document's SPDX "
                f"version {version}",
                context,
            )
        )
    if messages:
        messages.append(
            ValidationMessage(
                "There are issues concerning the SPDX version of the document. As subsequent "
                "validation relies on the correct version, the validation process has been "
                "cancelled.",
                context,
            )
        )
    return messages


def validate_document(
    document: Document, spdx_version: str | None = None
) -> list[ValidationMessage]:
    """Every problem spdx-tools' full validation finds (and undefined LicenseRefs), in time
    linear in the size of the document."""
    messages = _version_messages(document, spdx_version)
    if messages:
        return messages
    version = document.creation_info.spdx_version
    check = _Checker(document, version)
    doc_id = document.creation_info.spdx_id
    messages.extend(validate_creation_info(document.creation_info, version))

    files_in: dict[str, list[Any]] = defaultdict(list)
    for relationship in document.relationships:
        kind = relationship.relationship_type
        if kind is RelationshipType.CONTAINS and relationship.related_spdx_element_id in (
            check.file_ids
        ):
            files_in[relationship.spdx_element_id].append(relationship)
        elif kind is RelationshipType.CONTAINED_BY and relationship.spdx_element_id in (
            check.file_ids
        ):
            files_in[str(relationship.related_spdx_element_id)].append(relationship)

    for package in document.packages:
        context = ValidationContext(
            spdx_id=package.spdx_id,
            parent_id=doc_id,
            element_type=SpdxElementType.PACKAGE,
            full_element=package,
        )
        for text in check.id_messages(package.spdx_id, must_exist=False):
            messages.append(ValidationMessage(text, context))
        if not package.files_analyzed and package.spdx_id in files_in:
            messages.append(
                ValidationMessage(
                    "package must contain no elements if files_analyzed is False, but found "
                    f"{files_in[package.spdx_id]}",
                    context,
                )
            )
        messages.extend(check.license_messages(package.license_concluded, package.spdx_id))
        if package.license_info_from_files:
            if not package.files_analyzed:
                messages.append(
                    ValidationMessage(
                        "license_info_from_files must be None if files_analyzed is False, but "
                        f"is: {package.license_info_from_files}",
                        context,
                    )
                )
            else:
                messages.extend(check.licenses(package.license_info_from_files, package.spdx_id))
        messages.extend(check.license_messages(package.license_declared, package.spdx_id))
        messages.extend(validate_package(package, version, context))

    for file in document.files:
        context = ValidationContext(
            spdx_id=file.spdx_id,
            parent_id=doc_id,
            element_type=SpdxElementType.FILE,
            full_element=file,
        )
        for text in check.id_messages(file.spdx_id, must_exist=False):
            messages.append(ValidationMessage(text, context))
        messages.extend(check.license_messages(file.license_concluded, file.spdx_id))
        messages.extend(check.licenses(file.license_info_in_file, file.spdx_id))
        messages.extend(validate_file(file, version, context))

    for snippet in document.snippets:
        context = ValidationContext(
            spdx_id=snippet.spdx_id,
            parent_id=doc_id,
            element_type=SpdxElementType.SNIPPET,
            full_element=snippet,
        )
        for text in check.id_messages(snippet.spdx_id, must_exist=False):
            messages.append(ValidationMessage(text, context))
        for text in check.id_messages(snippet.file_spdx_id, must_exist=True, files_only=True):
            messages.append(ValidationMessage(text, context))
        messages.extend(check.license_messages(snippet.license_concluded, snippet.spdx_id))
        messages.extend(check.licenses(snippet.license_info_in_snippet, snippet.spdx_id))
        messages.extend(validate_snippet(snippet, version, context))

    for annotation in document.annotations:
        context = ValidationContext(
            element_type=SpdxElementType.ANNOTATION, full_element=annotation
        )
        messages.extend(validate_actor(annotation.annotator, "annotation"))
        for text in check.id_messages(annotation.spdx_id, must_exist=True):
            messages.append(ValidationMessage(text, context))

    describes = False
    for relationship in document.relationships:
        context = ValidationContext(
            element_type=SpdxElementType.RELATIONSHIP, full_element=relationship
        )
        kind = relationship.relationship_type
        for text in check.id_messages(relationship.spdx_element_id, must_exist=True):
            messages.append(ValidationMessage(text, context))
        related = relationship.related_spdx_element_id
        if related not in _SPECIAL:
            for text in check.id_messages(str(related), must_exist=True):
                messages.append(ValidationMessage(text, context))
        if version == "SPDX-2.2" and kind in _DOCUMENT_BOUND_TYPES:
            messages.append(ValidationMessage(f"{kind} is not supported in SPDX-2.2", context))
        if (kind is RelationshipType.DESCRIBES and relationship.spdx_element_id == doc_id) or (
            kind is RelationshipType.DESCRIBED_BY and related == doc_id
        ):
            describes = True

    messages.extend(validate_extracted_licensing_infos(document.extracted_licensing_info))

    single = len(document.packages) == 1 and not document.files and not document.snippets
    context = ValidationContext(spdx_id=doc_id, element_type=SpdxElementType.DOCUMENT)
    if not single and not describes:
        messages.append(
            ValidationMessage(
                f'there must be at least one relationship "{doc_id} DESCRIBES ..." or "... '
                f'DESCRIBED_BY {doc_id}" when there is not only a single package present',
                context,
            )
        )

    seen: set[str] = set()
    duplicates: set[str] = set()
    for spdx_id in _all_ids(document):
        if spdx_id in seen:
            duplicates.add(spdx_id)
        seen.add(spdx_id)
    if duplicates:
        messages.append(
            ValidationMessage(
                "every spdx_id must be unique within the document, but found the following "
                f"duplicates: {sorted(duplicates)}",
                context,
            )
        )
    return messages


def _all_ids(document: Document) -> Iterable[str]:
    yield document.creation_info.spdx_id
    for file in document.files:
        yield file.spdx_id
    for package in document.packages:
        yield package.spdx_id
    for snippet in document.snippets:
        yield snippet.spdx_id
