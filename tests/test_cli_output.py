"""Output files (``-o``): written atomically; one that cannot be written is a clear error that
names the file and why, exit 2, never a traceback, and nothing is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from openness.cli.main import cli
from openness.cli.output import CannotWrite, write_atomic

PYTHIA = Path(__file__).parent.parent / "examples" / "pythia-6.9b.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(PYTHIA)],
        ["check", str(PYTHIA), "--format", "sarif"],
        ["export", str(PYTHIA), "--to", "spdx-2.3-json"],
        ["validate", str(PYTHIA)],
        ["validate", str(PYTHIA), "--format", "json"],
        ["schema"],
    ],
)
def test_output_into_a_missing_folder_is_bad_input(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "no" / "such" / "out.txt"
    result = run(*command, "-o", str(target))
    assert result.exit_code == 2, result.output
    assert f"{target}: error: cannot write the output: the folder {target.parent} does not " in (
        result.stderr
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "no").exists()


def test_write_atomic_onto_a_folder_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(CannotWrite) as info:
        write_atomic(str(folder), "text")
    assert info.value.exit_code == 2
    assert "it is a folder; give a file name" in info.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary file left
    assert list(folder.iterdir()) == []


def test_validate_writes_its_text_report_to_the_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("artifacts:\n  - id: x\n    kind: modle\n")
    report = tmp_path / "report.txt"
    result = run("validate", str(PYTHIA), str(bad), "-o", str(report))
    assert result.exit_code == 2
    lines = report.read_text().splitlines()
    assert lines[0].startswith(f"{bad}:") and ": error: " in lines[0]
    assert lines[-1] == "invalid: 1 artifact(s), 1 error(s), 0 warning(s)"
    assert result.stderr == ""  # the report went to the file


def test_written_files_get_the_mode_a_plain_write_would(tmp_path: Path) -> None:
    """Not the temporary file's 0600: 0666 less the umask for a new file (an SBOM to publish
    must be readable by others), the file's own mode when it is replaced."""
    import os
    import stat

    old = os.umask(0o027)
    try:
        new = tmp_path / "new.json"
        write_atomic(str(new), "{}")
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
        existing = tmp_path / "existing.json"
        existing.write_text("old")
        existing.chmod(0o604)
        write_atomic(str(existing), "new")
        assert stat.S_IMODE(existing.stat().st_mode) == 0o604
        assert existing.read_text() == "new"
    finally:
        os.umask(old)


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.sarif"
    link.symlink_to(target.name)
    write_atomic(str(link), "new")
    assert link.is_symlink()  # the link is kept, the file it points to replaced
    assert target.read_text(encoding="utf-8") == "new"
    dangling = tmp_path / "dangling"
    dangling.symlink_to("made.txt")
    write_atomic(str(dangling), "made")
    assert dangling.is_symlink() and (tmp_path / "made.txt").read_text() == "made"


def test_a_named_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run("check", str(PYTHIA), "-p", "osaid", "--format", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output  # Pythia passes osaid
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b'"policy": "osaid"' in got[0]
