"""Helpers shared by subcommands: printing problems, writing output files atomically."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from typing import Any, BinaryIO

import click

from openness.display.escape import clean
from openness.errors import Problem, Severity

__all__ = [
    "CannotWrite",
    "echo",
    "echo_problems",
    "nothing_to_judge",
    "problem_lines",
    "quiet_stdout",
    "write_atomic",
    "write_json",
    "write_stdout",
]


def problem_lines(problems: Iterable[Problem]) -> list[str]:
    """Problems as text, one a line, errors first, then by file and line."""
    ordered = sorted(problems, key=lambda p: (p.severity.value != "error", p.file, p.line or 0))
    return [clean(str(problem)) for problem in ordered]


def nothing_to_judge(files: Iterable[str]) -> Problem:
    """The problem of inputs that hold no artifact (an empty folder, a folder of unrelated
    files, ``artifacts: []``): a gate with nothing to judge must not pass silently."""
    return Problem(
        ", ".join(files),
        "",
        "no artifacts found in the inputs: nothing to judge; give manifests, model cards or "
        "other known inputs (see --help)",
    )


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of text that may hold values from metadata or file names: control
    characters (terminal escape sequences) are shown as ``\\x1b``, never sent to the terminal."""
    click.echo(clean(text), err=err, nl=nl)


def echo_problems(problems: Iterable[Problem], *, quiet: bool = False) -> None:
    """Print problems to stderr, one a line, errors first; with ``quiet``, errors only."""
    if quiet:
        problems = [p for p in problems if p.severity is Severity.ERROR]
    for line in problem_lines(problems):
        click.echo(line, err=True)


class CannotWrite(click.ClickException):
    """An output file that cannot be written (its folder does not exist, it is a folder, no
    permission, a full disk): reported as ``PATH: error: cannot write ...: REASON``, exit 2
    (bad input or usage), never a traceback."""

    exit_code = 2

    def __init__(self, path: str, reason: str, what: str = "the output"):
        super().__init__(f"cannot write {what}: {reason}")
        self.path = path

    def show(self, file: Any = None) -> None:
        """Print the error in the form every problem takes."""
        echo(f"{self.path}: error: {self.message}", err=True)


def _reason(exc: OSError, path: str) -> str:
    folder = os.path.dirname(os.path.abspath(path))
    if isinstance(exc, FileNotFoundError) and not os.path.isdir(folder):
        return f"the folder {folder} does not exist"
    if isinstance(exc, IsADirectoryError) or os.path.isdir(path):
        return "it is a folder; give a file name"
    return exc.strerror or str(exc)


def _mode_for(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0o022)  # read the umask (there is no other way), then put it back
        os.umask(umask)
        return 0o666 & ~umask


def _write_to(handle: BinaryIO, data: str | bytes | Iterable[str]) -> None:
    """``data`` into a binary file: text as UTF-8, an iterable of text piece by piece."""
    if isinstance(data, bytes):
        handle.write(data)
    elif isinstance(data, str):
        handle.write(data.encode("utf-8"))
    else:
        for piece in data:
            handle.write(piece.encode("utf-8"))


def write_atomic(path: str, data: str | bytes | Iterable[str]) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so
    that readers never see a half-written file; ``data`` may come in pieces of text (a large
    report, written as it is made). Raises :class:`CannotWrite` when the file cannot be written
    (nothing is left behind)."""
    # A symbolic link is written through (the file it points to is replaced, the link kept).
    target = os.path.realpath(path) if os.path.islink(path) else path
    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # A device, a pipe or a socket (/dev/null, /dev/stdout, a FIFO): written into as it
        # is; a rename would replace it with a plain file.
        try:
            with open(target, "wb") as handle:
                _write_to(handle, data)
        except OSError as exc:
            raise CannotWrite(path, _reason(exc, path)) from None
        return
    folder = os.path.dirname(os.path.abspath(target))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".openness-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise CannotWrite(path, _reason(exc, path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            # The mode a plain write would give (mkstemp's is 0600): the file's own when it
            # exists, else 0666 less the umask. A file system without modes keeps its own.
            with contextlib.suppress(OSError):
                os.fchmod(handle.fileno(), _mode_for(target))
            _write_to(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CannotWrite(path, _reason(exc, path)) from None
        raise


def quiet_stdout() -> None:
    """Point standard output at nothing (after it failed), so that the interpreter's final
    flush does not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def write_stdout(data: str | bytes | Iterable[str]) -> None:
    """Write a command's result (which may come in pieces of text) to standard output and
    flush it, so that a failure (a closed pipe, a full disk) happens here, inside the command,
    where the command group reports it (see :meth:`openness.cli.main.LazyGroup.invoke`)
    instead of at the interpreter's exit."""
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    elif isinstance(data, str):
        sys.stdout.write(data)
    else:
        for piece in data:
            sys.stdout.write(piece)
    sys.stdout.flush()


def write_output(output: str | None, data: str | bytes | Iterable[str]) -> None:
    """A command's result to ``output`` (written atomically), or to standard output when it is
    None or ``-``."""
    if output and output != "-":
        write_atomic(output, data)
    else:
        write_stdout(data)


def write_json(data: Any, output: str | None) -> None:
    """Write ``data`` as indented, key-sorted JSON to ``output`` (atomically) or stdout."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if output and output != "-":
        write_atomic(output, text)
    else:
        write_stdout(text)
