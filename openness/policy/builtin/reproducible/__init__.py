"""The ``reproducible`` policy: can an artifact be rebuilt exclusively from what was released
with it?

Levels, best first:

- ``rebuildable``: every input in the artifact's lineage closure is released with it, freely
  licensed (under the ``notion`` option, default ``open``) and pinned by a revision or a digest,
  and the code and recipe that produced it are released;
- ``rebuildable-with-third-party-inputs``: as above, except that some inputs can be obtained
  only from third parties (including for a fee: OSAID's "obtainable" data), behind a gate
  (registration, click-through), on request, or under non-free terms;
- ``not-rebuildable``: something needed is not released.

An input is a component in an input role of the artifact's kind (training code, datasets,
preprocessing code, ... for a model; source code for software; data files for a dataset) or an
artifact a lineage edge of an input relation points to (``trained-on``, ``fine-tuned-from``,
``depends-on``, ...; not ``tested-on``). Upstream artifacts must reach the level themselves: a
fine-tune of an unreproducible base is not rebuildable. A dataset is its own source (its
preferred form is its data), so a dataset's own lineage is not followed.

Missing facts (unstated availability, no license, an unknown license, no revision or digest, no
recipe, an upstream not among the inputs) give ``unknown`` with a how-to-fix, never an
exception. The verdict passes at ``min_level`` or better (default: the middle level).

The stated cost to rebuild (training compute of the artifact and of every upstream model it
must be rebuilt with) is summed along the lineage and reported as an info finding; see
:func:`rebuild_cost`. The table is package data: ``openness/policy/data/reproducible.toml``.

The modules, one job each: :mod:`~.table` (the table and its loader), :mod:`~.cost` (the cost
model), :mod:`~.memo` (grades, assessments and the run of one graph), :mod:`~.findings` (how a
finding is worded), :mod:`~.inputs` (the findings on an artifact's own inputs),
:mod:`~.assess` (the walk of the lineage and the findings on its edges) and :mod:`~.policy`
(the policy object).
"""

from __future__ import annotations

from openness.policy.builtin.reproducible.cost import MAX_COST_CLOSURE, RebuildCost, rebuild_cost
from openness.policy.builtin.reproducible.memo import MAX_UPSTREAM_FINDINGS, Grade
from openness.policy.builtin.reproducible.policy import ReproduciblePolicy
from openness.policy.builtin.reproducible.table import KindRules, ReproducibleTable, load_table

__all__ = [
    "MAX_COST_CLOSURE",
    "MAX_UPSTREAM_FINDINGS",
    "Grade",
    "KindRules",
    "RebuildCost",
    "ReproduciblePolicy",
    "ReproducibleTable",
    "load_table",
    "rebuild_cost",
]
