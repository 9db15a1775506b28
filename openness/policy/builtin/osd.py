"""The ``osd`` policy: the Open Source Definition, for software and model code."""

from __future__ import annotations

from openness.policy.builtin import builtin_table
from openness.policy.builtin.table import TablePolicy

__all__ = ["OsdPolicy"]


class OsdPolicy(TablePolicy):
    """The ``osd`` policy: the Open Source Definition, for software and model code.

    Rules and clauses: ``openness/policy/data/osd.toml``.
    """

    def __init__(self) -> None:
        super().__init__(*builtin_table("osd"))
