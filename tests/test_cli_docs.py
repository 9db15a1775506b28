"""docs/cli.md documents every subcommand (issue 6): a section per entry of COMMANDS, and
the exit codes table the group's help promises."""

from __future__ import annotations

from pathlib import Path

from openness.cli.main import COMMANDS, EXIT_FAIL, EXIT_INPUT, EXIT_OK

PAGE = (Path(__file__).parent.parent / "docs" / "cli.md").read_text()


def test_every_subcommand_has_a_section() -> None:
    missing = [name for name in COMMANDS if f"## `openness {name}`" not in PAGE]
    assert not missing, f"docs/cli.md lacks sections for {missing}"


def test_exit_codes_documented() -> None:
    table = PAGE.split("## Exit codes", 1)[1].split("##", 1)[0]
    for code in (EXIT_OK, EXIT_FAIL, EXIT_INPUT):
        assert f"| {code} |" in table
