"""The raw layer of the SPDX 3 importer: a JSON-LD document read as plain JSON into elements
by spdxId (compact IRIs expanded, inline elements lifted out), with our extension properties
decoded, license elements turned into expressions, and relationships checked. Every problem
names the element (its ``@graph`` index and spdxId) and the field."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from openness.documents import Document
from openness.errors import Problem, Severity
from openness.formats.spdx3.mapping import NOASSERTION_LICENSE, NONE_LICENSE, PROPERTY_PREFIX, Prop
from openness.model import InvalidLicenseExpression, LicenseExpression

__all__ = ["Element", "Reader", "format_index", "spdx_version"]

_CONTEXT = re.compile(r"^https?://spdx\.org/rdf/(3\.\d+(?:\.\d+)?)/spdx-context\.jsonld$")
_TERMS = "https://spdx.org/rdf/3.0.1/terms/"
#: Document metadata: not imported (their root elements order the artifacts).
_DOCUMENT_TYPES = frozenset({"SpdxDocument", "software_Sbom", "Bom", "Bundle", "CreationInfo"})


def spdx_version(data: Any) -> str | None:
    """The SPDX version of a JSON-LD document's ``@context`` (``"3.0.1"``), or None."""
    if not isinstance(data, dict):
        return None
    ctx = data.get("@context")
    for item in ctx if isinstance(ctx, list) else [ctx]:
        if isinstance(item, str) and (match := _CONTEXT.match(item)):
            return match.group(1)
    return None


@dataclass
class Element:
    """One element of the raw layer: where it is, its type and id, and its properties."""

    index: int
    path: tuple[str | int, ...]
    type: str
    id: str
    data: dict[str, Any]
    payload: dict[str, str] = field(default_factory=dict)

    @property
    def ours(self) -> bool:
        """True for an element we wrote (it carries our extension)."""
        return Prop.ELEMENT in self.payload

    @property
    def role(self) -> str | None:
        """What the element is in our mapping (``artifact``, ``component``, ...), if ours."""
        return self.payload.get(Prop.ELEMENT)

    def label(self) -> str:
        """``<type> <spdxId>``, for messages."""
        return f"{self.type} {self.id}"


