"""Exporters: a registry keyed by format name (format and version).

Built-ins are listed in :data:`BUILTIN_EXPORTERS` and imported on first use; third parties
register more through the ``openness.exporters`` entry point group.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import TypeGuard

from openness.formats.exporter import Exporter
from openness.formats.plugins import PluginError, builtin, load_plugin

__all__ = ["BUILTIN_EXPORTERS", "Exporter", "PluginError", "exporter_names", "get_exporter"]

#: Format name -> "module:Class". The names are part of the CLI interface.
BUILTIN_EXPORTERS: dict[str, str] = {
    "spdx-2.3-json": "openness.formats.spdx2.write:Spdx23JsonExporter",
    "spdx-2.3-yaml": "openness.formats.spdx2.write:Spdx23YamlExporter",
    "spdx-2.3-tv": "openness.formats.spdx2.write:Spdx23TagValueExporter",
    "spdx-2.3-rdf": "openness.formats.spdx2.write:Spdx23RdfExporter",
    "cyclonedx-1.6-json": "openness.formats.cyclonedx.write:CycloneDx16Exporter",
    "cyclonedx-1.7-json": "openness.formats.cyclonedx.write:CycloneDx17Exporter",
    "cyclonedx-1.5-json": "openness.formats.cyclonedx.write:CycloneDx15Exporter",
    "cyclonedx-1.6-xml": "openness.formats.cyclonedx.write.to_xml:CycloneDx16XmlExporter",
    "cyclonedx-1.7-xml": "openness.formats.cyclonedx.write.to_xml:CycloneDx17XmlExporter",
    "spdx-3.0.1-jsonld": "openness.formats.spdx3.write:Spdx3Exporter",
    "turtle": "openness.formats.rdf.write:TurtleExporter",
    "jsonld": "openness.formats.rdf.write:JsonLdExporter",
}


_GROUP = "openness.exporters"
_NEEDS = "exporter (with name, media_type, suffix and export(artifacts, verdicts))"


def _is_exporter(obj: object) -> TypeGuard[Exporter]:
    return isinstance(obj, Exporter)


def _entry_points() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=_GROUP)}


def exporter_names() -> list[str]:
    """Every format name, built-ins first."""
    names = list(BUILTIN_EXPORTERS)
    names.extend(n for n in _entry_points() if n not in BUILTIN_EXPORTERS)
    return names


@cache
def get_exporter(name: str) -> Exporter:
    """The exporter for a format name; ``KeyError`` names the valid choices, and a plugin that
    cannot be loaded raises :class:`PluginError` naming it."""
    spec = BUILTIN_EXPORTERS.get(name)
    entry = builtin(name, spec, _GROUP) if spec is not None else _entry_points().get(name)
    if entry is None:
        raise KeyError(f"unknown format {name!r}; choose from {', '.join(exporter_names())}")
    return load_plugin(entry, _is_exporter, _NEEDS)
