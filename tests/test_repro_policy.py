"""The ``reproducible`` policy (issue 7): levels along the lineage, unknowns, options, cost.

"A build is reproducible if given the same source code, build environment and build
instructions, any party can recreate bit-by-bit identical copies of all specified artifacts."
(reproducible-builds.org); OSAID 1.0 accepts training data "obtainable from third parties ...
including for fee", which is the middle level here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.lineage import LineageGraph
from openness.loading import load
from openness.model import Artifact
from openness.policy.base import Context, Policy
from openness.policy.builtin.reproducible import (
    ReproduciblePolicy,
    load_table,
    rebuild_cost,
)
from openness.policy.verdict import FindingSeverity, Outcome, Verdict

EXAMPLES = Path(__file__).parent.parent / "examples" / "reproducibility"
POLICY = ReproduciblePolicy()


def judge_file(path: Path, **options: Any) -> dict[str, Verdict]:
    result = load([path])
    assert result.ok, result.problems
    graph = result.graph()
    return {a.id: POLICY.evaluate(a, Context(graph, options=options)) for a in graph}


def judge(*artifacts: dict[str, Any], **options: Any) -> dict[str, Verdict]:
    models = [Artifact.model_validate(a) for a in artifacts]
    graph = LineageGraph.build(models)
    policy = ReproduciblePolicy()
    return {a.id: policy.evaluate(a, Context(graph, options=options)) for a in models}


def open_model(**extra: Any) -> dict[str, Any]:
    """A model whose own inputs are all released, free and pinned."""
    model: dict[str, Any] = {
        "id": "m",
        "kind": "model",
        "license": "Apache-2.0",
        "components": [
            {"role": "training-code", "availability": "included", "revision": "abc123"},
            {
                "role": "datasets",
                "availability": "included",
                "license": "CC-BY-4.0",
                "revision": "v1",
            },
        ],
        "facts": {"recipe": {"config": "train.yaml", "seeds": [1], "frameworks": {"torch": "2"}}},
    }
    model.update(extra)
    return model


def rules_of(verdict: Verdict, outcome: Outcome) -> set[str]:
    return {f.rule for f in verdict.findings if f.outcome is outcome}


# --- the examples span the three levels ---------------------------------------------------


@pytest.mark.parametrize(
    ("example", "artifact", "outcome", "level"),
    [
        ("rebuildable.yaml", "example/web-corpus", Outcome.PASS, "rebuildable"),
        ("rebuildable.yaml", "example/tiny-lm", Outcome.PASS, "rebuildable"),
        ("rebuildable.yaml", "example/chat-instructions", Outcome.PASS, "rebuildable"),
        ("rebuildable.yaml", "example/tiny-lm-chat", Outcome.PASS, "rebuildable"),
        (
            "third-party.yaml",
            "example/licensed-news",
            Outcome.PASS,
            "rebuildable-with-third-party-inputs",
        ),
        (
            "third-party.yaml",
            "example/news-tagger",
            Outcome.PASS,
            "rebuildable-with-third-party-inputs",
        ),
        ("not-rebuildable.yaml", "example/open-weights-base", Outcome.FAIL, "not-rebuildable"),
        ("not-rebuildable.yaml", "example/open-sft-data", Outcome.PASS, "rebuildable"),
        ("not-rebuildable.yaml", "example/open-finetune", Outcome.FAIL, "not-rebuildable"),
    ],
)
def test_example_levels(example: str, artifact: str, outcome: Outcome, level: str) -> None:
    verdict = judge_file(EXAMPLES / example)[artifact]
    assert (verdict.outcome, verdict.level) == (outcome, level)
    assert verdict.policy == "reproducible"
    assert verdict.levels == (
        "rebuildable",
        "rebuildable-with-third-party-inputs",
        "not-rebuildable",
    )


def test_fine_tune_of_unreproducible_base_names_the_missing_inputs_of_the_base() -> None:
    verdict = judge_file(EXAMPLES / "not-rebuildable.yaml")["example/open-finetune"]
    # its own inputs are fine: only the lineage fails
    own = [f for f in verdict.findings if f.rule != "reproducible/upstream"]
    assert all(f.outcome is Outcome.PASS for f in own), own
    [base] = [f for f in verdict.findings if f.subject == "lineage[0]"]
    assert base.outcome is Outcome.FAIL
    assert "not rebuildable" in base.message
    subjects = {f.subject for f in base.findings}
    assert "example/open-weights-base:components[1]" in subjects  # training code
    assert "example/open-weights-base:components[2]" in subjects  # training data
    assert base.how_to_fix
    assert [(u.artifact, u.level) for u in verdict.upstream] == [
        ("example/open-weights-base", "not-rebuildable"),
        ("example/open-sft-data", "rebuildable"),
    ]


def test_third_party_data_gives_middle_level_and_fails_when_min_level_is_top() -> None:
    lenient = judge_file(EXAMPLES / "third-party.yaml")["example/news-tagger"]
    strict = judge_file(EXAMPLES / "third-party.yaml", min_level="rebuildable")[
        "example/news-tagger"
    ]
    assert lenient.outcome is Outcome.PASS
    assert strict.outcome is Outcome.FAIL
    assert strict.level == lenient.level == "rebuildable-with-third-party-inputs"
    [edge] = [f for f in lenient.findings if f.subject == "lineage[0]"]
    assert edge.severity is FindingSeverity.WARNING
    assert "third-party" in edge.findings[0].message


def test_cost_is_summed_along_the_lineage() -> None:
    verdict = judge_file(EXAMPLES / "rebuildable.yaml")["example/tiny-lm-chat"]
    [cost] = [f for f in verdict.findings if f.rule == "reproducible/rebuild-cost"]
    assert cost.severity is FindingSeverity.INFO
    assert "7,040 accelerator-hours" in cost.message  # 7,000 for the base + 40 for the tune
    assert "14,080 USD" in cost.message
    assert "2.1e+21 FLOP (not stated for example/tiny-lm-chat)" in cost.message


# --- the rules, one fact at a time --------------------------------------------------------


def test_open_model_is_rebuildable() -> None:
    verdict = judge(open_model())["m"]
    assert (verdict.outcome, verdict.level) == (Outcome.PASS, "rebuildable")


@pytest.mark.parametrize(
    ("change", "outcome", "rule"),
    [
        ({"availability": None}, Outcome.UNKNOWN, "reproducible/input-released"),
        ({"availability": "not-released"}, Outcome.FAIL, "reproducible/input-released"),
        ({"revision": None}, Outcome.UNKNOWN, "reproducible/input-pinned"),
        ({"license": None}, Outcome.UNKNOWN, "reproducible/input-free"),
        ({"license": "LicenseRef-nobody-knows-this"}, Outcome.UNKNOWN, "reproducible/input-free"),
        ({"license": "NOASSERTION"}, Outcome.UNKNOWN, "reproducible/input-free"),
    ],
)
def test_one_dataset_fact(change: dict[str, Any], outcome: Outcome, rule: str) -> None:
    model = open_model()
    dataset = {**model["components"][1], **change}
    model["components"][1] = {k: v for k, v in dataset.items() if v is not None}
    verdict = judge(model)["m"]
    assert verdict.outcome is outcome
    [finding] = [f for f in verdict.findings if f.subject == "components[1]"]
    assert finding.rule == rule
    assert finding.how_to_fix


def test_noassertion_is_said_in_words() -> None:
    """Issue 18 item 8: not "whether NOASSERTION of ... is free is unknown: NOASSERTION: no
    license is stated"."""
    model = open_model()
    model["components"][1]["license"] = "NOASSERTION"
    verdict = judge(model)["m"]
    [finding] = [f for f in verdict.findings if f.subject == "components[1]"]
    assert finding.message.startswith(
        "the datasets component states no license (NOASSERTION): whether it is free is unknown"
    )
    assert "NOASSERTION:" not in finding.message


