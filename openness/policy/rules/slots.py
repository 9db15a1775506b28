"""Cache slots: which facts of an artifact a rule's finding depends on, and their value.

A slot is a tuple: its :class:`SlotKind` first, then (for a kind that reads roles) the sorted
component roles the rule reads. Every rule, of any table policy, that reads the same facts has
an equal slot, so a batch of table policies computes each slot's value once per artifact. A
kind's ``value`` computes the slot's value from the artifact's signature parts (see
:mod:`openness.policy.builtin.signature`) and the upstream keys of its lineage edges.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from openness.model import Artifact, Relation, Role

if TYPE_CHECKING:
    from openness.policy.builtin.signature import Parts

__all__ = [
    "COMPUTE",
    "DECLARED",
    "INHERITANCE",
    "LICENSE_TEXTS",
    "ROLES",
    "TRAINING_DATA",
    "WASHING",
    "SignaturePart",
    "Slot",
    "SlotKind",
    "deriving",
]


class SignaturePart(StrEnum):
    """A part of an artifact's signature (see :mod:`openness.policy.builtin.signature`) a
    check reads besides the roles it names; a table policy's signature then includes it."""

    LICENSE = "license"  # the declared license
    HEAD = "head"  # the naming-rule prefixes the name begins with
    DECLARED = "declared"  # the declared license and the artifact's own evidence
    COMPUTE = "compute"  # the training compute
    DATASETS = "datasets"  # the facts of the datasets of ``trained-on`` edges


#: A rule's cache slot (see the module docstring); None for a rule whose finding is not cached.
Slot = tuple[Any, ...] | None

#: How a slot's value is computed: the slot, the artifact's parts, its edges' upstream keys (one
#: per lineage edge, in order) and the artifact.
SlotValue = Callable[[tuple[Any, ...], "Parts", tuple[Hashable, ...], Artifact], Hashable]


@dataclass(frozen=True, slots=True, eq=False)
class SlotKind:
    """A kind of cache slot: its name, whether its slots carry the roles read, how its value
    is computed, whether that value follows from the artifact's own facts alone (``own``: a
    batch computes it once per set of facts), and whether it reads lineage (its value then
    starts with the deriving edges and their upstream keys, which the lineage analyses share).
    ``parts`` are the signature parts its value reads besides roles (a table policy's
    signature then includes them). Kinds compare by identity (each is made once, here)."""

    name: str
    value: SlotValue
    parts: frozenset[SignaturePart] = frozenset()
    by_roles: bool = False
    own: bool = False
    lineage: bool = False

    def __repr__(self) -> str:
        return f"<slot {self.name}>"


def deriving(edges: tuple[Hashable, ...], artifact: Artifact) -> tuple[Hashable, ...]:
    """The index and upstream key of each of the artifact's deriving edges."""
    return tuple(
        (i, k)
        for i, (k, e) in enumerate(zip(edges, artifact.lineage, strict=True))
        if e.relation.derives
    )


def _roles(slot: tuple[Any, ...], parts: Parts, edges: tuple[Hashable, ...], a: Artifact) -> Any:
    get = parts.roles.get
    return tuple([get(r, 0) for r in slot[1]])


def _inheritance(
    slot: tuple[Any, ...], parts: Parts, edges: tuple[Hashable, ...], artifact: Artifact
) -> Any:
    return (deriving(edges, artifact), parts.head)


def _washing(
    slot: tuple[Any, ...], parts: Parts, edges: tuple[Hashable, ...], artifact: Artifact
) -> Any:
    params = parts.roles.get(Role.MODEL_PARAMETERS_FINAL, 0)
    return (deriving(edges, artifact), parts.license, params)


def _training_data(
    slot: tuple[Any, ...], parts: Parts, edges: tuple[Hashable, ...], artifact: Artifact
) -> Any:
    followed = tuple(
        (i, k)
        for i, (k, e) in enumerate(zip(edges, artifact.lineage, strict=True))
        if e.relation is Relation.TRAINED_ON
    )
    get = parts.roles.get
    return (followed, *[get(r, 0) for r in slot[1]])


def _declared(slot: tuple[Any, ...], parts: Parts, edges: tuple[Hashable, ...], a: Artifact) -> Any:
    return parts.declared


def _license_texts(
    slot: tuple[Any, ...], parts: Parts, edges: tuple[Hashable, ...], a: Artifact
) -> Any:
    get = parts.roles.get  # the declared license and the license-text components
    return (parts.license, *[get(r, 0) for r in slot[1]])


def _compute(slot: tuple[Any, ...], parts: Parts, edges: tuple[Hashable, ...], a: Artifact) -> Any:
    return parts.compute


#: The components of the roles read (each with its effective license).
ROLES = SlotKind("roles", _roles, by_roles=True, own=True)
#: The declared license and the artifact's own evidence.
DECLARED = SlotKind("declared", _declared, frozenset({SignaturePart.DECLARED}), own=True)
#: The upstream keys of the ``trained-on`` edges and the components of the roles read.
TRAINING_DATA = SlotKind(
    "training-data", _training_data, frozenset({SignaturePart.DATASETS}), by_roles=True
)
#: The deriving edges and what they pass on, and the naming-rule prefixes of the name.
INHERITANCE = SlotKind("inheritance", _inheritance, frozenset({SignaturePart.HEAD}), lineage=True)
#: The deriving edges and what they pass on, the declared license and the final parameters.
WASHING = SlotKind("washing", _washing, frozenset({SignaturePart.LICENSE}), lineage=True)
#: The declared license and the license-text components.
LICENSE_TEXTS = SlotKind(
    "license-texts", _license_texts, frozenset({SignaturePart.LICENSE}), by_roles=True
)
#: The training compute.
COMPUTE = SlotKind("compute", _compute, frozenset({SignaturePart.COMPUTE}), own=True)
