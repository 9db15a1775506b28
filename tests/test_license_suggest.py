"""Did-you-mean for unknown license ids and for words that are not roles (issue 18, item 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from openness.licenses import parse_expression
from openness.licenses.suggest import expression_notes, suggest_license
from openness.loading import load
from openness.model import Component
from openness.model.vocab import Role, role_suggestions

LLAMA_31 = "LicenseRef-scancode-llama-3.1-license-2024"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Llama-3.1", LLAMA_31),
        ("LicenseRef-llama-3.1", LLAMA_31),
        ("Apache2", "Apache-2.0"),
        ("GPL3", "GPL-3.0-only"),
        ("mitt", "MIT"),
        ("Apach-2.0", "Apache-2.0"),
    ],
)
def test_suggestion_from_the_knowledge_base(written: str, meant: str) -> None:
    assert suggest_license(written)[0] == meant


def test_nothing_close_suggests_nothing() -> None:
    assert suggest_license("LicenseRef-acme-weights") == ()


def test_family_names_suggest_several() -> None:
    assert set(suggest_license("bsd")) >= {"BSD-2-Clause", "BSD-3-Clause"}


def test_warning_carries_the_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "artifacts:\n- id: m\n  kind: model\n  license: Apache-2.0 AND Llama-3.1\n"
        "  components:\n  - role: training-code\n    license: Apache2\n"
    )
    result = load([path])
    assert not result.errors
    text = "\n".join(p.message for p in result.warnings)
    assert (
        f"no facts are known for license id 'Llama-3.1' in 'Apache-2.0 AND Llama-3.1': its "
        f"freedom is unknown; did you mean {LLAMA_31!r}?" in text
    )
    assert "license id 'Apache2': its freedom is unknown; did you mean 'Apache-2.0'?" in text


def test_unknown_without_suggestion_keeps_the_general_advice() -> None:
    (note,) = expression_notes(parse_expression("LicenseRef-acme-weights"))
    assert "use an SPDX id (https://spdx.org/licenses/)" in note
    assert "did you mean" not in note


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("weights", Role.MODEL_PARAMETERS_FINAL),
        ("Weights", Role.MODEL_PARAMETERS_FINAL),
        ("checkpoint", Role.MODEL_PARAMETERS_FINAL),
        ("parameters", Role.MODEL_PARAMETERS_FINAL),
        ("paper", Role.RESEARCH_PAPER),
        ("code", Role.TRAINING_CODE),
        ("data", Role.DATASETS),
        ("tokenizers", Role.TOKENIZER),
        ("tokeniser", Role.TOKENIZER),
        ("model card", Role.MODEL_CARD),
        ("model_card", Role.MODEL_CARD),
        ("config", Role.CONFIGURATION),
        ("eval-code", Role.EVALUATION_CODE),
        ("final-weights", Role.MODEL_PARAMETERS_FINAL),
    ],
)
def test_role_suggestions(word: str, role: Role) -> None:
    assert role_suggestions(word)[0] is role


def test_no_role_is_close() -> None:
    assert role_suggestions("xyzzy") == ()


def test_role_error_leads_with_the_suggestion() -> None:
    with pytest.raises(ValidationError) as info:
        Component.model_validate({"role": "weights"})
    (error,) = info.value.errors()
    assert error["msg"].startswith(
        "Value error, 'weights' is not valid; did you mean 'model-parameters-final'? expected "
        "one of 'model-architecture', "
    )
    assert error["msg"].endswith("'configuration' or 'license-text'")


def test_role_error_without_suggestion_lists_the_roles() -> None:
    with pytest.raises(ValidationError, match=r"'xyzzy' is not valid; expected one of"):
        Component.model_validate({"role": "xyzzy"})


def test_role_error_in_a_manifest(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "artifacts:\n- id: m\n  kind: model\n  components:\n  - role: weights\n  - role: code\n"
    )
    errors = {p.message for p in load([path]).errors}
    assert any(
        m.startswith("'weights' is not valid; did you mean 'model-parameters-final'?")
        for m in errors
    )
    assert any(
        m.startswith(
            "'code' is not valid; did you mean 'training-code', 'inference-code' or 'source-code'?"
        )
        for m in errors
    )
