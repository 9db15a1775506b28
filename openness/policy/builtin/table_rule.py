"""One rule of a requirement table (``[[rules]]``): its fields checked and turned into a
:class:`~openness.policy.rules.RuleSpec`, its ``params`` checked against the schema its
check declares (:class:`~openness.policy.rules.check.Check`), its ``how_to_fix`` template
against the placeholders a finding fills in."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openness.errors import short_repr
from openness.licenses import Notion
from openness.model import ArtifactKind, Role
from openness.policy.builtin.table_options import coerce_option, unknown_keys
from openness.policy.rules import CHECKS, CONDITIONS, Check, ParamType, Require, RuleSpec
from openness.policy.verdict import Citation, FindingSeverity

if TYPE_CHECKING:
    from openness.policy.builtin.table_reader import TableReader as _Reader

__all__ = ["RULE_KEYS", "parse_rule"]

RULE_KEYS = {
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


def parse_rule(
    reader: _Reader,
    raw: Any,
    index: int,
    defaults: Mapping[str, Any],
    levels: tuple[str, ...],
    *,
    profile: bool = False,
) -> RuleSpec | None:
    """The rule at ``rules[index]``, or None when it has problems (reported to ``reader``).
    Checks marked ``profile_only`` are refused unless ``profile`` (a completeness profile)."""
    path: tuple[str | int, ...] = ("rules", index)
    if not isinstance(raw, dict):
        reader.problem(path, "a rule must be a table with id, check, title, passes and a citation")
        return None
    before = len(reader.problems)
    unknown_keys(reader, raw, RULE_KEYS, path)
    rule_id = reader.text(raw, "id", path)
    check = reader.text(raw, "check", path)
    if check is not None and check not in CHECKS:
        usable = [name for name, c in CHECKS.items() if profile or not c.profile_only]
        reader.problem(
            (*path, "check"), f"unknown check {check!r}; choose from {', '.join(usable)}"
        )
    elif check is not None and CHECKS[check].profile_only and not profile:
        reader.problem(
            (*path, "check"),
            f"the {check!r} check is used by the documentation-completeness profiles only "
            "(g7-sbom-ai, eu-ai-act-gpai, owasp-aibom); choose another check",
        )
    title = reader.text(raw, "title", path)
    passes = reader.text(raw, "passes", path)
    roles_before = len(reader.problems)
    roles = tuple(reader.enums(raw, "roles", path, Role))
    described = CHECKS.get(check) if check is not None else None
    example = described.needs_roles if described is not None else None
    if example is not None and not roles and len(reader.problems) == roles_before:
        reader.problem(
            (*path, "roles"),
            f"{check} needs roles: at least one component role it judges (such as {example!r})",
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
    elif described is not None:
        _params(reader, described, params, (*path, "params"))
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


def _params(
    reader: _Reader, check: Check, params: Mapping[str, Any], path: tuple[str | int, ...]
) -> None:
    """Check a rule's ``params`` against the parameters its check declares."""
    allowed = check.all_params
    for key, value in params.items():
        where = (*path, str(key))
        param = allowed.get(key)
        if param is None:
            listed = ", ".join(f"{p.name} ({p.what})" for _, p in sorted(allowed.items()))
            reader.problem(where, f"{check.name} reads no param {key!r}; it reads {listed}")
        elif param.type in (ParamType.STRING, ParamType.OPTION):
            if not (isinstance(value, str) and value.strip()):
                reader.problem(
                    where, f"{key} must be a non-empty string, got {short_repr(value, 40)}"
                )
        elif param.type is ParamType.ROLES:
            if not isinstance(value, list) or not value:
                reader.problem(where, f"{key} must be {param.what}, got {value!r}")
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
        elif param.type is ParamType.NUMBER:
            try:
                coerce_option(float, value, param.minimum)
            except ValueError as exc:
                meaning = f" ({param.meaning})" if param.meaning else ""
                reader.problem(where, f"{key}{meaning}: {exc}")
    for name, param in allowed.items():
        if param.required and name not in params:
            reader.problem(path, f"{check.name} needs param {name!r} ({param.what})")


_PLACEHOLDERS = frozenset({"what", "terms", "license"})


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
