"""The ``data-as-source`` policy: training data and code are part of the preferred form."""

from __future__ import annotations

from openness.policy.builtin import builtin_table
from openness.policy.builtin.table import TablePolicy

__all__ = ["DataAsSourcePolicy"]


class DataAsSourcePolicy(TablePolicy):
    """The ``data-as-source`` policy: training data and code are part of the preferred form.

    Rules and clauses: ``openness/policy/data/data_as_source.toml``.
    """

    def __init__(self) -> None:
        super().__init__(*builtin_table("data_as_source"))
