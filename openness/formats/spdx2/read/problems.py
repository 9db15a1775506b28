"""What spdx-tools says about a document that does not parse, as problems naming the element
(SPDXID) and field, with the line where the format has lines; :class:`Where` finds them."""

from __future__ import annotations

import ast
import re
from typing import Any

from spdx_tools.spdx.parser.error import SPDXParsingError
from spdx_tools.spdx.parser.jsonlikedict.annotation_parser import AnnotationParser
from spdx_tools.spdx.parser.jsonlikedict.creation_info_parser import CreationInfoParser
from spdx_tools.spdx.parser.jsonlikedict.extracted_licensing_info_parser import (
    ExtractedLicensingInfoParser,
)
from spdx_tools.spdx.parser.jsonlikedict.file_parser import FileParser
from spdx_tools.spdx.parser.jsonlikedict.package_parser import PackageParser
from spdx_tools.spdx.parser.jsonlikedict.relationship_parser import RelationshipParser
from spdx_tools.spdx.parser.jsonlikedict.snippet_parser import SnippetParser

from openness.documents import Document
from openness.errors import Problem, Severity

__all__ = ["Where", "make_untyped", "parse_problems", "parser_messages"]


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


def make_untyped(cls: type[Any]) -> Any:
    """An instance of one of spdx-tools' untyped parser or converter classes."""
    return cls()


def parser_messages(error: SPDXParsingError) -> list[str]:
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


def parse_problems(
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
            for message in parser_messages(exc):
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

    run((), "document", make_untyped(CreationInfoParser).parse_creation_info, data)
    parsers: list[tuple[str, str, Any]] = [
        ("packages", "package", make_untyped(PackageParser).parse_package),
        ("files", "file", make_untyped(FileParser).parse_file),
        ("snippets", "snippet", make_untyped(SnippetParser).parse_snippet),
        ("relationships", "relationship", make_untyped(RelationshipParser).parse_relationship),
        (
            "hasExtractedLicensingInfos",
            "extracted licensing info",
            make_untyped(ExtractedLicensingInfoParser).parse_extracted_licensing_info,
        ),
    ]
    annotations = make_untyped(AnnotationParser)
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
