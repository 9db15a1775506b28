"""The GitHub Actions workflow documented in docs/ci.md (issue 6): its ``openness check``
commands run as written, in an example repository, with the outputs and exit codes the page
promises."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from support_reporting import DATA

REPO = Path(__file__).parent.parent
PAGE = (REPO / "docs" / "ci.md").read_text()
WORKFLOW = yaml.safe_load(PAGE.split("```yaml\n", 1)[1].split("```", 1)[0])
STEPS = WORKFLOW["jobs"]["openness"]["steps"]
SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())


def step(name: str) -> str:
    command: str = next(s["run"] for s in STEPS if s.get("name") == name)
    return command


def test_workflow_shape() -> None:
    assert WORKFLOW["permissions"]["security-events"] == "write"
    uses = [s.get("uses", "") for s in STEPS]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    upload = next(s for s in STEPS if s.get("uses", "").startswith("github/codeql-action"))
    assert upload["with"]["sarif_file"] == "openness.sarif"
    assert "pip install openness" in [s.get("run") for s in STEPS]


def run_step(command: str, repo: Path, summary: Path) -> subprocess.CompletedProcess[str]:
    exe = os.environ.get("OPENNESS_EXE") or shutil.which(
        "openness", path=str(Path(sys.executable).parent)
    )
    assert exe is not None
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")},
        "PATH": str(Path(exe).parent) + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    return subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_documented_steps_run_as_written(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(DATA / "manifests" / "pythia.yaml", repo / "openness.yaml")
    summary = tmp_path / "summary.md"

    gate = run_step(step("Check openness"), repo, summary)
    assert gate.returncode == 1  # mof fails: the job fails
    lines = gate.stdout.splitlines()
    assert any(
        line.startswith("::error file=openness.yaml,line=3,title=mof%3A mof/class-3")
        for line in lines
    )
    assert all(re.match(r"::(error|warning|notice) ", line) for line in lines)

    assert run_step(step("Summary"), repo, summary).returncode == 0
    assert summary.read_text().startswith("## Openness report\n\n| artifact | `osaid` | `mof` |")

    assert run_step(step("SARIF for code scanning"), repo, summary).returncode == 0
    log = json.loads((repo / "openness.sarif").read_text())
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in log["runs"][0]["results"]
    }
    assert uris == {"openness.yaml"}
