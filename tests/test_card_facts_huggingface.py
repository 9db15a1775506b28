"""Model-card facts read from Hugging Face cards: the front matter (pipeline_tag, language,
model-index, co2_eq_emissions), the template's headed sections and config.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.documents import read_document
from openness.formats.huggingface.read.build import read_card
from openness.formats.huggingface.read.sections import section_facts
from openness.model import Artifact, EvalResult

DATA = Path(__file__).parent / "data" / "hf_cards_facts"
HUB = Path(__file__).parent / "data" / "hub"


def card(path: Path) -> Artifact:
    result = read_card(read_document(str(path)))
    assert [str(p) for p in result.problems] == []
    return result.artifacts[0]


def test_template_card_sections_and_model_index() -> None:
    facts = card(DATA / "acme--tinyllama-gsm8k-template.md").facts
    assert facts.task == "text-generation"
    assert facts.languages == ["en", "fr"]
    # Direct Use says something; Downstream Use is a placeholder: not a use
    assert facts.intended_uses == [
        "Solving grade-school math word problems with step-by-step reasoning."
    ]
    assert facts.out_of_scope_uses == [
        "Not intended for open-domain question answering or general chat.",
        "Not suitable for high-stakes numeric decisions (financial, medical, engineering "
        "calculations) without verification.",
    ]
    assert facts.risks == [
        "Inherits any biases present in the TinyLlama base model and its pretraining data.",
        "May produce confident-sounding but incorrect reasoning.",
    ]
    # the "## Limitations" inside the code block is no heading
    assert facts.limitations == []
    assert facts.training_information is not None
    assert facts.training_information.startswith("[GSM8K](https://huggingface.co/datasets")
    assert "- **Epochs:** 3" in facts.training_information
    assert "a heading in code" not in facts.training_information
    assert facts.contact == "Acme ML team, ml@acme.example"
    assert facts.evaluation == [
        EvalResult(
            metric="exact_match",
            value=0.312,
            metric_name="Exact match (strict)",
            task="text-generation",
            dataset="openai/gsm8k",
            dataset_name="GSM8K",
            split="test",
            config="main",
            verified=False,
            source="https://github.com/EleutherAI/lm-evaluation-harness",
        )
    ]
    training = facts.training
    assert training is not None
    assert (training.accelerator, training.accelerator_hours, training.region) == (
        "NVIDIA T4",
        2.5,
        "us-central1",
    )
    assert training.co2_kg == pytest.approx(0.18)
    assert training.evidence[0].locator == "section 'Environmental Impact'"
    assert training.evidence[0].line == 95


def test_evidence_names_field_or_section_and_line() -> None:
    artifact = card(DATA / "acme--tinyllama-gsm8k-template.md")
    where = {(e.locator, e.line) for e in artifact.evidence}
    assert ("pipeline_tag", 7) in where
    assert ("language", 4) in where
    assert ("model-index", 8) in where
    assert ("section 'Out-of-Scope Use'", 56) in where
    assert ("section 'Model Card Contact'", 109) in where
    lines = (DATA / "acme--tinyllama-gsm8k-template.md").read_text().splitlines()
    assert lines[56 - 1] == "### Out-of-Scope Use"


def test_real_card_emissions_and_limitations() -> None:
    """nicholasKluge/Aira-2-1B1: co2_eq_emissions in grams with location and hardware, and a
    plain "## Limitations" section of bullets."""
    facts = card(DATA / "nicholasKluge--Aira-2-1B1.md").facts
    assert facts.task == "text-generation"
    assert facts.languages == ["en"]
    training = facts.training
    assert training is not None
    assert training.co2_kg == pytest.approx(1.71)
    assert training.region == "Singapore"
    assert training.accelerator == "NVIDIA A100-SXM4-40GB"
    assert len(facts.limitations) == 3
    assert facts.limitations[0].startswith("**Hallucinations:** This model can produce")
    assert facts.limitations[2].endswith("unrelated to the prompt it was given.")
    assert facts.evaluation == []  # a Markdown table is not a model-index
    assert facts.intended_uses == []  # "## Usage" shows code, it states no intended use


def test_model_index_results() -> None:
    facts = card(DATA / "allenai--OLMo-2-1124-7B.md").facts
    assert [(r.metric, r.value, r.dataset, r.split, r.verified) for r in facts.evaluation] == [
        ("accuracy", 63.7, "cais/mmlu", "test", False),
        ("exact_match", 67.5, "openai/gsm8k", "test", None),
    ]
    assert facts.evaluation[0].metric_name == "5-shot accuracy"
    assert facts.evaluation[0].dataset_name == "MMLU"


def test_context_length_from_the_snapshot_config() -> None:
    artifact = card(HUB / "allenai" / "OLMo-2-1124-7B" / "README.md")
    assert artifact.facts.context_length == 4096
    config = [e for e in artifact.evidence if e.locator == "max_position_embeddings"]
    assert [e.source for e in config] == [str(HUB / "allenai" / "OLMo-2-1124-7B" / "config.json")]


def test_placeholders_comments_and_empty_sections_say_nothing() -> None:
    body = (
        "## Uses\n\n<!-- Address questions -->\n\n### Direct Use\n\n"
        '{{ direct_use | default("[More Information Needed]", true)}}\n\n'
        "### Out-of-Scope Use\n\n[More Information Needed]\n\n"
        "## Bias, Risks, and Limitations\n\n<!-- This section is\nmeant to -->\n\n"
        "## Model Card Contact\n\n[More Information Needed]\n"
    )
    found = section_facts(body)
    assert found.lists == {}
    assert found.texts == {}


def test_paragraphs_are_statements_when_there_are_no_bullets() -> None:
    body = "## Limitations\n\nFirst point,\nwrapped.\n\nSecond point.\n\n## Next\n\nText.\n"
    assert section_facts(body).lists == {"limitations": ["First point, wrapped.", "Second point."]}


def test_carbon_units_and_front_matter_first() -> None:
    body = (
        "## Environmental Impact\n\n- **Hardware Type:** 8 x A100\n- **Hours used:** 1,200\n"
        "- **Carbon Emitted:** 350 g\n"
    )
    found = section_facts(body)
    assert found.environment == {
        "hardware type": "8 x A100",
        "hours used": "1,200",
        "carbon emitted": "350 g",
    }
