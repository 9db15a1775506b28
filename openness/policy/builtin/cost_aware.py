"""The ``cost-aware`` policy: training data joins the preferred form within a retraining budget."""

from __future__ import annotations

from openness.policy.builtin import builtin_table
from openness.policy.builtin.table import TablePolicy

__all__ = ["CostAwarePolicy"]


class CostAwarePolicy(TablePolicy):
    """The ``cost-aware`` policy: training data joins the preferred form within a retraining budget.

    Rules and clauses: ``openness/policy/data/cost_aware.toml``.
    """

    def __init__(self) -> None:
        super().__init__(*builtin_table("cost_aware"))
