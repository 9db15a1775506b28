"""The CLI's report plumbing (issue 6): ``emit`` (format, atomic output, exit code, usage
errors), the colour decision, and the progress bar (stderr only, only on a terminal)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import click
import pytest
from support_reporting import make_report

from openness.cli.progress import Progress, progress_enabled
from openness.cli.reporting import color_enabled, emit


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_emit_writes_the_file_and_returns_the_exit_code(tmp_path: Path) -> None:
    out = tmp_path / "r.sarif"
    assert emit(make_report(), "sarif", str(out), "error") == 1  # a verdict fails
    assert out.read_text().startswith("{")
    assert [p.name for p in tmp_path.iterdir()] == ["r.sarif"]


def test_emit_to_stdout_relative_paths(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).parent.parent)
    assert emit(make_report(), "github", None, "error") == 1
    out = capsys.readouterr().out
    assert out.startswith("::error file=tests/data/reporters/evil.yaml,line=13,")


@pytest.mark.parametrize(
    ("fmt", "fail_on", "message"),
    [("pdf", "error", "choose from text, json"), ("json", "info", "choose from error, warning")],
)
def test_emit_usage_errors(fmt: str, fail_on: str, message: str) -> None:
    with pytest.raises(click.BadParameter, match=message):
        emit(make_report(), fmt, None, fail_on)


def test_colour_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    assert color_enabled(Terminal()) is True
    assert color_enabled(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert color_enabled(Terminal()) is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert color_enabled(io.StringIO()) is True
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert color_enabled(Terminal()) is False


def test_progress_only_on_a_terminal_and_not_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    assert progress_enabled(False, Terminal()) is True
    assert progress_enabled(True, Terminal()) is False
    assert progress_enabled(False, io.StringIO()) is False
    quiet = io.StringIO()
    with Progress("Working", total=3, stream=quiet, delay=0) as bar:
        bar.advance(3)
    assert quiet.getvalue() == ""


def test_progress_appears_after_the_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TERM", raising=False)
    fast = Terminal()
    with Progress("Fast", total=2, stream=fast, delay=5) as bar:
        bar.advance(2)
    assert fast.getvalue() == ""  # done before the delay: nothing drawn
    slow = Terminal()
    with Progress("Slow", total=2, stream=slow, delay=0.01) as bar:
        time.sleep(0.3)
        bar.advance()
    assert "Slow" in slow.getvalue()
