"""What a rule of a requirement table needs of the others and of the options: the rule that
decides its ``when`` condition, and what its check declares it needs
(:attr:`~openness.policy.rules.check.Check.cross_check`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from openness.policy.base import OptionInfo
from openness.policy.rules import CHECKS, CONDITIONS, RuleSpec

if TYPE_CHECKING:
    from openness.policy.builtin.table_reader import TableReader as _Reader

__all__ = ["cross_checks"]


def cross_checks(
    reader: _Reader, specs: Sequence[RuleSpec], options: Mapping[str, OptionInfo]
) -> None:
    """What a rule needs of the others and of the options: the rule that decides its ``when``
    condition; what its check declares (for ``retraining-cost``, a number option with a
    default as its budget)."""
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
        check = CHECKS.get(spec.check)
        if check is not None and check.cross_check is not None:
            for where, message in check.cross_check(spec, options):
                reader.problem(where if where[:1] == ("options",) else (*path, *where), message)
