"""``openness compare`` end to end through the console script (issue 6)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from support_reporting import DATA, EVIL, run

PYTHIA = DATA / "manifests" / "pythia.yaml"


def test_text_matrix_row_per_artifact_column_per_policy() -> None:
    proc = run("compare", str(PYTHIA), "--policy", "osaid", "--policy", "mof", "-q")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split() == ["artifact", "osaid", "mof"]
    assert lines[2].split()[:2] == ["Pythia", "6.9B"]
    assert lines[3].split() == ["the-pile", "n/a", "n/a"]
    assert lines[-1].startswith("4 verdict(s)")
    assert "\x1b" not in proc.stdout  # not a terminal: no colour
    assert proc.stderr == ""  # --quiet: no warnings, no progress


def test_every_builtin_policy_by_default_and_warnings_on_stderr() -> None:
    proc = run("compare", str(PYTHIA))
    assert proc.returncode == 0
    header = proc.stdout.splitlines()[0].split()
    assert header[:4] == ["artifact", "osaid", "mof", "debian-ml"]
    assert "LicenseRef-mixed-web-text" in proc.stderr  # the loader's warning


def test_json_and_csv_and_markdown() -> None:
    data = json.loads(run("compare", str(PYTHIA), "-p", "mof", "--format", "json").stdout)
    assert data["policies"] == ["mof"]
    assert data["artifacts"][0]["artifact"] == "pythia-6.9b"
    assert data["artifacts"][0]["verdicts"]["mof"]["outcome"] == "fail"
    rows = list(csv.reader(io.StringIO(run("compare", str(PYTHIA), "--format", "csv").stdout)))
    assert rows[0][:3] == ["artifact", "name", "osaid"]
    assert rows[1][:2] == ["pythia-6.9b", "Pythia 6.9B"]
    md = run("compare", str(PYTHIA), "-p", "mof", "--format", "markdown").stdout
    assert md.splitlines()[:2] == ["| artifact | `mof` |", "|---|---|"]


def test_hostile_names_are_inert_in_markdown_and_csv() -> None:
    md = run("compare", str(EVIL), "-p", "osaid", "--format", "markdown").stdout
    assert "<script>" not in md and "&lt;script&gt;" in md
    rows = list(csv.reader(io.StringIO(run("compare", str(EVIL), "--format", "csv").stdout)))
    assert rows[1][1].startswith("<script>")  # csv is data; = + - @ would be prefixed


def test_html_to_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "matrix.html"
    proc = run("compare", str(EVIL), "--format", "html", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and 'id="matrix"' in page
    assert "<script" not in page
    assert [p.name for p in tmp_path.iterdir()] == ["matrix.html"]  # no temporary left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "osiad"], "did you mean 'osaid'"),
        (["--format", "pdf"], "'pdf' is not one of"),
        (["--option", "nonsense"], "expected POLICY.KEY=VALUE"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    proc = run("compare", str(PYTHIA), *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_input_exits_2_with_file_and_line() -> None:
    bad = DATA / "manifests" / "bad-all.yaml"
    proc = run("compare", str(bad))
    assert proc.returncode == 2
    assert f"{bad}:3: artifacts[0].kind" in proc.stderr


def test_stdin() -> None:
    proc = run("compare", "-", "-p", "mof", "-q", stdin=PYTHIA.read_text())
    assert proc.returncode == 0, proc.stderr
    assert "Pythia 6.9B" in proc.stdout
