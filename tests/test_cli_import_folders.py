"""``openness import huggingface FOLDER`` reads a folder of cards and a snapshot folder, as
docs/importers/huggingface.md says and as ``check FOLDER`` does (issue 18 item 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from openness.cli.main import cli

DATA = Path(__file__).parent / "data"
CARDS = DATA / "hf" / "cards"
CARD = "---\nlicense: apache-2.0\nbase_model: allenai/OLMo-2-1124-7B\n---\n# tiny\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_folder_of_cards_is_imported_as_check_reads_it(tmp_path: Path) -> None:
    out = tmp_path / "cards.yaml"
    code, _, err = _run("import", "huggingface", str(CARDS), "-o", str(out))
    assert code == 0, err
    assert "is a folder" not in err
    ids = {a["id"] for a in yaml.safe_load(out.read_text())["artifacts"]}
    assert "pkg:huggingface/allenai/OLMo-2-1124-7B" in ids
    assert "https://huggingface.co/datasets/allenai/olmo-mix-1124" in ids
    # the same artifacts as check and validate read from the folder
    code, _, err = _run("validate", str(out))
    assert code == 0, err


def test_a_snapshot_folder_gives_one_card_with_its_files(tmp_path: Path) -> None:
    snapshot = tmp_path / "acme" / "tiny"
    snapshot.mkdir(parents=True)
    (snapshot / "README.md").write_text(CARD)
    (snapshot / "config.json").write_text('{"model_type": "olmo2"}')
    (snapshot / "tokenizer.json").write_text("{}")
    (snapshot / "model.safetensors").write_bytes(b"weights")
    code, out, err = _run("import", "huggingface", str(snapshot), "-q")
    assert code == 0, err
    assert err == ""
    artifacts = yaml.safe_load(out)["artifacts"]
    card = next(a for a in artifacts if a["id"] == "pkg:huggingface/acme/tiny")
    roles = {c["role"] for c in card["components"]}
    assert {"configuration", "tokenizer", "model-parameters-final"} <= roles
    # config.json and tokenizer.json are part of the snapshot, not artifacts of their own
    assert [a["id"] for a in artifacts].count("pkg:huggingface/acme/tiny") == 1


def test_other_files_in_the_folder_are_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    shutil.copytree(CARDS, folder)
    (folder / "notes.md").write_text("# notes, not a card\n")
    code, _, err = _run("import", "huggingface", str(folder), "-o", str(tmp_path / "o.yaml"))
    assert code == 0, err
    assert "notes.md: warning: not a huggingface input" in err and "skipped" in err
    code, _, err = _run("import", "huggingface", str(folder), "-q", "-o", str(tmp_path / "p.yaml"))
    assert code == 0 and err == ""


def test_a_folder_with_nothing_of_the_format_is_bad_input(tmp_path: Path) -> None:
    out = tmp_path / "o.yaml"
    code, _, err = _run("import", "mot", str(CARDS), "-q", "-o", str(out))
    assert code == 2
    assert "error: no mot input found in the folder" in err
    assert "warning" not in err  # -q keeps only the errors
    assert not out.exists()


def test_a_file_named_directly_is_read_as_the_format(tmp_path: Path) -> None:
    """Named directly, a file is given to the importer, which says what it lacks (it is not
    skipped as a file found in a folder is)."""
    notes = tmp_path / "notes.md"
    notes.write_text("# notes, not a card\n")
    code, _, err = _run("import", "huggingface", str(notes), "-o", str(tmp_path / "o.yaml"))
    assert code == 0
    assert "no YAML metadata block" in err and "skipped" not in err
