"""Validation of SPDX 3.0.1 JSON-LD against the official JSON Schema and SHACL shapes.

The files are shipped in ``openness/formats/spdx3/data`` (see its ``SOURCE.txt``); nothing
is fetched from the network. The JSON Schema check validates each ``@graph`` element against the
schema's definition of its own ``type`` (the official schema tries every class for every element,
which gives the same answer about ten times slower and with vaguer messages). SHACL validation
needs ``pyshacl`` (a test dependency) and is slow: meant for small documents and tests.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jsonschema
from rdflib import Graph

__all__ = [
    "ValidationIssue",
    "context",
    "data_file",
    "schema",
    "schema_issues",
    "shacl_issues",
    "to_graph",
]

_DATA = "data"
_CONTEXT_URL = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One thing the official schema or shapes reject: the element (spdxId or graph index), the
    field path and what is wrong."""

    element: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.element}: {self.path}" if self.path else self.element
        return f"{where}: {self.message}"


def data_file(name: str) -> str:
    """The text of one shipped SPDX 3.0.1 file (``schema.json``, ``spdx-model.ttl``,
    ``spdx-context.jsonld``)."""
    return files("openness.formats.spdx3").joinpath(f"{_DATA}/{name}").read_text(encoding="utf-8")


@cache
def schema() -> dict[str, Any]:
    """The official SPDX 3.0.1 JSON Schema."""
    loaded: dict[str, Any] = json.loads(data_file("schema.json"))
    return loaded


@cache
def context() -> dict[str, Any]:
    """The official SPDX 3.0.1 JSON-LD context (the value of its ``@context``)."""
    loaded: dict[str, Any] = json.loads(data_file("spdx-context.jsonld"))["@context"]
    return loaded


_STRING_REFS = frozenset({"#/$defs/BlankNodeOrIRI", "#/$defs/IRI", "#/$defs/BlankNode"})


def _is_string_branch(branch: Any) -> bool:
    if not isinstance(branch, dict):
        return False
    if set(branch) == {"const"}:
        return isinstance(branch["const"], str)
    return set(branch) == {"$ref"} and branch["$ref"] in _STRING_REFS


def _split_object_branch(definition: Any) -> Any:
    """``anyOf: [{type: object, ...}, <string alternatives>...]`` as ``if object then the first
    else the rest``: the same instances are valid, but a reference (a string) is no longer tried
    against every class the object branch lists, which is where the time went."""
    branches = definition.get("anyOf") if isinstance(definition, dict) else None
    if (
        not isinstance(branches, list)
        or len(definition) != 1
        or len(branches) < 2
        or branches[0].get("type") != "object"
        or not all(_is_string_branch(b) for b in branches[1:])
    ):
        return definition
    return {"if": {"type": "object"}, "then": branches[0], "else": {"anyOf": branches[1:]}}


@cache
def _fast_defs() -> dict[str, Any]:
    return {
        name: _split_object_branch(value) if name.endswith("_derived") else value
        for name, value in schema()["$defs"].items()
    }


@cache
def _validator(definition: str) -> jsonschema.protocols.Validator:
    full = schema()
    sub = {
        "$schema": full["$schema"],
        "$defs": _fast_defs(),
        "type": "object",
        "$ref": f"#/$defs/{definition}",
        "unevaluatedProperties": False,
    }
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(sub)
    return validator


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: jsonschema.ValidationError) -> str:
    best = jsonschema.exceptions.best_match([error, *(error.context or ())])
    return best.message if best is not None else error.message


def schema_issues(data: Any, limit: int = 100) -> list[ValidationIssue]:
    """Every way ``data`` (a parsed JSON-LD document) breaks the SPDX 3.0.1 JSON Schema, at most
    ``limit``."""
    if not isinstance(data, dict):
        return [ValidationIssue("document", "", "expected a JSON object")]
    issues: list[ValidationIssue] = []
    if data.get("@context") != _CONTEXT_URL:
        issues.append(ValidationIssue("document", "@context", f"must be {_CONTEXT_URL!r}"))
    extra = sorted(set(data) - {"@context", "@graph"})
    if "@graph" not in data:
        items: list[Any] = [{k: v for k, v in data.items() if k != "@context"}]
    elif extra:
        issues.append(ValidationIssue("document", extra[0], "unexpected top-level property"))
        items = []
    elif not isinstance(data["@graph"], list):
        issues.append(ValidationIssue("document", "@graph", "must be a list"))
        items = []
    else:
        items = data["@graph"]
    known = schema()["$defs"]
    for index, item in enumerate(items):
        kind = item.get("type") if isinstance(item, dict) else None
        definition = kind if isinstance(kind, str) and kind in known else "AnyClass"
        element = f"@graph[{index}]"
        if isinstance(item, dict) and isinstance(item.get("spdxId"), str):
            element += f" ({item['spdxId']})"
        errors = list(_validator(definition).iter_errors(item))
        if len(errors) > 1:
            # A property that fails its own check is also "unevaluated": report it once.
            errors = [e for e in errors if e.validator != "unevaluatedProperties"] or errors
        for error in errors:
            issues.append(ValidationIssue(element, _path(error.absolute_path), _message(error)))
            if len(issues) >= limit:
                return issues
    return issues


def to_graph(data: Any) -> Graph:
    """An SPDX 3.0.1 JSON-LD document as an RDF graph, read with the shipped context."""
    local = dict(data)
    ctx = local.get("@context")
    if isinstance(ctx, list):
        local["@context"] = [context() if c == _CONTEXT_URL else c for c in ctx]
    else:
        local["@context"] = context()
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser builds a ConjunctiveGraph, which rdflib 7 deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=json.dumps(local), format="json-ld")


@cache
def _shapes() -> Graph:
    return Graph().parse(data=data_file("spdx-model.ttl"), format="turtle")


def shacl_issues(data: Any) -> list[ValidationIssue]:
    """Every SHACL violation of ``data`` (a parsed JSON-LD document) against the SPDX 3.0.1
    shapes. Needs pyshacl."""
    try:
        import pyshacl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("SHACL validation needs pyshacl: pip install pyshacl") from exc
    from rdflib.namespace import SH

    shapes = _shapes()
    with warnings.catch_warnings():
        # pyshacl builds an rdflib ConjunctiveGraph, which rdflib 7 deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        conforms, report, _ = pyshacl.validate(
            to_graph(data), shacl_graph=shapes, ont_graph=shapes, inference="none"
        )
    if conforms:
        return []
    issues: list[ValidationIssue] = []
    assert isinstance(report, Graph)
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        issues.append(
            ValidationIssue(
                str(focus), str(path) if path is not None else "", str(message or "violation")
            )
        )
    return sorted(issues, key=lambda i: (i.element, i.path, i.message))
