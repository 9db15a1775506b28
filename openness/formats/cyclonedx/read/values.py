"""Plain-value helpers of the CycloneDX reader and the ``openness:`` properties of a component."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from openness.errors import format_path
from openness.formats.cyclonedx.vocab import PREFIX, P
from openness.model import Compute, Relation

__all__ = [
    "Path",
    "Props",
    "ancestor_relation",
    "energy_from_card",
    "list_or_empty",
    "locator",
    "long_version",
    "mapping_or_empty",
    "read_props",
    "sanitise_id",
    "text_or_none",
]

Path = tuple[str | int, ...]


_WHITESPACE = re.compile(r"\s+")


def sanitise_id(text: str) -> str:
    return _WHITESPACE.sub("-", text.strip())


def text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def mapping_or_empty(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def list_or_empty(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@dataclass
class Props:
    """The ``openness:`` properties of one component, by name, with their positions."""

    values: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    others: list[Any] = field(default_factory=list)
    unknown: list[tuple[int, str]] = field(default_factory=list)

    def first(self, name: str) -> tuple[int, str] | None:
        found = self.values.get(name)
        return found[0] if found else None

    def all(self, name: str) -> list[tuple[int, str]]:
        return self.values.get(name, [])

    def prefixed(self, prefix: str) -> list[tuple[int, str, str]]:
        return [
            (i, name[len(prefix) :], v)
            for name, items in self.values.items()
            if name.startswith(prefix)
            for i, v in items
        ]


_KNOWN_PROPS = frozenset(P) - {P.RELEASE_LICENSE, P.VERDICT}


def long_version(props: Props) -> str | None:
    """A version (or revision) too long for CycloneDX 1.6's ``version`` field, kept in the
    ``openness:version`` property."""
    found = props.first(P.VERSION)
    return found[1] if found is not None else None


def read_props(value: Any) -> Props:
    props = Props()
    for index, item in enumerate(list_or_empty(value)):
        name = item.get("name") if isinstance(item, Mapping) else None
        if not isinstance(name, str) or not name.startswith(PREFIX):
            props.others.append(item)
            continue
        raw = item.get("value", "")
        text = raw if isinstance(raw, str) else ""
        if name.startswith(P.VERDICT):
            continue  # verdicts are recomputed by checking, not imported
        if name in _KNOWN_PROPS or name.startswith(P.RELEASE_LICENSE):
            props.values.setdefault(name, []).append((index, text))
        else:
            props.unknown.append((index, name))
            props.others.append(item)
    return props


def ancestor_relation(ancestor: Mapping[str, Any]) -> Relation:
    for item in list_or_empty(ancestor.get("properties")):
        if isinstance(item, Mapping) and item.get("name") == P.RELATION:
            value = item.get("value")
            if isinstance(value, str) and value in Relation._value2member_map_:
                return Relation(value)
    return Relation.DERIVED_FROM


def energy_from_card(card: Mapping[str, Any]) -> Compute | None:
    """Training energy and CO2 from a model card's environmental considerations."""
    considerations = mapping_or_empty(
        mapping_or_empty(card.get("considerations")).get("environmentalConsiderations")
    )
    energy = 0.0
    co2 = 0.0
    found_energy = found_co2 = False
    for item in list_or_empty(considerations.get("energyConsumptions")):
        item = mapping_or_empty(item)
        if item.get("activity") != "training":
            continue
        cost = mapping_or_empty(item.get("activityEnergyCost"))
        if cost.get("unit") == "kWh" and isinstance(cost.get("value"), int | float):
            energy += float(cost["value"])
            found_energy = True
        carbon = mapping_or_empty(item.get("co2CostEquivalent"))
        if carbon.get("unit") == "tCO2eq" and isinstance(carbon.get("value"), int | float):
            co2 += float(carbon["value"]) * 1000
            found_co2 = True
    if not (found_energy or found_co2):
        return None
    return Compute(energy_kwh=energy if found_energy else None, co2_kg=co2 if found_co2 else None)


def locator(path: Path) -> str:
    """The field path as text (for evidence locators)."""
    return format_path(path)
