"""Exporters: a registry keyed by format name (format and version).

Built-ins are listed in :data:`BUILTIN_EXPORTERS` and imported on first use; third parties
register more through the ``openness.exporters`` entry point group.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.metadata import entry_points

from openness.formats.exporter import Exporter

__all__ = ["BUILTIN_EXPORTERS", "Exporter", "exporter_names", "get_exporter"]

#: Format name -> "module:Class". The names are part of the CLI interface.
BUILTIN_EXPORTERS: dict[str, str] = {
    "spdx-2.3-json": "openness.formats.spdx2.write:Spdx23JsonExporter",
    "spdx-2.3-yaml": "openness.formats.spdx2.write:Spdx23YamlExporter",
    "spdx-2.3-tv": "openness.formats.spdx2.write:Spdx23TagValueExporter",
    "spdx-2.3-rdf": "openness.formats.spdx2.write:Spdx23RdfExporter",
    "cyclonedx-1.6-json": "openness.formats.cyclonedx.write:CycloneDx16Exporter",
    "cyclonedx-1.5-json": "openness.formats.cyclonedx.write:CycloneDx15Exporter",
    "spdx-3.0.1-jsonld": "openness.formats.spdx3.write:Spdx3Exporter",
    "turtle": "openness.formats.rdf.write:TurtleExporter",
    "jsonld": "openness.formats.rdf.write:JsonLdExporter",
}


def _entry_points() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group="openness.exporters")}


def exporter_names() -> list[str]:
    """Every format name, built-ins first."""
    names = list(BUILTIN_EXPORTERS)
    names.extend(n for n in _entry_points() if n not in BUILTIN_EXPORTERS)
    return names


@cache
def get_exporter(name: str) -> Exporter:
    """The exporter for a format name; ``KeyError`` names the valid choices."""
    spec = BUILTIN_EXPORTERS.get(name) or _entry_points().get(name)
    if spec is None:
        raise KeyError(f"unknown format {name!r}; choose from {', '.join(exporter_names())}")
    module, _, attr = spec.partition(":")
    obj = getattr(import_module(module), attr)
    exporter = obj() if isinstance(obj, type) else obj
    if not isinstance(exporter, Exporter):  # pragma: no cover - programming error
        raise TypeError(f"{spec} is not an exporter")
    return exporter
