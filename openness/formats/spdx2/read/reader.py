"""Reading SPDX 2.2 and 2.3 documents with spdx-tools: the work behind
:class:`openness.formats.spdx2.read.Spdx2Importer`, imported only when an SPDX document is loaded
(spdx-tools, rdflib and PLY take a noticeable time to import). The mapping to our model is in
:mod:`openness.formats.spdx2.read.mapper`.

Parsing is from the document's text with spdx-tools' parsers (no temporary file). A document
that does not parse gives errors naming the element (SPDXID) and field, with the line where the
format has lines; a document that parses is validated with
:func:`openness.formats.spdx2.validate.validate_document` (problems are warnings: the
document was read) and mapped as :mod:`openness.formats.spdx2.read` describes.
"""

from __future__ import annotations

import json
from typing import Any

from spdx_tools.common.spdx_licensing import spdx_licensing  # type: ignore[import-untyped]
from spdx_tools.spdx.model.document import Document as SpdxDocument
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.json.json_parser import remove_json_control_chars_hook
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.parser.tagvalue.helper_methods import grammar_rule
from spdx_tools.spdx.parser.tagvalue.parser import Parser

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.importer import ImportResult
from openness.formats.spdx2.read.fields import unknown_fields
from openness.formats.spdx2.read.mapper import Mapper
from openness.formats.spdx2.read.problems import Where, parse_problems, parser_messages
from openness.formats.spdx2.validate import SUPPORTED_VERSIONS, validate_document

__all__ = ["Where", "read"]


class _Quiet:
    """A PLY logger that logs nothing (the tag-value parser would print table generation)."""

    def debug(self, *args: Any, **kwargs: Any) -> None:
        """Ignore."""

    info = warning = error = critical = debug


class _TagValueParser(Parser):
    """spdx-tools' tag-value parser, parsing license expressions with the shared SPDX
    licensing: spdx-tools builds a new one for every expression (30 ms each)."""

    start = "start"  # PLY's start symbol, which it would otherwise take from the first rule

    @grammar_rule("license_or_no_assertion_or_none : LINE")  # type: ignore[untyped-decorator,no-untyped-call]
    def p_license(self, p: Any) -> None:
        try:
            p[0] = spdx_licensing.parse(p[1])
        except Exception as err:  # license-expression's ExpressionError
            message = f"Error while parsing license expression: {p[1]}"
            if err.args:
                message += f": {err.args[0]}"
            message += f". Line: {p.lineno(1)}"
            self.current_element["logger"].append(message)


def _make_parser() -> Any:
    return _TagValueParser(write_tables=False, debug=False, errorlog=_Quiet())  # type: ignore[no-untyped-call]


class _Parsed:
    """What parsing gave: the spdx-tools document, or problems."""

    def __init__(self, spdx: SpdxDocument | None, problems: list[Problem], data: Any = None):
        self.spdx = spdx
        self.problems = problems
        self.data = data


def _json_like(document: Document, kind: str) -> Any:
    if kind == "json":
        return json.loads(document.text, object_pairs_hook=remove_json_control_chars_hook)
    if kind == "yaml":
        return document.data
    import xmltodict  # type: ignore[import-untyped]
    from spdx_tools.spdx.parser.xml.xml_parser import LIST_LIKE_FIELDS

    parsed = _as_lists(xmltodict.parse(document.text), frozenset(LIST_LIKE_FIELDS))
    return parsed.get("Document") if isinstance(parsed, dict) else None


def _as_lists(data: Any, list_fields: frozenset[str]) -> Any:
    """XML has no lists: a field SPDX lists (spdx-tools' ``LIST_LIKE_FIELDS``) that holds one
    value becomes a list of it, an empty one an empty list, as spdx-tools' XML parser does."""
    if isinstance(data, dict):
        return {
            key: (
                ([_as_lists(value, list_fields)] if value else [])
                if key in list_fields and not isinstance(value, list)
                else _as_lists(value, list_fields)
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_as_lists(item, list_fields) for item in data]
    return data


def _parse(document: Document, kind: str) -> _Parsed:
    """Parse the text with spdx-tools' parser for ``kind``."""
    data: Any = None
    try:
        if kind in ("json", "yaml", "xml"):
            data = _json_like(document, kind)
            if not isinstance(data, dict):
                problem = Problem(document.path, "", 'no top-level "Document" element (XML)')
                return _Parsed(None, [problem])
            parsed = JsonLikeDictParser().parse(data)  # type: ignore[no-untyped-call]
            return _Parsed(parsed, [], data)
        if kind == "rdf":
            from rdflib import Graph
            from spdx_tools.spdx.parser.rdf.rdf_parser import translate_graph_to_document

            from openness.formats.spdx2.read.rdf import use_grouped_expressions

            use_grouped_expressions()  # spdx-tools loses the grouping of nested license sets
            graph = Graph()
            graph.parse(data=document.text, format="xml")
            return _Parsed(translate_graph_to_document(graph), [])
        parser = _make_parser()
        return _Parsed(parser.parse(document.text), [])
    except SPDXParsingError as exc:
        where = Where(document, kind, data)
        return _Parsed(None, parse_problems(document, kind, data, parser_messages(exc), where))
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        names = {"json": "JSON", "yaml": "YAML", "xml": "XML", "rdf": "RDF/XML", "tv": "tag-value"}
        message = f"not a readable SPDX 2 {names[kind]} document: {reason}"
        return _Parsed(None, [Problem(document.path, "", message)])


def read(document: Document, kind: str) -> ImportResult:
    """Parse, validate and map a document of serialisation ``kind`` (see
    :func:`openness.formats.spdx2.read.serialisation`); never raises for bad content."""
    result = ImportResult()
    parsed = _parse(document, kind)
    if parsed.spdx is None:
        result.problems.extend(parsed.problems)
        return result
    spdx = parsed.spdx
    where = Where(document, kind, parsed.data)
    version = spdx.creation_info.spdx_version
    if version not in SUPPORTED_VERSIONS:
        result.problems.append(
            where.problem(
                None,
                "spdxVersion",
                f"SPDX version {version!r} is not supported; expected one of "
                f"{', '.join(SUPPORTED_VERSIONS)}",
            )
        )
        return result
    for message in validate_document(spdx):
        context = message.context
        spdx_id = context.spdx_id or context.parent_id
        kind_name = context.element_type.name.lower() if context.element_type else "document"
        result.problems.append(
            where.problem(
                spdx_id,
                None,
                f"{kind_name.replace('_', ' ')}: {message.validation_message} (SPDX validation)",
                severity=Severity.WARNING,
            )
        )
    if kind in ("json", "yaml") and isinstance(parsed.data, dict):
        result.problems.extend(unknown_fields(document, parsed.data))
    Mapper(document, spdx, where, result).run()
    return result
