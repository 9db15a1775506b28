"""The dependency rules of docs/architecture.md, enforced by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "openness"
FORMAT_LIBRARIES = ("spdx_tools", "spdx_python_model", "cyclonedx", "rdflib", "pyshacl")


def modules() -> dict[str, set[str]]:
    """Module name -> the absolute module names it imports (at any depth in the file)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        imports: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imports.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imports.add(node.module)
                imports.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[name] = imports
    return found


MODULES = modules()


def importers_of(prefix: str) -> list[str]:
    return [
        m
        for m, imps in MODULES.items()
        if any(i == prefix or i.startswith(prefix + ".") for i in imps)
    ]


def test_license_expression_is_imported_only_by_the_license_layer() -> None:
    assert importers_of("license_expression") == ["openness.licenses.expression"]


@pytest.mark.parametrize(
    ("layer", "allowed"),
    [
        ("openness.licenses", ("openness.licenses",)),
        # openness.display is imported lazily by Artifact._repr_html_ (notebooks only).
        ("openness.model", ("openness.model", "openness.licenses", "openness.display")),
    ],
)
def test_lower_layers_import_nothing_above_them(layer: str, allowed: tuple[str, ...]) -> None:
    for module, imports in MODULES.items():
        if module != layer and not module.startswith(layer + "."):
            continue
        ours = {i for i in imports if i == "openness" or i.startswith("openness.")}
        bad = {i for i in ours if not i.startswith(allowed)}
        assert not bad, f"{module} imports {sorted(bad)}"


def test_the_model_does_no_io() -> None:
    for module, imports in MODULES.items():
        if module.startswith("openness.model"):
            assert not imports & {"os", "io", "pathlib", "shutil", "urllib", "json", "yaml"}, module


def test_policies_never_import_a_format_library() -> None:
    for module, imports in MODULES.items():
        if module.startswith("openness.policy"):
            bad = {i for i in imports if i.startswith(FORMAT_LIBRARIES)}
            assert not bad, f"{module} imports {sorted(bad)}"
            assert not {
                i
                for i in imports
                if i.startswith(
                    ("openness.exporters", "openness.importers", "openness.formats", "openness.cli")
                )
            }, module


def test_importers_and_exporters_never_decide_freedom() -> None:
    deciding = (
        "openness.licenses.evaluate",
        "openness.licenses.Notion",
        "openness.licenses.evaluate",
        "openness.policy.engine",
        "openness.policy.builtin",
        "openness.policy.rules",
        "openness.policy.registry",
    )
    for module, imports in MODULES.items():
        if module.startswith(("openness.importers", "openness.exporters", "openness.formats")):
            bad = {i for i in imports if i.startswith(deciding)}
            assert not bad, f"{module} imports {sorted(bad)}"
