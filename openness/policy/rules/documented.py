"""The ``documented`` check: whether an artifact states the facts a documentation item asks for.

A documentation-completeness profile (see :mod:`openness.policy.builtin.completeness`) is a
list of items; each names, in its ``params``, the model fields that document it::

    params = { fields = ["facts.training.training_flop", "facts.training.accelerator_hours"],
               match = "any", weight = 2.5 }

``match`` is ``all`` (every field must be present, the default) or ``any`` (one suffices).
A field is present when it is set and not empty (an empty string, list or table is absent).
Missing documentation is what these profiles measure, so an absent field fails the item (it
is never unknown). A field path is one of:

* an artifact field: ``id``, ``kind``, ``name``, ``version``, ``description``, ``license``,
  ``supplier``, ``url``, ``purl``;
* ``facts.<field>`` (``facts.task``, ``facts.evaluation``, ...), ``facts.training.<field>``
  (compute) and ``facts.recipe.<field>``;
* ``lineage.<relation>`` (an edge of that relation, e.g. ``lineage.trained-on``) or
  ``lineage.derives`` (any deriving edge);
* ``components.<role>`` (a component of that role), ``components.<role>.<field>`` (one of
  them with that field set: ``location``, ``license``, ``digests``, ...), and
  ``components.any.<field>`` (any component with it);
* ``extra.<key>``: a key the reader kept from the source with no field of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from openness.model import Artifact, Component, Compute, Facts, Recipe, Relation, Role
from openness.policy.rules.spec import RuleSpec
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Finding, Outcome

__all__ = [
    "MATCHES",
    "FieldMask",
    "Getter",
    "documented",
    "field_getter",
    "item_fields",
    "satisfied",
]

#: Whether an artifact has one documented field.
Getter = Callable[[Artifact], bool]

#: How an item's fields combine.
MATCHES = ("all", "any")

_ARTIFACT_FIELDS = (
    *("id", "kind", "name", "version", "description", "license", "supplier"),
    *("url", "purl"),
)
_COMPONENT_FIELDS = tuple(Component.model_fields)


def _set(value: Any) -> bool:
    """Present: not None and, for strings, lists and tables, not empty."""
    if value is None:
        return False
    kind = value.__class__
    if kind is str:
        return bool(value.strip())
    if kind is list or kind is dict:
        return bool(value)
    if isinstance(value, str):  # a license expression, an enum value
        return bool(value.strip())
    if isinstance(value, tuple | set | frozenset):
        return bool(value)
    return True


def _component_getter(role: Role | None, attr: str | None) -> Getter:
    def get(artifact: Artifact) -> bool:
        for component in artifact.components:
            if role is not None and component.role != role:
                continue
            if attr is None or _set(getattr(component, attr)):
                return True
        return False

    return get


def field_getter(path: str) -> Getter:
    """The presence test of one field path (see the module docstring); ValueError naming the
    path and what would be right when it is not one."""
    head, _, rest = path.partition(".")
    if not rest and head in _ARTIFACT_FIELDS:
        return lambda a: _set(getattr(a, head))
    if head == "facts" and rest:
        sub, _, leaf = rest.partition(".")
        if not leaf and sub in Facts.model_fields:
            return lambda a: _set(getattr(a.facts, sub))
        if sub in ("training", "recipe") and leaf:
            fields = Compute.model_fields if sub == "training" else Recipe.model_fields
            if leaf in fields and "." not in leaf:

                def nested(a: Artifact) -> bool:
                    holder = getattr(a.facts, sub)
                    return holder is not None and _set(getattr(holder, leaf))

                return nested
        raise ValueError(
            f"{path!r} is not a fact; use facts.<field> ({', '.join(Facts.model_fields)}), "
            f"facts.training.<field> ({', '.join(Compute.model_fields)}) or "
            f"facts.recipe.<field> ({', '.join(Recipe.model_fields)})"
        )
    if head == "lineage" and rest:
        if rest == "derives":
            return lambda a: any(e.relation.derives for e in a.lineage)
        try:
            relation = Relation(rest)
        except ValueError:
            raise ValueError(
                f"{path!r}: unknown relation {rest!r}; use lineage.derives or lineage.<relation> "
                f"({', '.join(r.value for r in Relation)})"
            ) from None
        return lambda a: any(e.relation is relation for e in a.lineage)
    if head == "components" and rest:
        name, _, attr = rest.partition(".")
        if attr and attr not in _COMPONENT_FIELDS:
            raise ValueError(
                f"{path!r}: components have no field {attr!r}; use one of "
                + ", ".join(_COMPONENT_FIELDS)
            )
        if name == "any":
            return _component_getter(None, attr or None)
        try:
            role = Role(name)
        except ValueError:
            raise ValueError(
                f"{path!r}: unknown role {name!r}; use components.any or components.<role> "
                f"({', '.join(r.value for r in Role)})"
            ) from None
        return _component_getter(role, attr or None)
    if head == "extra" and rest:
        return lambda a: _set(a.extra.get(rest))
    raise ValueError(
        f"{path!r} is not a documented field; use an artifact field "
        f"({', '.join(_ARTIFACT_FIELDS)}), facts.<field>, facts.training.<field>, "
        "facts.recipe.<field>, lineage.<relation>, components.<role>[.<field>] or extra.<key>"
    )


class FieldMask:
    """Field paths with a bit each, and an artifact's presence as one integer: the bits of the
    fields it states. The paths are grouped by where they read (the artifact, its facts, its
    compute and recipe, its components, its lineage, its extra keys), so one mask walks the
    artifact once, whatever the number of paths. The last artifact's mask is kept: the engine
    judges an artifact under every policy in turn."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}
        self._own: list[tuple[str, int]] = []
        self._facts: list[tuple[str, int]] = []
        self._nested: dict[str, list[tuple[str, int]]] = {"training": [], "recipe": []}
        self._roles: dict[Role, int] = {}
        self._role_fields: list[tuple[Role | None, str, int]] = []
        self._relations: dict[Relation, int] = {}
        self._derives = 0
        self._extra: list[tuple[str, int]] = []
        self._last: tuple[Artifact | None, int, int] = (None, 0, 0)

    def bit(self, path: str) -> int:
        """The bit of ``path`` (registered on first use; ValueError when it is no field path)."""
        found = self.bits.get(path)
        if found is not None:
            return found
        field_getter(path)  # validates
        bit = 1 << len(self.bits)
        head, _, rest = path.partition(".")
        if not rest:
            self._own.append((head, bit))
        elif head == "facts":
            sub, _, leaf = rest.partition(".")
            if leaf:
                self._nested[sub].append((leaf, bit))
            else:
                self._facts.append((sub, bit))
        elif head == "lineage":
            if rest == "derives":
                self._derives |= bit
            else:
                relation = Relation(rest)
                self._relations[relation] = self._relations.get(relation, 0) | bit
        elif head == "components":
            name, _, attr = rest.partition(".")
            role = None if name == "any" else Role(name)
            if attr:
                self._role_fields.append((role, attr, bit))
            elif role is None:
                self._role_fields.append((None, "role", bit))
            else:
                self._roles[role] = self._roles.get(role, 0) | bit
        else:  # extra
            self._extra.append((rest, bit))
        self.bits[path] = bit
        self._last = (None, 0, 0)
        return bit

    def forget(self) -> None:
        """Drop the kept mask of the last artifact."""
        self._last = (None, 0, 0)

    def mask(self, artifact: Artifact) -> int:
        """The bits of the registered fields that ``artifact`` states."""
        last, count, mask = self._last  # one tuple, read and written whole (threads)
        if last is artifact and count == len(self.bits):
            return mask
        mask = 0
        own = artifact.__dict__
        for name, bit in self._own:
            if _set(own[name]):
                mask |= bit
        facts = artifact.facts.__dict__
        for name, bit in self._facts:
            if _set(facts[name]):
                mask |= bit
        for sub, fields in self._nested.items():
            holder = facts[sub]
            if holder is not None and fields:
                values = holder.__dict__
                for name, bit in fields:
                    if _set(values[name]):
                        mask |= bit
        if self._roles or self._role_fields:
            roles = self._roles
            role_fields = self._role_fields
            for component in artifact.components:
                values = component.__dict__
                role = values["role"]
                mask |= roles.get(role, 0)
                for wanted, name, bit in role_fields:
                    if (wanted is None or wanted is role) and _set(values[name]):
                        mask |= bit
        if self._relations or self._derives:
            relations = self._relations
            for edge in artifact.lineage:
                relation = edge.relation
                mask |= relations.get(relation, 0)
                if self._derives and relation.derives:
                    mask |= self._derives
        if self._extra:
            extra = artifact.extra
            for key, bit in self._extra:
                if _set(extra.get(key)):
                    mask |= bit
        self._last = (artifact, len(self.bits), mask)
        return mask


