"""The ``reproducible`` table (``openness/policy/data/reproducible.toml``): parsed and validated
into a :class:`ReproducibleTable`, every problem named by file, field path and line (when a
line map is given)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from openness.licenses import Notion
from openness.model import ArtifactKind, Availability, Relation, Role
from openness.policy.base import RuleInfo
from openness.policy.builtin import read_table
from openness.policy.builtin.table_reader import (
    LineMap,
    TableReader,
    policy_header,
    rule_info,
)

__all__ = [
    "R_COST",
    "R_DATA",
    "R_FREE",
    "R_PINNED",
    "R_RECIPE",
    "R_RELEASED",
    "R_REQUIRED",
    "R_UPSTREAM",
    "KindRules",
    "ReproducibleTable",
    "default_table",
    "load_table",
]

#: Where the shipped table is, as its problems name it.
SHIPPED = "openness/policy/data/reproducible.toml"

R_RELEASED = "reproducible/input-released"
R_FREE = "reproducible/input-free"
R_PINNED = "reproducible/input-pinned"
R_REQUIRED = "reproducible/required-input"
R_DATA = "reproducible/training-data"
R_RECIPE = "reproducible/recipe"
R_UPSTREAM = "reproducible/upstream"
R_COST = "reproducible/rebuild-cost"

#: Every rule the policy reports, and the placeholders its how-to-fix may use.
_RULES = {
    R_RELEASED: {"what"},
    R_FREE: {"what"},
    R_PINNED: {"what"},
    R_REQUIRED: {"role"},
    R_DATA: set(),
    R_RECIPE: set(),
    R_UPSTREAM: {"what"},
    R_COST: {"what"},
}

_TOP_KEYS = {"policy", "availability", "relations", "kinds", "rules"}
_POLICY_KEYS = {"id", "version", "title", "summary", "levels", "notion", "min_level"}
_AVAILABILITY = ("released", "obtainable", "missing")
_KIND_KEYS = {"required", "inputs", "inherit_license", "recipe", "training_data", "follow_lineage"}
_RECIPES = ("required", "recommended", "none")


@dataclass(frozen=True, slots=True)
class KindRules:
    """What rebuilding an artifact of one kind needs (see the table's ``[kinds.*]``)."""

    required: tuple[Role, ...]
    inputs: frozenset[Role]
    inherit_license: frozenset[Role]
    recipe: str  # required | recommended | none
    training_data: bool
    follow_lineage: bool


@dataclass(frozen=True, slots=True)
class ReproducibleTable:
    """The parsed table (``data/reproducible.toml``).

    ``released``, ``obtainable`` and ``missing`` divide the availability values between them
    (each value in exactly one): a released input raises no availability finding, an
    obtainable one gives the middle level, a missing one ``not-rebuildable``.
    """

    id: str
    version: str
    title: str
    summary: str
    levels: tuple[str, str, str]
    notion: Notion
    min_level: str
    released: frozenset[Availability]
    obtainable: frozenset[Availability]
    missing: frozenset[Availability]
    input_relations: frozenset[Relation]
    no_training_data: frozenset[Relation]
    kinds: Mapping[ArtifactKind, KindRules]
    rules: tuple[RuleInfo, ...]
    fixes: Mapping[str, str]
    digest: str


def load_table(
    raw: bytes | None = None, source: str | None = None, lines: LineMap | None = None
) -> ReproducibleTable:
    """Parse the shipped table (or ``raw`` TOML of the same shape, read from ``source``).

    Raises :class:`~openness.policy.builtin.table_format.PolicyError` with every problem
    found (a missing key, a wrong type, an unknown key, a bad value), each naming ``source``,
    the field path and, when ``lines`` maps a path to its line, the line.
    """
    return read_table("reproducible", _read, raw, source, lines)


@cache
def default_table() -> ReproducibleTable:
    """The shipped table, parsed once."""
    return load_table()


def _read(reader: TableReader, data: dict[str, Any], digest: str) -> ReproducibleTable | None:
    reader.unknown_keys(data, _TOP_KEYS, ())
    header, meta = policy_header(reader, data, _POLICY_KEYS)
    levels = tuple(reader.strings(meta, "levels", ("policy",))) if meta else ()
    if meta and len(levels) != 3:
        reader.problem(
            ("policy", "levels"),
            f"levels must list three levels, best first, got {list(levels)}",
        )
    notion = reader.enum(meta, "notion", ("policy",), Notion) if meta else None
    min_level = None
    if len(levels) == 3:
        min_level = reader.choice(meta, "min_level", ("policy",), levels[:2])
    released, obtainable, missing = _availability(reader, data)
    inputs, no_training_data = _relations(reader, data)
    kinds = _kinds(reader, data)
    rules, fixes = _rules(reader, data)
    if header is None or notion is None or min_level is None or reader.problems:
        return None
    return ReproducibleTable(
        id=header.id,
        version=header.version,
        title=header.title,
        summary=header.summary,
        levels=(levels[0], levels[1], levels[2]),
        notion=notion,
        min_level=min_level,
        released=released,
        obtainable=obtainable,
        missing=missing,
        input_relations=inputs,
        no_training_data=no_training_data,
        kinds=kinds,
        rules=rules,
        fixes=fixes,
        digest=digest,
    )


def _availability(
    reader: TableReader, data: Mapping[str, Any]
) -> tuple[frozenset[Availability], ...]:
    """``released``, ``obtainable`` and ``missing``: each availability value in exactly one."""
    raw = reader.table(data, "availability", (), "released, obtainable and missing")
    if raw is None:
        return frozenset(), frozenset(), frozenset()
    reader.unknown_keys(raw, set(_AVAILABILITY), ("availability",))
    out: list[frozenset[Availability]] = []
    where: dict[Availability, str] = {}
    for key in _AVAILABILITY:
        if key not in raw:
            reader.problem(("availability", key), f"{key} is required: a list of availabilities")
        values = reader.enums(raw, key, ("availability",), Availability)
        for index, value in enumerate(values):
            if value in where:
                reader.problem(
                    ("availability", key, index),
                    f"{value.value!r} is listed in {where[value]} already: each availability "
                    "is released, obtainable or missing, not two of them",
                )
            where.setdefault(value, key)
        out.append(frozenset(values))
    unlisted = [a.value for a in Availability if a not in where]
    if unlisted and not reader.problems:
        reader.problem(
            ("availability",),
            f"{', '.join(unlisted)} is in none of released, obtainable and missing: list each "
            "availability in one of them",
        )
    return out[0], out[1], out[2]


def _relations(
    reader: TableReader, data: Mapping[str, Any]
) -> tuple[frozenset[Relation], frozenset[Relation]]:
    raw = reader.table(data, "relations", (), "inputs and no_training_data")
    if raw is None:
        return frozenset(), frozenset()
    reader.unknown_keys(raw, {"inputs", "no_training_data"}, ("relations",))
    if "inputs" not in raw:
        reader.problem(("relations", "inputs"), "inputs is required: a list of relations")
    inputs = reader.enums(raw, "inputs", ("relations",), Relation)
    none = reader.enums(raw, "no_training_data", ("relations",), Relation)
    return frozenset(inputs), frozenset(none)


def _kinds(reader: TableReader, data: Mapping[str, Any]) -> dict[ArtifactKind, KindRules]:
    raw = reader.table(data, "kinds", (), "one table per artifact kind")
    if raw is None:
        return {}
    out: dict[ArtifactKind, KindRules] = {}
    choices = ", ".join(k.value for k in ArtifactKind)
    for name, spec in raw.items():
        path: tuple[str | int, ...] = ("kinds", name)
        try:
            kind = ArtifactKind(name)
        except ValueError:
            reader.problem(path, f"unknown artifact kind {name!r}; choose from {choices}")
            continue
        if not isinstance(spec, dict):
            reader.problem(path, "a kind must be a table: " + ", ".join(sorted(_KIND_KEYS)))
            continue
        before = len(reader.problems)
        reader.unknown_keys(spec, _KIND_KEYS, path)
        for key in ("required", "inputs", "inherit_license"):
            if key not in spec:
                reader.problem((*path, key), f"{key} is required: a list of component roles")
        required = reader.enums(spec, "required", path, Role)
        inputs = reader.enums(spec, "inputs", path, Role)
        inherit = reader.enums(spec, "inherit_license", path, Role)
        recipe = reader.choice(spec, "recipe", path, _RECIPES)
        training_data = reader.boolean(spec, "training_data", path)
        follow_lineage = reader.boolean(spec, "follow_lineage", path)
        if len(reader.problems) > before:
            continue
        assert recipe is not None and training_data is not None and follow_lineage is not None
        out[kind] = KindRules(
            required=tuple(required),
            inputs=frozenset(inputs),
            inherit_license=frozenset(inherit),
            recipe=recipe,
            training_data=training_data,
            follow_lineage=follow_lineage,
        )
    missing = [k.value for k in ArtifactKind if k.value not in raw]
    if missing:
        reader.problem(("kinds",), f"kinds needs a table for every kind: {', '.join(missing)}")
    return out


def _rules(
    reader: TableReader, data: Mapping[str, Any]
) -> tuple[tuple[RuleInfo, ...], dict[str, str]]:
    rules: list[RuleInfo] = []
    fixes: dict[str, str] = {}
    for index, raw in reader.tables(data, "rules", (), "id, title, passes, how_to_fix, citation"):
        path: tuple[str | int, ...] = ("rules", index)
        before = len(reader.problems)
        info = rule_info(reader, raw, path, {"how_to_fix"})
        fix = reader.text(raw, "how_to_fix", path)
        if info is not None and info.id in fixes:
            reader.problem((*path, "id"), f"duplicate rule id {info.id!r}")
        elif info is not None and info.id not in _RULES:
            reader.problem(
                (*path, "id"), f"unknown rule {info.id!r}; the policy reports {', '.join(_RULES)}"
            )
        elif info is not None and fix is not None:
            _check_template(reader, fix, (*path, "how_to_fix"), _RULES[info.id])
        if info is None or fix is None or len(reader.problems) > before:
            continue
        rules.append(info)
        fixes[info.id] = fix
    absent = [r for r in _RULES if r not in fixes]
    if absent and not reader.problems:
        reader.problem(("rules",), f"the policy reports these rules, missing here: {absent}")
    return tuple(rules), fixes


def _check_template(
    reader: TableReader, text: str, path: tuple[str | int, ...], allowed: set[str]
) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        reader.problem(path, f"how_to_fix is not a valid template ({exc}); write {{{{ and }}}}")
        return
    unknown = [f for f in fields if f not in allowed]
    if unknown:
        may = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "no placeholder"
        reader.problem(
            path,
            f"how_to_fix of this rule may use {may}, not {{{unknown[0]}}}; write {{{{ and }}}} "
            "for braces",
        )
