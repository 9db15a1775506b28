"""``openness verify`` and ``openness lock`` (issue 7): exit 0 when every file matches, 1 on a
mismatch or missing file, 2 on bad input; lock then verify round-trips."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from openness.cli.main import cli

EXAMPLE = Path(__file__).parent.parent / "examples" / "reproducibility" / "release"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A small release: two weight files, a config, a manifest naming them (unlocked)."""
    root = tmp_path / "release"
    (root / "weights").mkdir(parents=True)
    (root / "weights" / "part-1.bin").write_bytes(b"\x00\x01" * 5000)
    (root / "weights" / "part-2.bin").write_bytes(b"\x02\x03" * 7000)
    (root / "config.json").write_text('{"layers": 2}\n')
    (root / "manifest.yaml").write_text(
        """\
# my release
artifacts:
  - id: demo
    kind: model
    components:
      - role: model-parameters-final
        location: weights        # lock lists the files in this folder
      - role: configuration
        files:
          - path: config.json    # the model config
"""
    )
    return root


def test_shipped_example_release_verifies() -> None:
    result = run("verify", str(EXAMPLE / "manifest.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["summary"]["ok"] == 3
    assert report["summary"]["extra"] == 0


def test_lock_then_verify_round_trips(release: Path) -> None:
    manifest = release / "manifest.yaml"
    locked = run("lock", str(manifest))
    assert locked.exit_code == 0, locked.output
    assert "2 added, 1 updated" in locked.stdout
    text = manifest.read_text()
    assert "# my release" in text and "# the model config" in text  # comments kept
    assert "path: weights/part-1.bin" in text
    verified = run("verify", str(manifest))
    assert verified.exit_code == 0, verified.output
    assert "verified: 3 ok, 0 mismatch, 0 missing, 0 extra" in verified.output
    again = run("lock", str(manifest))
    assert "unchanged (3 unchanged)" in again.stdout
    assert manifest.read_text() == text


def test_mismatch_missing_and_extra(release: Path) -> None:
    manifest = release / "manifest.yaml"
    assert run("lock", str(manifest)).exit_code == 0
    data = bytearray((release / "weights" / "part-2.bin").read_bytes())
    data[100] ^= 1
    (release / "weights" / "part-2.bin").write_bytes(bytes(data))
    (release / "config.json").unlink()
    (release / "notes.txt").write_text("not in the manifest")
    result = run("verify", str(manifest), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    by_path = {f["path"]: f for f in report["files"]}
    assert by_path["weights/part-2.bin"]["status"] == "mismatch"
    assert "sha256" in by_path["weights/part-2.bin"]["message"]
    assert by_path["weights/part-2.bin"]["named_by"][0]["field"] == "components[0].files[1]"
    assert by_path["config.json"]["status"] == "missing"
    assert by_path["notes.txt"]["status"] == "extra"
    assert by_path["weights/part-1.bin"]["status"] == "ok"
    text = run("verify", str(manifest))
    assert "MISMATCH  weights/part-2.bin" in text.output
    line = next(
        i for i, t in enumerate(manifest.read_text().splitlines(), 1) if "path: config.json" in t
    )
    assert f"{manifest}:{line}: demo components[1].files[0]" in text.output  # where named


def test_extra_files_fail_only_when_strict(release: Path) -> None:
    manifest = release / "manifest.yaml"
    assert run("lock", str(manifest)).exit_code == 0
    (release / "notes.txt").write_text("extra")
    assert run("verify", str(manifest)).exit_code == 0
    assert run("verify", str(manifest), "--strict").exit_code == 1
    assert run("verify", str(manifest), "--strict", "--no-extra").exit_code == 0


def test_file_without_digest_is_unpinned(release: Path) -> None:
    result = run("verify", str(release / "manifest.yaml"), "--format", "json", "--no-extra")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert [f["status"] for f in report["files"]] == ["unpinned"]


def test_size_mismatch_is_reported_without_hashing(release: Path) -> None:
    manifest = release / "manifest.yaml"
    manifest.write_text(
        "artifacts:\n  - id: d\n    kind: model\n    components:\n      - role: configuration\n"
        "        files:\n          - {path: config.json, size: 3, digests: {sha256: "
        + "a" * 64
        + "}}\n"
    )
    result = run("verify", str(manifest), "--no-extra")
    assert result.exit_code == 1
    assert "size 14 bytes, expected 3" in result.output


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("../outside.txt", "goes up with '..'"),
        ("/etc/hostname", "absolute path"),
        ("escape.txt", "points out of the root"),
        ("loop", "symlink loop"),
    ],
)
def test_unsafe_paths_exit_2_naming_the_file(release: Path, path: str, words: str) -> None:
    (release.parent / "outside.txt").write_text("secret")
    (release / "escape.txt").symlink_to(release.parent / "outside.txt")
    (release / "loop").symlink_to("loop")
    manifest = release / "bad.yaml"
    manifest.write_text(
        "artifacts:\n  - id: d\n    kind: model\n    components:\n      - role: configuration\n"
        f"        files:\n          - path: {json.dumps(path)}\n"
    )
    result = run("verify", str(manifest), "--no-extra")
    assert result.exit_code == 2
    assert path in result.output and words in result.output
    assert f"{manifest}:7" in result.output


def test_unknown_digest_algorithm_is_bad_input(release: Path) -> None:
    manifest = release / "bad.yaml"
    manifest.write_text(
        "artifacts:\n  - id: d\n    kind: model\n    components:\n      - role: configuration\n"
        "        files:\n          - path: config.json\n            digests: {blake3: abcd}\n"
    )
    result = run("verify", str(manifest))
    assert result.exit_code == 2
    assert str(manifest) in result.stderr
    assert "'blake3' is not valid" in result.stderr


def test_nothing_to_verify_and_bad_root(release: Path, tmp_path: Path) -> None:
    manifest = release / "empty.yaml"
    manifest.write_text("artifacts:\n  - id: d\n    kind: model\n")
    result = run("verify", str(manifest))
    assert result.exit_code == 2
    assert "no component names a file" in result.stderr
    result = run("verify", str(release / "manifest.yaml"), "--root", str(tmp_path / "nope"))
    assert result.exit_code == 2


def test_root_option_resolves_paths_elsewhere(release: Path, tmp_path: Path) -> None:
    manifest = tmp_path / "elsewhere.yaml"
    manifest.write_text(
        "artifacts:\n  - id: d\n    kind: model\n    components:\n      - role: configuration\n"
        "        files:\n          - path: config.json\n"
    )
    assert run("lock", str(manifest), "--root", str(release)).exit_code == 0
    result = run("verify", str(manifest), "--root", str(release), "--no-extra")
    assert result.exit_code == 0, result.output


def test_lineage_pins_are_checked(release: Path) -> None:
    base = release / "manifest.yaml"
    assert run("lock", str(base)).exit_code == 0
    import yaml

    recorded = yaml.safe_load(base.read_text())["artifacts"][0]["components"][1]["files"][0]
    digest = recorded["digests"]["sha256"]
    tune = release / "tune.yaml"
    tune.write_text(
        "artifacts:\n  - id: tune\n    kind: model\n    lineage:\n"
        f"      - {{relation: fine-tuned-from, target: demo, digests: {{sha256: {digest}}}}}\n"
        f"      - {{relation: fine-tuned-from, target: demo, digests: {{sha256: {'a' * 64}}}}}\n"
    )
    result = run("verify", str(base), str(tune), "--format", "json")
    assert result.exit_code == 0, result.output
    pins = json.loads(result.stdout)["lineage"]
    assert [p["status"] for p in pins] == ["confirmed", "contradicted"]


def test_lock_reports_missing_files_and_exits_1(release: Path) -> None:
    manifest = release / "manifest.yaml"
    (release / "config.json").unlink()
    result = run("lock", str(manifest))
    assert result.exit_code == 1
    assert "config.json: no such file" in result.stderr
    assert "weights/part-1.bin" in manifest.read_text()  # the files found were still locked


def test_lock_dry_run_writes_nothing(release: Path) -> None:
    manifest = release / "manifest.yaml"
    before = manifest.read_text()
    result = run("lock", str(manifest), "--dry-run", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)["manifests"][0]
    assert report["changed"] is True and report["written"] is False
    assert manifest.read_text() == before


def test_lock_refuses_what_is_not_a_manifest(tmp_path: Path) -> None:
    other = tmp_path / "card.yaml"
    other.write_text("license: mit\n")
    result = run("lock", str(other))
    assert result.exit_code == 2
    assert "lock writes only openness manifests" in result.stderr
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("artifacts:\n  - id: x\n    kind: modle\n")
    assert run("lock", str(invalid)).exit_code == 2


def test_console_script_verify() -> None:
    exe = shutil.which("openness") or str(Path(sys.executable).parent / "openness")
    proc = subprocess.run(
        [exe, "verify", str(EXAMPLE / "manifest.yaml")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("verified: 3 ok")
    assert "Traceback" not in proc.stderr


def test_lock_refuses_paths_out_of_the_root(release: Path) -> None:
    (release.parent / "outside.txt").write_text("secret")
    manifest = release / "bad.yaml"
    manifest.write_text(
        "artifacts:\n  - id: d\n    kind: model\n    components:\n      - role: configuration\n"
        "        files:\n          - path: ../outside.txt\n"
    )
    before = manifest.read_text()
    result = run("lock", str(manifest))
    assert result.exit_code == 2
    assert "../outside.txt: goes up with '..'" in result.stderr
    assert manifest.read_text() == before


def test_lock_that_cannot_write_the_manifest_exits_2(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: str, text: str) -> None:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr("openness.cli.lock.write_preserving", refuse)
    manifest = release / "manifest.yaml"
    before = manifest.read_text()
    result = run("lock", str(manifest))
    assert result.exit_code == 2
    assert f"{manifest}: error: cannot write the locked manifest: Permission denied" in (
        result.stderr
    )
    assert "not locked" in result.stdout and "Traceback" not in result.output
    assert manifest.read_text() == before
    report = json.loads(run("lock", str(manifest), "--format", "json").stdout)["manifests"][0]
    assert report["changed"] is True and report["written"] is False
