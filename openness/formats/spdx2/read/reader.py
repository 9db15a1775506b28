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

import ast
import json
import re
from typing import Any

from spdx_tools.common.spdx_licensing import spdx_licensing  # type: ignore[import-untyped]
from spdx_tools.spdx.model.document import Document as SpdxDocument
from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.json.json_parser import remove_json_control_chars_hook
from spdx_tools.spdx.parser.jsonlikedict.annotation_parser import AnnotationParser
from spdx_tools.spdx.parser.jsonlikedict.creation_info_parser import CreationInfoParser
from spdx_tools.spdx.parser.jsonlikedict.extracted_licensing_info_parser import (
    ExtractedLicensingInfoParser,
)
from spdx_tools.spdx.parser.jsonlikedict.file_parser import FileParser
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.parser.jsonlikedict.package_parser import PackageParser
from spdx_tools.spdx.parser.jsonlikedict.relationship_parser import RelationshipParser
from spdx_tools.spdx.parser.jsonlikedict.snippet_parser import SnippetParser
from spdx_tools.spdx.parser.tagvalue.helper_methods import grammar_rule
from spdx_tools.spdx.parser.tagvalue.parser import Parser

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.importer import ImportResult
from openness.formats.spdx2.read.mapper import Mapper
from openness.formats.spdx2.validate import SUPPORTED_VERSIONS, validate_document

__all__ = ["read"]

_LINE = re.compile(r"Line: (\d+)")
_WRAPPED = re.compile(r"^Error while (?:parsing|constructing) ([\w ]+?): (\[.*\])\.?$", re.DOTALL)
_PLAIN = re.compile(r"^Error while parsing (\w+): (?!\[)(.*)$", re.DOTALL)
_CONSTRUCTING = re.compile(r"^Error while constructing (\w+): (?!\[)(.*)$", re.DOTALL)
_MISSING = re.compile(r"__init__\(\) missing \d+ required positional arguments?: (.*)$")
_SETTER = re.compile(r'parameter (\w+)="?(.*?)"? violates type hint', re.DOTALL)
_TV_START = re.compile(
    r"^\s*(PackageName|FileName|SnippetSPDXID|LicenseID|Relationship|Annotator|SPDXVersion):"
)
_TV_ID = re.compile(r"^\s*SPDXID:\s*(\S+)")


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


def _make(cls: type[Any]) -> Any:
    """An instance of one of spdx-tools' untyped parser or converter classes."""
    return cls()


