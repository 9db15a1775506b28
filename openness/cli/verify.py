"""``openness verify``: check the files a release names against their recorded digests."""

from __future__ import annotations

import os
import sys

import click

from openness.cli.main import EXIT_FAIL, EXIT_INPUT, EXIT_OK
from openness.cli.output import echo, echo_problems, write_json
from openness.loading import load
from openness.model import Artifact
from openness.verify import (
    PathError,
    PinStatus,
    SafeRoot,
    Status,
    VerifyReport,
    check_pins,
    expectations,
    verify,
)


def _size(count: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if count < 1000 or unit == "TB":
            return f"{count:,.0f} {unit}" if unit == "B" else f"{count:,.1f} {unit}"
        count /= 1000
    return f"{count:,.1f} TB"  # pragma: no cover - unreachable


def _echo_text(report: VerifyReport, verbose: bool) -> None:
    roots = sorted({f.root for f in report.files})
    for root in roots:
        if len(roots) > 1:
            echo(f"{root}:")
        for result in report.files:
            if result.root != root or (result.status is Status.OK and not verbose):
                continue
            label = result.status.value.upper() if result.status is not Status.OK else "ok"
            line = f"{label:<9} {result.path}"
            if result.message:
                line += f"  {result.message}"
            echo(line)
    for pin in report.pins:
        if pin.status is PinStatus.CONFIRMED and not verbose:
            continue
        echo(
            f"{'pin ' + pin.status.value:<9} {pin.artifact} {pin.field} -> {pin.target}: "
            f"{pin.message}"
        )
    counts = ", ".join(f"{n} {s}" for s, n in report.summary().items())
    rate = report.bytes_hashed / report.seconds if report.seconds > 0 else 0.0
    echo(
        f"{'verified' if report.ok else 'FAILED'}: {counts}; {_size(report.bytes_hashed)} "
        f"hashed in {report.seconds:.2f} s ({_size(rate)}/s)",
        err=not report.ok,
    )


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    help="The release's root folder, which file paths are relative to "
    "[default: each manifest's folder].",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: problems and a summary; json: a report on stdout.",
)
@click.option(
    "--extra/--no-extra",
    default=True,
    show_default=True,
    help="List files under the root that no component names.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail (exit 1) on extra files and files with no recorded digest.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Files hashed at once [default: the number of CPUs].",
)
@click.option("-v", "--verbose", is_flag=True, help="Also list the files that match.")
def verify_command(
    files: tuple[str, ...],
    root: str | None,
    fmt: str,
    extra: bool,
    strict: bool,
    jobs: int | None,
    verbose: bool,
) -> None:
    """Hash the files that the components in FILES name (under --root) and compare them with
    the recorded sizes and digests.

    Reports mismatched, missing and extra files, and lineage pins that contradict their
    upstream. Never follows a path out of the root. Exit 0 when every file matches, 1 on a
    mismatch or missing file, 2 on bad input (invalid manifest, unsafe or unreadable path).
    """
    result = load(list(files))
    if not result.ok:
        echo_problems(result.problems)
        sys.exit(EXIT_INPUT)
    roots: dict[str, SafeRoot] = {}

    def root_for(artifact: Artifact) -> SafeRoot:
        if root is not None:
            folder = root
        else:
            origin = result.origins.get(artifact.id)
            source = origin.document.path if origin is not None else "<stdin>"
            folder = os.path.dirname(os.path.abspath(source)) if source != "<stdin>" else "."
        if folder not in roots:
            roots[folder] = SafeRoot.of(folder)
        return roots[folder]

    try:
        named = expectations(result.artifacts, root_for, result.origins)
    except PathError as exc:
        echo(f"{exc.path}: error: {exc.message}", err=True)
        sys.exit(EXIT_INPUT)
    if not named:
        echo(
            f"{', '.join(files)}: error: no component names a file to verify; list them under "
            "components[].files (openness lock fills in their digests)",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    report = verify(named, extras=extra, exclude=[f for f in files if f != "-"], workers=jobs)
    report.pins = check_pins(result.artifacts, result.graph())
    if fmt == "json":
        write_json(report.to_dict(), None)
    else:
        _echo_text(report, verbose)
    if report.has_errors:
        sys.exit(EXIT_INPUT)
    if not report.ok or (strict and (report.count(Status.EXTRA) or report.count(Status.UNPINNED))):
        sys.exit(EXIT_FAIL)
    sys.exit(EXIT_OK)
