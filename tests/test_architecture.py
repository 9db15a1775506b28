"""The layer table of docs/architecture.md, enforced on every import of every module, the
lazy ones inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "openness"
FORMAT_LIBRARIES = (
    "spdx_tools",
    "spdx_python_model",
    "cyclonedx",
    "rdflib",
    "pyshacl",
    "xmltodict",
)
IO_MODULES = {"os", "io", "pathlib", "shutil", "urllib", "json", "yaml", "tomllib", "socket"}


def modules() -> dict[str, set[str]]:
    """Module name -> the absolute module names it imports (at any depth in the file)."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        name = ".".join(parts)
        package = parts if rel.name == "__init__" else parts[:-1]
        imports: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imports.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # a relative import, made absolute
                    anchor = package[: len(package) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                imports.add(base)
                imports.update(f"{base}.{alias.name}" for alias in node.names)
        found[name] = imports
    return found


MODULES = modules()

#: What every layer may use: the error type, environment variables, the collector pause,
#: the notebook-display hook, the TOML line index, the progress bar, and the package's version.
BASE = (
    "openness._env",
    "openness._gc",
    "openness._repr",
    "openness._toml_lines",
    "openness.errors",
    "openness.progress",
    "openness.__version__",
)
_MODEL = (*BASE, "openness.licenses", "openness.model")
_BELOW_POLICY = (*_MODEL, "openness.lineage")
_READING = (
    *_BELOW_POLICY,
    "openness.documents",
    "openness.weights",
    "openness.formats",
    "openness.importers",
    "openness.exporters",
    "openness.policy.verdict",  # exporters embed verdicts they are given
)

#: The layer table: a module prefix, and the prefixes its modules may import (the first
#: matching prefix decides; every module of the package must match one).
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("openness._env", ("openness.errors",)),
    ("openness._gc", ()),
    ("openness._repr", ()),
    ("openness.errors", ()),
    ("openness.progress", ()),
    ("openness.licenses", (*BASE, "openness.licenses")),
    ("openness.model", _MODEL),
    ("openness.documents", (*BASE, "openness.documents")),
    ("openness.weights", (*BASE, "openness.weights")),
    ("openness.lineage", _BELOW_POLICY),
    # Reading policy files is the registry's job; the engine, rules and tables read none.
    ("openness.policy.registry", (*_BELOW_POLICY, "openness.policy", "openness.documents")),
    ("openness.policy", (*_BELOW_POLICY, "openness.policy")),
    ("openness.formats", _READING),
    ("openness.importers", _READING),
    ("openness.exporters", _READING),
    ("openness.hub", (*_READING, "openness.hub")),
    ("openness.loading", (*_READING, "openness.hub", "openness.loading")),
    ("openness.schema", _MODEL),
    ("openness.display", (*_BELOW_POLICY, "openness.policy", "openness.display")),
    (
        "openness.reporters",
        (
            *_READING,
            "openness.loading",
            "openness.policy",
            "openness.display",
            "openness.reporters",
        ),
    ),
    ("openness.verify", (*_READING, "openness.loading", "openness.verify")),
    ("openness.whatif", (*_BELOW_POLICY, "openness.policy")),
    ("openness.diff", (*_BELOW_POLICY, "openness.policy.verdict")),
    (
        "openness.index_comparison",
        (*_READING, "openness.policy", "openness.display"),
    ),
    ("openness.cli", ("openness",)),
    ("openness", ("openness._repr",)),  # the package root: the version and the display hook
]


def layer_of(module: str) -> tuple[str, tuple[str, ...]]:
    for prefix, allowed in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return prefix, allowed
    raise AssertionError(f"{module} is in no layer of the table; add it to docs/architecture.md")


def _ours(imports: set[str]) -> set[str]:
    return {i for i in imports if i == "openness" or i.startswith("openness.")}


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def importers_of(prefix: str) -> list[str]:
    return [m for m, imps in MODULES.items() if any(_within(i, (prefix,)) for i in imps)]


def test_every_module_is_in_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_import_only_what_their_layer_allows(module: str) -> None:
    prefix, allowed = layer_of(module)
    bad = sorted(
        i
        for i in _ours(MODULES[module])
        if not _within(i, (prefix, *allowed))
        # ``from openness import x`` names the root package as well as ``openness.x``
        and not (i == "openness" and any(_within(j, allowed) for j in MODULES[module]))
    )
    assert not bad, f"{module} (layer {prefix}) imports {bad}"


def test_the_table_catches_an_upward_import() -> None:
    prefix, allowed = layer_of("openness.model.artifact")
    assert prefix == "openness.model"
    assert not _within("openness.display", allowed)
    assert not _within("openness.policy.engine", layer_of("openness.formats.cyclonedx")[1])
    assert not _within("openness.documents", layer_of("openness.policy.engine")[1])


def test_license_expression_is_imported_only_by_the_license_layer() -> None:
    assert importers_of("license_expression") == ["openness.licenses.expression"]


def test_huggingface_hub_is_imported_only_by_the_hub_layer() -> None:
    assert all(m.startswith("openness.hub") for m in importers_of("huggingface_hub"))


def test_the_model_does_no_io() -> None:
    for module, imports in MODULES.items():
        if module.startswith("openness.model"):
            assert not imports & IO_MODULES, module


def test_policies_never_read_files_nor_import_a_format_library() -> None:
    for module, imports in MODULES.items():
        if not module.startswith("openness.policy") or module == "openness.policy.registry":
            continue
        bad = {i for i in imports if i.startswith(FORMAT_LIBRARIES)}
        assert not bad, f"{module} imports {sorted(bad)}"
        # Built-in tables are package data, parsed with tomllib through importlib.resources.
        assert not imports & (IO_MODULES - {"json", "tomllib"}), f"{module} does I/O"


def test_readers_and_writers_never_decide_freedom() -> None:
    deciding = (
        "openness.licenses.evaluate",
        "openness.licenses.Notion",
        "openness.policy.engine",
        "openness.policy.builtin",
        "openness.policy.rules",
        "openness.policy.registry",
        "openness.policy.check",
    )
    for module, imports in MODULES.items():
        if module.startswith(("openness.importers", "openness.exporters", "openness.formats")):
            bad = {i for i in imports if _within(i, deciding)}
            assert not bad, f"{module} imports {sorted(bad)}"


def test_the_display_hook_names_only_display_functions() -> None:
    import openness._repr as hook

    assert {k: ep.module for k, ep in hook._RENDERERS.items()} == {
        "artifact": "openness.display",
        "verdict": "openness.display",
        "comparison": "openness.display",
    }
