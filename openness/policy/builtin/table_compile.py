"""Compiling a policy table for evaluation: each rule with its check's function, its cache
slot, its finding cache, the condition its ``when`` names and the option it reads; and what
the table's rules read of an artifact's signature, all from the rules'
:class:`~openness.policy.rules.check.Check` descriptions."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from openness.model import Role
from openness.policy.rules import ArtifactView, Condition, RuleSpec
from openness.policy.rules.catalogue import CHECKS, CONDITIONS, roles_read, slot_of
from openness.policy.rules.check import CheckFunction
from openness.policy.rules.slots import SignaturePart, Slot
from openness.policy.verdict import Finding

__all__ = ["Compiled", "Reads", "compile_rule", "reads_of"]

#: A compiled rule: its spec, its slot, its finding cache, its condition (the deciding spec and
#: the condition), the option its key includes, and its check's function.
Compiled = tuple[
    RuleSpec,
    Slot,
    dict[Hashable, Finding],
    tuple[RuleSpec, Condition] | None,
    str | None,
    CheckFunction,
]


@dataclass(frozen=True, slots=True)
class Reads:
    """What a table's rules read of an artifact besides their slots: the component roles (sorted)
    and the signature parts, and whether any rule reads lineage."""

    roles: tuple[Role, ...]
    license: bool
    head: bool
    declared: bool
    compute: bool
    datasets: bool
    lineage: bool


def reads_of(rules: tuple[RuleSpec, ...]) -> Reads:
    """What the rules of a table read, from their checks' descriptions."""
    roles: set[Role] = set()
    parts: set[SignaturePart] = set()
    lineage = False
    for spec in rules:
        roles.update(roles_read(spec))
        check = CHECKS.get(spec.check)
        if check is not None:
            parts.update(check.parts)
            lineage = lineage or check.reads_lineage
    return Reads(
        roles=tuple(sorted(roles)),
        license=SignaturePart.LICENSE in parts,
        head=SignaturePart.HEAD in parts,
        declared=SignaturePart.DECLARED in parts,
        compute=SignaturePart.COMPUTE in parts,
        datasets=SignaturePart.DATASETS in parts,
        lineage=lineage,
    )


def _unknown(name: str) -> CheckFunction:
    def run(spec: RuleSpec, view: ArtifactView) -> Finding:
        raise KeyError(name)  # the loader refuses unknown checks; a hand-made table may not

    return run


def compile_rule(spec: RuleSpec, rules: tuple[RuleSpec, ...]) -> Compiled:
    """The rule (one of ``rules``, its table's) with its slot, its finding cache, its condition
    (decided by the table's first rule of the deciding check), the option it reads and its
    check's function."""
    condition = None
    if spec.when is not None and spec.when in CONDITIONS:
        rule = CONDITIONS[spec.when]
        deciders = [r for r in rules if r.check == rule.decided_by]
        if deciders:
            condition = (deciders[0], rule)
    check = CHECKS.get(spec.check)
    option = check.option_read(spec) if check is not None else None
    function = check.function if check is not None else _unknown(spec.check)
    return spec, slot_of(spec), {}, condition, option, function
