"""The ``openness`` command: a group whose subcommands are imported only when used.

Exit codes (the same for every subcommand): 0 success, 1 policy failure (or verification
mismatch), 2 bad input or usage (or a result that cannot be written); 141 when the reader of
standard output went away (``openness check ... | head``).
"""

from __future__ import annotations

import errno
import sys
from importlib import import_module
from typing import Any

import click

from openness import __version__

__all__ = ["EXIT_FAIL", "EXIT_INPUT", "EXIT_OK", "EXIT_PIPE_CLOSED", "cli", "main"]

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_INPUT = 2

#: Subcommand name -> "module:attribute". Add a line here to add a subcommand.
COMMANDS: dict[str, str] = {
    "validate": "openness.cli.validate:validate",
    "check": "openness.cli.check:check",
    "explain": "openness.cli.explain:explain",
    "policies": "openness.cli.policies:policies_command",
    "schema": "openness.cli.schema:schema",
    "export": "openness.cli.export:export",
    "licenses": "openness.cli.licenses:licenses",
    "verify": "openness.cli.verify:verify_command",
    "lock": "openness.cli.lock:lock",
    "compare": "openness.cli.compare:compare_command",
    "what-if": "openness.cli.whatif:whatif",
    "import": "openness.cli.imports:import_command",
    "badge": "openness.cli.badge:badge",
    "may": "openness.cli.may:may_command",
    "notice": "openness.cli.notice:notice_command",
    "diff": "openness.cli.diff:diff_command",
}


class LazyGroup(click.Group):
    """A click group that imports a subcommand's module on first use, so that
    ``openness --help`` and light subcommands never import the heavy format libraries."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        module, _, attr = spec.partition(":")
        command = getattr(import_module(module), attr)
        if not isinstance(command, click.Command):  # pragma: no cover - programming error
            raise TypeError(f"{spec} is not a click command")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; a result that cannot be written to standard output ends it as
        :func:`openness.cli.output.write_stdout` does: a closed pipe (``| head``) with exit
        141, any other failure (``> /dev/full``) as an error with exit 2, never a traceback."""
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno not in _OUTPUT_ERRORS:
                raise
            from openness.cli.output import CannotWrite, quiet_stdout

            quiet_stdout()
            if exc.errno == errno.EPIPE:
                sys.exit(EXIT_PIPE_CLOSED)
            raise CannotWrite("-", exc.strerror or str(exc), "standard output") from None


#: The errors of writing to standard output that are reported as such: a closed pipe, a full
#: disk or quota (errors that reading inputs never gives; output files report their own).
_OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT})
#: The exit code when the reader of standard output went away: the shell's code for a process
#: ended by SIGPIPE, neither a verdict (1) nor bad input (2).
EXIT_PIPE_CLOSED = 141


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="openness")
def cli() -> None:
    """License and provenance metadata: does an artifact have a freely licensed preferred form
    for modification, under each definition of open?

    Exit codes: 0 success, 1 policy failure, 2 bad input or usage.
    """


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    try:
        return cli.main(args=argv, prog_name="openness")
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)
