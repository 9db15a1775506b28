"""What JSON allows and the XSD does not: carried in a property so that nothing is lost.

CycloneDX JSON lets an energy consumption of a model card list no energy provider
(``"energyProviders": []``, which the JSON writer writes: openness knows the energy, not who
provided it); the XSD needs at least one, with an organisation, an energy source and the energy
provided. Rather than invent a provider, the XML writer moves such consumptions into the
component's ``openness:xml:energyConsumptions`` property (their JSON), and the XML reader puts
them back before the JSON reader sees the document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

__all__ = ["ENERGY_PROPERTY", "restore", "stash"]

ENERGY_PROPERTY = "openness:xml:energyConsumptions"


def _components(bom: dict[str, Any]) -> Iterator[dict[str, Any]]:
    todo: list[Any] = [bom.get("metadata", {}).get("component"), *bom.get("components", [])]
    while todo:
        component = todo.pop()
        if isinstance(component, dict):
            yield component
            todo.extend(component.get("components", []) or [])


def _environment(component: dict[str, Any]) -> dict[str, Any] | None:
    considerations = component.get("modelCard", {}).get("considerations")
    if not isinstance(considerations, dict):
        return None
    found = considerations.get("environmentalConsiderations")
    return found if isinstance(found, dict) else None


def _dict_at(parent: dict[str, Any], key: str) -> dict[str, Any]:
    found = parent.get(key)
    if not isinstance(found, dict):
        found = parent[key] = {}
    return found


def stash(bom: dict[str, Any]) -> None:
    """Move consumptions without a provider into their component's property (in place)."""
    for component in _components(bom):
        environment = _environment(component)
        if environment is None:
            continue
        items = environment.get("energyConsumptions", [])
        moved = [i for i in items if isinstance(i, dict) and not i.get("energyProviders")]
        if not moved:
            continue
        kept = [i for i in items if i not in moved]
        if kept:
            environment["energyConsumptions"] = kept
        else:
            del environment["energyConsumptions"]
            considerations = component["modelCard"]["considerations"]
            if not environment:
                del considerations["environmentalConsiderations"]
            if not considerations:
                del component["modelCard"]["considerations"]
        text = json.dumps(moved, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        component["properties"] = [
            *component.get("properties", []),
            {"name": ENERGY_PROPERTY, "value": text},
        ]


def restore(bom: dict[str, Any]) -> None:
    """Put stashed consumptions back (in place); a property that is not a JSON list of
    objects is left as it is."""
    for component in _components(bom):
        properties = component.get("properties")
        if not isinstance(properties, list):
            continue
        for prop in list(properties):
            if not isinstance(prop, dict) or prop.get("name") != ENERGY_PROPERTY:
                continue
            try:
                moved = json.loads(str(prop.get("value", "")))
            except json.JSONDecodeError:
                continue
            if not isinstance(moved, list) or not all(isinstance(i, dict) for i in moved):
                continue
            properties.remove(prop)
            card = _dict_at(component, "modelCard")
            considerations = _dict_at(card, "considerations")
            environment = _dict_at(considerations, "environmentalConsiderations")
            environment["energyConsumptions"] = [
                *environment.get("energyConsumptions", []),
                *moved,
            ]
        if not properties:
            del component["properties"]
