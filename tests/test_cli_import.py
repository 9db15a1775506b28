"""``openness import FORMAT FILE...`` end to end (issue 6): any registered importer to a
manifest that reads back, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from support_reporting import DATA, run

from openness.loading import load

MOT = DATA / "mot" / "models"


def test_mot_files_to_a_yaml_manifest_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "models.yaml"
    files = [str(MOT / "Amber.yml"), str(MOT / "BLOOM.yml")]
    proc = run("import", "mot", *files, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "imported 2 artifact(s) from 2 file(s)" in proc.stderr
    data = yaml.safe_load(out.read_text())
    assert data["$schema"].startswith("https://openness.dev/schema/manifest")
    assert len(data["artifacts"]) == 2
    back = load([out])
    assert back.ok, back.errors
    # the manifest keeps the facts: evidence still names the MOT file
    assert any("Amber.yml" in json.dumps(a["evidence"]) for a in data["artifacts"][:1])
    assert run("validate", str(out)).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["models.yaml"]


def test_json_by_suffix_and_stdout() -> None:
    proc = run("import", "manifest", str(DATA / "manifests" / "pythia.yaml"), "--to", "json", "-q")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["artifacts"][0]["id"] == "pythia-6.9b"
    assert proc.stderr == ""


def test_wrong_format_for_the_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    proc = run("import", "mot", str(DATA / "manifests" / "pythia.yaml"), "-o", str(out))
    assert proc.returncode == 2
    assert "pythia.yaml" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_unknown_format_lists_the_choices() -> None:
    proc = run("import", "nope", str(DATA / "manifests" / "pythia.yaml"))
    assert proc.returncode == 2
    assert "'nope' is not one of 'manifest'," in proc.stderr
    assert "'mot'" in proc.stderr