@pytest.mark.parametrize("availability", ["third-party", "gated", "on-request"])
def test_obtainable_elsewhere_is_the_middle_level(availability: str) -> None:
    model = open_model()
    model["components"][1]["availability"] = availability
    verdict = judge(model)["m"]
    assert (verdict.outcome, verdict.level) == (
        Outcome.PASS,
        "rebuildable-with-third-party-inputs",
    )


def test_released_under_non_free_terms_is_the_middle_level() -> None:
    model = open_model()
    model["components"][1]["license"] = "CC-BY-NC-4.0"
    verdict = judge(model)["m"]
    assert verdict.level == "rebuildable-with-third-party-inputs"
    assert rules_of(verdict, Outcome.PASS) >= {"reproducible/input-free"}


def test_notion_option_changes_the_judgement() -> None:
    model = open_model()
    model["components"][1]["license"] = "CC-BY-4.0"
    assert judge(model)["m"].level == "rebuildable"  # open data counts as open
    assert judge(model, notion="osi")["m"].level == "rebuildable-with-third-party-inputs"


def test_bad_option_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="min_level"):
        judge(open_model(), min_level="best")
    with pytest.raises(ValueError, match="notion"):
        judge(open_model(), notion="liberal")


def test_missing_training_code_recipe_and_data_are_unknown() -> None:
    verdict = judge({"id": "m", "kind": "model"})["m"]
    assert verdict.outcome is Outcome.UNKNOWN
    assert verdict.level is None
    assert rules_of(verdict, Outcome.UNKNOWN) == {
        "reproducible/required-input",
        "reproducible/training-data",
        "reproducible/recipe",
        "reproducible/rebuild-cost",
    }
    for finding in verdict.findings:
        if finding.outcome is not Outcome.PASS:
            assert finding.how_to_fix


