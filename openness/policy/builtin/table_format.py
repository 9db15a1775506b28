"""The requirement-table format: parsing and validating a policy table (TOML or YAML) into a
:class:`PolicyTable`, with every problem named by file, field path and line.

See :mod:`openness.policy.builtin.table` for the format and the policy that evaluates it.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from openness.errors import InputError, short_repr
from openness.licenses import Notion
from openness.model import ArtifactKind, Role
from openness.policy.base import OptionInfo
from openness.policy.builtin.table_reader import TableReader as _Reader
from openness.policy.rules import CHECKS, CONDITIONS, Require, RuleSpec
from openness.policy.verdict import Citation, FindingSeverity

__all__ = ["OPTION_TYPES", "PolicyError", "PolicyTable", "coerce_option", "parse_table"]

#: Option type names a table may use.
OPTION_TYPES: dict[str, type] = {"float": float, "int": int, "str": str, "bool": bool}

_E = TypeVar("_E", bound=Enum)


class PolicyError(InputError):
    """A policy that cannot be used: an unknown id, a bad option, a malformed policy file.
    Every problem names the policy (or file) and the field."""


@dataclass(frozen=True, slots=True)
class PolicyTable:
    """A parsed, validated requirement table."""

    id: str
    version: str
    title: str
    summary: str
    applies_to: frozenset[ArtifactKind]
    levels: tuple[str, ...]
    pass_level: str | None
    options: Mapping[str, OptionInfo]
    rules: tuple[RuleSpec, ...]
    citation: Citation  # the policy's own document, cited by its applies-to finding


_POLICY_KEYS = {
    "id",
    "version",
    "title",
    "summary",
    "applies_to",
    "levels",
    "pass_level",
    "citation",
}
_RULE_KEYS = {
    "id",
    "check",
    "title",
    "passes",
    "roles",
    "notions",
    "notion",
    "require",
    "kinds",
    "level",
    "when",
    "severity",
    "document",
    "section",
    "clause",
    "url",
    "how_to_fix",
    "params",
}
_OPTION_KEYS = {"type", "default", "help", "minimum"}


def _unknown_keys(
    reader: _Reader, data: Mapping[str, Any], allowed: set[str], path: tuple[str | int, ...]
) -> None:
    for key in data:
        if key not in allowed:
            reader.problem(
                (*path, str(key)),
                f"unknown field {key!r}; valid fields: {', '.join(sorted(allowed))}",
            )


def _options(reader: _Reader, raw: Any) -> dict[str, OptionInfo]:
    out: dict[str, OptionInfo] = {}
    if raw is None:
        return out
    if not isinstance(raw, dict):
        reader.problem(
            ("options",), "options must be a table of option name -> {type, default, help}"
        )
        return out
    for name, spec in raw.items():
        path = ("options", str(name))
        if not isinstance(spec, dict):
            reader.problem(path, "an option must be a table with type, default and help")
            continue
        _unknown_keys(reader, spec, _OPTION_KEYS, path)
        type_name = spec.get("type")
        kind = OPTION_TYPES.get(str(type_name))
        if kind is None:
            reader.problem(
                (*path, "type"),
                f"unknown option type {type_name!r}; choose from {', '.join(OPTION_TYPES)}",
            )
            continue
        minimum = spec.get("minimum")
        if minimum is not None:
            if kind not in (float, int):
                reader.problem((*path, "minimum"), "minimum applies to float and int options only")
                continue
            try:
                minimum = coerce_option(float, minimum)
            except ValueError as exc:
                reader.problem((*path, "minimum"), str(exc))
                continue
        default = spec.get("default")
        try:
            default = coerce_option(kind, default, minimum) if default is not None else None
        except ValueError as exc:
            reader.problem((*path, "default"), str(exc))
            continue
        help_text = reader.text(spec, "help", path) or ""
        out[str(name)] = OptionInfo(str(name), kind, default, help_text, minimum)
    return out


def coerce_option(kind: type, value: Any, minimum: float | None = None) -> Any:
    """``value`` as an option of type ``kind`` (strings from the command line are converted),
    at least ``minimum`` when given (numbers); ``ValueError`` says what was expected."""
    number = _coerce(kind, value)
    if minimum is not None and kind in (float, int) and number < minimum:
        raise ValueError(f"expected a number of at least {minimum:g}, got {value!r}")
    return number


def _coerce(kind: type, value: Any) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "yes", "1", "false", "no", "0"):
            return value.lower() in ("true", "yes", "1")
        raise ValueError(f"expected true or false, got {value!r}")
    if kind is float:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value!r}")
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(
                f"expected a number (such as 1e21), got {short_repr(value, 40)}"
            ) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"expected a finite number, got {short_repr(value, 40)}")
        return number
    if kind is int:
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"expected a whole number, got {value!r}")
        try:
            return int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"expected a whole number, got {short_repr(value, 40)}") from None
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _rule(
    reader: _Reader,
    raw: Any,
    index: int,
    defaults: Mapping[str, Any],
    levels: tuple[str, ...],
) -> RuleSpec | None:
    path: tuple[str | int, ...] = ("rules", index)
    if not isinstance(raw, dict):
        reader.problem(path, "a rule must be a table with id, check, title, passes and a citation")
        return None
    before = len(reader.problems)
    _unknown_keys(reader, raw, _RULE_KEYS, path)
    rule_id = reader.text(raw, "id", path)
    check = reader.text(raw, "check", path)
    if check is not None and check not in CHECKS:
        reader.problem(
            (*path, "check"), f"unknown check {check!r}; choose from {', '.join(CHECKS)}"
        )
    title = reader.text(raw, "title", path)
    passes = reader.text(raw, "passes", path)
    roles_before = len(reader.problems)
    roles = tuple(reader.enums(raw, "roles", path, Role))
    if check in _NEEDS_ROLES and not roles and len(reader.problems) == roles_before:
        reader.problem(
            (*path, "roles"),
            f"{check} needs roles: at least one component role it judges (such as "
            f"{_NEEDS_ROLES[check]!r})",
        )
    notion_raw = raw.get("notions", raw.get("notion", ["osaid-terms"]))
    notions = tuple(reader.enums({"notions": notion_raw}, "notions", path, Notion))
    if not notions and not any(".notions" in p.path for p in reader.problems[before:]):
        reader.problem(
            (*path, "notions"), "notions must name at least one notion of a free license"
        )
    require = Require.OBTAINABLE
    if "require" in raw:
        try:
            require = Require(raw["require"])
        except ValueError:
            reader.problem(
                (*path, "require"),
                f"require must be 'obtainable' or 'public', got {raw['require']!r}",
            )
    kinds = frozenset(reader.enums(raw, "kinds", path, ArtifactKind)) if "kinds" in raw else None
    level = raw.get("level")
    if level is not None and level not in levels:
        reader.problem(
            (*path, "level"), f"level {level!r} is not one of the policy's levels {list(levels)}"
        )
    severity = FindingSeverity.ERROR
    if "severity" in raw:
        try:
            severity = FindingSeverity(raw["severity"])
        except ValueError:
            reader.problem(
                (*path, "severity"),
                f"severity must be error, warning or info, got {raw['severity']!r}",
            )
    params = raw.get("params", {})
    if not isinstance(params, dict):
        reader.problem((*path, "params"), "params must be a table")
        params = {}
    elif check in CHECKS:
        _params(reader, check, params, (*path, "params"))
    document = raw.get("document", defaults.get("document"))
    if not isinstance(document, str) or not document:
        reader.problem(
            (*path, "document"), "a citation needs a document (here or in policy.citation)"
        )
    for key in ("section", "clause", "url", "how_to_fix", "when"):
        if key in raw and not isinstance(raw[key], str):
            reader.problem((*path, key), f"{key} must be a string, got {raw[key]!r}")
    when = raw.get("when")
    if isinstance(when, str) and when not in CONDITIONS:
        known = ", ".join(CONDITIONS)
        reader.problem((*path, "when"), f"unknown condition {when!r}; choose from {known}")
    if isinstance(raw.get("how_to_fix"), str):
        _check_template(reader, raw["how_to_fix"], (*path, "how_to_fix"))
    if len(reader.problems) > before:
        return None
    assert rule_id and check and title and passes and isinstance(document, str)
    citation = Citation(
        document=document,
        section=raw.get("section", defaults.get("section")),
        url=raw.get("url", defaults.get("url")),
        clause=raw.get("clause"),
    )
    return RuleSpec(
        id=rule_id,
        check=check,
        title=title,
        passes=passes,
        citation=citation,
        how_to_fix=raw.get("how_to_fix"),
        severity=severity,
        roles=roles,
        notions=notions,
        require=require,
        kinds=kinds,
        level=level,
        when=raw.get("when"),
        params=dict(params),
    )


#: The checks that judge components of given roles, with an example role for the message.
_NEEDS_ROLES = {"component-license": "model-parameters-final", "source-code": "source-code"}

#: The params each check reads, with what each must be ("terms" is read by every check).
_PARAMS: dict[str, dict[str, str]] = {
    "source-code": {"binaries": "a list of component roles"},
    "retraining-cost": {"option": "an option name", "default": "a number"},
}


def _params(
    reader: _Reader, check: str, params: Mapping[str, Any], path: tuple[str | int, ...]
) -> None:
    """Check a rule's ``params`` against what its check reads."""
    allowed = {"terms": "a string", **_PARAMS.get(check, {})}
    for key, value in params.items():
        where = (*path, str(key))
        if key not in allowed:
            listed = ", ".join(f"{k} ({v})" for k, v in sorted(allowed.items()))
            reader.problem(where, f"{check} reads no param {key!r}; it reads {listed}")
        elif key in ("terms", "option") and not (isinstance(value, str) and value.strip()):
            reader.problem(where, f"{key} must be a non-empty string, got {short_repr(value, 40)}")
        elif key == "binaries":
            if not isinstance(value, list) or not value:
                reader.problem(where, f"binaries must be a list of component roles, got {value!r}")
            else:
                for index, role in enumerate(value):
                    try:
                        Role(role)
                    except ValueError:
                        reader.problem(
                            (*where, index),
                            f"unknown role {role!r}; choose from "
                            + ", ".join(r.value for r in Role),
                        )
        elif key == "default":
            try:
                coerce_option(float, value, 0)
            except ValueError as exc:
                reader.problem(where, f"default (the budget when no option is given): {exc}")


