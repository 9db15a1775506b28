"""What a new user met with model cards (issue 18 items 1, 3, 4 and 10): broken metadata is bad
input, a card without metadata gets the card's message, names come from the model and not the
card's heading, rows that would look alike show their ids, and -q keeps only errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from openness.cli.main import cli
from openness.formats.huggingface.read.build import name_in_title

BROKEN = "---\nlicense: apache-2.0\nbase_model: [unclosed\n---\n# Model Card for X\n"
NO_METADATA = "# Model Card for Foo\n\nSome text about the model.\n"
CARD = "---\nlicense: mit\n---\n# Model Card for Mistral-7B-v0.1\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_broken_metadata_is_bad_input_in_validate_check_and_folders(tmp_path: Path) -> None:
    card = tmp_path / "acme--broken.md"
    card.write_text(BROKEN)
    for args in (["validate", str(card)], ["check", str(card)], ["check", str(tmp_path)]):
        code, _, err = _run(*args)
        assert code == 2, args
        assert "acme--broken.md:4: error: invalid YAML" in err


def test_a_card_without_metadata_gets_the_cards_message(tmp_path: Path) -> None:
    card = tmp_path / "nometa.md"
    card.write_text(NO_METADATA)
    code, _, err = _run("check", str(card))
    assert code == 2
    assert "no YAML metadata block" in err and "model-card-metadata" in err
    assert "expected one of" not in err  # not the list of eight formats
    (tmp_path / "acme--good.md").write_text(CARD)
    code, _, err = _run("check", str(tmp_path), "-p", "osd")
    assert "nometa.md: warning: " in err and "no YAML metadata block" in err and "skipped" in err


def test_names_come_from_the_model_and_repeated_names_show_ids(tmp_path: Path) -> None:
    (tmp_path / "acme--one.md").write_text(CARD)
    (tmp_path / "acme--two.md").write_text(CARD)
    _, out, _ = _run("check", str(tmp_path), "-p", "osd", "--summary", "-q")
    rows = [line for line in out.splitlines() if line.startswith("Mistral-7B-v0.1")]
    assert len(rows) == 2
    assert rows[0] != rows[1]  # each shows its id
    assert "pkg:huggingface/acme/one" in out and "Model Card for" not in out
    assert name_in_title("Gemma 2 model card") == "Gemma 2"
    assert name_in_title("OLMo 2 7B") == "OLMo 2 7B"
    assert name_in_title("Model card") is None


def test_quiet_keeps_only_errors_when_there_are_errors(tmp_path: Path) -> None:
    card = tmp_path / "broken.md"  # no repo id in the name: a warning besides the error
    card.write_text(BROKEN)
    code, _, err = _run("check", str(card))
    assert code == 2 and "warning" in err
    code, _, err = _run("check", str(card), "-q")
    assert code == 2
    assert "warning" not in err and "error: invalid YAML" in err
