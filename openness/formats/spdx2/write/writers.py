"""Serialising a built document: JSON, YAML and tag-value through spdx-tools' writers.

The JSON and YAML writers are spdx-tools' own, given the linear converter
(:mod:`openness.formats.spdx2.converter`), with their validation and de-duplication turned off
(both are quadratic; :func:`openness.formats.spdx2.validate.validate_document` validates, and
the builder writes no duplicates). The tag-value document writer is spdx-tools' ``write_document``
with its list lookups replaced by sets; every element is written by spdx-tools' element writers.
RDF/XML is in :mod:`openness.formats.spdx2.write.rdf`.
"""

from __future__ import annotations

import io
from typing import TextIO

from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.snippet import Snippet
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.model.spdx_none import SpdxNone
from spdx_tools.spdx.writer.json import json_writer
from spdx_tools.spdx.writer.tagvalue.annotation_writer import write_annotation
from spdx_tools.spdx.writer.tagvalue.creation_info_writer import write_creation_info
from spdx_tools.spdx.writer.tagvalue.extracted_licensing_info_writer import (
    write_extracted_licensing_info,
)
from spdx_tools.spdx.writer.tagvalue.file_writer import write_file
from spdx_tools.spdx.writer.tagvalue.package_writer import write_package
from spdx_tools.spdx.writer.tagvalue.relationship_writer import write_relationship
from spdx_tools.spdx.writer.tagvalue.snippet_writer import write_snippet
from spdx_tools.spdx.writer.tagvalue.tagvalue_writer_helper_functions import (
    write_list_of_elements,
    write_optional_heading,
    write_separator,
)
from spdx_tools.spdx.writer.yaml import yaml_writer

from openness.formats.spdx2.converter import LinearDocumentConverter

__all__ = ["write_json", "write_tag_value", "write_yaml"]


def write_json(document: Document) -> bytes:
    """SPDX 2.3 JSON (indented by four spaces, as spdx-tools writes it)."""
    out = io.StringIO()
    json_writer.write_document_to_stream(
        document, out, validate=False, converter=LinearDocumentConverter(), drop_duplicates=False
    )
    out.write("\n")
    return out.getvalue().encode("utf-8")


def write_yaml(document: Document) -> bytes:
    """SPDX 2.3 YAML."""
    out = io.StringIO()
    yaml_writer.write_document_to_stream(
        document, out, validate=False, converter=LinearDocumentConverter(), drop_duplicates=False
    )
    return out.getvalue().encode("utf-8")


def write_tag_value(document: Document) -> bytes:
    """SPDX 2.3 tag-value."""
    out = io.StringIO()
    _write_tag_value(document, out)
    return out.getvalue().encode("utf-8")


def _write_tag_value(document: Document, out: TextIO) -> None:
    """spdx-tools' ``tagvalue_writer.write_document`` in linear time: files follow the package
    that contains them, other relationships are listed after the license information."""
    files_by_id = {f.spdx_id: f for f in document.files}
    package_ids = {p.spdx_id for p in document.packages}
    files_of: dict[str, list[File]] = {}
    relationships: list[Relationship] = []
    for relationship in document.relationships:
        kind = relationship.relationship_type
        related = relationship.related_spdx_element_id
        container: str | None = None
        contained: str | None = None
        if related in (SpdxNoAssertion(), SpdxNone()):
            pass
        elif kind is RelationshipType.CONTAINS:
            container, contained = relationship.spdx_element_id, str(related)
        elif kind is RelationshipType.CONTAINED_BY:
            container, contained = str(related), relationship.spdx_element_id
        if container in package_ids and contained in files_by_id:
            files_of.setdefault(str(container), []).append(files_by_id[str(contained)])
            if relationship.comment:
                relationships.append(relationship)
        else:
            relationships.append(relationship)
    snippets_of: dict[str, list[Snippet]] = {}
    for snippet in document.snippets:
        if snippet.file_spdx_id in files_by_id:
            snippets_of.setdefault(snippet.file_spdx_id, []).append(snippet)
    packaged = {f.spdx_id for files in files_of.values() for f in files}
    filed = {s.spdx_id for snippets in snippets_of.values() for s in snippets}

    out.write("## Document Information\n")
    write_creation_info(document.creation_info, out)
    write_separator(out)
    for snippet in document.snippets:
        if snippet.spdx_id not in filed:
            write_snippet(snippet, out)
            write_separator(out)

    def file_with_snippets(file: File) -> None:
        write_file(file, out)
        write_separator(out)
        write_list_of_elements(snippets_of.get(file.spdx_id, []), write_snippet, out, True)

    for file in document.files:
        if file.spdx_id not in packaged:
            file_with_snippets(file)
    written: set[str] = set()  # a file may belong to several packages but is written once
    for package in document.packages:
        write_package(package, out)
        write_separator(out)
        for file in files_of.get(package.spdx_id, []):
            if file.spdx_id in written:
                relationships.append(
                    Relationship(package.spdx_id, RelationshipType.CONTAINS, file.spdx_id)
                )
            else:
                file_with_snippets(file)
                written.add(file.spdx_id)

    write_optional_heading(document.extracted_licensing_info, "## License Information\n", out)
    write_list_of_elements(
        document.extracted_licensing_info, write_extracted_licensing_info, out, True
    )
    write_optional_heading(relationships, "## Relationships\n", out)
    write_list_of_elements(relationships, write_relationship, out)
    write_separator(out)
    write_optional_heading(document.annotations, "## Annotations\n", out)
    write_list_of_elements(document.annotations, write_annotation, out, True)
