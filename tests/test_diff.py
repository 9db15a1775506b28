"""``openness diff`` and ``check --baseline`` (issue 16): diffs between the bundled examples and
edited copies, manifests against exported SBOMs and JSON reports; the baseline gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.diff import diff
from openness.loading import load
from openness.policy import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PYTHIA = EXAMPLES / "pythia-6.9b.yaml"


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    """Pythia relicensed to CC-BY-NC-4.0 for its weights, a base model added to its lineage."""
    text = PYTHIA.read_text(encoding="utf-8")
    head, sep, rest = text.partition("      - role: model-parameters-final\n")
    assert sep
    rest = rest.replace("license: Apache-2.0", "license: CC-BY-NC-4.0", 1)
    out = tmp_path / "pythia-edited.yaml"
    out.write_text(head + sep + rest, encoding="utf-8")
    return out


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_library_diff_of_an_edited_copy(edited: Path) -> None:
    old, new = load([PYTHIA]).artifacts, load([edited]).artifacts
    found = diff("old", "new", old, new, check(old, ["osaid"]), check(new, ["osaid"]))
    words = [c.words() for c in found.changes]
    assert words == [
        "component model-parameters-final (https://huggingface.co/EleutherAI/pythia-6.9b) "
        "license: Apache-2.0 -> CC-BY-NC-4.0",
        "verdict osaid: pass -> fail",
    ]
    assert not diff("a", "b", old, old, check(old, ["osaid"]), check(old, ["osaid"]))


def test_added_and_removed_artifacts_and_edges() -> None:
    tulu = load([EXAMPLES / "llama-3.1-tulu-3-8b.yaml", EXAMPLES / "llama-3.1-8b.yaml"])
    base_only = [a for a in tulu.artifacts if a.id == "llama-3.1-8b"]
    found = diff("old", "new", base_only, tulu.artifacts)
    assert [(c.artifact, c.kind, c.new) for c in found.changes] == [
        ("llama-3.1-tulu-3-8b", "artifact", "model")
    ]
    back = diff("new", "old", tulu.artifacts, base_only)
    assert [(c.artifact, c.kind, c.old, c.new) for c in back.changes] == [
        ("llama-3.1-tulu-3-8b", "artifact", "model", None)
    ]


def test_cli_manifest_against_edited_copy_all_formats(edited: Path, tmp_path: Path) -> None:
    code, text = _run("diff", str(PYTHIA), str(edited), "-p", "osaid")
    assert code == 0
    assert "verdict osaid: pass -> fail" in text
    assert _run("diff", str(PYTHIA), str(edited), "-p", "osaid", "--exit-code")[0] == 1
    assert _run("diff", str(PYTHIA), str(PYTHIA), "-p", "osaid", "--exit-code")[0] == 0
    code, text = _run("diff", str(PYTHIA), str(edited), "-p", "osaid", "--format", "json")
    data = json.loads(text)
    assert {c["kind"] for c in data["changes"]} == {"component", "verdict"}
    out = tmp_path / "diff.md"
    _run("diff", str(PYTHIA), str(edited), "-p", "osaid", "--format", "markdown", "-o", str(out))
    markdown = out.read_text(encoding="utf-8")
    assert "| verdict osaid | pass | fail |" in markdown
    assert (
        "| component model-parameters-final (https://huggingface.co/EleutherAI/pythia-6.9b) "
        "license | Apache-2.0 | CC-BY-NC-4.0 |" in markdown
    )


def test_cli_report_and_sbom_sides(edited: Path, tmp_path: Path) -> None:
    report = tmp_path / "old.json"
    assert _run("check", str(PYTHIA), "-p", "osaid", "--format", "json", "-o", str(report))[0] == 0
    code, text = _run("diff", str(report), str(edited), "-p", "osaid")
    assert code == 0
    assert text.splitlines()[2:] == ["pythia-6.9b", "  verdict osaid: pass -> fail"]
    sbom = tmp_path / "old.cdx.json"
    assert _run("export", str(PYTHIA), "--to", "cyclonedx-1.6-json", "-o", str(sbom))[0] == 0
    code, text = _run("diff", str(sbom), str(PYTHIA), "-p", "osaid")
    assert code == 0  # an SBOM we wrote reads back as the same artifact and verdict
    assert "verdict osaid" not in text


def test_cli_bad_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(
        '[{"artifact": "x", "policy": "osaid", "outcome": "maybe"}]', encoding="utf-8"
    )
    code, text = _run("diff", str(broken), str(PYTHIA))
    assert code == 2
    assert "not an openness JSON report" in text and "[0]" in text


def test_baseline_fails_only_on_new_findings(edited: Path, tmp_path: Path) -> None:
    llama = str(EXAMPLES / "llama-3.1-8b.yaml")
    base = tmp_path / "base.json"
    assert _run("check", llama, "-p", "osd", "--format", "json", "-o", str(base))[0] == 1
    assert _run("check", llama, "-p", "osd", "--baseline", str(base), "-q")[0] == 0
    # A baseline of the passing Pythia does not hold the relicensed weights' failure.
    ok = tmp_path / "pythia.json"
    assert _run("check", str(PYTHIA), "-p", "osaid", "--format", "json", "-o", str(ok))[0] == 0
    result = CliRunner().invoke(cli, ["check", str(edited), "-p", "osaid", "--baseline", str(ok)])
    assert result.exit_code == 1
    assert (
        "1 failing finding(s) it does not hold" in result.output
        or "failing finding(s) it does not hold" in result.output
    )


def test_bad_baseline_is_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, text = _run(
        "check", str(PYTHIA), "--baseline", str(PYTHIA), "--format", "json", "-o", str(out)
    )
    assert code == 2
    assert "not JSON" in text
    assert not out.exists()
