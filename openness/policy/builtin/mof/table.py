"""The ``mof`` requirement table (``openness/policy/data/mof.toml``): parsed and validated into
a :class:`MofTable`, every problem named by file, field path and line (when a line map is
given)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from openness.errors import short_repr
from openness.licenses import Notion
from openness.model import ArtifactKind, ContentType, Role
from openness.policy.base import RuleInfo
from openness.policy.builtin import read_table
from openness.policy.builtin.table_reader import (
    LineMap,
    TableReader,
    policy_header,
    rule_info,
)
from openness.policy.rules import RuleSpec

__all__ = ["PROPERTIES", "MofClass", "MofTable", "load_table"]

#: Where the shipped table is, as its problems name it.
SHIPPED = "openness/policy/data/mof.toml"

#: The open-license properties a table may name (see ``[open]``).
PROPERTIES = ("osi-approved", "fsf-libre", "open-data", "mot-typed")

#: The checks of :mod:`openness.policy.rules` a ``mof`` rule may name: the lineage rules and
#: the license files against the declared license.
_CHECKS = ("lineage-inheritance", "open-washing", "license-texts")

#: The rules the policy reports besides the classes' and the checks'.
_NAMED_RULES = (
    "mof/applies-to-models",
    "mof/research-paper-for-technical-report",
    "mof/type-appropriate-license",
)

_TOP_KEYS = {
    "policy",
    "components",
    "classes",
    "substitutes",
    "open",
    "type_appropriate",
    "suggest",
    "rules",
}

#: The MOF number of each role that has one.
_MOF_IDS = sorted(r.mof_id for r in Role if r.mof_id is not None)


@dataclass(frozen=True, slots=True)
class MofClass:
    """One MOF class: its level slug, label, the components it adds, and its rule id."""

    level: str
    label: str
    requires: tuple[int, ...]
    rule: str


@dataclass(frozen=True, slots=True)
class MofTable:
    """The parsed requirement table (see ``data/mof.toml``)."""

    id: str
    version: str
    title: str
    summary: str
    kinds: frozenset[ArtifactKind]
    names: Mapping[int, str]
    classes: tuple[MofClass, ...]  # worst first
    substitutes: Mapping[int, tuple[int, ...]]
    open_any: frozenset[str]
    open_data: frozenset[str]  # lower-case ids
    type_ok: Mapping[ContentType, frozenset[str]]
    suggest: Mapping[ContentType, str]
    rules: tuple[RuleInfo, ...]
    digest: str
    #: The rules that follow lineage (``lineage-inheritance``, ``open-washing``), as rule specs
    #: for the shared lineage checks of :mod:`openness.policy.rules`.
    lineage: tuple[RuleSpec, ...] = ()
    #: The ``license-texts`` rules: the declared license against the identified license files.
    texts: tuple[RuleSpec, ...] = ()


def load_table(
    raw: bytes | None = None, source: str | None = None, lines: LineMap | None = None
) -> MofTable:
    """Parse the shipped table (or ``raw`` TOML with the same shape, read from ``source``).

    Raises :class:`~openness.policy.builtin.table_format.PolicyError` with every problem
    found (a missing key, a wrong type, an unknown key, a bad value), each naming ``source``,
    the field path and, when ``lines`` maps a path to its line, the line.
    """
    return read_table("mof", _read, raw, source, lines)


def _read(reader: TableReader, data: dict[str, Any], digest: str) -> MofTable | None:
    reader.unknown_keys(data, _TOP_KEYS, ())
    header, meta = policy_header(reader, data, {"id", "version", "title", "summary", "kinds"})
    kinds = frozenset(reader.enums(meta, "kinds", ("policy",), ArtifactKind))
    if meta and not kinds and "kinds" not in meta:
        reader.problem(("policy", "kinds"), "kinds is required: the artifact kinds MOF grades")
    names = _components(reader, data)
    rules, lineage, texts = _rules(reader, data)
    rule_ids = {r.id for r in rules}
    classes = _classes(reader, data, names, rule_ids)
    substitutes = _substitutes(reader, data, names)
    open_any, open_data = _open(reader, data)
    type_ok = _per_type(reader, data, "type_appropriate", "a list of open-license properties")
    suggest = _per_type(reader, data, "suggest", "what a how-to-fix suggests")
    for rule_id in _NAMED_RULES:
        if rules and rule_id not in rule_ids:
            reader.problem(("rules",), f"the rule {rule_id!r} is missing: the policy reports it")
    if header is None or reader.problems:
        return None
    return MofTable(
        id=header.id,
        version=header.version,
        title=header.title,
        summary=header.summary,
        kinds=kinds,
        names=names,
        classes=classes,
        substitutes=substitutes,
        open_any=open_any,
        open_data=open_data,
        type_ok={k: frozenset(v) for k, v in type_ok.items()},
        suggest={k: str(v) for k, v in suggest.items()},
        rules=rules,
        digest=digest,
        lineage=lineage,
        texts=texts,
    )


def _number(reader: TableReader, raw: Any, path: tuple[str | int, ...]) -> int | None:
    """A component number (a key or a list entry): the MOF number of a role."""
    try:
        number = int(raw) if not isinstance(raw, bool) else None
    except (TypeError, ValueError):
        number = None
    if number is None or number not in _MOF_IDS:
        reader.problem(
            path,
            f"{short_repr(raw, 40)} is not a MOF component number; choose from "
            + ", ".join(map(str, _MOF_IDS)),
        )
        return None
    return number


def _components(reader: TableReader, data: Mapping[str, Any]) -> dict[int, str]:
    raw = reader.table(data, "components", (), "MOF number -> how a message names it")
    out: dict[int, str] = {}
    for key in raw or {}:
        number = _number(reader, key, ("components", key))
        name = reader.text(raw or {}, key, ("components",))
        if number is not None and name is not None:
            out[number] = name
    return out


def _listed(
    reader: TableReader, numbers: Any, path: tuple[str | int, ...], names: Mapping[int, str]
) -> tuple[int, ...]:
    """A list of component numbers, each listed under ``[components]``."""
    if not isinstance(numbers, list) or not numbers:
        reader.problem(path, f"must be a non-empty list of component numbers, got {numbers!r}")
        return ()
    out: list[int] = []
    for index, raw in enumerate(numbers):
        number = _number(reader, raw, (*path, index))
        if number is None:
            continue
        if names and number not in names:
            reader.problem((*path, index), f"component {number} is not listed in [components]")
            continue
        out.append(number)
    return tuple(out)


def _classes(
    reader: TableReader, data: Mapping[str, Any], names: Mapping[int, str], rule_ids: set[str]
) -> tuple[MofClass, ...]:
    out: list[MofClass] = []
    for index, raw in reader.tables(data, "classes", (), "level, label, requires, rule"):
        path: tuple[str | int, ...] = ("classes", index)
        before = len(reader.problems)
        reader.unknown_keys(raw, {"level", "label", "requires", "rule"}, path)
        level = reader.text(raw, "level", path)
        label = reader.text(raw, "label", path)
        requires = _listed(reader, raw.get("requires"), (*path, "requires"), names)
        rule = reader.text(raw, "rule", path)
        if rule is not None and rule_ids and rule not in rule_ids:
            reader.problem((*path, "rule"), f"rule {rule!r} is not one of the [[rules]]")
        if len(reader.problems) == before:
            assert level and label and rule
            out.append(MofClass(level, label, requires, rule))
    return tuple(out)


def _substitutes(
    reader: TableReader, data: Mapping[str, Any], names: Mapping[int, str]
) -> dict[int, tuple[int, ...]]:
    if "substitutes" not in data:
        return {}
    raw = reader.table(data, "substitutes", (), "component number -> its stand-ins")
    out: dict[int, tuple[int, ...]] = {}
    for key, value in (raw or {}).items():
        number = _number(reader, key, ("substitutes", key))
        stand_ins = _listed(reader, value, ("substitutes", key), names)
        if number is not None:
            out[number] = stand_ins
    return out


def _open(reader: TableReader, data: Mapping[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    raw = reader.table(data, "open", (), "any_of and open_data")
    if raw is None:
        return frozenset(), frozenset()
    reader.unknown_keys(raw, {"any_of", "open_data"}, ("open",))
    any_of = _properties(reader, raw, "any_of", ("open",))
    if not any_of and "any_of" not in raw:
        reader.problem(("open", "any_of"), "any_of is required: " + ", ".join(PROPERTIES))
    open_data = reader.strings(raw, "open_data", ("open",))
    return frozenset(any_of), frozenset(i.lower() for i in open_data)


def _properties(
    reader: TableReader, data: Mapping[str, Any], key: str, path: tuple[str | int, ...]
) -> list[str]:
    out: list[str] = []
    for index, name in enumerate(reader.strings(data, key, path)):
        if name in PROPERTIES:
            out.append(name)
        else:
            reader.problem(
                (*path, key, index),
                f"unknown property {name!r}; choose from {', '.join(PROPERTIES)}",
            )
    return out


def _per_type(
    reader: TableReader, data: Mapping[str, Any], key: str, what: str
) -> dict[ContentType, Any]:
    """A table with an entry for every content type: property lists (``type_appropriate``)
    or strings (``suggest``)."""
    raw = reader.table(data, key, (), f"content type -> {what}")
    if raw is None:
        return {}
    out: dict[ContentType, Any] = {}
    for name in raw:
        if name not in {c.value for c in ContentType}:
            reader.problem(
                (key, name),
                f"unknown content type {name!r}; choose from "
                + ", ".join(c.value for c in ContentType),
            )
    for content_type in ContentType:
        name = content_type.value
        if name not in raw:
            reader.problem((key,), f"{key} needs an entry for {name} ({what})")
        elif key == "suggest":
            text = reader.text(raw, name, (key,))
            if text is not None:
                out[content_type] = text
        else:
            out[content_type] = _properties(reader, raw, name, (key,))
    return out


def _rules(
    reader: TableReader, data: Mapping[str, Any]
) -> tuple[tuple[RuleInfo, ...], tuple[RuleSpec, ...], tuple[RuleSpec, ...]]:
    """The rules, and as rule specs those that name a check: the lineage rules and the
    ``license-texts`` rules."""
    rules: list[RuleInfo] = []
    lineage: list[RuleSpec] = []
    texts: list[RuleSpec] = []
    seen: set[str] = set()
    for index, raw in reader.tables(data, "rules", (), "id, title, passes and a citation"):
        path: tuple[str | int, ...] = ("rules", index)
        before = len(reader.problems)
        info = rule_info(reader, raw, path, {"check", "notions"})
        check = raw.get("check")
        if check is not None and check not in _CHECKS:
            reader.problem(
                (*path, "check"),
                f"unknown check {short_repr(check, 40)}; choose from {', '.join(_CHECKS)}",
            )
        notions = tuple(
            reader.enums({"notions": raw.get("notions", ["open"])}, "notions", path, Notion)
        )
        if info is not None and info.id in seen:
            reader.problem((*path, "id"), f"duplicate rule id {info.id!r}")
        if info is None or len(reader.problems) > before:
            continue
        seen.add(info.id)
        rules.append(info)
        if check is not None:
            spec = RuleSpec(
                id=info.id,
                check=check,
                title=info.title,
                passes=info.passes,
                citation=info.citation,
                severity=info.severity,
                notions=notions,
            )
            (texts if check == "license-texts" else lineage).append(spec)
    return tuple(rules), tuple(lineage), tuple(texts)
