"""Importers: every input format the library reads, detected by content.

Built-in importers are listed here; third parties register more through the
``openness.importers`` entry point group (an object with ``name``, ``description``,
``detect(document)`` and ``load(document)``; see :class:`Importer`).
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.metadata import entry_points

from openness.formats.importer import Importer, ImportResult, Origin

__all__ = ["BUILTIN_IMPORTERS", "ImportResult", "Importer", "Origin", "importers"]

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
