"""``openness lock``: record the sizes and digests of a release's files in its manifests."""

from __future__ import annotations

import sys

import click

from openness.cli.main import EXIT_FAIL, EXIT_INPUT, EXIT_OK
from openness.cli.output import echo, echo_problems, write_json
from openness.hub.ids import is_hub_id
from openness.model import DigestAlgorithm
from openness.verify import LockStatus, PathError, SafeRoot, lock_manifest, write_preserving


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--root",
    type=click.Path(file_okay=False),
    help="The release's root folder, which file paths are relative to "
    "[default: each manifest's folder].",
)
@click.option(
    "-a",
    "--algorithm",
    "algorithms",
    multiple=True,
    type=click.Choice([a.value for a in DigestAlgorithm]),
    help="Digest to record (repeatable) [default: sha256]; digests already recorded for a "
    "file are recomputed too.",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: a line per manifest; json: a report on stdout.",
)
def lock(
    files: tuple[str, ...],
    root: str | None,
    algorithms: tuple[str, ...],
    dry_run: bool,
    fmt: str,
) -> None:
    """Write the sizes and digests of the files that the components in FILES name (under
    --root) into FILES, atomically, keeping comments and layout (YAML, TOML) or indentation
    and key order (JSON).

    A component that lists no files but whose location is a relative path to a file or folder
    gets a files list of what is there. Exit 0 when every named file was found, 1 when some
    are missing, 2 on bad input (invalid manifest, unsafe or unreadable path).
    """
    if "-" in files and not dry_run:
        echo(
            "-: error: lock rewrites the manifests it is given, and standard input cannot be "
            "rewritten; give the manifest's path (or use --dry-run to see what would change)",
            err=True,
        )
        sys.exit(EXIT_INPUT)
    for name in files:
        if is_hub_id(name):
            echo(
                f"{name}: error: a Hub id has no manifest to lock; 'openness import {name} -o "
                "FILE' writes one, pinned to the commits read and with the digests the Hub "
                "records, which 'openness lock FILE' can then check against local copies",
                err=True,
            )
            sys.exit(EXIT_INPUT)
    chosen = [DigestAlgorithm(a) for a in algorithms] or [DigestAlgorithm.SHA256]
    safe_root: SafeRoot | None = None
    if root is not None:
        try:
            safe_root = SafeRoot.of(root)
        except PathError as exc:
            echo(f"{exc.path}: error: {exc.message}", err=True)
            sys.exit(EXIT_INPUT)
    exit_code = EXIT_OK
    reports = []
    for name in files:
        result = lock_manifest(name, safe_root, chosen)
        echo_problems(result.problems)
        written = False
        if result.text is not None and not dry_run:
            try:
                write_preserving(name, result.text)
                written = True
            except OSError as exc:
                reason = exc.strerror or str(exc)
                echo(f"{name}: error: cannot write the locked manifest: {reason}", err=True)
                exit_code = EXIT_INPUT
        counts = {s.value: result.count(s) for s in LockStatus}
        reports.append(
            {
                "manifest": name,
                "changed": result.changed,
                "written": written,
                "counts": counts,
                "files": [
                    {
                        "field": e.field_path,
                        "path": e.path,
                        "status": e.status.value,
                        "size": e.size,
                        "digests": {a.value: d for a, d in e.digests.items()},
                        "message": e.message,
                    }
                    for e in result.entries
                ],
                "problems": [p.as_dict() for p in result.problems],
            }
        )
        if fmt == "text" and result.input_ok:
            if not result.changed:
                what = "unchanged"
            elif dry_run:
                what = "would change"
            else:
                what = "locked" if written else "not locked"
            detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
            echo(f"{name}: {what} ({detail or 'no files named'})")
        if not result.input_ok or result.count(LockStatus.ERROR):
            exit_code = EXIT_INPUT
        elif result.count(LockStatus.MISSING) and exit_code == EXIT_OK:
            exit_code = EXIT_FAIL
    if fmt == "json":
        write_json({"manifests": reports}, None)
    sys.exit(exit_code)
