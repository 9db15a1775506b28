"""The pre-commit hook (issue 6): ``.pre-commit-hooks.yaml`` is a valid hook manifest, its
``files`` pattern picks manifests, and the hook runs on an example repository.

Two levels: the hook's entry executed exactly as pre-commit executes it (entry split like a
shell command, then the hook's args, then the matching file names, in the repository's root);
and pre-commit itself (the ``pre-commit`` package) installing the hook from a local copy of
this repository and running it. The latter needs pip to reach PyPI for the hook's environment
and is skipped, with the reason, when it cannot.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from support_reporting import DATA, run

REPO = Path(__file__).parent.parent
HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
HOOK = next(h for h in HOOKS if h["id"] == "openness-check")
PASSING = (DATA / "reporters" / "almost-open.yaml").read_text()
FAILING = (DATA / "manifests" / "pythia.yaml").read_text()


def example_repo(root: Path) -> Path:
    """A project with a manifest that passes MOF, and files that are not manifests."""
    (root / "models").mkdir(parents=True)
    (root / "models" / "almost.openness.yaml").write_text(PASSING)
    (root / "README.md").write_text("# A project\n")
    (root / "config.yaml").write_text("key: value\n")
    return root


def test_manifest_is_valid_for_pre_commit() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    loaded = clientlib.load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in loaded] == ["openness-check"]
    assert HOOK["entry"] == "openness check"
    assert HOOK["language"] == "python" and HOOK["pass_filenames"] is True


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("openness.yaml", True),
        ("models/llama.openness.yml", True),
        ("sub/dir/openness.json", True),
        ("x.openness.toml", True),
        ("README.md", False),
        ("config.yaml", False),
        ("openness.yaml.bak", False),
    ],
)
def test_files_pattern(path: str, matches: bool) -> None:
    assert bool(re.search(HOOK["files"], path)) is matches


def run_entry(repo: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """Execute the hook as pre-commit does: entry + args + the matching tracked files."""
    files = sorted(
        p.relative_to(repo).as_posix()
        for p in repo.rglob("*")
        if p.is_file() and ".git" not in p.parts
    )
    chosen = [f for f in files if re.search(HOOK["files"], f)]
    command, *entry_args = shlex.split(HOOK["entry"])
    assert command == "openness"
    return run(*entry_args, *args, *chosen, cwd=repo)


def test_entry_passes_then_fails_like_pre_commit(tmp_path: Path) -> None:
    repo = example_repo(tmp_path / "project")
    proc = run_entry(repo, ["--policy", "mof"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (repo / "pythia.openness.yaml").write_text(FAILING)
    proc = run_entry(repo, ["--policy", "mof"])
    assert proc.returncode == 1
    assert "mof/class-3" in proc.stdout
    assert "pythia.openness.yaml:3" in proc.stdout


def git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def hook_repository(target: Path) -> str:
    """A git repository holding this package's source and hook manifest; returns its rev."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, target / name)
    shutil.copytree(
        REPO / "openness", target / "openness", ignore=shutil.ignore_patterns("__pycache__")
    )
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("commit", "-q", "-m", "hook", cwd=target)
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=target, check=True, capture_output=True, text=True
    ).stdout.strip()


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_runs_the_hook_on_an_example_repository(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    rev = hook_repository(tmp_path / "hooks")
    repo = example_repo(tmp_path / "project")
    config = {
        "repos": [
            {
                "repo": str(tmp_path / "hooks"),
                "rev": rev,
                "hooks": [{"id": "openness-check", "args": ["--policy", "mof"]}],
            }
        ]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]

    def pre_commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False
        )

    proc = pre_commit()
    output = proc.stdout + proc.stderr
    if "An unexpected error has occurred" in output and re.search(
        r"(?i)(connection|network|could not find a version|temporary failure|name resolution)",
        output,
    ):
        pytest.skip("pre-commit cannot install the hook's environment (no access to PyPI)")
    assert proc.returncode == 0, output
    assert re.search(r"openness check\.+Passed", output), output
    (repo / "pythia.openness.yaml").write_text(FAILING)
    git("add", "-A", cwd=repo)
    proc = pre_commit()
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert re.search(r"openness check\.+Failed", output), output
    assert "mof/class-3" in output and "pythia.openness.yaml:3" in output