_PLACEHOLDERS = frozenset({"what", "terms", "license"})

_POLICY_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def _cross_checks(
    reader: _Reader, specs: Sequence[RuleSpec], options: Mapping[str, OptionInfo]
) -> None:
    """What a rule needs of the others and of the options: the rule that decides its ``when``
    condition; for ``retraining-cost``, a number option (with a default) as its budget."""
    index_of = {spec.id: i for i, spec in enumerate(specs)}
    checks = {spec.check for spec in specs}
    for spec in specs:
        path: tuple[str | int, ...] = ("rules", index_of[spec.id])
        if spec.when is not None and spec.when in CONDITIONS:
            decider = CONDITIONS[spec.when].decided_by
            if decider not in checks:
                reader.problem(
                    (*path, "when"),
                    f"condition {spec.when!r} is decided by a {decider} rule, and the policy "
                    f"has none: add a rule with check = {decider!r}, or remove when",
                )
        if spec.check == "retraining-cost":
            name = str(spec.params.get("option", "budget_flop"))
            info = options.get(name)
            if info is None:
                continue  # the budget is params.default (else 1e21 FLOP), not an option
            if info.type not in (float, int):
                reader.problem(
                    ("options", name, "type"),
                    f"option {name!r} is the budget of {spec.id} (a number of FLOP): its type "
                    f"must be float or int, not {info.type.__name__}",
                )
            elif info.default is None and "default" not in spec.params:
                reader.problem(
                    ("options", name, "default"),
                    f"option {name!r} is the budget of {spec.id}: give it a default (such as "
                    "1e21), or give the rule params.default",
                )