def item_fields(spec: RuleSpec) -> tuple[str, ...]:
    """The field paths an item's ``params.fields`` names."""
    return tuple(str(f) for f in spec.params.get("fields", ()))


def satisfied(spec: RuleSpec, present: Sequence[bool]) -> bool:
    """Whether an item is satisfied, given the presence of each of its fields (in order)."""
    if spec.params.get("match", "all") == "any":
        return any(present)
    return all(present)


def _getters(spec: RuleSpec) -> tuple[Getter, ...]:
    found: tuple[Getter, ...] | None = spec.cache.get("getters")
    if found is None:
        found = spec.remember("getters", tuple(field_getter(f) for f in item_fields(spec)))
    return found


def documented(spec: RuleSpec, view: ArtifactView) -> Finding:
    """``documented``: pass when the artifact states the item's fields (all of them, or any one
    with ``match = "any"``), fail otherwise, naming the missing fields and how to fix it."""
    fields = item_fields(spec)
    artifact = view.artifact
    present = [get(artifact) for get in _getters(spec)]
    joiner = " or " if spec.params.get("match", "all") == "any" else " and "
    if satisfied(spec, present):
        stated = [f for f, p in zip(fields, present, strict=True) if p]
        return Finding(
            rule=spec.id,
            subject="artifact",
            outcome=Outcome.PASS,
            message=f"documented ({spec.title}): {', '.join(stated)}",
            severity=spec.severity,
            citation=spec.citation,
        )
    missing = [f for f, p in zip(fields, present, strict=True) if not p]
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=Outcome.FAIL,
        message=f"not documented ({spec.title}): {joiner.join(missing)} not stated",
        severity=spec.severity,
        how_to_fix=spec.fix(f"state {joiner.join(missing)}", what=joiner.join(missing)),
        citation=spec.citation,
    )
