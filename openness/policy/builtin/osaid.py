"""The ``osaid`` policy: OSI's Open Source AI Definition 1.0."""

from __future__ import annotations

from openness.policy.builtin import builtin_table
from openness.policy.builtin.table import TablePolicy

__all__ = ["OsaidPolicy"]


class OsaidPolicy(TablePolicy):
    """The ``osaid`` policy: OSI's Open Source AI Definition 1.0.

    Rules and clauses: ``openness/policy/data/osaid.toml``.
    """

    def __init__(self) -> None:
        super().__init__(*builtin_table("osaid"))
