"""Documentation-completeness profiles: ``g7-sbom-ai``, ``eu-ai-act-gpai`` and ``owasp-aibom``.

Each profile is a policy table under ``openness/policy/data/`` whose rules all use the
``documented`` check (:mod:`openness.policy.rules.documented`): one rule per documentation item,
citing the clause that asks for it. :class:`CompletenessPolicy` evaluates such a table:

* every item gives one finding: pass when documented, fail (with the citation and how to fix)
  when not; absent documentation is what the profile measures, so it is never unknown;
* the verdict's **level** is the weighted share of the items satisfied, as a whole percentage
  rounded down (``"72%"``; ``"100%"`` only when every item is satisfied). Each item's weight is
  its ``params.weight`` (default 1: equal weights);
* the **outcome** passes when every required item (severity ``error``) is satisfied and fails
  otherwise; recommended items (severity ``warning``) count in the level only;
* artifacts of a kind the profile does not judge (``applies_to``) are not applicable.

The item parameters (``fields``, ``match``, ``weight``) are read here, not by the table
format: they are taken out of each rule's ``params`` before the table is parsed (as a profile,
which admits the ``documented`` check) and put back on the parsed rules.
"""

from __future__ import annotations

import tomllib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from importlib.resources import files
from typing import Any

from openness._toml_lines import TomlLineIndex
from openness.errors import Problem
from openness.lineage import LineageGraph
from openness.model import Artifact, ArtifactKind
from openness.policy.base import Context, OptionInfo, RuleInfo
from openness.policy.builtin.table import PolicyError, PolicyTable, TablePolicy, parse_table
from openness.policy.builtin.table_reader import LineMap
from openness.policy.rules import CHECKS, ArtifactView
from openness.policy.rules.documented import MATCHES, FieldMask, field_getter, item_fields
from openness.policy.rules.spec import RuleSpec
from openness.policy.run import Run
from openness.policy.verdict import Finding, FindingSeverity, Outcome, Verdict

__all__ = [
    "CompletenessPolicy",
    "EuAiActGpaiPolicy",
    "G7SbomAiPolicy",
    "OwaspAibomPolicy",
    "load_profile",
    "percent",
]

#: The ``documented`` check's own parameters, read by this module.
_ITEM_PARAMS = ("fields", "match", "weight")

#: A verdict body: level, outcome and findings.
_Body = tuple["str | None", Outcome, tuple[Finding, ...]]


def percent(satisfied_weight: float, total_weight: float) -> str:
    """The share as a whole percentage rounded down, so that only a complete artifact reaches
    ``100%`` (``percent(13, 18) == "72%"``)."""
    if total_weight <= 0:
        return "100%"
    share = int(100 * satisfied_weight / total_weight + 1e-9)
    return f"{max(0, min(share, 100))}%"


def _item_problems(
    name: str, index: int, item: Mapping[str, Any], lines: LineMap | None = None
) -> list[Problem]:
    where = f"rules[{index}].params"
    line = None if lines is None else lines(["rules", index, "params"])
    problems: list[Problem] = []
    fields = item.get("fields")
    if not isinstance(fields, list) or not fields or not all(isinstance(f, str) for f in fields):
        problems.append(
            Problem(name, f"{where}.fields", "fields must be a non-empty list of field paths", line)
        )
    else:
        for position, path in enumerate(fields):
            try:
                field_getter(path)
            except ValueError as exc:
                problems.append(Problem(name, f"{where}.fields[{position}]", str(exc), line))
    match = item.get("match", "all")
    if match not in MATCHES:
        problems.append(
            Problem(name, f"{where}.match", f"match must be 'all' or 'any', got {match!r}", line)
        )
    weight = item.get("weight", 1)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        problems.append(
            Problem(
                name, f"{where}.weight", f"weight must be a positive number, got {weight!r}", line
            )
        )
    return problems


def load_profile(data: Mapping[str, Any], name: str, lines: LineMap | None = None) -> PolicyTable:
    """A completeness profile from its parsed table: the table format parses the rules (the
    ``documented`` parameters set aside), then each rule gets them back. Problems (a rule that
    is not ``documented``, an unknown field path, a bad weight) raise :class:`PolicyError`, each
    with its line when ``lines`` maps a field path to one."""
    raw_rules = data.get("rules")
    items: list[dict[str, Any]] = []
    stripped: list[Any] = []
    for raw in raw_rules if isinstance(raw_rules, list) else []:
        if isinstance(raw, dict) and isinstance(raw.get("params"), dict):
            params = dict(raw["params"])
            items.append({k: params.pop(k) for k in _ITEM_PARAMS if k in params})
            raw = {**raw, "params": params}
        else:
            items.append({})
        stripped.append(raw)
    table = parse_table(
        {**data, "rules": stripped} if stripped else data, name, lines, profile=True
    )
    problems: list[Problem] = []
    rules: list[RuleSpec] = []
    for index, (spec, item) in enumerate(zip(table.rules, items, strict=True)):
        if spec.check != "documented":
            problems.append(
                Problem(
                    name,
                    f"rules[{index}].check",
                    f"a completeness profile's rules use the 'documented' check, not "
                    f"{spec.check!r}",
                    None if lines is None else lines(["rules", index, "check"]),
                )
            )
            continue
        problems.extend(_item_problems(name, index, item, lines))
        rules.append(replace(spec, params={**spec.params, **item}, cache={}))
    if problems:
        raise PolicyError(problems)
    return replace(table, rules=tuple(rules))


@cache
def _builtin(stem: str) -> tuple[PolicyTable, bytes]:
    raw = files("openness.policy").joinpath(f"data/{stem}.toml").read_bytes()
    text = raw.decode("utf-8")
    table = load_profile(
        tomllib.loads(text), f"openness/policy/data/{stem}.toml", TomlLineIndex(text).line_of
    )
    return table, raw


