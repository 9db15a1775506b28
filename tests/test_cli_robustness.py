"""Command-line robustness found by probing the commands with hostile and unusual inputs: no
traceback, the right exit code, nothing sent to the terminal that metadata did not earn."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from openness.cli.main import cli

EXAMPLES = Path(__file__).parent.parent / "examples"
REQUESTS = EXAMPLES / "requests.yaml"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


@pytest.mark.parametrize(
    "text",
    [
        "x: &a [*a]\nartifacts:\n  - {id: m, kind: model, license: MIT}\n",
        "artifacts:\n  - id: m\n    kind: model\n    extra: &e {k: [*e]}\n",
    ],
)
@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_recursive_yaml_alias_is_bad_input(tmp_path: Path, text: str, command: str) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text(text, encoding="utf-8")
    result = run(command, str(path))
    assert result.exit_code == 2, result.output
    assert "recursive structure" in result.stderr
    assert f"{path}:" in result.stderr


def test_the_same_alias_twice_is_still_fine(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        "artifacts:\n  - id: m\n    kind: model\n    license: MIT\n"
        "    extra: {a: &x {k: 1}, b: *x, c: [*x, *x]}\n",
        encoding="utf-8",
    )
    assert run("validate", str(path)).exit_code == 0


def test_sarif_fingerprints_are_unique() -> None:
    result = run("check", str(EXAMPLES), "-q", "--format", "sarif")
    results = json.loads(result.stdout)["runs"][0]["results"]
    prints = Counter(r["partialFingerprints"]["openness/v1"] for r in results)
    assert len(results) > 100
    assert prints.most_common(1)[0][1] == 1  # mof/class-3 on "artifact", once per component


def test_sarif_from_standard_input_names_no_file() -> None:
    result = run("check", "-", "-p", "osd", "--format", "sarif", stdin=REQUESTS.read_text())
    assert "stdin" not in result.stdout
    for item in json.loads(result.stdout)["runs"][0]["results"]:
        assert "physicalLocation" not in item["locations"][0]


def test_explain_shows_escape_sequences_instead_of_sending_them(tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text(
        'artifacts:\n  - id: esc\n    kind: model\n    name: "N\\e]0;pwned\\a"\n    license: MIT\n',
        encoding="utf-8",
    )
    result = run("explain", "esc", str(path))
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "N\\x1b]0;pwned\\x07 under osaid" in result.stdout


def test_check_quiet_silences_warnings(tmp_path: Path) -> None:
    shutil.copy(REQUESTS, tmp_path)
    (tmp_path / "notes.json").write_text('{"not": "a manifest"}', encoding="utf-8")
    loud = run("check", str(tmp_path), "-p", "osd")
    assert "skipped" in loud.stderr
    quiet = run("check", str(tmp_path), "-p", "osd", "--quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    assert quiet.stdout == loud.stdout


def test_csv_cells_from_metadata_are_never_formulas(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(
        'artifacts:\n  - id: "=HYPERLINK(\\"http://x\\")"\n    kind: model\n'
        '    name: "@SUM(1)"\n    license: MIT\n',
        encoding="utf-8",
    )
    result = run("compare", str(path), "-p", "osd", "-q", "--format", "csv")
    row = result.stdout.splitlines()[1]
    assert row.startswith("\"'=HYPERLINK(") and ",'@SUM(1)," in row


def test_a_pipe_in_an_input_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    shutil.copy(REQUESTS, tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    result = run("check", str(tmp_path), "-p", "osd")
    assert result.exit_code == 0, result.output
    assert "pipe.yaml: warning: not a regular file" in result.stderr
    assert stat.S_ISFIFO((tmp_path / "pipe.yaml").stat().st_mode)


def test_a_file_given_twice_is_read_once(tmp_path: Path) -> None:
    shutil.copy(REQUESTS, tmp_path)
    copy = tmp_path / REQUESTS.name
    twice = (str(copy), str(tmp_path / "." / REQUESTS.name), str(tmp_path), "-p", "osd")
    result = run("check", *twice)
    assert result.exit_code == 0, result.output
    assert "duplicate" not in result.output
    assert result.stdout.rstrip().endswith("1 verdict(s): 1 pass")


def test_lock_refuses_standard_input_unless_dry_run() -> None:
    result = run("lock", "-", stdin=REQUESTS.read_text())
    assert result.exit_code == 2
    assert "-: error: lock rewrites the manifests it is given" in result.stderr
    assert run("lock", "--dry-run", "-", stdin=REQUESTS.read_text()).exit_code == 0


def test_a_bad_digest_is_reported_once_and_plainly(tmp_path: Path) -> None:
    path = tmp_path / "dg.yaml"
    path.write_text(
        "artifacts:\n  - id: m\n    kind: model\n    components:\n"
        "      - role: model-parameters-final\n        digests: {sha256: zz}\n",
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert result.exit_code == 2
    line = result.stderr.splitlines()[0]
    assert line.endswith(
        "digests: error: sha256 digest must be 64 hexadecimal characters, got 'zz'"
    )


def test_a_json_key_written_twice_is_bad_input_as_in_yaml(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"artifacts": [\n  {"id": "x",\n   "id": "y", "kind": "model"}]}')
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:3: artifacts[0].id: error: duplicate key 'id'" in result.stderr


def _exe() -> str:
    import sys

    return shutil.which("openness") or str(Path(sys.executable).parent / "openness")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command", [["export", str(REQUESTS), "--to", "turtle"], ["licenses"], ["schema"]]
)
def test_a_full_standard_output_is_an_error_not_a_traceback(command: list[str]) -> None:
    import subprocess

    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [_exe(), *command], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(
        "-: error: cannot write standard output: No space left on device"
    )
    assert "Traceback" not in proc.stderr


def test_a_reader_that_went_away_ends_the_command_quietly() -> None:
    import subprocess

    proc = subprocess.Popen([_exe(), "licenses"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -1`
    code = proc.wait(timeout=120)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert code == 141, err  # neither a verdict (1) nor bad input (2)
    assert "Traceback" not in err and "Exception ignored" not in err


def test_check_with_reads_lineage_from_other_files_without_reporting_them(tmp_path: Path) -> None:
    base = tmp_path / "base.openness.yaml"
    base.write_text(
        "artifacts:\n  - {id: base, kind: model,\n"
        "     license: LicenseRef-scancode-llama-2-license-2023}\n",
        encoding="utf-8",
    )
    tune = tmp_path / "ft.openness.yaml"
    tune.write_text(
        "artifacts:\n  - id: ft\n    kind: model\n    license: MIT\n    lineage:\n"
        "      - {relation: fine-tuned-from, target: base}\n",
        encoding="utf-8",
    )
    alone = run("check", str(tune), "-p", "osaid")
    assert alone.exit_code == 2
    assert "check --with FILE" in alone.stderr
    for context in (str(base), str(tmp_path)):  # a file, or the folder holding both
        result = run("check", str(tune), "-p", "osaid", "--with", context, "--format", "json")
        verdicts = json.loads(result.stdout)
        assert [v["artifact"] for v in verdicts] == ["ft"]
        washing = [f for f in verdicts[0]["findings"] if f["rule"] == "osaid/open-washing"]
        assert washing[0]["outcome"] == "fail"  # the base's terms reached the fine-tune
        assert result.exit_code == 1


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        (
            "big.json",
            '{"artifacts": [{"id": "m", "kind": "model", "x": 1' + "0" * 5000 + "}]}",
            "digits",
        ),
        (
            "big.yaml",
            "artifacts:\n  - {id: m, kind: model, extra: {x: 1" + "0" * 5000 + "}}\n",
            "digits",
        ),
        (
            "big.toml",
            '[[artifacts]]\nid = "m"\nkind = "model"\nx = 1' + "0" * 5000 + "\n",
            "digits",
        ),
        ("deep.yaml", "artifacts: " + "[" * 500 + "]" * 500 + "\n", "nested too deeply"),
    ],
)
def test_hostile_numbers_and_nesting_are_bad_input(
    tmp_path: Path, name: str, text: str, words: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2, result.output
    assert words in result.stderr


def test_what_an_importer_did_not_foresee_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    # "²" is a digit to str.isdigit() but not to int(): the CycloneDX reader did not foresee it.
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "components": [
            {
                "type": "machine-learning-model",
                "bom-ref": "m",
                "name": "m",
                "properties": [{"name": "openness:facts:parameters", "value": "\u00b2"}],
            }
        ],
    }
    path = tmp_path / "bom.json"
    path.write_text(json.dumps(bom), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}: error: cannot be read as CycloneDX" in result.stderr
    assert "please report this input" in result.stderr


def test_a_card_keeps_its_good_metrics_when_one_is_nan(tmp_path: Path) -> None:
    card = tmp_path / "org--m.md"
    card.write_text(
        "---\nlicense: apache-2.0\nco2_eq_emissions: .nan\nmodel-index:\n- name: m\n"
        "  results:\n  - task: {type: text-generation}\n    dataset: {type: d, name: n}\n"
        "    metrics:\n    - {type: acc, value: 0.5}\n    - {type: ppl, value: .nan}\n---\n# x\n",
        encoding="utf-8",
    )
    result = run("validate", str(card))
    assert result.exit_code == 0, result.output
    assert "metrics[1]: warning: metric.value is nan" in result.stderr
    assert "co2_eq_emissions: warning: co2_eq_emissions is nan" in result.stderr


def test_a_model_card_can_come_from_standard_input() -> None:
    card = "---\nlicense: apache-2.0\nbase_model: org/base\n---\n# A model\n"
    result = run("validate", "-", stdin=card)
    assert result.exit_code == 0, result.output
    assert "valid: 2 artifact(s)" in result.stdout  # the card and a stub for its base
    manifest = "---\nartifacts:\n  - {id: m, kind: model}\n"
    assert "valid: 1 artifact(s)" in run("validate", "-", stdin=manifest).stdout
