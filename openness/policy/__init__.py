"""Policies: definitions of "open" as named, versioned rule sets, and the engine that applies
them over a lineage graph.

- :func:`check` judges artifacts under policies and returns :class:`Verdict` values;
  :func:`compare` lays them out side by side.
- :func:`get_policy` and :func:`policies` give the built-in policies (``osaid``, ``mof``,
  ``debian-ml``, ``osd``, ``fsf``, ``weights-as-source``, ``data-as-source``, ``cost-aware``),
  third-party ones (entry point group ``openness.policies``) and :func:`load_policy_file` user
  ones.
"""

from __future__ import annotations

from openness.policy.base import Context, OptionInfo, Policy, RuleInfo, UpstreamVerdict
from openness.policy.engine import Comparison, check, compare
from openness.policy.registry import (
    BUILTIN_POLICIES,
    PolicyError,
    get_policy,
    load_policy_file,
    policies,
    policy_ids,
)
from openness.policy.verdict import (
    Citation,
    Finding,
    FindingSeverity,
    Outcome,
    UpstreamRef,
    Verdict,
)

__all__ = [
    "BUILTIN_POLICIES",
    "Citation",
    "Comparison",
    "Context",
    "Finding",
    "FindingSeverity",
    "OptionInfo",
    "Outcome",
    "Policy",
    "PolicyError",
    "RuleInfo",
    "UpstreamRef",
    "UpstreamVerdict",
    "Verdict",
    "check",
    "compare",
    "get_policy",
    "load_policy_file",
    "policies",
    "policy_ids",
]