def _check_template(reader: _Reader, text: str, path: tuple[str | int, ...]) -> None:
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        reader.problem(
            path, f"how_to_fix is not a valid template ({exc}); write {{{{ and }}}} for braces"
        )
        return
    unknown = [f for f in fields if f not in _PLACEHOLDERS]
    if unknown:
        reader.problem(
            path,
            f"how_to_fix may use {{what}}, {{terms}} and {{license}}, not {{{unknown[0]}}}; "
            "write {{ and }} for braces",
        )


def parse_table(
    data: Any, source: str, lines: Any = None, *, reserved: Sequence[str] = ()
) -> PolicyTable:
    """Validate a requirement table (parsed TOML or YAML) into a :class:`PolicyTable`.

    Raises :class:`PolicyError` with every problem found, each naming ``source`` and the field
    path (and the line, when ``lines`` maps a path to one). ``reserved`` lists ids the table
    may not take (the built-in policies', for user files).
    """
    reader = _Reader(source, lines)
    if not isinstance(data, dict):
        reader.problem((), "a policy table must be a mapping with [policy] and [[rules]]")
        raise PolicyError(reader.problems)
    _unknown_keys(reader, data, {"policy", "options", "rules"}, ())
    meta = data.get("policy")
    if not isinstance(meta, dict):
        reader.problem(("policy",), "the [policy] table is required (id, version, title, summary)")
        raise PolicyError(reader.problems)
    _unknown_keys(reader, meta, _POLICY_KEYS, ("policy",))
    before_id = len(reader.problems)
    policy_id = reader.text(meta, "id", ("policy",))
    if policy_id is not None and not _POLICY_ID.fullmatch(policy_id):
        reader.problem(
            ("policy", "id"),
            f"policy id {short_repr(policy_id, 40)} must be lower-case letters, digits, '-', "
            "'_' and '.', starting with a letter or digit, at most 64 characters (such as "
            "'acme-weights')",
        )
    elif policy_id is not None and policy_id.lower() in {r.lower() for r in reserved}:
        reader.problem(
            ("policy", "id"), f"{policy_id!r} is the id of a built-in policy; choose another id"
        )
    id_ok = len(reader.problems) == before_id  # else rule ids are not checked against it
    version = meta.get("version")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version:
        reader.problem(
            ("policy", "version"), f"version is required (a string such as '1.0'), got {version!r}"
        )
    title = reader.text(meta, "title", ("policy",))
    summary = reader.text(meta, "summary", ("policy",))
    applies = (
        reader.enums(meta, "applies_to", ("policy",), ArtifactKind)
        if "applies_to" in meta
        else list(ArtifactKind)
    )
    levels = tuple(reader.strings(meta, "levels", ("policy",)))
    pass_level = meta.get("pass_level", levels[0] if levels else None)
    if levels and pass_level not in levels:
        reader.problem(
            ("policy", "pass_level"),
            f"pass_level {pass_level!r} is not one of the levels {list(levels)}",
        )
    if levels and len(levels) < 2:
        reader.problem(
            ("policy", "levels"),
            "a graded policy needs at least two levels (the last is the floor)",
        )
    defaults = meta.get("citation", {})
    if not isinstance(defaults, dict) or not isinstance(defaults.get("document", ""), str):
        reader.problem(("policy", "citation"), "citation must be a table with document and url")
        defaults = {}
    options = _options(reader, data.get("options"))
    raw_rules = data.get("rules")
    specs: list[RuleSpec] = []
    if not isinstance(raw_rules, list) or not raw_rules:
        reader.problem(("rules",), "[[rules]] is required: at least one rule")
    else:
        seen: set[str] = set()
        for index, raw in enumerate(raw_rules):
            spec = _rule(reader, raw, index, defaults, levels)
            if spec is None:
                continue
            if spec.id in seen:
                reader.problem(("rules", index, "id"), f"duplicate rule id {spec.id!r}")
                continue
            if id_ok and policy_id and not spec.id.startswith(f"{policy_id}/"):
                reader.problem(
                    ("rules", index, "id"),
                    f"rule id {short_repr(spec.id, 40)} must begin with the policy id and a slash "
                    f"('{policy_id}/...'), so that it cannot be taken for another policy's rule",
                )
                continue
            seen.add(spec.id)
            specs.append(spec)
        _cross_checks(reader, specs, options)
    if reader.problems:
        raise PolicyError(reader.problems)
    assert policy_id and title and summary and isinstance(version, str)
    return PolicyTable(
        id=policy_id,
        version=version,
        title=title,
        summary=summary,
        applies_to=frozenset(applies),
        levels=levels,
        pass_level=pass_level if levels else None,
        options=options,
        rules=tuple(specs),
        citation=Citation(
            document=str(defaults.get("document") or title),
            section=defaults.get("section"),
            url=defaults.get("url"),
        ),
    )