def test_recipe_without_seeds_is_a_warning() -> None:
    verdict = judge(open_model(facts={"recipe": {"command": "python train.py"}}))["m"]
    assert verdict.level == "rebuildable"
    [recipe] = [f for f in verdict.findings if f.rule == "reproducible/recipe"]
    assert recipe.severity is FindingSeverity.WARNING
    assert "seeds" in recipe.message


def test_unpinned_edge_and_unknown_upstream_are_unknown() -> None:
    model = open_model(lineage=[{"relation": "fine-tuned-from", "target": "elsewhere"}])
    verdict = judge(model)["m"]
    assert verdict.outcome is Outcome.UNKNOWN
    rules = {f.rule for f in verdict.findings if f.subject == "lineage[0]"}
    assert rules == {"reproducible/input-pinned", "reproducible/upstream"}


def test_tested_on_is_not_an_input() -> None:
    model = open_model(lineage=[{"relation": "tested-on", "target": "closed-benchmark"}])
    closed = {
        "id": "closed-benchmark",
        "kind": "dataset",
        "components": [{"role": "data-files", "availability": "not-released"}],
    }
    assert judge(model, closed)["m"].level == "rebuildable"


def test_quantized_model_needs_no_training_data_but_a_rebuildable_base() -> None:
    base = open_model(id="base", version="1")
    quant = {
        "id": "quant",
        "kind": "model",
        "license": "MIT",
        "components": [{"role": "training-code", "availability": "included", "revision": "q1"}],
        "lineage": [{"relation": "quantized-from", "target": "base"}],
        "facts": {
            "recipe": {"command": "quantize --bits 4", "seeds": [0], "frameworks": {"x": "1"}}
        },
    }
    verdicts = judge(base, quant)
    assert verdicts["quant"].level == "rebuildable"
    base["components"][1]["availability"] = "not-released"
    assert judge(base, quant)["quant"].level == "not-rebuildable"


def test_dataset_lineage_is_not_followed() -> None:
    """A released dataset is its own preferred form, whatever made it."""
    synthetic = {
        "id": "synthetic",
        "kind": "dataset",
        "version": "1",
        "license": "CC0-1.0",
        "components": [{"role": "data-files", "availability": "included"}],
        "lineage": [{"relation": "generated-by", "target": "closed-model"}],
    }
    closed = {"id": "closed-model", "kind": "model"}
    assert judge(synthetic, closed)["synthetic"].level == "rebuildable"


