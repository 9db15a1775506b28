"""Every named check a policy table may use, each described once by a :class:`Check`.

The tables (:mod:`openness.policy.builtin.table`), the loader
(:mod:`openness.policy.builtin.table_format`) and the batch read what they need of a check
from its description here, never from its name. To add a check: write its rule function (a
module of :mod:`openness.policy.rules`), then add one :class:`Check` to :data:`ALL` below
(see docs/policies/index.md, "Adding a check").
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from openness.model import Artifact, Role
from openness.policy.rules import slots
from openness.policy.rules.check import Check, Condition, Param, ParamType
from openness.policy.rules.components import component_license, declared_license, source_code
from openness.policy.rules.cost import WITHIN_BUDGET, budget_option, retraining_cost, within_budget
from openness.policy.rules.data import training_data
from openness.policy.rules.detected import license_texts
from openness.policy.rules.documented import documented
from openness.policy.rules.lineage import lineage_inheritance
from openness.policy.rules.slots import Slot
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.washing import open_washing

if TYPE_CHECKING:
    from openness.policy.builtin.signature import Parts

__all__ = [
    "ALL",
    "CHECKS",
    "CONDITIONS",
    "LINEAGE_SLOTS",
    "check_of",
    "lineage_value",
    "roles_read",
    "slot_of",
    "slot_value",
]

#: Every check, in the order the loader lists them.
ALL: tuple[Check, ...] = (
    Check(
        "component-license",
        component_license,
        slots.ROLES,
        "a component of one of the rule's roles is available and under its terms",
        needs_roles="model-parameters-final",
    ),
    Check(
        "source-code",
        source_code,
        slots.ROLES,
        "like component-license over source roles; binaries never stand in for source",
        needs_roles="source-code",
        params=(
            Param("binaries", ParamType.ROLES, "a list of component roles", (Role.BINARIES.value,)),
        ),
    ),
    Check(
        "declared-license",
        declared_license,
        slots.DECLARED,
        "the artifact's declared license is under the rule's terms",
    ),
    Check(
        "training-data",
        training_data,
        slots.TRAINING_DATA,
        "every source of training data (components and trained-on edges) is available and free",
        default_roles=(Role.DATASETS,),
    ),
    Check(
        "lineage-inheritance",
        lineage_inheritance,
        slots.INHERITANCE,
        "every license inherited through deriving edges is under the rule's terms",
        roles=(Role.MODEL_PARAMETERS_FINAL,),  # the artifact's own release terms
    ),
    Check(
        "open-washing",
        open_washing,
        slots.WASHING,
        "a derivative's declared license does not contradict what it inherits",
        roles=(Role.MODEL_PARAMETERS_FINAL,),
    ),
    Check(
        "license-texts",
        license_texts,
        slots.LICENSE_TEXTS,
        "the licenses identified in the license files agree with the declared license",
        roles=(Role.LICENSE_TEXT,),
    ),
    Check(
        "retraining-cost",
        retraining_cost,
        slots.COMPUTE,
        "whether the stated training compute is within the retraining budget (an option)",
        params=(
            Param("option", ParamType.OPTION, "an option name", "budget_flop"),
            Param(
                "default",
                ParamType.NUMBER,
                "a number",
                1e21,
                minimum=0,
                meaning="the budget when no option is given",
            ),
        ),
        decides={
            WITHIN_BUDGET: Condition(
                within_budget, "state the training compute (facts.training.training_flop, in FLOP)"
            )
        },
        cross_check=budget_option,
    ),
    Check(
        "documented",
        documented,
        slots.ROLES,
        "the artifact states the model fields a documentation item names (completeness profiles)",
        profile_only=True,  # its ``fields``, ``match`` and ``weight`` are read by the profile
    ),
)

#: Every check by name (a check is callable as its rule function).
CHECKS: dict[str, Check] = {check.name: check for check in ALL}

#: Every condition a ``when`` may name, with the check that decides it.
CONDITIONS: dict[str, Condition] = {
    name: replace(condition, decided_by=check.name)
    for check in ALL
    for name, condition in check.decides.items()
}

#: The slots of the lineage checks, in check order: a table policy's deriving edges (and their
#: upstream keys) are read from the first of them the batch computed.
LINEAGE_SLOTS: tuple[Slot, ...] = tuple(
    dict.fromkeys((check.slot,) for check in ALL if check.reads_lineage)
)


def check_of(spec: RuleSpec) -> Check | None:
    """The check a rule names (None for an unknown name: the loader refuses those)."""
    return CHECKS.get(spec.check)


def roles_read(spec: RuleSpec) -> set[Role]:
    """The component roles a rule reads (its own, for a check of an unknown name)."""
    check = CHECKS.get(spec.check)
    return set(spec.roles) if check is None else check.roles_read(spec)


def lineage_value(values: Mapping[Slot, Hashable]) -> Hashable:
    """The value of the first lineage slot among ``values`` (see :data:`LINEAGE_SLOTS`): it
    starts with the deriving edges and their upstream keys. None when there is none."""
    for slot in LINEAGE_SLOTS:
        found = values.get(slot)
        if found is not None:
            return found
    return None


def slot_of(spec: RuleSpec) -> Slot:
    """The facts a rule's check reads, as a slot shared by every rule (of any table policy)
    that reads the same facts: its check's slot kind, and for a kind that reads roles, the
    sorted roles the rule reads."""
    check = CHECKS.get(spec.check)
    if check is None:
        return None
    if check.slot.by_roles:
        return (check.slot, tuple(sorted(check.roles_read(spec))))
    return (check.slot,)


def slot_value(
    slot: Slot, parts: Parts, edges: tuple[Hashable, ...], artifact: Artifact
) -> Hashable:
    """The value of a slot for one artifact: from its parts and its edges' upstream keys."""
    if slot is None:
        return None
    kind: slots.SlotKind = slot[0]
    return kind.value(slot, parts, edges, artifact)
