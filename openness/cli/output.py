"""Helpers shared by subcommands: printing problems, writing output files atomically."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable
from typing import Any

import click

from openness.errors import Problem

__all__ = ["echo_problems", "write_atomic", "write_json"]


def echo_problems(problems: Iterable[Problem]) -> None:
    """Print problems to stderr, one a line, errors first."""
    ordered = sorted(problems, key=lambda p: (p.severity.value != "error", p.file, p.line or 0))
    for problem in ordered:
        click.echo(str(problem), err=True)


def write_atomic(path: str, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename, so
    that readers never see a half-written file."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".openness-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_json(data: Any, output: str | None) -> None:
    """Write ``data`` as indented, key-sorted JSON to ``output`` (atomically) or stdout."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if output and output != "-":
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
