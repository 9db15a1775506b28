"""``openness licenses --search``: columns line up whatever the length of the ids (issue 18
item 15)."""

from __future__ import annotations

from click.testing import CliRunner

from openness.cli.main import cli


def test_search_columns_line_up_for_long_ids() -> None:
    result = CliRunner().invoke(cli, ["licenses", "--search", "non"])
    assert result.exit_code == 0
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) >= 3
    ids = [line.split()[0] for line in lines]
    assert max(map(len, ids)) > 45  # the ids that broke the old fixed-width column
    # the name column starts at the same place on every line, two spaces after the widest id
    starts = {
        line.index(line.split()[1], len(identifier))
        for line, identifier in zip(lines, ids, strict=True)
    }
    assert starts == {max(map(len, ids)) + 2}


def test_long_names_are_cut_with_an_ellipsis() -> None:
    result = CliRunner().invoke(cli, ["licenses"])
    assert result.exit_code == 0
    assert any("…" in line for line in result.stdout.splitlines())
