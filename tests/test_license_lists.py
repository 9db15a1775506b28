"""Organisation license lists in policy files (issue 16): allow, deny and review by id,
knowledge-base category or fact, on every component and through lineage; the two shipped
examples; bad lists are bad input with file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.loading import load
from openness.model import Artifact
from openness.policy import Outcome, check
from openness.policy.license_lists import LicenseLists
from openness.policy.registry import PolicyError, load_policy_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PERMISSIVE = str(EXAMPLES / "policies" / "permissive-only.toml")
RESEARCH = str(EXAMPLES / "policies" / "research-lab.toml")


@pytest.mark.parametrize(
    ("license_id", "expected"),
    [
        ("MIT", ("allow", "category:permissive")),
        ("mit", ("allow", "category:permissive")),
        ("CC-BY-4.0", ("allow", "CC-BY-4.0")),  # the id beats its category on review
        ("CC-BY-SA-4.0", ("review", "category:open-content")),
        ("GPL-3.0-only", ("review", "category:copyleft")),
        ("CC-BY-NC-4.0", ("deny", "fact:non-commercial")),
        ("llama3.1", ("deny", "fact:use-restricted")),
        ("LicenseRef-scancode-gemma-tou-2024-04-01", ("deny", "fact:use-restricted")),
        ("LicenseRef-acme-unknown", ("review", None)),
    ],
)
def test_classification_of_real_terms(license_id: str, expected: tuple[str, str | None]) -> None:
    policy = load_policy_file(PERMISSIVE)
    assert policy.lists.classify(license_id) == expected  # type: ignore[union-attr]


def test_default_and_precedence() -> None:
    lists = LicenseLists(
        allow=("fact:non-commercial",), deny=("category:non-commercial",), default="deny"
    )
    assert lists.classify("CC-BY-NC-4.0")[0] == "deny"  # same specificity: the strictest
    assert lists.classify("LicenseRef-x") == ("deny", None)


def _model(aid: str, license: str, base: str | None = None) -> Artifact:
    raw: dict[str, object] = {"id": aid, "kind": "model", "license": license}
    if base:
        raw["lineage"] = [{"relation": "fine-tuned-from", "target": base}]
    return Artifact.model_validate(raw)


def test_the_two_examples_on_the_bundled_examples() -> None:
    loaded = load(
        [
            EXAMPLES / f
            for f in ("olmo-7b.yaml", "dolma.yaml", "llama-3.1-tulu-3-8b.yaml", "llama-3.1-8b.yaml")
        ]
    )
    verdicts = {(v.artifact, v.policy): v for v in check(loaded.artifacts, [PERMISSIVE, RESEARCH])}
    assert verdicts[("olmo-7b", "acme-permissive-only")].outcome is Outcome.PASS
    assert verdicts[("llama-3.1-8b", "acme-permissive-only")].outcome is Outcome.FAIL
    assert verdicts[("llama-3.1-8b", "lab-research-use")].outcome is Outcome.PASS
    tulu = verdicts[("llama-3.1-tulu-3-8b", "acme-permissive-only")]
    lineage = [f for f in tulu.findings if f.rule == "acme-permissive-only/lineage"]
    assert [f.outcome for f in lineage] == [Outcome.FAIL]
    assert "fine-tuned-from llama-3.1-8b, whose licenses are denied here" in lineage[0].message


def test_lineage_carries_a_denied_base_to_a_relabelled_fine_tune() -> None:
    base = _model("base", "CC-BY-NC-4.0")
    tune = _model("tune", "MIT", base="base")
    (_, verdict) = check([base, tune], [PERMISSIVE])
    assert verdict.artifact == "tune" and verdict.outcome is Outcome.FAIL
    assert {f.rule: f.outcome for f in verdict.findings} == {
        "acme-permissive-only/licenses": Outcome.PASS,
        "acme-permissive-only/lineage": Outcome.FAIL,
    }


def test_or_lets_the_licensee_choose_and_and_needs_both() -> None:
    (either,) = check([_model("m", "MIT OR CC-BY-NC-4.0")], [PERMISSIVE])
    (both,) = check([_model("m", "MIT AND CC-BY-NC-4.0")], [PERMISSIVE])
    assert either.outcome is Outcome.PASS and both.outcome is Outcome.FAIL
    assert "CC-BY-NC-4.0 is on deny (fact:non-commercial)" in both.findings[0].message


def test_review_fails_only_under_strict() -> None:
    result = CliRunner().invoke(cli, ["check", str(EXAMPLES / "dolma.yaml"), "-p", PERMISSIVE])
    assert result.exit_code == 0
    strict = CliRunner().invoke(
        cli, ["check", str(EXAMPLES / "dolma.yaml"), "-p", PERMISSIVE, "--strict"]
    )
    assert strict.exit_code == 1


HEAD = '[policy]\nid = "x"\nversion = "1"\ntitle = "t"\nsummary = "s"\n[licenses]\n'


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[licenses]\nallow = ["MIT"]\n', None, "the [policy] table is required"),
        (
            HEAD + 'allow = ["category:nope"]\n',
            7,
            "unknown category 'nope'",
        ),
        (
            HEAD + 'deny = ["fact:evil"]\n',
            7,
            "unknown fact 'evil'",
        ),
        (
            HEAD + 'allow = ["Not-A-License"]\n',
            7,
            "unknown license 'Not-A-License'",
        ),
        (
            HEAD.replace('"x"', '"osaid"') + 'allow = ["MIT"]\n',
            2,
            "not a built-in id",
        ),
        (
            HEAD + 'default = "maybe"\n',
            7,
            "default must be",
        ),
    ],
)
def test_bad_lists_are_bad_input_with_the_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "org.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy_file(path)
    problem = caught.value.problems[0]
    assert words in problem.message and problem.line == line
    result = CliRunner().invoke(cli, ["check", str(EXAMPLES / "dolma.yaml"), "-p", str(path)])
    assert result.exit_code == 2 and (f"{path}:{line}" if line else str(path)) in result.output