class Reader:
    """Reads one document: the raw layer first, then the model."""

    def __init__(self, document: Document):
        self.document = document
        self.problems: list[Problem] = []
        self.prefixes: dict[str, str] = {}
        self.elements: dict[str, Element] = {}
        self.order: list[Element] = []
        self.licenses: dict[str, LicenseExpression | None] = {}
        self.custom: dict[str, dict[str, Any]] = {}
        self.roots: list[str] = []

    # -- problems --------------------------------------------------------------------------

    def error(self, path: tuple[str | int, ...], message: str) -> None:
        """Record an error at a field path of the document."""
        self.problems.append(self.document.problem(path, message))

    def warn(self, path: tuple[str | int, ...], message: str) -> None:
        """Record a warning at a field path of the document."""
        self.problems.append(self.document.problem(path, message, severity=Severity.WARNING))

    # -- the raw layer ---------------------------------------------------------------------

    def expand(self, value: str) -> str:
        """A compact IRI (``prefix:local``, prefix from the document's context) in full."""
        prefix, sep, rest = value.partition(":")
        if sep and prefix in self.prefixes and not rest.startswith("//"):
            return self.prefixes[prefix] + rest
        return value

    def ref(self, value: Any) -> str | None:
        """The element id a reference (an IRI or an inline element) points at, or None."""
        if isinstance(value, str):
            return self.expand(value)
        if isinstance(value, dict):
            ident = value.get("spdxId", value.get("@id"))
            return self.expand(ident) if isinstance(ident, str) else None
        return None

    def read(self, data: dict[str, Any]) -> None:
        """Read the document's context and elements."""
        ctx = data.get("@context")
        for item in ctx if isinstance(ctx, list) else [ctx]:
            if isinstance(item, dict):
                self.prefixes.update({k: v for k, v in item.items() if isinstance(v, str)})
        version = spdx_version(data)
        if version != "3.0.1":
            self.warn(
                ("@context",),
                f"an SPDX {version} document; read with the SPDX 3.0.1 vocabulary",
            )
        if "@graph" in data:
            graph = data["@graph"]
            if not isinstance(graph, list):
                self.error(("@graph",), "must be a list of elements")
                return
            items: list[tuple[tuple[str | int, ...], Any]] = [
                (("@graph", i), item) for i, item in enumerate(graph)
            ]
        else:
            items = [((), {k: v for k, v in data.items() if k != "@context"})]
        for path, item in items:
            self.add(path, item)

    def add(self, path: tuple[str | int, ...], item: Any) -> None:
        """Add one element (and the elements written inline in it)."""
        if not isinstance(item, dict):
            self.error(path, f"an element must be a JSON object, got {type(item).__name__}")
            return
        kind = item.get("type", item.get("@type"))
        if not isinstance(kind, str):
            self.error(
                path, "element has no 'type'; expected an SPDX class such as software_Package"
            )
            return
        ident = item.get("spdxId", item.get("@id"))
        if kind in _DOCUMENT_TYPES:
            roots = item.get("rootElement")
            for root in roots if isinstance(roots, list) else []:
                if (ref := self.ref(root)) is not None:
                    self.roots.append(ref)
            return
        if not isinstance(ident, str) or not ident:
            self.error(path, f"{kind} element has no 'spdxId'; every element needs an IRI")
            return
        ident = self.expand(ident)
        if ident in self.elements:
            first = self.elements[ident]
            if first.data != item:
                self.warn(
                    path,
                    f"spdxId {ident!r} is used again by a different element; the first "
                    f"one ({format_index(first)}) is used",
                )
            return
        element = Element(len(self.order), path, kind, ident, item)
        element.payload = self.payload(element)
        self.elements[ident] = element
        self.order.append(element)
        # Elements written inline where a reference is expected (``"from": {...}``).
        for key, value in item.items():
            for j, child in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(child, dict) and "spdxId" in child and "type" in child:
                    sub = (*path, key, j) if isinstance(value, list) else (*path, key)
                    self.add(sub, child)

    def payload(self, element: Element) -> dict[str, str]:
        """The ``openness:`` extension properties of an element."""
        out: dict[str, str] = {}
        extensions = element.data.get("extension")
        if not isinstance(extensions, list):
            return out
        for i, ext in enumerate(extensions):
            entries = ext.get("extension_cdxProperty") if isinstance(ext, dict) else None
            for j, entry in enumerate(entries if isinstance(entries, list) else []):
                name = entry.get("extension_cdxPropName") if isinstance(entry, dict) else None
                value = entry.get("extension_cdxPropValue") if isinstance(entry, dict) else None
                if isinstance(name, str) and name.startswith(PROPERTY_PREFIX):
                    if not isinstance(value, str):
                        self.error(
                            (*element.path, "extension", i, "extension_cdxProperty", j),
                            f"{element.label()}: {name} needs a string value",
                        )
                        continue
                    out[name] = value
        return out

    def json_payload(self, element: Element, name: str, expected: type) -> Any:
        """A structured extension property, parsed; None (with an error) when broken."""
        text = element.payload.get(name)
        if text is None:
            return None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            self.error(
                (*element.path, "extension"),
                f"{element.label()}: {name} is not valid JSON ({exc.msg})",
            )
            return None
        if not isinstance(value, expected):
            self.error(
                (*element.path, "extension"),
                f"{element.label()}: {name} must be a JSON {expected.__name__}",
            )
            return None
        return value

    # -- licenses --------------------------------------------------------------------------

    def license_text(self, ident: str, stack: frozenset[str] = frozenset()) -> str | None:
        """The SPDX expression text of a license element (or individual), or None."""
        short = ident.rsplit("/", 1)[-1]
        if ident in (NOASSERTION_LICENSE, "expandedlicensing_NoAssertionLicense"):
            return "NOASSERTION"
        if ident in (NONE_LICENSE, "expandedlicensing_NoneLicense"):
            return "NONE"
        element = self.elements.get(ident)
        if element is None or ident in stack:
            if ident.startswith("https://spdx.org/licenses/"):
                return short
            return None
        data, kind, inner = element.data, element.type, stack | {ident}
        if kind == "simplelicensing_LicenseExpression":
            value = data.get("simplelicensing_licenseExpression")
            if not isinstance(value, str):
                self.error(
                    (*element.path, "simplelicensing_licenseExpression"),
                    f"{element.label()}: the license expression must be a string",
                )
                return None
            return value
        if kind == "expandedlicensing_ListedLicense":
            name = data.get("name")
            return name if isinstance(name, str) and " " not in name else short
        if kind == "expandedlicensing_CustomLicense":
            ref = "LicenseRef-" + re.sub(r"[^A-Za-z0-9.-]+", "-", short).strip("-")
            self.custom[ref] = {
                k: v for k, v in data.items() if k not in ("type", "spdxId", "creationInfo")
            }
            return ref
        if kind in (
            "expandedlicensing_ConjunctiveLicenseSet",
            "expandedlicensing_DisjunctiveLicenseSet",
        ):
            members = data.get("expandedlicensing_member")
            refs = [self.ref(m) for m in members] if isinstance(members, list) else []
            if not refs or None in refs:
                # A member that is neither an IRI nor an inline element with an id: the set
                # cannot be read whole, and a part of it must not pass for all of it.
                self.warn(
                    (*element.path, "expandedlicensing_member"),
                    f"{element.label()}: a member of the license set is not a license element "
                    "(an IRI, or an inline element with an spdxId); the license is unknown",
                )
                return None
            parts = [self.license_text(ref, inner) for ref in refs if ref is not None]
            if None in parts:
                return None
            op = " AND " if "Conjunctive" in kind else " OR "
            return "(" + op.join(p for p in parts if p) + ")"
        if kind == "expandedlicensing_OrLaterOperator":
            sub = self.license_text(str(data.get("expandedlicensing_subjectLicense")), inner)
            return f"{sub}+" if sub else None
        if kind == "expandedlicensing_WithAdditionOperator":
            sub = self.license_text(
                str(data.get("expandedlicensing_subjectExtendableLicense")), inner
            )
            addition = self.ref(data.get("expandedlicensing_subjectAddition"))
            return f"{sub} WITH {addition.rsplit('/', 1)[-1]}" if sub and addition else None
        return None

    def license(self, ident: str, where: tuple[str | int, ...]) -> LicenseExpression | None:
        """The license expression a license element stands for (cached per element)."""
        if ident in self.licenses:
            return self.licenses[ident]
        text = self.license_text(ident)
        result: LicenseExpression | None = None
        if text is None:
            self.warn(where, f"{ident!r} is not a license element this document defines")
        else:
            element = self.elements.get(ident)
            path = (*element.path, "simplelicensing_licenseExpression") if element else where
            try:
                result = LicenseExpression.of(text[1:-1] if _wrapped(text) else text)
            except InvalidLicenseExpression as exc:
                label = element.label() if element else ident
                self.error(path, f"{label}: {exc}")
        self.licenses[ident] = result
        return result

    # -- relationships ---------------------------------------------------------------------

    def relationships(self) -> Iterator[tuple[Element, str, str, list[str]]]:
        """``(element, type, from, [to...])`` for every well-formed relationship."""
        for element in self.order:
            if "relationshipType" not in element.data:
                continue
            data = element.data
            kind = data.get("relationshipType")
            if isinstance(kind, str) and kind.startswith(_TERMS):
                kind = kind.rsplit("/", 1)[-1]
            source = self.ref(data.get("from"))
            targets = data.get("to")
            if not isinstance(kind, str):
                self.error((*element.path, "relationshipType"), f"{element.label()}: required")
                continue
            if source is None:
                self.error(
                    (*element.path, "from"), f"{element.label()}: 'from' must be an element id"
                )
                continue
            if not isinstance(targets, list) or not targets:
                self.error(
                    (*element.path, "to"),
                    f"{element.label()}: 'to' must be a non-empty list of element ids",
                )
                continue
            refs = [self.ref(t) for t in targets]
            if None in refs:
                self.error((*element.path, "to"), f"{element.label()}: 'to' must list element ids")
                continue
            yield element, kind, source, [r for r in refs if r is not None]


def format_index(element: Element) -> str:
    """``@graph[3]`` for an element's place in the document."""
    return "".join(f"[{p}]" if isinstance(p, int) else p for p in element.path) or "document"


def _wrapped(text: str) -> bool:
    """True when the outer parentheses of ``text`` enclose all of it."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and i < len(text) - 1:
            return False
    return True