def _messages(error: SPDXParsingError) -> list[str]:
    return [str(m) for m in error.get_messages()]  # type: ignore[no-untyped-call]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _flatten(message: str, context: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """spdx-tools nests messages as ``Error while parsing X: ['...']``; unwrap them into
    ``(context, leaf message)`` pairs."""
    match = _WRAPPED.match(message.strip())
    if match:
        try:
            inner = ast.literal_eval(match.group(2))
        except (ValueError, SyntaxError):
            inner = None
        if isinstance(inner, list):
            out: list[tuple[tuple[str, ...], str]] = []
            for item in inner:
                out.extend(_flatten(str(item), (*context, match.group(1))))
            return out
    constructing = _CONSTRUCTING.match(message.strip())
    if constructing:
        return _flatten(constructing.group(2), (*context, constructing.group(1)))
    return [(context, message.strip())]


def _clean(message: str) -> tuple[str | None, str]:
    """``(field, readable message)`` for one leaf message of spdx-tools."""
    setter = _SETTER.search(message)
    if setter:
        field, value = _camel(setter.group(1)), setter.group(2)
        if value == "None":
            return field, f"required field {field!r} is missing"
        return field, f"field {field!r} has an invalid value {value!r}"
    missing = _MISSING.search(message)
    if missing:
        names = [_camel(n) for n in re.findall(r"'(\w+)'", missing.group(1))]
        return None, f"required field(s) missing: {', '.join(names)}"
    if "does not match format '%Y-%m-%dT%H:%M:%SZ'" in message:
        return None, (
            f"{message.split(' does not match')[0]} is not an SPDX 2 date: write "
            "YYYY-MM-DDThh:mm:ssZ (UTC, no fractions of a second)"
        )
    plain = _PLAIN.match(message)
    if plain:
        return plain.group(1), _LINE.sub("", plain.group(2)).rstrip(" .")
    return None, _LINE.sub("", message).rstrip(" .") or message


class _Parsed:
    """What parsing gave: the spdx-tools document, or problems."""

    def __init__(self, spdx: SpdxDocument | None, problems: list[Problem], data: Any = None):
        self.spdx = spdx
        self.problems = problems
        self.data = data


class Where:
    """Field paths and lines of SPDX elements in the document, to name them in problems."""

    def __init__(self, document: Document, kind: str, data: Any):
        self.document = document
        self.kind = kind
        self.paths: dict[str, tuple[str | int, ...]] = {}
        self.lines: dict[str, int] = {}
        if kind in ("json", "yaml") and isinstance(data, dict):
            for key in ("packages", "files", "snippets"):
                items = data.get(key)
                if isinstance(items, list):
                    for index, item in enumerate(items):
                        if isinstance(item, dict) and isinstance(item.get("SPDXID"), str):
                            self.paths.setdefault(item["SPDXID"], (key, index))
        elif kind == "tv":
            for number, line in enumerate(document.text.splitlines(), start=1):
                match = _TV_ID.match(line)
                if match:
                    self.lines.setdefault(match.group(1), number)

    def problem(
        self,
        spdx_id: str | None,
        field: str | None,
        message: str,
        severity: Severity = Severity.ERROR,
        line: int | None = None,
    ) -> Problem:
        """A problem at an element's field: a JSON path (with its line) for JSON and YAML, else
        ``SPDXID.field`` (with the line of its SPDXID for tag-value)."""
        base = self.paths.get(spdx_id or "")
        if base is not None:
            path = (*base, field) if field else base
            return self.document.problem(path, message, severity=severity)
        where = ".".join(p for p in (spdx_id, field) if p)
        if line is None and spdx_id is not None:
            line = self.lines.get(spdx_id)
        return Problem(self.document.path, where, message, line, severity)


def _json_like(document: Document, kind: str) -> Any:
    if kind == "json":
        return json.loads(document.text, object_pairs_hook=remove_json_control_chars_hook)
    if kind == "yaml":
        return document.data
    import xmltodict  # type: ignore[import-untyped]
    from spdx_tools.spdx.parser.xml.xml_parser import _fix_list_like_fields

    parsed = xmltodict.parse(document.text)
    return _fix_list_like_fields(parsed).get("Document")


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
        return _Parsed(None, _parse_problems(document, kind, data, _messages(exc), where))
    except Exception as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        names = {"json": "JSON", "yaml": "YAML", "xml": "XML", "rdf": "RDF/XML", "tv": "tag-value"}
        message = f"not a readable SPDX 2 {names[kind]} document: {reason}"
        return _Parsed(None, [Problem(document.path, "", message)])


def _parse_problems(
    document: Document, kind: str, data: Any, messages: list[str], where: Where
) -> list[Problem]:
    """Problems for a document spdx-tools cannot parse, each naming the element and field."""
    if isinstance(data, dict):
        located = _locate_dict_problems(data, where)
        if located:
            return located
    problems = []
    for message in messages:
        for context, leaf in _flatten(message):
            field, text = _clean(leaf)
            line_match = _LINE.search(leaf)
            line = int(line_match.group(1)) if line_match else None
            spdx_id = _tv_element(document.text, line) if kind == "tv" and line else None
            what = " > ".join(context)
            full = f"{what}: {text}" if what else text
            problems.append(where.problem(spdx_id, field, full, line=line))
    return problems


def _tv_element(text: str, line: int) -> str | None:
    """The SPDXID of the tag-value element that holds ``line``."""
    lines = text.splitlines()
    start = min(line, len(lines)) - 1
    while start > 0 and not _TV_START.match(lines[start]):
        start -= 1
    for index in range(start, len(lines)):
        if index > start and _TV_START.match(lines[index]):
            break
        match = _TV_ID.match(lines[index])
        if match:
            return match.group(1)
    return None


def _locate_dict_problems(data: dict[str, Any], where: Where) -> list[Problem]:
    """Parse each element of a JSON-like document alone, to tell which one is broken."""
    problems: list[Problem] = []

    def run(path: tuple[str | int, ...], label: str, parse: Any, item: Any) -> None:
        try:
            parse(item)
        except SPDXParsingError as exc:
            spdx_id = item.get("SPDXID") if isinstance(item, dict) else None
            for message in _messages(exc):
                for context, leaf in _flatten(message):
                    field, text = _clean(leaf)
                    name = f"{label} {spdx_id}" if spdx_id else label
                    inner = " > ".join(c for c in context if c != label.title())
                    full = f"{name}: {inner + ': ' if inner else ''}{text}"
                    if field is None and label == "document" and "not an SPDX 2 date" in text:
                        full_path: tuple[str | int, ...] = ("creationInfo", "created")
                    else:
                        full_path = (*path, field) if field else path
                    problems.append(where.document.problem(full_path, full))
        except (TypeError, ValueError, AttributeError) as exc:
            problems.append(where.document.problem(path, f"{label}: {exc}"))

    run((), "document", _make(CreationInfoParser).parse_creation_info, data)
    parsers: list[tuple[str, str, Any]] = [
        ("packages", "package", _make(PackageParser).parse_package),
        ("files", "file", _make(FileParser).parse_file),
        ("snippets", "snippet", _make(SnippetParser).parse_snippet),
        ("relationships", "relationship", _make(RelationshipParser).parse_relationship),
        (
            "hasExtractedLicensingInfos",
            "extracted licensing info",
            _make(ExtractedLicensingInfoParser).parse_extracted_licensing_info,
        ),
    ]
    annotations = _make(AnnotationParser)
    for key, label, parse in parsers:
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for index, item in enumerate(items):
            run((key, index), label, parse, item)
            notes = item.get("annotations") if isinstance(item, dict) else None
            if isinstance(notes, list):
                for number, note in enumerate(notes):
                    run(
                        (key, index, "annotations", number),
                        "annotation",
                        lambda n, i=item: annotations.parse_annotation(n, i.get("SPDXID")),
                        note,
                    )
    return problems


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
        result.problems.extend(_unknown_fields(document, parsed.data))
    Mapper(document, spdx, where, result).run()
    return result


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


def _unknown_fields(document: Document, data: dict[str, Any]) -> list[Problem]:
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