def test_diamond_lineage_counts_each_model_once() -> None:
    def model(ident: str, hours: float, *parents: str) -> dict[str, Any]:
        return open_model(
            id=ident,
            version="1",
            lineage=[{"relation": "merged-from", "target": p} for p in parents],
            facts={
                "training": {"accelerator_hours": hours},
                "recipe": {"config": "c", "seeds": [1], "frameworks": {"t": "1"}},
            },
        )

    artifacts = [model("base", 100), model("a", 10, "base"), model("b", 20, "base")]
    artifacts.append(model("merge", 1, "a", "b"))
    graph = LineageGraph.build(Artifact.model_validate(a) for a in artifacts)
    merged = graph.get("merge")
    assert merged is not None
    cost = rebuild_cost(merged, graph)
    # Lineage order: the merge, its first parent and that one's base, then the second parent.
    assert cost.models == ("merge", "a", "base", "b")
    assert cost.totals["accelerator_hours"] == 131
    assert cost.stated


def test_cycles_and_long_chains_do_not_crash() -> None:
    cyclic = [
        open_model(id="x", version="1", lineage=[{"relation": "fine-tuned-from", "target": "y"}]),
        open_model(id="y", version="1", lineage=[{"relation": "fine-tuned-from", "target": "x"}]),
    ]
    verdicts = judge(*cyclic)
    assert {v.outcome for v in verdicts.values()} == {Outcome.UNKNOWN}
    chain = [open_model(id="m0", version="1")]
    for i in range(1, 3000):  # deeper than the recursion limit
        chain.append(
            open_model(
                id=f"m{i}",
                version="1",
                lineage=[{"relation": "fine-tuned-from", "target": f"m{i - 1}"}],
            )
        )
    chain[0]["components"][1]["availability"] = "not-released"
    last = judge(*chain)["m2999"]
    assert last.level == "not-rebuildable"
    [edge] = [f for f in last.findings if f.subject == "lineage[0]"]
    assert "m0:components[1]" in {f.subject for f in edge.findings}


# --- the Policy protocol ----------------------------------------------------------------------


def test_implements_the_policy_protocol() -> None:
    assert isinstance(POLICY, Policy)
    assert POLICY.id == "reproducible"
    assert POLICY.levels == load_table().levels
    assert set(POLICY.options()) == {"notion", "min_level"}
    ids = [r.id for r in POLICY.rules()]
    assert len(ids) == len(set(ids))
    assert all(r.citation.url for r in POLICY.rules())
    assert len(POLICY.data_hash()) == 64
    assert POLICY.data_hash() == ReproduciblePolicy().data_hash()


def test_table_change_changes_the_data_hash() -> None:
    raw = (
        Path(__file__).parent.parent / "openness" / "policy" / "data" / "reproducible.toml"
    ).read_bytes()
    changed = load_table(raw.replace(b'notion = "open"', b'notion = "osi"'))
    assert ReproduciblePolicy(changed).data_hash() != POLICY.data_hash()


_AVAILABILITY = st.sampled_from(
    [None, "included", "gated", "on-request", "third-party", "not-released"]
)
_LICENSE = st.sampled_from([None, "MIT", "CC-BY-NC-4.0", "NOASSERTION", "LicenseRef-x"])
_PIN = st.sampled_from([None, "r1"])


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.tuples(_AVAILABILITY, _LICENSE, _PIN), min_size=0, max_size=4),
    st.sampled_from(["model", "dataset", "software", "system"]),
)
def test_never_raises_and_fail_or_unknown_always_say_how_to_fix(
    inputs: list[tuple[str | None, str | None, str | None]], kind: str
) -> None:
    roles = {"model": "datasets", "system": "datasets", "dataset": "data-files"}
    components = [
        {
            k: v
            for k, v in {
                "role": roles.get(kind, "source-code"),
                "availability": a,
                "license": lic,
                "revision": pin,
            }.items()
            if v is not None
        }
        for a, lic, pin in inputs
    ]
    verdict = judge({"id": "a", "kind": kind, "components": components})["a"]
    assert verdict.outcome in (Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN)
    for finding in verdict.all_findings():
        if finding.outcome in (Outcome.FAIL, Outcome.UNKNOWN):
            assert finding.how_to_fix
    if any(a == "not-released" for a, _, _ in inputs):
        assert verdict.level == "not-rebuildable"
