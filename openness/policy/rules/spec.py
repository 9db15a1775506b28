"""A rule as a policy table states it: which named check to run, on what, with which citation.

Built-in policies and user policy files describe their rules with the same :class:`RuleSpec`
rows (see :mod:`openness.policy.builtin.table`); the named checks in
:mod:`openness.policy.rules` read them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from openness.licenses import Notion
from openness.model import ArtifactKind, Role
from openness.policy.base import RuleInfo
from openness.policy.verdict import Citation, FindingSeverity

__all__ = ["NOTION_TERMS", "Require", "RuleSpec", "terms_of"]

#: Findings cached per rule are dropped when there are more than this many (a long-running
#: process judging ever new expressions stays bounded).
CACHE_LIMIT = 100_000

_T = TypeVar("_T")

#: How a finding names the terms a notion stands for ("licensed X, which is ... ").
NOTION_TERMS: dict[Notion, str] = {
    Notion.OSI: "an OSI-approved license",
    Notion.FSF: "an FSF-libre license",
    Notion.FREE_SOFTWARE: "a free software license (OSI-approved or FSF-libre)",
    Notion.OPEN_DATA: "an open data license (Open Definition conformant)",
    Notion.OPEN: "an open license",
    Notion.OSAID_TERMS: "OSI-approved terms (terms that grant the four freedoms)",
    Notion.DFSG: "a DFSG-free license",
}


def terms_of(notions: tuple[Notion, ...]) -> str:
    """The terms a tuple of alternative notions stands for, in words."""
    return " or ".join(NOTION_TERMS[n] for n in notions)


class Require(StrEnum):
    """What availability a component needs besides its license.

    ``obtainable``: anything but not-released (gated, on request and third party count);
    ``public``: downloadable by anonymous users (included); gated and on-request fail.
    """

    OBTAINABLE = "obtainable"
    PUBLIC = "public"


class _Keep(dict[str, object]):
    """Format values that leave unknown placeholders as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True, slots=True, eq=False)
class RuleSpec:
    """One row of a policy's rule table.

    ``check`` names the rule function (see :data:`openness.policy.rules.CHECKS`); ``roles`` are
    alternatives (any one role suffices; every component of that role must pass); ``notions``
    are alternative notions of a free license (free under any one suffices). ``level`` is the
    graded level the rule is needed for (and every better one); ``when`` names a condition set
    by an earlier rule (``cost-aware``). ``cache`` holds findings already built for this row:
    findings are values, and subjects are relative, so they are shared between artifacts.
    Specs compare by identity.
    """

    id: str
    check: str
    title: str
    passes: str
    citation: Citation
    how_to_fix: str | None = None
    severity: FindingSeverity = FindingSeverity.ERROR
    roles: tuple[Role, ...] = ()
    notions: tuple[Notion, ...] = (Notion.OSAID_TERMS,)
    require: Require = Require.OBTAINABLE
    kinds: frozenset[ArtifactKind] | None = None
    level: str | None = None
    when: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def terms(self) -> str:
        """The license terms this rule asks for, in words."""
        custom = self.params.get("terms")
        return str(custom) if custom else terms_of(self.notions)

    def info(self) -> RuleInfo:
        """The rule's metadata for listings and docs."""
        return RuleInfo(self.id, self.title, self.citation, self.passes, self.severity)

    def fix(self, default: str, **values: object) -> str:
        """The how-to-fix text: the table's own (its ``{what}``, ``{terms}`` and ``{license}``
        filled in from ``values``; other braces are kept as written), else ``default``."""
        if not self.how_to_fix:
            return default
        try:
            return self.how_to_fix.format_map(_Keep({"terms": self.terms, **values}))
        except (ValueError, IndexError):  # policy files are checked; a hand-made spec may not be
            return self.how_to_fix

    def remember(self, key: Any, value: _T) -> _T:
        """Cache ``value`` under ``key`` on this rule and return it."""
        if len(self.cache) >= CACHE_LIMIT:
            self.cache.clear()
        self.cache[key] = value
        return value

    def cached(self, key: Any, make: Callable[[], _T]) -> _T:
        """The value cached under ``key`` on this rule, made by ``make`` (and remembered) the
        first time."""
        found: _T | None = self.cache.get(key)
        if found is not None:
            return found
        return self.remember(key, make())

    def applies_to(self, kind: ArtifactKind) -> bool:
        """True when the rule judges artifacts of this kind."""
        return self.kinds is None or kind in self.kinds
