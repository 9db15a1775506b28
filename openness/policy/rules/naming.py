"""Naming rules: some licenses require a derivative's name to begin with a prefix ("include
'Llama' at the beginning of the name"); what a rule reads of a name is which known prefixes it
begins with, so verdicts stay shareable between artifacts.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from openness.licenses import knowledge_base
from openness.model import Artifact, LicenseExpression
from openness.policy.rules.inherited import InheritedTerm
from openness.policy.rules.spec import RuleSpec
from openness.policy.verdict import Finding, FindingSeverity, Outcome

__all__ = ["clear_naming_caches", "name_head", "name_matches", "naming_finding", "naming_prefixes"]

_HEAD = re.compile(r"[\s\-_./:@]+")


def name_head(artifact: Artifact) -> str:
    """The first word of the artifact's name (else of the last part of its id), lower-cased:
    what a naming rule ("include 'Llama' at the beginning of the name") looks at."""
    name = artifact.name or artifact.id.rstrip("/").rsplit("/", 1)[-1]
    return _HEAD.split(name.strip(), maxsplit=1)[0].lower()


@cache
def naming_prefixes() -> tuple[str, ...]:
    """Every naming-rule prefix the knowledge base knows (lower-cased, sorted)."""
    return tuple(
        sorted(
            {f.derivative_name_prefix.lower() for f in knowledge_base() if f.derivative_name_prefix}
        )
    )


def name_matches(artifact: Artifact) -> dict[str, bool]:
    """For each known naming-rule prefix, whether the artifact's name begins with it (the only
    thing about the name a rule reads, so verdicts stay shareable between artifacts)."""
    head = name_head(artifact)
    return {prefix: head.startswith(prefix) for prefix in naming_prefixes()}


def clear_naming_caches() -> None:
    """Forget the naming rules found per expression (for cold benchmarks)."""
    _naming_rule.cache_clear()


@lru_cache(maxsize=4096)
def _naming_rule(expression: LicenseExpression) -> tuple[str, str] | None:
    """The first license of ``expression`` with a naming rule: ``(license id, prefix)``, or
    None (cached per expression)."""
    kb = knowledge_base()
    named = (kb.get(license_id) for license_id in expression.ids)
    facts = next((f for f in named if f is not None and f.derivative_name_prefix), None)
    if facts is None or facts.derivative_name_prefix is None:
        return None
    return facts.id, facts.derivative_name_prefix


def naming_finding(spec: RuleSpec, artifact: Artifact, term: InheritedTerm) -> Finding | None:
    """The naming-rule finding (a warning) of an inherited term whose license has a naming
    rule, else None."""
    if term.expression is None:
        return None
    rule = _naming_rule(term.expression)
    if rule is None:
        return None
    license_id, prefix = rule
    # What name_matches(artifact) says of this prefix (every naming-rule prefix is among them).
    ok = name_head(artifact).startswith(prefix.lower())
    key = ("naming", term.origin, term.locator, str(term.expression), license_id, prefix, ok)
    return spec.cached(
        key,
        lambda: Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.PASS if ok else Outcome.FAIL,
            message=(
                f"{license_id} (inherited from {term.origin}) requires derivative names to "
                f"begin with '{prefix}'; the artifact's name "
                + ("does" if ok else "does not (see its name field, or the id when it has none)")
            ),
            severity=FindingSeverity.WARNING,
            how_to_fix=None if ok else f"begin the derivative's name with '{prefix}'",
            citation=spec.citation,
            evidence=(term.evidence(),),
        ),
    )