#: Every field path the profiles read, with its bit (shared: one mask per artifact for all).
_FIELDS = FieldMask()


class CompletenessPolicy:
    """A documentation-completeness profile (see the module docstring): one ``documented``
    finding per item, the weighted share satisfied as the level, pass when every required
    item is satisfied.

    Verdict bodies are shared between artifacts of the same kind that document the same fields
    (see :meth:`key`)."""

    levels: tuple[str, ...] = ()

    def __init__(self, table: PolicyTable, data: bytes = b""):
        self.table = table
        self._base = TablePolicy(table, data)  # rules(), options(), data_hash(), skip()
        self.id = table.id
        self.version = table.version
        self.title = table.title
        self.summary = table.summary
        self.fields: tuple[str, ...] = tuple(
            dict.fromkeys(f for spec in table.rules for f in item_fields(spec))
        )
        items = []
        for spec in table.rules:
            bits = 0
            for path in item_fields(spec):
                bits |= _FIELDS.bit(path)
            weight = float(spec.params.get("weight", 1))
            items.append((spec, bits, spec.params.get("match", "all") == "any", weight))
        self._items = tuple(items)
        self._total = sum(item[3] for item in items)
        self._bits = 0
        for _, bits, _, _ in items:
            self._bits |= bits
        self._bodies: dict[Hashable, _Body] = {}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.version}>"

    def rules(self) -> Sequence[RuleInfo]:
        """``<id>/applies-to``, then one rule per documentation item, with its citation."""
        return self._base.rules()

    def options(self) -> Mapping[str, OptionInfo]:
        """The profile's options (none for the built-in ones)."""
        return self._base.options()

    def data_hash(self) -> str:
        """A digest of the profile's table and the knowledge base version."""
        return self._base.data_hash()

    def clear_cache(self) -> None:
        """Forget the shared verdict bodies and findings (for cold benchmarks); verdicts do not
        change."""
        self._bodies.clear()
        for spec, _, _, _ in self._items:
            spec.cache.clear()
        _FIELDS.forget()

    def presence(self, artifact: Artifact) -> tuple[bool, ...]:
        """Whether the artifact states each of the profile's fields (see :attr:`fields`)."""
        mask = _FIELDS.mask(artifact)
        return tuple(bool(mask & _FIELDS.bits[path]) for path in self.fields)

    def key(self, artifact: Artifact) -> tuple[ArtifactKind, int]:
        """What the items read: the artifact's kind and which of the fields it states (bits).
        Artifacts with equal keys share their verdict body. (Not the engine's ``signature``
        hook: the engine then asks :meth:`verdict_body` directly, without building memo keys
        from the lineage edges, which nothing here reads.)"""
        return (artifact.kind, _FIELDS.mask(artifact) & self._bits)

    def verdict_body(self, artifact: Artifact, run: Run, options: Mapping[str, Any]) -> _Body:
        """The level, outcome and findings of ``artifact`` (nothing upstream is read)."""
        return self._body(artifact)

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge one artifact's documentation against the profile."""
        level, outcome, findings = self._body(artifact)
        return Verdict(
            artifact=artifact.id,
            policy=self.id,
            policy_version=self.version,
            outcome=outcome,
            level=level,
            findings=findings,
            data_hash=self.data_hash(),
            levels=self.levels,
        )

    def _body(self, artifact: Artifact) -> _Body:
        key = self.key(artifact)
        body = self._bodies.get(key)
        if body is None:
            body = self._judge(artifact, key[1])
            if len(self._bodies) >= 100_000:
                self._bodies.clear()
            self._bodies[key] = body
        return body

    def _judge(self, artifact: Artifact, mask: int) -> _Body:
        if artifact.kind not in self.table.applies_to:
            return None, Outcome.NOT_APPLICABLE, (self._base.skip(artifact.kind),)
        check = CHECKS["documented"]
        view: ArtifactView | None = None
        findings: list[Finding] = []
        done = 0.0
        outcome = Outcome.PASS
        for spec, bits, any_of, weight in self._items:
            seen = mask & bits
            ok = seen != 0 if any_of else seen == bits
            finding = spec.cache.get(seen)
            if finding is None:
                if view is None:
                    view = ArtifactView(artifact, Context(_EMPTY_GRAPH))
                finding = spec.remember(seen, check(spec, view))
            findings.append(finding)
            if ok:
                done += weight
            elif spec.severity is FindingSeverity.ERROR:
                outcome = Outcome.FAIL
        return percent(done, self._total), outcome, tuple(findings)


_EMPTY_GRAPH = LineageGraph({})  # the ``documented`` check reads no graph


class G7SbomAiPolicy(CompletenessPolicy):
    """``g7-sbom-ai``: the G7 Cybersecurity Working Group's SBOM for AI minimum elements.

    Items and citations: ``openness/policy/data/g7_sbom_ai.toml``."""

    def __init__(self) -> None:
        super().__init__(*_builtin("g7_sbom_ai"))


class EuAiActGpaiPolicy(CompletenessPolicy):
    """``eu-ai-act-gpai``: the EU AI Act's documentation for general-purpose AI models.

    Items and citations: ``openness/policy/data/eu_ai_act_gpai.toml``."""

    def __init__(self) -> None:
        super().__init__(*_builtin("eu_ai_act_gpai"))


class OwaspAibomPolicy(CompletenessPolicy):
    """``owasp-aibom``: the OWASP GenAI Security Project AIBOM generator's field set, weighted
    as its completeness score weighs them.

    Items and citations: ``openness/policy/data/owasp_aibom.toml``."""

    def __init__(self) -> None:
        super().__init__(*_builtin("owasp_aibom"))
