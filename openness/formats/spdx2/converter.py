"""spdx-tools' JSON-like converter, with annotations looked up by index instead of by scan.

spdx-tools' ``DocumentConverter`` (used by its JSON, YAML and XML writers) finds the
annotations of each package, file and snippet by filtering every annotation of the document,
and the document's own annotations by testing each against a list of all element ids: quadratic
once every package carries an annotation, as ours do. These subclasses change only that lookup;
every field is still converted by spdx-tools' code.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from spdx_tools.spdx.jsonschema.document_converter import DocumentConverter
from spdx_tools.spdx.jsonschema.document_properties import DocumentProperty
from spdx_tools.spdx.jsonschema.file_converter import FileConverter
from spdx_tools.spdx.jsonschema.file_properties import FileProperty
from spdx_tools.spdx.jsonschema.json_property import JsonProperty
from spdx_tools.spdx.jsonschema.package_converter import PackageConverter
from spdx_tools.spdx.jsonschema.package_properties import PackageProperty
from spdx_tools.spdx.jsonschema.snippet_converter import SnippetConverter
from spdx_tools.spdx.jsonschema.snippet_properties import SnippetProperty
from spdx_tools.spdx.model.annotation import Annotation
from spdx_tools.spdx.model.document import Document
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import Package
from spdx_tools.spdx.model.snippet import Snippet

__all__ = ["AnnotationIndex", "LinearDocumentConverter"]


class AnnotationIndex:
    """Annotations by the SPDXID they annotate."""

    def __init__(self) -> None:
        self.by_id: dict[str, list[Annotation]] = {}

    def rebuild(self, annotations: list[Annotation]) -> None:
        """Index ``annotations`` (replacing what was indexed before)."""
        index: dict[str, list[Annotation]] = defaultdict(list)
        for annotation in annotations:
            index[annotation.spdx_id].append(annotation)
        self.by_id = dict(index)

    def of(self, spdx_id: str) -> list[Annotation]:
        """The annotations of one element, in document order."""
        return self.by_id.get(spdx_id, [])


class _PackageConverter(PackageConverter):
    def __init__(self, index: AnnotationIndex):
        super().__init__()  # type: ignore[no-untyped-call]
        self.index = index

    def _get_property_value(
        self, instance: Package, json_property: JsonProperty, document: Document | None = None
    ) -> Any:
        if json_property == PackageProperty.ANNOTATIONS:
            notes = self.index.of(instance.spdx_id)
            return [self.annotation_converter.convert(a, document) for a in notes] or None
        return super()._get_property_value(instance, json_property, document)  # type: ignore[arg-type]


class _FileConverter(FileConverter):
    def __init__(self, index: AnnotationIndex):
        super().__init__()  # type: ignore[no-untyped-call]
        self.index = index

    def _get_property_value(
        self, instance: File, json_property: JsonProperty, document: Document | None = None
    ) -> Any:
        if json_property == FileProperty.ANNOTATIONS:
            notes = self.index.of(instance.spdx_id)
            return [self.annotation_converter.convert(a) for a in notes] or None
        return super()._get_property_value(instance, json_property, document)  # type: ignore[arg-type]


class _SnippetConverter(SnippetConverter):
    def __init__(self, index: AnnotationIndex):
        super().__init__()  # type: ignore[no-untyped-call]
        self.index = index

    def _get_property_value(
        self, instance: Snippet, json_property: JsonProperty, document: Document | None = None
    ) -> Any:
        if json_property == SnippetProperty.ANNOTATIONS:
            notes = self.index.of(instance.spdx_id)
            return [self.annotation_converter.convert(a) for a in notes] or None
        return super()._get_property_value(instance, json_property, document)  # type: ignore[arg-type]


class LinearDocumentConverter(DocumentConverter):
    """A ``DocumentConverter`` in linear time; pass it as ``converter=`` to spdx-tools' JSON,
    YAML and XML writers. Its package, file and snippet converters can also be used alone,
    after :meth:`AnnotationIndex.rebuild` of :attr:`index`."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.index = AnnotationIndex()
        self.element_ids: set[str] = set()
        self.package_converter = _PackageConverter(self.index)
        self.file_converter = _FileConverter(self.index)
        self.snippet_converter = _SnippetConverter(self.index)

    def convert(self, instance: Document, document: Document | None = None) -> dict[str, Any]:
        """The JSON-like dict of ``instance``."""
        self.index.rebuild(instance.annotations)
        self.element_ids = {p.spdx_id for p in instance.packages}
        self.element_ids.update(f.spdx_id for f in instance.files)
        self.element_ids.update(s.spdx_id for s in instance.snippets)
        result: dict[str, Any] = super().convert(instance, document)
        return result

    def _get_property_value(  # type: ignore[override]
        self, instance: Document, json_property: JsonProperty, document: Document | None = None
    ) -> Any:
        if json_property == DocumentProperty.ANNOTATIONS:
            return [
                self.annotation_converter.convert(a)
                for a in instance.annotations
                if a.spdx_id not in self.element_ids
            ] or None
        return super()._get_property_value(instance, json_property, document)  # type: ignore[arg-type]
