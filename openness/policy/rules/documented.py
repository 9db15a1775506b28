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

__all__ = ["MATCHES", "Getter", "documented", "field_getter", "item_fields", "satisfied"]

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
