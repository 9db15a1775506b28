"""What a named check is: one :class:`Check` description per check, read by every part of the
package that needs to know about it.

A check is a rule function (a rule's table row and the artifact's view in, one finding out)
together with everything the tables, the loader and the engine must know about it: the
component roles it reads, the parameters a rule may give it (with their schema), whether it
reads lineage, which parts of an artifact's signature it reads and which cache slot its
finding is keyed by, the conditions it decides for later rules, and the checks of a policy file
it needs beyond its own row. The descriptions themselves are listed in
:mod:`openness.policy.rules.catalogue`; adding a check is adding one :class:`Check` there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from openness.model import Artifact, Role
from openness.policy.base import OptionInfo
from openness.policy.rules.slots import SignaturePart, SlotKind
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding

__all__ = [
    "Check",
    "CheckFunction",
    "Condition",
    "CrossCheck",
    "Param",
    "ParamType",
    "SignaturePart",
]

#: A rule function: the rule's table row and the artifact's view in, one finding out.
CheckFunction = Callable[[RuleSpec, ArtifactView], Finding]

#: What a check needs of the rest of a policy table beyond its own row: given the rule and the
#: table's options, every problem as (field path, message); a path starting with ``options``
#: names an option, else it is relative to the rule.
CrossCheck = Callable[[RuleSpec, Mapping[str, OptionInfo]], list[tuple[tuple[str | int, ...], str]]]


class ParamType(StrEnum):
    """What a rule's ``params`` value must be."""

    STRING = "string"  # a non-empty string
    OPTION = "option"  # a non-empty string naming an option, whose value the check reads
    ROLES = "roles"  # a non-empty list of component roles, which the check reads
    NUMBER = "number"  # a number (at least ``minimum``)


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter a rule may give its check (``params = { name = ... }``): its type, what
    it must be in words (the loader's messages quote it), its default (None: the check has its
    own), whether a rule must give it, the least value of a number, and for a message about a
    bad value, what it stands for."""

    name: str
    type: ParamType
    what: str
    default: Any = None
    required: bool = False
    minimum: float | None = None
    meaning: str | None = None


@dataclass(frozen=True, slots=True)
class Condition:
    """A condition a rule's ``when`` may name: the check that decides it (and records the
    decision in the view's state), the same decision as a pure function of the deciding rule's
    spec, the artifact and the options, and what to state when it is undecided. ``decided_by``
    is filled in from the :class:`Check` that lists the condition."""

    decide: Callable[[RuleSpec, Artifact, Mapping[str, Any]], bool | None]
    how_to_decide: str
    decided_by: str = ""


#: The parameter every check reads: the license terms in words, for the rule's messages.
TERMS = Param("terms", ParamType.STRING, "a string")


@dataclass(frozen=True, slots=True)
class Check:
    """One named check, as a policy table's ``check = "<name>"`` refers to it.

    - ``function``: the rule function.
    - ``slot``: the kind of cache slot its finding is keyed by (the facts it reads; see
      :mod:`openness.policy.rules.slots`), which also says which signature parts it reads
      (:attr:`parts`) and whether it reads lineage (:attr:`reads_lineage`); rules of any table
      policy with equal slots share their slot's value.
    - ``summary``: what it judges, in one line (for listings).
    - ``roles``: the component roles it reads besides the rule's own ``roles``;
      ``default_roles`` those it reads when the rule names none; every :attr:`ParamType.ROLES`
      parameter adds its roles (or its default's).
    - ``needs_roles``: an example role when a rule of this check must name roles, else None.
    - ``params``: the parameters a rule may give it (``terms`` is always allowed).
    - ``decides``: the ``when`` conditions it decides for later rules, by name.
    - ``cross_check``: what it needs of the rest of the table (see :data:`CrossCheck`).
    - ``profile_only``: only a documentation-completeness profile may use it (its findings
      read facts that a table policy's signature does not cover, so a table policy would share
      them between artifacts that differ).

    A check is callable as its function.
    """

    name: str
    function: CheckFunction
    slot: SlotKind
    summary: str
    roles: tuple[Role, ...] = ()
    default_roles: tuple[Role, ...] = ()
    needs_roles: str | None = None
    params: tuple[Param, ...] = ()
    decides: Mapping[str, Condition] = field(default_factory=dict)
    cross_check: CrossCheck | None = None
    profile_only: bool = False

    def __post_init__(self) -> None:
        options = [p for p in self.params if p.type is ParamType.OPTION]
        if len(options) > 1:
            raise ValueError(f"check {self.name!r}: at most one option parameter")
        if self.slot.lineage and self.slot.by_roles:
            raise ValueError(f"check {self.name!r}: a lineage slot takes no roles")

    def __call__(self, spec: RuleSpec, view: ArtifactView) -> Finding:
        return self.function(spec, view)

    @property
    def reads_lineage(self) -> bool:
        """Whether it reads what upstream artifacts pass on (its slot kind's: a verdict of a
        policy with such a rule records the inherited terms, which its derivatives read)."""
        return self.slot.lineage

    @property
    def parts(self) -> frozenset[SignaturePart]:
        """The signature parts it reads besides roles: its slot kind's."""
        return self.slot.parts

    @property
    def all_params(self) -> dict[str, Param]:
        """Every parameter a rule may give this check, by name (``terms`` first)."""
        return {p.name: p for p in (TERMS, *self.params)}

    def roles_read(self, spec: RuleSpec) -> set[Role]:
        """The component roles a rule of this check reads."""
        roles = set(spec.roles or self.default_roles)
        roles.update(self.roles)
        for param in self.params:
            if param.type is ParamType.ROLES:
                roles.update(Role(r) for r in spec.params.get(param.name, param.default or ()))
        return roles

    def option_read(self, spec: RuleSpec) -> str | None:
        """The name of the option whose value a rule of this check reads (its finding's cache
        key includes that value), or None."""
        for param in self.params:
            if param.type is ParamType.OPTION:
                return str(spec.params.get(param.name, param.default))
        return None
