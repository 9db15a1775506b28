"""The ``weights-as-source`` policy: parameters and inference code are the preferred form."""

from __future__ import annotations

from openness.policy.builtin import builtin_table
from openness.policy.builtin.table import TablePolicy

__all__ = ["WeightsAsSourcePolicy"]


class WeightsAsSourcePolicy(TablePolicy):
    """The ``weights-as-source`` policy: parameters and inference code are the preferred form.

    Rules and clauses: ``openness/policy/data/weights_as_source.toml``.
    """

    def __init__(self) -> None:
        super().__init__(*builtin_table("weights_as_source"))
