"""``openness validate`` reports every problem in one run (issue 18 item 11): an artifact whose
fields have errors still has its lineage checked and still takes its id, so fixing a field
error never reveals a lineage or duplicate-id error that was there all along."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from openness.cli.main import cli
from openness.loading import load

BROKEN_KIND = """\
artifacts:
  - id: base
    kind: modle
    license: MIT
    lineage:
      - {target: nowhere, relation: trained-on}
  - id: tuned
    kind: model
    license: MIT
    lineage:
      - {target: base, relation: fine-tuned-from}
"""


def _errors(*paths: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["validate", *map(str, paths)])
    assert result.exit_code in (0, 2), result.output
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def test_fixing_a_field_error_reveals_no_new_error(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(BROKEN_KIND)
    before = _errors(manifest)
    assert len(before) == 2, before
    assert "artifacts[0].kind: error: 'modle' is not valid" in before[0]
    assert "artifacts[0].lineage[0].target: error: lineage target 'nowhere'" in before[1]
    manifest.write_text(BROKEN_KIND.replace("modle", "model"))
    after = _errors(manifest)
    assert after == before[1:]  # the lineage error was there all along, and is the only one


def test_a_reference_to_an_artifact_with_errors_is_not_called_undefined(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(BROKEN_KIND)
    errors = _errors(tmp_path / "m.yaml")
    assert not any("'base'" in e and "not defined" in e for e in errors)
    # across files as well
    (tmp_path / "other.yaml").write_text(
        "artifacts:\n  - id: child\n    kind: model\n    license: MIT\n"
        "    lineage: [{target: base, relation: fine-tuned-from}]\n"
    )
    errors = _errors(tmp_path / "m.yaml", tmp_path / "other.yaml")
    assert not any("other.yaml" in e for e in errors), errors


def test_an_artifact_with_errors_still_takes_its_id(tmp_path: Path) -> None:
    (tmp_path / "m.yaml").write_text(BROKEN_KIND)
    (tmp_path / "again.yaml").write_text("artifacts:\n  - {id: base, kind: model, license: MIT}\n")
    errors = _errors(tmp_path / "m.yaml", tmp_path / "again.yaml")
    duplicate = [e for e in errors if "duplicate artifact id 'base'" in e]
    assert len(duplicate) == 1 and "also defined in" in duplicate[0], errors
    result = load([tmp_path / "m.yaml", tmp_path / "again.yaml"])
    assert result.duplicate_ids == {"base"}
    assert [u.id for u in result.unbuilt] == ["base"]
    assert [a.id for a in result.artifacts] == ["tuned", "base"]  # unbuilt ones are not loaded


def test_a_target_maybe_in_a_file_that_could_not_be_read_says_so(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("artifacts: [\n")
    (tmp_path / "child.yaml").write_text(
        "artifacts:\n  - id: child\n    kind: model\n    license: MIT\n"
        "    lineage: [{target: parent, relation: fine-tuned-from}]\n"
    )
    errors = _errors(tmp_path / "broken.yaml", tmp_path / "child.yaml")
    assert len(errors) == 2
    assert "broken.yaml:2: error: invalid YAML" in errors[0]
    assert "lineage target 'parent'" in errors[1]
    assert f"{tmp_path / 'broken.yaml'} could not be read and may define it" in errors[1]


def test_quiet_hides_the_warnings_of_validate(tmp_path: Path) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(BROKEN_KIND.replace("license: MIT", "license: LicenseRef-unheard-of"))
    loud = CliRunner().invoke(cli, ["validate", str(manifest)])
    assert ": warning: " in loud.stderr
    quiet = CliRunner().invoke(cli, ["validate", str(manifest), "-q"])
    assert quiet.exit_code == 2
    assert ": warning: " not in quiet.stderr and ": error: " in quiet.stderr
