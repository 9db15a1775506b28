"""The composite GitHub Action (``action.yml``, issue 16): its shape, and its bash steps run as
written (inputs given as the runner gives them, through the steps' ``env``) on an example
repository, once passing and once failing, with the job summary, the SARIF file, the
``exit-code`` output and the gate's exit code checked."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from support_reporting import DATA

REPO = Path(__file__).parent.parent
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
SARIF_SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text())


def test_shape() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["inputs"]["paths"]["required"] is True
    uses = [s.get("uses", "") for s in STEPS]
    assert uses[0].startswith("actions/setup-python@")
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert all(s.get("shell") == "bash" for s in STEPS if "run" in s)
    assert ACTION["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    # Inputs reach the scripts only through env, never spliced into the script text.
    for s in STEPS:
        assert "${{" not in s.get("run", "")


def _env_of(
    step: dict[str, Any], inputs: dict[str, str], outputs: dict[str, str]
) -> dict[str, str]:
    def value(text: str) -> str:
        def sub(match: re.Match[str]) -> str:
            expr = match.group(1).strip()
            if expr.startswith("inputs."):
                name = expr.removeprefix("inputs.")
                return inputs.get(name, str(ACTION["inputs"][name].get("default", "")))
            if expr == "steps.check.outputs.exit-code":
                return outputs["exit-code"]
            raise AssertionError(f"unexpected expression {expr}")

        return re.sub(r"\$\{\{(.*?)\}\}", sub, text)

    return {k: value(str(v)) for k, v in step.get("env", {}).items()}


def _run(
    name: str, repo: Path, tmp: Path, inputs: dict[str, str], outputs: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    step = next(s for s in STEPS if s.get("name") == name)
    exe = shutil.which("openness", path=str(Path(sys.executable).parent))
    assert exe is not None
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")},
        "PATH": str(Path(exe).parent) + os.pathsep + os.environ.get("PATH", ""),
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
        "GITHUB_OUTPUT": str(tmp / "output.txt"),
        "GITHUB_ACTION_PATH": str(REPO),
        **_env_of(step, inputs, outputs),
    }
    # The runner's bash for composite steps: bash --noprofile --norc -eo pipefail {0}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _outputs(tmp: Path) -> dict[str, str]:
    text = (tmp / "output.txt").read_text(encoding="utf-8")
    return dict(line.split("=", 1) for line in text.splitlines())


@pytest.mark.parametrize(
    ("policies", "expected"),
    [("osaid mof", "1"), ("osaid", "0")],
)
def test_steps_run_as_written(tmp_path: Path, policies: str, expected: str) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(DATA / "manifests" / "pythia.yaml", repo / "openness.yaml")
    inputs = {"paths": "openness.yaml", "policies": policies}
    check = _run("Check openness", repo, tmp_path, inputs, {})
    assert check.returncode == 0, check.stderr  # the step itself never fails the job ...
    outputs = _outputs(tmp_path)
    assert outputs == {"exit-code": expected}
    if expected == "1":
        assert "::error file=openness.yaml" in check.stdout
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("## Openness report\n\n| artifact | `osaid` |")
    sarif = json.loads((repo / "openness.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, SARIF_SCHEMA)
    gate = _run("Gate", repo, tmp_path, inputs, outputs)  # ... the gate does
    assert gate.returncode == int(expected)


def test_extra_args_and_no_sarif(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    shutil.copy(DATA / "manifests" / "pythia.yaml", repo / "openness.yaml")
    inputs = {"paths": "openness.yaml", "policies": "osaid", "args": "--strict", "sarif": "false"}
    check = _run("Check openness", repo, tmp_path, inputs, {})
    assert check.returncode == 0, check.stderr
    assert not (repo / "openness.sarif").exists()
    assert _outputs(tmp_path)["exit-code"] in ("0", "1")


def test_bad_input_is_exit_code_2(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    (repo / "openness.yaml").write_text("artifacts: [{id: x}]\n", encoding="utf-8")
    check = _run("Check openness", repo, tmp_path, {"paths": "openness.yaml"}, {})
    assert check.returncode == 0
    assert _outputs(tmp_path) == {"exit-code": "2"}


def test_install_step_installs_the_actions_checkout_by_default() -> None:
    step = next(s for s in STEPS if s.get("name") == "Install openness")
    assert (
        step["run"]
        == 'python -m pip install --quiet "${OPENNESS_REQUIREMENT:-$GITHUB_ACTION_PATH}"'
    )
    assert _env_of(step, {}, {}) == {"OPENNESS_REQUIREMENT": ""}
