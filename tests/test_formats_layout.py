"""The formats layer: one folder per standard, readers and writers side by side but apart,
and the old ``openness.importers.*`` / ``openness.exporters.*`` paths still importable."""

from __future__ import annotations

import ast
import importlib
import warnings
from pathlib import Path

import pytest

from openness.exporters import BUILTIN_EXPORTERS, get_exporter
from openness.importers import BUILTIN_IMPORTERS, importers

FORMATS = Path(__file__).parent.parent / "openness" / "formats"
STANDARDS = (
    "cyclonedx",
    "eu_index",
    "huggingface",
    "manifest",
    "mot",
    "pyproject",
    "rdf",
    "spdx2",
    "spdx3",
)

#: Old module path -> where its names live now.
COMPATIBILITY = {
    "openness.importers.base": "openness.formats.importer",
    "openness.importers.cyclonedx": "openness.formats.cyclonedx.read",
    "openness.importers.eu_index": "openness.formats.eu_index.read",
    "openness.importers.huggingface": "openness.formats.huggingface.read",
    "openness.importers.manifest": "openness.formats.manifest.read",
    "openness.importers.mot": "openness.formats.mot.read",
    "openness.importers.pyproject": "openness.formats.pyproject.read",
    "openness.importers.spdx2": "openness.formats.spdx2.read",
    "openness.importers.spdx3": "openness.formats.spdx3.read",
    "openness.exporters.base": "openness.formats.exporter",
    "openness.exporters.common": "openness.formats.deterministic",
    "openness.exporters.rdf": "openness.formats.rdf.write",
    "openness.exporters.cyclonedx": "openness.formats.cyclonedx.write",
    "openness.exporters.cyclonedx.schema": "openness.formats.cyclonedx.schema",
    "openness.exporters.cyclonedx.vocab": "openness.formats.cyclonedx.vocab",
    "openness.exporters.spdx2.mapping": "openness.formats.spdx2.mapping",
    "openness.exporters.spdx2.validate": "openness.formats.spdx2.validate",
    "openness.exporters.spdx3": "openness.formats.spdx3.write",
    "openness.exporters.spdx3.build": "openness.formats.spdx3.write.build",
    "openness.exporters.spdx3.mapping": "openness.formats.spdx3.mapping",
    "openness.exporters.spdx3.validate": "openness.formats.spdx3.validate",
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(FORMATS.parent.parent).with_suffix("")
    return ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)


def _imports(path: Path) -> set[str]:
    """Absolute module names imported anywhere in the file (lazy imports included)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _side(module: str) -> str | None:
    """``read`` or ``write`` for a module of a standard's reader or writer, else None."""
    parts = module.split(".")
    if len(parts) >= 4 and parts[:2] == ["openness", "formats"] and parts[3] in ("read", "write"):
        return parts[3]
    return None


def test_every_standard_has_its_folder() -> None:
    assert sorted(p.name for p in FORMATS.iterdir() if (p / "__init__.py").is_file()) == sorted(
        STANDARDS
    )
    assert (FORMATS / "__init__.py").read_text(encoding="utf-8") == (
        '"""Formats: one folder per standard, reading and writing side by side."""\n'
    )


def test_no_reader_imports_a_writer_or_the_reverse() -> None:
    checked = 0
    for path in sorted(FORMATS.rglob("*.py")):
        side = _side(_module_name(path))
        if side is None:
            continue
        checked += 1
        other = "write" if side == "read" else "read"
        crossing = sorted(i for i in _imports(path) if _side(i) == other)
        assert not crossing, f"{_module_name(path)} ({side}) imports {crossing}"
    assert checked >= 15  # readers and writers of every standard were looked at


def test_the_registries_name_the_formats_modules() -> None:
    for spec in [*BUILTIN_IMPORTERS.values(), *BUILTIN_EXPORTERS.values()]:
        module = spec.partition(":")[0]
        assert module.startswith("openness.formats."), spec
        assert _side(module) in ("read", "write"), spec
    assert list(importers()) == list(BUILTIN_IMPORTERS)
    for name in BUILTIN_EXPORTERS:
        assert get_exporter(name).name == name


@pytest.mark.parametrize(("old", "new"), sorted(COMPATIBILITY.items()))
def test_the_old_paths_reexport_the_same_objects(old: str, new: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a compatibility path must not warn
        legacy = importlib.import_module(old)
    home = importlib.import_module(new)
    assert legacy.__all__
    for name in legacy.__all__:
        value = getattr(legacy, name)
        assert getattr(home, name, value) is value, f"{old}.{name}"
        module = getattr(value, "__module__", None)
        if isinstance(module, str) and module.startswith("openness."):
            assert module.startswith("openness.formats."), f"{old}.{name} lives in {module}"
    assert set(home.__all__) <= set(legacy.__all__) | {"__doc__"}


def test_the_old_spdx2_package_keeps_its_names() -> None:
    from openness.exporters.spdx2 import build_document, validate_document
    from openness.formats.spdx2.validate import validate_document as validate_home
    from openness.formats.spdx2.write.build import build_document as build_home

    assert build_document is build_home
    assert validate_document is validate_home
