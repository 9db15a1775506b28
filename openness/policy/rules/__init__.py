"""Named rule functions shared by policies, each reading one :class:`RuleSpec` row.

A policy table names the check of every rule (``check = "component-license"``); built-in
policies and user policy files choose from :data:`CHECKS`. A check takes the rule's spec and
the artifact's view and returns one finding (with sub-findings); it never raises for missing
facts: they give unknown with a how-to-fix. Each check is described once, by a
:class:`~openness.policy.rules.check.Check` in :mod:`openness.policy.rules.catalogue`: its
function, the roles and parameters it reads, whether it reads lineage, its cache slot.
"""

from __future__ import annotations

from openness.policy.rules.catalogue import CHECKS, CONDITIONS
from openness.policy.rules.check import Check, CheckFunction, Condition, Param, ParamType
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

__all__ = [
    "CHECKS",
    "CONDITIONS",
    "NOTION_TERMS",
    "WITHIN_BUDGET",
    "ArtifactView",
    "Check",
    "CheckFunction",
    "Condition",
    "InheritedTerm",
    "Param",
    "ParamType",
    "Require",
    "RuleSpec",
    "component_finding",
    "component_license",
    "dataset_finding",
    "declared_license",
    "documented",
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
