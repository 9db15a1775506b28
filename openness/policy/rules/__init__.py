"""Named rule functions shared by policies, each reading one :class:`RuleSpec` row.

A policy table names the check of every rule (``check = "component-license"``); built-in
policies and user policy files choose from :data:`CHECKS`. A check takes the rule's spec and
the artifact's view and returns one finding (with sub-findings); it never raises for missing
facts: they give unknown with a how-to-fix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from openness.model import Artifact
from openness.policy.rules.components import (
    component_finding,
    component_license,
    declared_license,
    effective_license,
    is_available,
    release_terms,
    source_code,
)
from openness.policy.rules.cost import WITHIN_BUDGET, retraining_cost, within_budget
from openness.policy.rules.data import dataset_finding, training_data
from openness.policy.rules.detected import license_texts
from openness.policy.rules.documented import documented
from openness.policy.rules.licenses import judge, license_finding
from openness.policy.rules.lineage import (
    InheritedTerm,
    inherited_terms,
    lineage_inheritance,
    name_head,
    open_washing,
)
from openness.policy.rules.spec import NOTION_TERMS, Require, RuleSpec, terms_of
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding

__all__ = [
    "CHECKS",
    "CONDITIONS",
    "NOTION_TERMS",
    "WITHIN_BUDGET",
    "ArtifactView",
    "Check",
    "Condition",
    "InheritedTerm",
    "Require",
    "RuleSpec",
    "component_finding",
    "component_license",
    "dataset_finding",
    "declared_license",
    "effective_license",
    "inherited_terms",
    "is_available",
    "judge",
    "license_finding",
    "license_texts",
    "lineage_inheritance",
    "name_head",
    "open_washing",
    "release_terms",
    "retraining_cost",
    "source_code",
    "terms_of",
    "training_data",
    "within_budget",
]

#: A rule function: the rule's table row and the artifact's view in, one finding out.
Check = Callable[[RuleSpec, ArtifactView], Finding]

#: Every named check a policy table may use.
CHECKS: dict[str, Check] = {
    "component-license": component_license,
    "source-code": source_code,
    "declared-license": declared_license,
    "training-data": training_data,
    "lineage-inheritance": lineage_inheritance,
    "open-washing": open_washing,
    "license-texts": license_texts,
    "retraining-cost": retraining_cost,
    # documentation-completeness profiles (h-profiles)
    "documented": documented,
}


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition a rule's ``when`` may name: the check that decides it (and records the
    decision in the view's state), the same decision as a pure function of the deciding rule's
    spec, the artifact and the options, and what to state when it is undecided."""

    decided_by: str
    decide: Callable[[RuleSpec, Artifact, Mapping[str, Any]], bool | None]
    how_to_decide: str


#: Every condition a ``when`` may name.
CONDITIONS: dict[str, Condition] = {
    WITHIN_BUDGET: Condition(
        "retraining-cost",
        within_budget,
        "state the training compute (facts.training.training_flop, in FLOP)",
    ),
}
