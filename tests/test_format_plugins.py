"""Importer and exporter plugins: loaded through ``EntryPoint.load()``; a broken one gives a
PluginError naming it (exit 2 from the CLI), never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from click.testing import CliRunner

import openness.exporters as exporters_registry
import openness.importers as importers_registry
from openness.cli.main import cli
from openness.documents import Document
from openness.exporters import PluginError as ExporterPluginError
from openness.exporters import exporter_names, get_exporter
from openness.formats.importer import ImportResult
from openness.importers import PluginError, importers


class ExtraImporter:
    """A third-party importer that reads nothing."""

    name = "extra"
    description = "a test importer"

    def detect(self, document: Document) -> bool:
        return False

    def load(self, document: Document) -> ImportResult:
        return ImportResult()


class NotAnExporter:
    name = "half"


class Failing:
    def __init__(self) -> None:
        raise RuntimeError("needs a licence key")


@pytest.fixture
def plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EntryPoint]]:
    """Entry points the registries see, in place of the installed ones."""
    installed: list[EntryPoint] = []

    def fake(group: str) -> list[EntryPoint]:
        return [ep for ep in installed if ep.group == group]

    monkeypatch.setattr(importers_registry, "entry_points", fake)
    monkeypatch.setattr(exporters_registry, "entry_points", fake)
    importers.cache_clear()
    get_exporter.cache_clear()
    yield installed
    importers.cache_clear()
    get_exporter.cache_clear()


def test_a_plugin_importer_is_loaded_after_the_builtins(plugins: list[EntryPoint]) -> None:
    plugins.append(EntryPoint("extra", f"{__name__}:ExtraImporter", "openness.importers"))
    found = importers()
    assert list(found)[-1] == "extra"
    assert isinstance(found["extra"], ExtraImporter)
    assert list(found)[:-1] == list(importers_registry.BUILTIN_IMPORTERS)


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("no_such_module_here:Thing", "cannot be loaded: ModuleNotFoundError"),
        (f"{__name__}:Missing", "cannot be loaded: AttributeError"),
        (f"{__name__}:Failing", "cannot be made: RuntimeError: needs a licence key"),
        (f"{__name__}:NotAnExporter", "is a NotAnExporter, not an importer (with name"),
    ],
)
def test_a_broken_importer_plugin_is_named(
    plugins: list[EntryPoint], value: str, said: str
) -> None:
    plugins.append(EntryPoint("broken", value, "openness.importers"))
    with pytest.raises(PluginError) as raised:
        importers()
    (problem,) = raised.value.problems
    assert problem.file.startswith(f"plugin 'broken' (openness.importers entry point {value!r}")
    assert said in problem.message


def test_a_broken_exporter_plugin_is_named(plugins: list[EntryPoint]) -> None:
    plugins.append(EntryPoint("half", f"{__name__}:NotAnExporter", "openness.exporters"))
    assert exporter_names()[-1] == "half"
    with pytest.raises(ExporterPluginError, match="not an exporter"):
        get_exporter("half")
    with pytest.raises(KeyError, match="unknown format 'nope'"):
        get_exporter("nope")
    assert get_exporter("cyclonedx-1.6-json").name == "cyclonedx-1.6-json"


def test_the_cli_reports_a_broken_plugin_with_exit_2(
    plugins: list[EntryPoint], tmp_path: Path
) -> None:
    plugins.append(EntryPoint("broken", "no_such_module_here:Thing", "openness.importers"))
    manifest = tmp_path / "m.yaml"
    manifest.write_text("artifacts:\n- id: a\n  kind: software\n  license: MIT\n", "utf-8")
    result = CliRunner().invoke(cli, ["check", str(manifest)])
    assert result.exit_code == 2, result.output
    assert "plugin 'broken'" in result.output
    assert "Traceback" not in result.output
