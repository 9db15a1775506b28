"""Importers: every input format the library reads, detected by content.

Built-in importers are listed here; third parties register more through the
``openness.importers`` entry point group (an object with ``name``, ``description``,
``detect(document)`` and ``load(document)``; see :class:`Importer`).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.metadata import entry_points

from openness.importers.base import Importer, ImportResult, Origin

__all__ = ["BUILTIN_IMPORTERS", "ImportResult", "Importer", "Origin", "importers"]

#: Built-in importers in detection order: ``name -> "module:Class"``.
BUILTIN_IMPORTERS: dict[str, str] = {
    "manifest": "openness.importers.manifest:ManifestImporter",
    "huggingface": "openness.importers.huggingface:HuggingFaceImporter",
    "eu-osai-index": "openness.importers.eu_index:EUIndexImporter",
    "pyproject": "openness.importers.pyproject:PyprojectImporter",
    "mot": "openness.importers.mot:MotImporter",
    "spdx2": "openness.importers.spdx2:Spdx2Importer",
    "spdx3": "openness.importers.spdx3:Spdx3Importer",
    "cyclonedx": "openness.importers.cyclonedx:CycloneDxImporter",
}


def _instantiate(spec: str) -> Importer:
    module, _, attr = spec.partition(":")
    obj = getattr(import_module(module), attr)
    importer = obj() if isinstance(obj, type) else obj
    if not isinstance(importer, Importer):
        raise TypeError(f"{spec} is not an importer (needs name, description, detect, load)")
    return importer


@cache
def importers() -> dict[str, Importer]:
    """Every importer by name: built-ins first, then entry points."""
    found = {name: _instantiate(spec) for name, spec in BUILTIN_IMPORTERS.items()}
    for ep in entry_points(group="openness.importers"):
        if ep.name not in found:
            found[ep.name] = _instantiate(ep.value)
    return found
