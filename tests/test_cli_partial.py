"""Errors first, ``-q`` quiet, and what can be judged is judged (issue 18 item 10): over the MOT
model files, one duplicate id no longer stops the whole run. The two MOT files that describe the
same release (tests/data/mot/models/SOURCE.txt) are a real duplicate."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from openness.cli.main import cli

MOT = Path(__file__).parent / "data" / "mot" / "models"
DUPLICATE = "mot:Meta/Meta-Llama-3-70B-Instruct@70B"
FIRST, SECOND = "Llama-3-70B-Instruct.yml", "Meta-Llama-3-70B-Instruct.yml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("Amber.yml", "BLOOM.yml", "TeleChat-7B.yml", FIRST, SECOND):
        shutil.copy(MOT / name, folder / name)  # (TeleChat's license names give warnings)
    return folder


def test_compare_judges_the_rest_and_still_exits_2(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    code, out, err = _run("compare", str(folder), "-p", "osaid")
    assert code == 2
    rows = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    assert "Amber" in rows and "BLOOM" in rows
    assert "Meta-Llama-3-70B-Instruct" not in out  # neither definition is judged
    lines = err.splitlines()
    assert f"{SECOND}:5: release.id: error: duplicate artifact id {DUPLICATE!r}" in lines[0]
    assert lines[1] == f"{folder / SECOND}: not judged: it has errors"
    assert lines[2] == (
        f"{folder / FIRST}: {DUPLICATE}: not judged: its id is defined more than once"
    )
    assert ": warning: " in err
    first_warning = next(i for i, line in enumerate(lines) if ": warning: " in line)
    assert first_warning > 2  # errors first, then what is not judged, then the warnings
    assert "2 input(s) not judged" in lines[-1] and "exit 2" in lines[-1]


def test_quiet_hides_the_warnings_when_there_are_errors(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    for command in ("compare", "check"):
        code, out, err = _run(command, str(folder), "-p", "osaid", "-q")
        assert code == 2, command
        assert ": warning: " not in err and "warning(s)" not in err, command
        assert "error: duplicate artifact id" in err and "not judged" in err
        assert "Amber" in out


def test_check_exits_2_on_errors_whatever_the_verdicts(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("artifacts:\n  - {id: lib, kind: software, license: MIT}\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("artifacts: [\n")
    code, alone, _ = _run("check", str(good), "-p", "osd", "-q")
    assert code == 0  # (unknown, not failing: exit 0 without --strict)
    code, out, err = _run("check", str(good), str(broken), "-p", "osd", "-q")
    assert code == 2
    assert out == alone  # judged and reported as it is alone
    assert f"{broken}: not judged: it has errors" in err
    code, out, _ = _run("compare", str(good), str(broken), "-p", "osd", "--format", "json", "-q")
    assert code == 2
    assert [a["artifact"] for a in json.loads(out)["artifacts"]] == ["lib"]


def test_what_descends_from_an_input_not_judged_is_not_judged(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("artifacts:\n  - {id: base, kind: modle, license: MIT}\n")
    (tmp_path / "tuned.yaml").write_text(
        "artifacts:\n  - id: tuned\n    kind: model\n    license: MIT\n"
        "    lineage: [{target: base, relation: fine-tuned-from}]\n"
        "  - {id: other, kind: model, license: MIT}\n"
    )
    code, out, err = _run("compare", str(tmp_path), "-p", "osd", "-q")
    assert code == 2
    assert "other" in out and "tuned" not in out
    assert (
        f"{tmp_path / 'tuned.yaml'}: tuned: not judged: its lineage reaches 'base', which is "
        "not judged"
    ) in err.splitlines()


def test_nothing_left_to_judge_prints_only_the_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("artifacts: [\n")
    for command in ("check", "compare"):
        code, out, err = _run(command, str(broken), "-q")
        assert code == 2 and out == ""
        assert "invalid YAML" in err and "0 artifact(s) judged" in err
