"""The requirement-table format: parsing and validating a policy table (TOML or YAML) into a
:class:`PolicyTable`, with every problem named by file, field path and line.

See :mod:`openness.policy.builtin.table` for the format and the policy that evaluates it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openness.errors import InputError, short_repr
from openness.model import ArtifactKind
from openness.policy.base import OptionInfo
from openness.policy.builtin.table_cross import cross_checks
from openness.policy.builtin.table_options import _OPTION_KEYS as _OPTION_KEYS
from openness.policy.builtin.table_options import (
    OPTION_TYPES,
    coerce_option,
    parse_options,
    unknown_keys,
)
from openness.policy.builtin.table_options import _coerce as _coerce
from openness.policy.builtin.table_reader import TableReader as _Reader
from openness.policy.builtin.table_rule import RULE_KEYS, parse_rule
from openness.policy.builtin.table_rule import _check_template as _check_template
from openness.policy.rules import RuleSpec
from openness.policy.verdict import Citation

__all__ = ["OPTION_TYPES", "PolicyError", "PolicyTable", "coerce_option", "parse_table"]


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
#: The helpers' names before they moved to modules of their own (kept for code that uses
#: them; new code imports them from table_options, table_rule and table_cross).
_unknown_keys = unknown_keys
_options = parse_options
_rule = parse_rule
_cross_checks = cross_checks
_RULE_KEYS = RULE_KEYS

_POLICY_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def parse_table(
    data: Any,
    source: str,
    lines: Any = None,
    *,
    reserved: Sequence[str] = (),
    profile: bool = False,
) -> PolicyTable:
    """Validate a requirement table (parsed TOML or YAML) into a :class:`PolicyTable`.

    Raises :class:`PolicyError` with every problem found, each naming ``source`` and the field
    path (and the line, when ``lines`` maps a path to one). ``reserved`` lists ids the table
    may not take (the built-in policies', for user files); ``profile`` admits the checks of
    the documentation-completeness profiles.
    """
    reader = _Reader(source, lines)
    if not isinstance(data, dict):
        reader.problem((), "a policy table must be a mapping with [policy] and [[rules]]")
        raise PolicyError(reader.problems)
    unknown_keys(reader, data, {"policy", "options", "rules"}, ())
    meta = data.get("policy")
    if not isinstance(meta, dict):
        reader.problem(("policy",), "the [policy] table is required (id, version, title, summary)")
        raise PolicyError(reader.problems)
    unknown_keys(reader, meta, _POLICY_KEYS, ("policy",))
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
    options = parse_options(reader, data.get("options"))
    raw_rules = data.get("rules")
    specs: list[RuleSpec] = []
    if not isinstance(raw_rules, list) or not raw_rules:
        reader.problem(("rules",), "[[rules]] is required: at least one rule")
    else:
        seen: set[str] = set()
        for index, raw in enumerate(raw_rules):
            spec = parse_rule(reader, raw, index, defaults, levels, profile=profile)
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
        cross_checks(reader, specs, options)
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
