"""``openness may`` (issue 16): every answer on real license terms from the knowledge base, with
the clause each answer cites, through the lineage; the CLI's formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.loading import load
from openness.model import Artifact
from openness.policy.uses import USES, Answer, may

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _model(
    aid: str,
    license: str | None,
    *,
    base: str | None = None,
    relation: str = "fine-tuned-from",
    data: str | None = None,
) -> Artifact:
    lineage = [{"relation": relation, "target": base}] if base else []
    if data:
        lineage.append({"relation": "trained-on", "target": data})
    raw = {"id": aid, "kind": "model", "lineage": lineage}
    if license:
        raw["components"] = [{"role": "model-parameters-final", "license": license}]
    return Artifact.model_validate(raw)


def _ask(use: str, *artifacts: Artifact) -> tuple[Answer, list[str], list[str]]:
    found = may(use, artifacts[0].id, artifacts)
    return found.answer, list(found.conditions), [r.clause or "" for r in found.reasons]


@pytest.mark.parametrize(
    ("license", "use", "answer"),
    [
        ("Apache-2.0", "commercial-use", Answer.YES),
        ("Apache-2.0", "fine-tuning", Answer.YES),
        ("MIT", "redistribution", Answer.YES),
        ("MIT", "use-outputs-to-train", Answer.YES),
        ("CC-BY-NC-4.0", "commercial-use", Answer.NO),
        ("CC-BY-NC-4.0", "redistribution", Answer.CONDITIONAL),
        ("CC-BY-ND-4.0", "modification", Answer.NO),
        ("CC-BY-SA-4.0", "fine-tuning", Answer.CONDITIONAL),
        ("AGPL-3.0-only", "serve-as-a-service", Answer.CONDITIONAL),
        ("GPL-3.0-only", "serve-as-a-service", Answer.YES),
        ("gemma", "commercial-use", Answer.CONDITIONAL),
        ("creativeml-openrail-m", "use-outputs-to-train", Answer.CONDITIONAL),
        ("llama3.2", "use-in-eu", Answer.CONDITIONAL),
        ("llama3.1", "use-in-eu", Answer.YES),
        ("LicenseRef-acme-custom", "commercial-use", Answer.UNKNOWN),
        ("NOASSERTION", "commercial-use", Answer.UNKNOWN),
        ("NONE", "redistribution", Answer.NO),
        ("MIT OR CC-BY-NC-4.0", "commercial-use", Answer.YES),  # the licensee chooses
        ("MIT AND CC-BY-NC-4.0", "commercial-use", Answer.NO),  # both apply
    ],
)
def test_answers_on_real_terms(license: str, use: str, answer: Answer) -> None:
    assert _ask(use, _model("m", license))[0] is answer


def test_no_license_at_all_is_unknown() -> None:
    assert _ask("commercial-use", _model("m", None))[0] is Answer.UNKNOWN


def test_non_commercial_cites_its_clause() -> None:
    _, _, clauses = _ask("commercial-use", _model("m", "CC-BY-NC-4.0"))
    assert clauses == ["Section 2(a)(1) grants rights for NonCommercial purposes only"]


def test_a_fine_tune_carries_its_bases_terms() -> None:
    """The relabelled fine-tune: Apache-2.0 on the card, Llama 3.1 upstream."""
    base = _model("llama-3.1-8b", "llama3.1")
    tune = _model("support-bot", "Apache-2.0", base="llama-3.1-8b")
    answer, conditions, clauses = _ask("commercial-use", tune, base)
    assert answer is Answer.CONDITIONAL
    assert conditions[0] == (
        "more than 700,000,000 monthly active users need a separate license from the licensor "
        "(Llama 3.1 Community License Agreement; from llama-3.1-8b)"
    )
    assert "section 2 caps at 700M monthly active users" in clauses
    found = may("fine-tuning", "support-bot", [tune, base])
    assert any("must begin with 'Llama'" in c for c in found.conditions)
    reason = next(r for r in found.reasons if r.artifact == "llama-3.1-8b")
    assert (reason.relation, reason.via) == ("fine-tuned-from", "support-bot")


def test_an_upstream_not_loaded_is_unknown() -> None:
    found = may("commercial-use", "t", [_model("t", "MIT", base="elsewhere")])
    assert found.answer is Answer.UNKNOWN
    assert "elsewhere, which it is fine-tuned-from, is not loaded" in found.reasons[-1].text


def test_a_dataset_is_a_note_not_an_invented_conclusion() -> None:
    data = Artifact.model_validate({"id": "nc-data", "kind": "dataset", "license": "CC-BY-NC-4.0"})
    model = _model("m", "Apache-2.0", data="nc-data")
    found = may("commercial-use", "m", [model, data])
    assert found.answer is Answer.YES
    (note,) = found.notes
    assert note.artifact == "nc-data" and note.answer is Answer.NO
    assert "does not say whether this binds models trained on it" in note.text


def test_lineage_is_linear_and_each_artifact_once() -> None:
    chain = [_model(f"m{i}", "MIT", base=f"m{i + 1}" if i < 2999 else None) for i in range(3000)]
    merged = [_model("top", "MIT", base="m0")]
    found = may("redistribution", "top", merged + chain)
    assert found.answer is Answer.YES
    assert len({r.artifact for r in found.reasons}) == 3001


def test_unknown_use_and_artifact_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown use"):
        may("sell", "m", [_model("m", "MIT")])
    with pytest.raises(ValueError, match="no artifact"):
        may("commercial-use", "x", [_model("m", "MIT")])


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["may", *args])
    return result.exit_code, result.output


TULU = [str(EXAMPLES / "llama-3.1-tulu-3-8b.yaml"), str(EXAMPLES / "llama-3.1-8b.yaml")]


def test_cli_json_shape_and_exit_codes(tmp_path: Path) -> None:
    code, out = _cli("commercial-use", "llama-3.1-tulu-3-8b", *TULU, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:5] == ["artifact", "use", "answer", "conditions", "reasons"]
    assert data["answer"] == "conditional"
    assert _cli("commercial-use", "llama-3.1-tulu-3-8b", *TULU, "--strict")[0] == 1
    out_file = tmp_path / "may.md"
    code, _ = _cli(
        "fine-tuning", "llama-3.1-tulu-3-8b", *TULU, "--format", "markdown", "-o", str(out_file)
    )
    assert code == 0
    assert "**conditional**" in out_file.read_text(encoding="utf-8")


def test_cli_no_is_exit_1() -> None:
    manifest = Path(__file__).parent / "data" / "may-nc.yaml"  # a model under CC-BY-NC-4.0
    code, out = _cli("commercial-use", "nc", str(manifest))
    assert code == 1
    assert "nc: commercial-use: no" in out


def test_cli_list_and_bad_input() -> None:
    code, out = _cli("--list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [u.id for u in USES]
    code, out = _cli("commercial", "x", *TULU)
    assert code == 2 and "did you mean 'commercial-use'?" in out
    code, out = _cli("commercial-use", "tulu", *TULU)
    assert code == 2 and "no artifact 'tulu'" in out
    assert _cli("commercial-use")[0] == 2


def test_loaded_examples_answer_every_use() -> None:
    loaded = load(TULU)
    for use in USES:
        assert may(use.id, "llama-3.1-tulu-3-8b", loaded.artifacts).answer is not Answer.UNKNOWN
