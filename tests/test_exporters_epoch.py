"""``SOURCE_DATE_EPOCH`` (reproducible-builds.org): the creation time of every exported document.
Unset or empty gives the Unix epoch (output never depends on the clock); a malformed value is
bad input, reported as such, never guessed and never a traceback."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.errors import InputError
from openness.formats.deterministic import creation_time

PYTHIA = Path(__file__).parent.parent / "examples" / "pythia-6.9b.yaml"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", datetime(1970, 1, 1, tzinfo=UTC)),
        (" 1700000000 ", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("253402300799", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_creation_time(monkeypatch: pytest.MonkeyPatch, value: str, expected: datetime) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert creation_time() == expected


def test_unset_is_the_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert creation_time() == datetime(1970, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "1e9", "253402300800", "9" * 30, "١٢٣"])
def test_malformed_is_an_input_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(InputError) as info:
        creation_time()
    (problem,) = info.value.problems
    assert problem.file == "SOURCE_DATE_EPOCH"
    assert f"{value!r} is not a time: give whole seconds since 1970-01-01 UTC" in problem.message


@pytest.mark.parametrize("fmt", ["spdx-2.3-json", "spdx-3.0.1-jsonld", "cyclonedx-1.6-json"])
def test_export_with_a_malformed_epoch_exits_2(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "tomorrow")
    result = CliRunner().invoke(cli, ["export", str(PYTHIA), "--to", fmt], catch_exceptions=False)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("SOURCE_DATE_EPOCH: error: 'tomorrow' is not a time")
