"""Importers: every input format the library reads, detected by content.

Built-in importers are listed here; third parties register more through the
``openness.importers`` entry point group (an object with ``name``, ``description``,
``detect(document)`` and ``load(document)``; see :class:`Importer`).
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points
from typing import TypeGuard

from openness.formats.importer import Importer, ImportResult, Origin
from openness.formats.plugins import PluginError, builtin, load_plugin

__all__ = ["BUILTIN_IMPORTERS", "ImportResult", "Importer", "Origin", "PluginError", "importers"]

#: Built-in importers in detection order: ``name -> "module:Class"``.
BUILTIN_IMPORTERS: dict[str, str] = {
    "manifest": "openness.formats.manifest.read:ManifestImporter",
    "huggingface": "openness.formats.huggingface.read:HuggingFaceImporter",
    "eu-osai-index": "openness.formats.eu_index.read:EUIndexImporter",
    "pyproject": "openness.formats.pyproject.read:PyprojectImporter",
    "mot": "openness.formats.mot.read:MotImporter",
    "spdx2": "openness.formats.spdx2.read:Spdx2Importer",
    "spdx3": "openness.formats.spdx3.read:Spdx3Importer",
    "cyclonedx": "openness.formats.cyclonedx.read:CycloneDxImporter",
    "cyclonedx-xml": "openness.formats.cyclonedx.read.from_xml:CycloneDxXmlImporter",
}


_GROUP = "openness.importers"
_NEEDS = "importer (with name, description, detect(document) and load(document))"


def _is_importer(obj: object) -> TypeGuard[Importer]:
    return isinstance(obj, Importer)


@cache
def importers() -> dict[str, Importer]:
    """Every importer by name: built-ins first, then entry points. A plugin that cannot be
    loaded raises :class:`PluginError` naming it."""
    found = {
        name: load_plugin(builtin(name, spec, _GROUP), _is_importer, _NEEDS)
        for name, spec in BUILTIN_IMPORTERS.items()
    }
    for entry in entry_points(group=_GROUP):
        if entry.name not in found:
            found[entry.name] = load_plugin(entry, _is_importer, _NEEDS)
    return found
