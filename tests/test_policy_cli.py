"""``openness check``, ``openness explain`` and ``openness policies`` (issue 3, part 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli

ROOT = Path(__file__).parent.parent
EX = ROOT / "examples"
LINEAGE = ROOT / "tests" / "data" / "policy" / "lineage.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_check_text_table_and_findings() -> None:
    code, out, _ = run("check", str(EX / "phi-2.yaml"), "-p", "osaid", "-p", "weights-as-source")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["artifact", "osaid", "weights-as-source"]
    assert ["Phi-2", "fail", "pass"] in [line.split() for line in lines]
    assert "osaid/code-training" in out and "fix: release the training-code component" in out
    assert "2 verdict(s): 1 pass, 1 fail" in out


def test_plain_text_without_the_report_layer(capsys: pytest.CaptureFixture[str]) -> None:
    from openness.cli.check import _write_plain
    from openness.loading import load
    from openness.policy import check

    result = load([EX / "llama-3.1-8b.yaml", EX / "llama-3.1-tulu-3-8b.yaml"])
    verdicts = check(result.artifacts, ["osaid", "debian-ml"], strict=True)
    _write_plain(verdicts, result.artifacts, "text", None, True)
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()[:4]]
    assert rows[0] == ["artifact", "osaid", "debian-ml"]
    assert rows[3] == ["Llama-3.1-Tulu-3-8B", "fail", "fail", "(non-free)"]
    assert "Llama-3.1-Tulu-3-8B under osaid: fail" in out
    assert "[lineage[0] (llama-3.1-8b)]" in out or "[artifact]" in out
    assert "how to fix:" in out and "clause: The Open Source AI Definition 1.0" in out
    assert "strict: unknown counts as fail" in out
    _write_plain(verdicts, result.artifacts, "json", None, True)
    assert json.loads(capsys.readouterr().out)[0]["strict"] is True


def test_check_exit_codes_and_strict() -> None:
    olmo = [str(EX / "olmo-7b.yaml"), str(EX / "dolma.yaml")]
    assert run("check", *olmo, "-p", "osaid")[0] == 0
    pythia = str(EX / "pythia-6.9b.yaml")
    assert run("check", pythia, "-p", "debian-ml")[0] == 0  # unknown is not a failure...
    code, _, _ = run("check", pythia, "-p", "debian-ml", "--strict")
    assert code == 1  # ...except under --strict


def test_check_json_shape() -> None:
    code, out, _ = run("check", str(LINEAGE), "-p", "osaid", "--format", "json")
    assert code == 1
    verdicts = json.loads(out)
    assert {v["artifact"] for v in verdicts} >= {"washed-finetune", "washed-quant"}
    verdict = next(v for v in verdicts if v["artifact"] == "washed-quant")
    assert {"artifact", "policy", "policy_version", "outcome", "level", "findings"} <= set(verdict)
    assert verdict["upstream"][0]["artifact"] == "washed-finetune"
    for finding in verdict["findings"]:
        assert {
            "rule",
            "subject",
            "outcome",
            "severity",
            "message",
            "how_to_fix",
            "citation",
            "evidence",
        } <= set(finding)
    washing = next(f for f in verdict["findings"] if f["rule"] == "osaid/open-washing")
    assert washing["outcome"] == "fail"
    assert washing["citation"]["document"] == "The Open Source AI Definition 1.0"


def test_check_options(tmp_path: Path) -> None:
    olmo = [str(EX / "olmo-7b.yaml"), str(EX / "dolma.yaml")]
    code, out, _ = run(
        "check",
        *olmo,
        "-p",
        "cost-aware",
        "--option",
        "cost-aware.budget_flop=1e24",
        "-o",
        str(tmp_path / "report.txt"),
    )
    assert code == 0 and out == ""
    assert "OLMo 7B" in (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_check_bad_input_exits_2(tmp_path: Path) -> None:
    pythia = str(EX / "pythia-6.9b.yaml")
    code, _, err = run("check", pythia, "-p", "osiad")
    assert code == 2 and "did you mean 'osaid'" in err
    code, _, err = run("check", pythia, "--option", "cost-aware.budget_flop=lots")
    assert code == 2 and "cost-aware.budget_flop" in err and "expected a number" in err
    code, _, err = run("check", str(tmp_path / "missing.yaml"))
    assert code == 2 and "no such file" in err
    bad = tmp_path / "policy.toml"
    bad.write_text("[policy]\nid = 'x'\n", encoding="utf-8")
    code, _, err = run("check", pythia, "-p", str(bad))
    assert code == 2 and "policy.version" in err and "rules" in err


def test_check_lineage_needs_its_upstream() -> None:
    code, _, err = run("check", str(EX / "llama-2-70b-gguf.yaml"))
    assert code == 2 and "llama-2-70b" in err


def test_explain_rule_policy_and_artifact() -> None:
    code, out, _ = run("explain", "osaid/parameters-license")
    assert code == 0
    assert "Parameters shall be made available under OSI-approved terms" in out
    code, out, _ = run("explain", "debian-ml")
    assert code == 0 and "levels (best first): free, toxic-candy, non-free" in out
    code, out, _ = run("explain", "osaid/open-washing", str(LINEAGE))
    assert code == 0
    assert "Washed Finetune under osaid: fail" in out
    assert "evidence (inherited): lineage[0]" in out
    code, out, _ = run("explain", "washed-quant", str(LINEAGE))
    assert code == 0
    assert "upstream washed-finetune (quantized-from): fail" in out
    assert "Washed Quant GGUF under cost-aware" in out
    code, _, err = run("explain", "osaid/parameter-license")
    assert code == 2 and "did you mean 'osaid/parameters-license'" in err


def test_policies_listing() -> None:
    code, out, _ = run("policies")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()[2:]]
    for policy_id in ("osaid", "debian-ml", "osd", "fsf", "weights-as-source", "data-as-source"):
        assert policy_id in ids
    code, out, _ = run("policies", "cost-aware", "--format", "json")
    data = json.loads(out)
    assert data["options"] == [
        {
            "name": "budget_flop",
            "type": "float",
            "default": 1e21,
            "help": data["options"][0]["help"],
        }
    ]
    assert data["rules"][1]["id"] == "cost-aware/retraining-cost"
    assert run("policies", "nope")[0] == 2


@pytest.mark.parametrize("command", ["check", "compare"])
def test_inputs_without_artifacts_are_bad_input(tmp_path: Path, command: str) -> None:
    """A gate pointed at the wrong folder (or an empty manifest) must not pass silently."""
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "notes.txt").write_text("nothing here\n")
    code, out, err = run(command, str(folder))
    assert code == 2 and out == ""
    assert f"{folder}: error: no artifacts found in the inputs: nothing to judge" in err
    empty = tmp_path / "empty.yaml"
    empty.write_text("artifacts: []\n")
    code, _, err = run(command, str(empty))
    assert code == 2 and "no artifacts found" in err
