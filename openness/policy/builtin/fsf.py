"""The ``fsf`` policy: the Free Software Definition and the FSF's ML statement."""

from __future__ import annotations

from openness.policy.builtin import builtin_table
from openness.policy.builtin.table import TablePolicy

__all__ = ["FsfPolicy"]


class FsfPolicy(TablePolicy):
    """The ``fsf`` policy: the Free Software Definition and the FSF's ML statement.

    Rules and clauses: ``openness/policy/data/fsf.toml``.
    """

    def __init__(self) -> None:
        super().__init__(*builtin_table("fsf"))
