"""The ``retraining-cost`` check: whether training data joins the preferred form, decided by
the artifact's stated training compute against a retraining budget (a policy option).

It records its decision for later rules of the same policy (those with ``when =
"within-budget"``) in the view's state under :data:`WITHIN_BUDGET`: True, False, or None when
the training compute is not stated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openness.model import Artifact
from openness.policy.base import OptionInfo
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding, Outcome

__all__ = ["WITHIN_BUDGET", "budget_option", "retraining_cost", "within_budget"]

#: The state key (and the ``when`` condition name) the decision is stored under.
WITHIN_BUDGET = "within-budget"


def _budget(spec: RuleSpec, options: Mapping[str, Any]) -> float:
    name = str(spec.params.get("option", "budget_flop"))
    value = options.get(name)
    if value is None:  # not an option of the policy, or one given no value
        value = spec.params.get("default", 1e21)
    return float(value)


def within_budget(spec: RuleSpec, artifact: Artifact, options: Mapping[str, Any]) -> bool | None:
    """The decision ``retraining-cost`` records: whether the artifact's stated training compute
    is within the budget (None when it is not stated). A pure function of the artifact's
    training compute and the options."""
    training = artifact.facts.training
    flop = training.training_flop if training is not None else None
    return None if flop is None else flop <= _budget(spec, options)


def retraining_cost(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``retraining-cost``: a finding (give it severity ``info``) that says whether training
    data joins the preferred form (stated training compute within the budget) or not (over it),
    or that the compute is not stated (then the data rules decide only when their outcome does
    not depend on it)."""
    budget = _budget(spec, view.context.options)
    training = view.artifact.facts.training
    flop = training.training_flop if training is not None else None
    evidence = tuple(training.evidence) if training is not None else ()
    if flop is None:
        view.state[WITHIN_BUDGET] = None
        return Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.UNKNOWN,
            message=f"the training compute is not stated, so whether retraining fits the budget "
            f"of {budget:.3g} FLOP (and training data joins the preferred form) is unknown",
            severity=spec.severity,
            how_to_fix="state the training compute (facts.training.training_flop, in FLOP)",
            citation=spec.citation,
            evidence=evidence,
        )
    within = flop <= budget
    view.state[WITHIN_BUDGET] = within
    if within:
        message = (
            f"training compute {flop:.3g} FLOP is within the retraining budget of {budget:.3g} "
            "FLOP: retraining is a practical way to modify, so training data and training code "
            "join the preferred form"
        )
    else:
        message = (
            f"training compute {flop:.3g} FLOP exceeds the retraining budget of {budget:.3g} "
            "FLOP: the weights are the preferred form, and training data does not join it"
        )
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=Outcome.PASS,
        message=message,
        severity=spec.severity,
        citation=spec.citation,
        evidence=evidence,
    )


def budget_option(
    spec: RuleSpec, options: Mapping[str, OptionInfo]
) -> list[tuple[tuple[str | int, ...], str]]:
    """What a ``retraining-cost`` rule needs of the table's options: the option it names (if
    the table declares it; else the budget is ``params.default``, else 1e21 FLOP) is a number
    with a default, unless the rule gives ``params.default``."""
    name = str(spec.params.get("option", "budget_flop"))
    info = options.get(name)
    if info is None:
        return []
    if info.type not in (float, int):
        return [
            (
                ("options", name, "type"),
                f"option {name!r} is the budget of {spec.id} (a number of FLOP): its type "
                f"must be float or int, not {info.type.__name__}",
            )
        ]
    if info.default is None and "default" not in spec.params:
        return [
            (
                ("options", name, "default"),
                f"option {name!r} is the budget of {spec.id}: give it a default (such as "
                "1e21), or give the rule params.default",
            )
        ]
    return []
