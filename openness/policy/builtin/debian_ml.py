"""The ``debian-ml`` policy: Debian's draft ML policy (free, toxic-candy, non-free)."""

from __future__ import annotations

from openness.policy.builtin import builtin_table
from openness.policy.builtin.table import TablePolicy

__all__ = ["DebianMlPolicy"]


class DebianMlPolicy(TablePolicy):
    """The ``debian-ml`` policy: Debian's draft ML policy (free, toxic-candy, non-free).

    Rules and clauses: ``openness/policy/data/debian_ml.toml``.
    """

    def __init__(self) -> None:
        super().__init__(*builtin_table("debian_ml"))
