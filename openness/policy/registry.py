"""The policy registry: built-in policies by id (imported on first use), third-party policies
from the ``openness.policies`` entry point group, and user policy files (TOML or YAML tables
that reuse the built-in rules).

Unknown ids, bad options and malformed policy files raise :class:`PolicyError`, whose problems
name the policy (or file) and the field.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from openness.errors import InputError, Problem, short_repr
from openness.policy.base import Policy
from openness.policy.builtin.table import PolicyError, TablePolicy, coerce_option, parse_table
from openness.policy.license_lists import LicenseListPolicy, parse_license_lists
from openness.policy.verdict import Citation

_POLICY_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")

__all__ = [
    "BUILTIN_POLICIES",
    "OPT_IN_POLICIES",
    "PolicyError",
    "builtin_ids",
    "default_ids",
    "get_policy",
    "load_policy_file",
    "parse_option_args",
    "policies",
    "policy_ids",
    "resolve_options",
    "resolve_policies",
]

#: Built-in policy id -> "module:Class". The ids are part of the interface.
BUILTIN_POLICIES: dict[str, str] = {
    "osaid": "openness.policy.builtin.osaid:OsaidPolicy",
    "mof": "openness.policy.builtin.mof:MofPolicy",
    "debian-ml": "openness.policy.builtin.debian_ml:DebianMlPolicy",
    "osd": "openness.policy.builtin.osd:OsdPolicy",
    "fsf": "openness.policy.builtin.fsf:FsfPolicy",
    "weights-as-source": "openness.policy.builtin.weights_as_source:WeightsAsSourcePolicy",
    "data-as-source": "openness.policy.builtin.data_as_source:DataAsSourcePolicy",
    "cost-aware": "openness.policy.builtin.cost_aware:CostAwarePolicy",
    "reproducible": "openness.policy.builtin.reproducible:ReproduciblePolicy",
    "g7-sbom-ai": "openness.policy.builtin.completeness:G7SbomAiPolicy",
    "eu-ai-act-gpai": "openness.policy.builtin.completeness:EuAiActGpaiPolicy",
    "owasp-aibom": "openness.policy.builtin.completeness:OwaspAibomPolicy",
}

#: Built-in policies run only when asked for by id (documentation-completeness profiles: they
#: measure documentation, not openness, so a run without ``--policy`` leaves them out).
OPT_IN_POLICIES: frozenset[str] = frozenset({"g7-sbom-ai", "eu-ai-act-gpai", "owasp-aibom"})

_POLICY_FILE_SUFFIXES = (".toml", ".yaml", ".yml")


def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group="openness.policies")}


def builtin_ids() -> list[str]:
    """The built-in policy ids, in their documented order."""
    return list(BUILTIN_POLICIES)


def policy_ids() -> list[str]:
    """Every policy id: built-ins first, then entry points."""
    ids = builtin_ids()
    ids.extend(name for name in _entry_points() if name not in BUILTIN_POLICIES)
    return ids


def _instantiate(policy_id: str, spec: str) -> Policy:
    try:  # "module:attribute", as an entry point names it (built-ins are named the same way)
        obj = EntryPoint(name=policy_id, value=spec, group="openness.policies").load()
    except (ImportError, AttributeError, ValueError) as exc:
        raise PolicyError(
            [
                Problem(
                    "--policy", policy_id, f"policy {policy_id!r} ({spec}) cannot be loaded: {exc}"
                )
            ]
        ) from None
    policy = obj() if isinstance(obj, type) else obj
    if not isinstance(policy, Policy):
        raise PolicyError(
            [
                Problem(
                    "--policy",
                    policy_id,
                    f"policy {policy_id!r} ({spec}) is not a policy: it needs id, version, title, "
                    "summary, levels, rules(), options(), data_hash() and evaluate()",
                )
            ]
        )
    return policy


def _unknown(policy_id: str) -> PolicyError:
    known = policy_ids()
    close = difflib.get_close_matches(policy_id, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "."
    return PolicyError(
        [
            Problem(
                "--policy",
                policy_id,
                f"unknown policy {policy_id!r}{hint} Choose from {', '.join(known)}, or give a "
                "policy file (.toml or .yaml)",
            )
        ]
    )


@cache
def get_policy(policy_id: str) -> Policy:
    """The policy with this id (built-in or from an entry point), created once per process."""
    spec = BUILTIN_POLICIES.get(policy_id) or _entry_points().get(policy_id)
    if spec is None:
        raise _unknown(policy_id)
    return _instantiate(policy_id, spec)


def default_ids() -> list[str]:
    """The built-in policies a run without ``--policy`` judges: every built-in one but the
    opt-in ones (:data:`OPT_IN_POLICIES`)."""
    return [pid for pid in BUILTIN_POLICIES if pid not in OPT_IN_POLICIES]


def policies(ids: Iterable[str] | None = None) -> dict[str, Policy]:
    """Policies by id: the given ids, or every default built-in one (see :func:`default_ids`)."""
    return {pid: get_policy(pid) for pid in (default_ids() if ids is None else ids)}


def load_policy_file(path: str | os.PathLike[str]) -> TablePolicy | LicenseListPolicy:
    """A user policy from a TOML or YAML table (same shape as the built-in tables; see
    :mod:`openness.policy.builtin.table`). Problems name the file, field and line."""
    from openness.documents import read_document

    name = os.fspath(path)
    try:
        document = read_document(name)
    except InputError as exc:
        raise PolicyError(exc.problems) from None
    if document.format not in ("toml", "yaml"):
        raise PolicyError([Problem(name, "", "a policy file must be TOML or YAML (.toml, .yaml)")])
    data = document.data
    if isinstance(data, dict) and "licenses" in data and "rules" not in data:
        return _license_list_policy(data, name, document.line_of, document.text.encode("utf-8"))
    table = parse_table(document.data, name, document.line_of, reserved=tuple(BUILTIN_POLICIES))
    return TablePolicy(table, document.text.encode("utf-8"))


def _license_list_policy(
    data: Mapping[str, Any], name: str, line_of: Any, raw: bytes
) -> LicenseListPolicy:
    """An organisation's license lists: ``[policy]`` (id, version, title, summary, citation)
    and ``[licenses]`` (allow, deny, review, default)."""
    problems: list[Problem] = []
    meta = data.get("policy")
    for key in data:
        if key not in ("policy", "licenses"):
            problems.append(
                Problem(
                    name,
                    key,
                    f"unknown table {key!r}; a license list has [policy] and [licenses]",
                    line_of([key]),
                )
            )
    if not isinstance(meta, dict):
        problems.append(
            Problem(
                name,
                "policy",
                "the [policy] table is required (id, version, title, summary)",
                line_of(["policy"]),
            )
        )
        raise PolicyError(problems)
    texts: dict[str, str] = {}
    for key in ("id", "version", "title", "summary"):
        value = meta.get(key)
        value = str(value) if isinstance(value, int | float) and key == "version" else value
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    name,
                    f"policy.{key}",
                    f"{key} is required (a string)",
                    line_of(["policy", key]) or line_of(["policy"]),
                )
            )
        else:
            texts[key] = value
    policy_id = texts.get("id", "")
    if policy_id and (not _POLICY_ID.fullmatch(policy_id) or policy_id in BUILTIN_POLICIES):
        problems.append(
            Problem(
                name,
                "policy.id",
                f"policy id {policy_id!r} must be lower-case "
                "letters, digits, '-', '_' and '.', and not a built-in id",
                line_of(["policy", "id"]),
            )
        )
    cite = meta.get("citation", {})
    if not isinstance(cite, dict) or not isinstance(cite.get("document", texts.get("title")), str):
        problems.append(
            Problem(
                name,
                "policy.citation",
                "citation is a table with document (and url, section)",
                line_of(["policy", "citation"]),
            )
        )
        cite = {}
    lists, found = parse_license_lists(data["licenses"], line_of, name)
    problems.extend(found)
    if problems or lists is None:
        raise PolicyError(problems)
    citation = Citation(
        document=str(cite.get("document", texts["title"])),
        section=cite.get("section"),
        url=cite.get("url"),
        clause=cite.get("clause"),
    )
    return LicenseListPolicy(
        policy_id, texts["version"], texts["title"], texts["summary"], citation, lists, raw
    )


def _looks_like_file(value: str) -> bool:
    return value.lower().endswith(_POLICY_FILE_SUFFIXES) or os.sep in value


def resolve_policies(values: Sequence[str | Policy] | str | Policy | None) -> list[Policy]:
    """Policies from ids, policy files and policy objects (every default built-in one when None
    or empty; one id, file or object may be given alone), without duplicates, in the order given.
    Every unknown id is reported; a file given twice is read once."""
    if not values:
        return list(policies().values())
    if isinstance(values, str | os.PathLike | Policy):
        values = [values]
    out: dict[str, Policy] = {}
    files: dict[str, Policy] = {}
    problems: list[Problem] = []
    failed: set[str] = set()
    for position, value in enumerate(values):
        try:
            if isinstance(value, str | os.PathLike):
                text = os.fspath(value)
                if isinstance(value, os.PathLike) or _looks_like_file(text):
                    key = os.path.realpath(text)
                    if key in failed:
                        continue  # its problems are reported once
                    failed.add(key)
                    policy = files.get(key) or load_policy_file(text)
                    files[key] = policy
                    failed.discard(key)
                else:
                    policy = get_policy(text)
            elif isinstance(value, Policy):
                policy = value
            else:
                problems.append(
                    Problem(
                        "--policy",
                        f"policies[{position}]",
                        f"expected a policy id, a policy file path or a policy object, got "
                        f"{type(value).__name__} {short_repr(value, 40)}",
                    )
                )
                continue
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if policy.id in out and out[policy.id] is not policy:
            problems.append(
                Problem("--policy", policy.id, f"two different policies have the id {policy.id!r}")
            )
            continue
        out[policy.id] = policy
    if problems:
        raise PolicyError(problems)
    return list(out.values())


def resolve_options(policy: Policy, given: Mapping[str, Any] | None) -> dict[str, Any]:
    """The policy's options: defaults overridden by ``given``, each checked and converted to
    its declared type. Unknown names and bad values raise :class:`PolicyError`."""
    declared = policy.options()
    values = {name: info.default for name, info in declared.items()}
    problems: list[Problem] = []
    for name, value in (given or {}).items():
        info = declared.get(name)
        if info is None:
            choices = ", ".join(declared) or "none"
            problems.append(
                Problem(
                    "--option",
                    f"{policy.id}.{name}",
                    f"policy {policy.id!r} has no option {name!r}; its options: {choices}",
                )
            )
            continue
        try:
            values[name] = coerce_option(info.type, value, info.minimum)
        except ValueError as exc:
            problems.append(
                Problem(
                    "--option",
                    f"{policy.id}.{name}",
                    f"policy {policy.id!r} option {name!r}: {exc}",
                )
            )
    if problems:
        raise PolicyError(problems)
    return values


def parse_option_args(args: Iterable[str]) -> dict[str, dict[str, str]]:
    """``policy.key=value`` strings (the ``--option`` flag) as ``{policy: {key: value}}``."""
    out: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for arg in args:
        target, eq, value = arg.partition("=")
        policy_id, dot, key = target.rpartition(".")
        if not eq or not dot or not policy_id or not key:
            problems.append(
                Problem(
                    "--option",
                    arg,
                    f"expected POLICY.KEY=VALUE (such as cost-aware.budget_flop=1e22), got {arg!r}",
                )
            )
            continue
        out.setdefault(policy_id, {})[key] = value
    if problems:
        raise PolicyError(problems)
    return out
