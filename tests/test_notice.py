"""``openness notice`` (issue 16): what a release must carry for its lineage, from the knowledge
base's license duties; deterministic; Markdown and text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from openness.cli.main import cli
from openness.loading import load
from openness.model import Artifact
from openness.policy.notice import notice

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TULU = [EXAMPLES / "llama-3.1-tulu-3-8b.yaml", EXAMPLES / "llama-3.1-8b.yaml"]
OLMO = [EXAMPLES / "olmo-7b.yaml", EXAMPLES / "dolma.yaml"]


def test_a_llama_fine_tune_carries_the_llama_duties() -> None:
    found = notice("llama-3.1-tulu-3-8b", load(TULU).artifacts)
    assert [e.artifact for e in found.entries] == ["llama-3.1-tulu-3-8b", "llama-3.1-8b"]
    base = found.entries[1]
    assert base.how == "llama-3.1-tulu-3-8b is fine-tuned-from it"
    assert 'Display or include: "Built with Llama"' in base.duties
    assert 'The name of a model made with it must begin with "Llama"' in base.duties
    assert base.licenses[0][0] == "LicenseRef-scancode-llama-3.1-license-2024"
    markdown = found.to_markdown()
    assert markdown.startswith("# Notices for Llama-3.1-Tulu-3-8B\n")
    assert (
        "<https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE>" in markdown
    )


def test_cc_by_style_data_is_attributed_with_its_caveat() -> None:
    found = notice("olmo-7b", load(OLMO).artifacts)
    dolma = found.entries[-1]
    assert dolma.artifact == "dolma-v1.6" and dolma.how == "olmo-7b is trained-on it"
    assert dolma.duties[0].startswith(
        "Attribute Dolma v1.6 by Allen Institute for AI (https://huggingface.co/datasets/allenai/dolma)"
    )
    assert "whether a trained model is, the license does not say" in dolma.duties[1]


def test_notice_files_unknown_licenses_and_missing_upstream() -> None:
    model = Artifact.model_validate(
        {
            "id": "m",
            "kind": "model",
            "license": "Apache-2.0 AND LicenseRef-acme-terms",
            "lineage": [{"relation": "fine-tuned-from", "target": "not-here"}],
            "components": [
                {
                    "role": "license-text",
                    "location": "https://huggingface.co/acme/m/blob/abc",
                    "files": [{"path": "LICENSE"}, {"path": "NOTICE"}],
                }
            ],
        }
    )
    (entry, missing) = notice("m", [model]).entries
    assert entry.notice_files == ("https://huggingface.co/acme/m/blob/abc/NOTICE",)
    assert entry.unknown == ("LicenseRef-acme-terms",)
    assert missing.duties == (
        "not-here (m is fine-tuned-from it) is not loaded: its duties are not listed",
    )
    text = notice("m", [model]).to_text()
    assert "Carry its notice file: https://huggingface.co/acme/m/blob/abc/NOTICE" in text


def test_cli_is_deterministic_and_atomic(tmp_path: Path) -> None:
    args = ["notice", "llama-3.1-tulu-3-8b", *map(str, TULU)]
    first = CliRunner().invoke(cli, args)
    second = CliRunner().invoke(cli, args)
    assert first.exit_code == 0 and first.output == second.output
    out = tmp_path / "NOTICE.md"
    result = CliRunner().invoke(cli, [*args, "--format", "text", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("NOTICES FOR LLAMA-3.1-TULU-3-8B\n")
    assert [p.name for p in tmp_path.iterdir()] == ["NOTICE.md"]


def test_cli_bad_input() -> None:
    result = CliRunner().invoke(cli, ["notice", "llama-3.1-tulu-8b", *map(str, TULU)])
    assert result.exit_code == 2 and "did you mean" in result.output
    assert CliRunner().invoke(cli, ["notice", "x"]).exit_code == 2
