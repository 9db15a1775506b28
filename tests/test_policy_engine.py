"""The engine: topological evaluation, memoisation, strict mode, options, registry, comparison."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from openness.errors import InputError
from openness.model import Artifact
from openness.policy import (
    Context,
    OptionInfo,
    Outcome,
    Policy,
    PolicyError,
    RuleInfo,
    Verdict,
    check,
    compare,
    get_policy,
)
from openness.policy.registry import parse_option_args

MINE = ["osaid", "debian-ml", "osd", "fsf", "weights-as-source", "data-as-source", "cost-aware"]
LICENSES = [
    "Apache-2.0",
    "MIT",
    "CC-BY-NC-4.0",
    "NOASSERTION",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "CC-BY-SA-4.0",
    "GPL-3.0-only OR MIT",
    "MIT AND CC-BY-NC-4.0",
]
ROLES = ["model-parameters-final", "training-code", "inference-code", "datasets", "data-card"]


def generated(n: int, seed: int = 5) -> list[Artifact]:
    """A random lineage forest: datasets, then models deriving from earlier models."""
    rng = random.Random(seed)
    out: list[Artifact] = []
    for i in range(n):
        if i < 5:
            lic = rng.choice(LICENSES)
            out.append(
                Artifact.model_validate(
                    {
                        "id": f"d{i}",
                        "kind": "dataset",
                        "license": lic,
                        "components": [
                            {
                                "role": "data-files",
                                "license": lic,
                                "availability": rng.choice(["included", "gated", None]),
                            }
                        ],
                    }
                )
            )
            continue
        components = [
            {
                "role": rng.choice(ROLES),
                "license": rng.choice([*LICENSES, None]),
                "availability": rng.choice(["included", "not-released", "gated", None]),
            }
            for _ in range(rng.randint(0, 4))
        ]
        lineage = []
        models = [a.id for a in out if a.kind == "model"]
        if models and rng.random() < 0.8:
            relation = rng.choice(["fine-tuned-from", "quantized-from", "merged-from", "tested-on"])
            lineage.append({"relation": relation, "target": rng.choice(models[-30:])})
        if rng.random() < 0.5:
            lineage.append({"relation": "trained-on", "target": f"d{rng.randrange(5)}"})
        facts = (
            {"training": {"training_flop": rng.choice([1e19, 1e23])}} if rng.random() < 0.5 else {}
        )
        out.append(
            Artifact.model_validate(
                {
                    "id": f"m{i}",
                    "kind": rng.choice(["model", "model", "system", "software"]),
                    "name": rng.choice(["Llama-ish", "Other", None]),
                    "license": rng.choice([*LICENSES, None]),
                    "components": components,
                    "lineage": lineage,
                    "facts": facts,
                }
            )
        )
    return out


class Unmemoised:
    """A policy wrapper without ``signature``: the engine evaluates every artifact afresh."""

    def __init__(self, inner: Policy):
        self.inner = inner
        self.id = inner.id
        self.version = inner.version
        self.title = inner.title
        self.summary = inner.summary
        self.levels = inner.levels
        self.calls = 0

    def rules(self) -> Sequence[RuleInfo]:
        return self.inner.rules()

    def options(self) -> Mapping[str, OptionInfo]:
        return self.inner.options()

    def data_hash(self) -> str:
        return self.inner.data_hash()

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        self.calls += 1
        return self.inner.evaluate(artifact, context)


def test_memoised_verdicts_equal_fresh_ones() -> None:
    artifacts = generated(400)
    memoised = check(artifacts, MINE)
    # Fresh instances: their rule caches are empty, so nothing memoised above is reused.
    plain = [Unmemoised(type(get_policy(p))()) for p in MINE]
    fresh = check(artifacts, plain)
    assert all(p.calls == len(artifacts) for p in plain)
    assert len(memoised) == len(fresh) == len(artifacts) * len(MINE)
    for a, b in zip(memoised, fresh, strict=True):
        assert a.to_dict() == b.to_dict(), (a.artifact, a.policy)
    assert {v.outcome for v in memoised} >= {Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN}


def test_memoisation_shares_verdict_bodies() -> None:
    base = {"kind": "model", "license": "Apache-2.0"}
    artifacts = [Artifact.model_validate({"id": "root", **base})]
    artifacts += [
        Artifact.model_validate(
            {"id": f"q{i}", **base, "lineage": [{"relation": "quantized-from", "target": "root"}]}
        )
        for i in range(50)
    ]
    verdicts = check(artifacts, ["osaid"])
    bodies = {id(v.findings) for v in verdicts}
    assert len(bodies) == 2  # the root, and one body shared by its 50 quantisations
    assert [v.artifact for v in verdicts] == [a.id for a in artifacts]


def test_verdicts_ordered_by_artifact_then_policy() -> None:
    artifacts = generated(30)
    verdicts = check(list(reversed(artifacts)), ["fsf", "osaid"])
    pairs = [(v.artifact, v.policy) for v in verdicts]
    expected = [(a.id, p) for a in reversed(artifacts) for p in ("fsf", "osaid")]
    assert pairs == expected


def test_strict_counts_unknown_as_fail() -> None:
    artifact = Artifact.model_validate({"id": "bare", "kind": "model"})
    (plain,) = check([artifact], ["osaid"])
    (strict,) = check([artifact], ["osaid"], strict=True)
    assert plain.outcome is Outcome.UNKNOWN and not plain.strict
    assert strict.outcome is Outcome.FAIL and strict.strict
    assert strict.to_dict()["strict"] is True
    assert strict.findings == plain.findings


def test_cycle_is_an_input_error() -> None:
    artifacts = [
        Artifact.model_validate(
            {"id": a, "kind": "model", "lineage": [{"relation": "fine-tuned-from", "target": b}]}
        )
        for a, b in (("a", "b"), ("b", "a"))
    ]
    with pytest.raises(InputError) as info:
        check(artifacts, ["osaid"])
    assert "a -> b -> a" in str(info.value) or "b -> a -> b" in str(info.value)


def test_unknown_policy_names_choices() -> None:
    with pytest.raises(PolicyError) as info:
        check([], ["osiad"])
    (problem,) = info.value.problems
    assert problem.path == "osiad"
    assert "did you mean 'osaid'? Choose from osaid, mof," in problem.message


def test_unknown_policy_without_a_close_match_lists_the_choices() -> None:
    with pytest.raises(PolicyError) as info:
        check([], ["nothing-like-it"])
    (problem,) = info.value.problems
    assert problem.message.startswith("unknown policy 'nothing-like-it'. Choose from osaid, ")
    assert problem.message.endswith("or give a policy file (.toml or .yaml)")


def test_options_are_checked_and_converted() -> None:
    artifact = Artifact.model_validate(
        {"id": "m", "kind": "model", "facts": {"training": {"training_flop": 5e21}}}
    )
    (over,) = check([artifact], ["cost-aware"])
    (within,) = check([artifact], ["cost-aware"], options={"cost-aware": {"budget_flop": "1e22"}})
    message = {f.rule: f.message for f in over.findings}["cost-aware/retraining-cost"]
    assert "exceeds" in message
    message = {f.rule: f.message for f in within.findings}["cost-aware/retraining-cost"]
    assert "within" in message and "join the preferred form" in message
    with pytest.raises(PolicyError) as info:
        check([artifact], ["cost-aware"], options={"cost-aware": {"budget": 1}})
    assert info.value.problems[0].path == "cost-aware.budget"
    assert "has no option 'budget'" in info.value.problems[0].message
    with pytest.raises(PolicyError) as info:
        check([artifact], ["cost-aware"], options={"cost-aware": {"budget_flop": "lots"}})
    assert "expected a number" in info.value.problems[0].message
    with pytest.raises(PolicyError) as info:
        check([artifact], ["osaid"], options={"cost-aware": {"budget_flop": 1}})
    assert "not being checked" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("value", "words"),
    [(-1, "at least 0"), (10**400, "expected a number"), (float("nan"), "finite")],
)
def test_a_budget_must_be_a_finite_number_not_below_zero(value: object, words: str) -> None:
    artifact = Artifact.model_validate({"id": "m", "kind": "model"})
    with pytest.raises(PolicyError) as info:
        check([artifact], ["cost-aware"], options={"cost-aware": {"budget_flop": value}})
    assert info.value.problems[0].path == "cost-aware.budget_flop"
    assert words in info.value.problems[0].message
    assert len(info.value.problems[0].message) < 200  # a huge number is not quoted whole


def test_api_arguments_of_the_wrong_type_are_policy_errors() -> None:
    artifact = Artifact.model_validate({"id": "m", "kind": "model"})
    # One id alone is one policy, not a sequence of one-letter ids.
    assert [v.policy for v in check([artifact], "osaid")] == ["osaid"]
    with pytest.raises(PolicyError) as info:
        check([artifact], [None])  # type: ignore[list-item]
    assert info.value.problems[0].path == "policies[0]"
    assert "NoneType" in info.value.problems[0].message
    with pytest.raises(PolicyError) as info:
        check([artifact], ["cost-aware"], options={"cost-aware": 5})  # type: ignore[dict-item]
    assert "must map an option name" in info.value.problems[0].message
    with pytest.raises(PolicyError) as info:
        check([artifact], ["osaid"], options=[1])  # type: ignore[arg-type]
    assert "must map a policy id" in info.value.problems[0].message


def test_option_arguments() -> None:
    assert parse_option_args(["cost-aware.budget_flop=1e22"]) == {
        "cost-aware": {"budget_flop": "1e22"}
    }
    with pytest.raises(PolicyError) as info:
        parse_option_args(["budget_flop=1"])
    assert "POLICY.KEY=VALUE" in info.value.problems[0].message


class AcmePolicy:
    """A third-party policy: every model passes."""

    id = "acme"
    version = "1"
    title = "Acme"
    summary = "Everything passes."
    levels: tuple[str, ...] = ()

    def rules(self) -> Sequence[RuleInfo]:
        return []

    def options(self) -> Mapping[str, OptionInfo]:
        return {}

    def data_hash(self) -> str:
        return "acme"

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        return Verdict(artifact.id, self.id, self.version, Outcome.PASS)


def test_entry_point_policies(monkeypatch: pytest.MonkeyPatch) -> None:
    import openness.policy.registry as registry

    monkeypatch.setattr(registry, "_entry_points", lambda: {"acme": f"{__name__}:AcmePolicy"})
    get_policy.cache_clear()
    try:
        assert "acme" in registry.policy_ids()
        (verdict,) = check([Artifact.model_validate({"id": "x", "kind": "model"})], ["acme"])
        assert verdict.outcome is Outcome.PASS and verdict.data_hash == "acme"
    finally:
        get_policy.cache_clear()


def test_policy_objects_are_accepted_directly() -> None:
    (verdict,) = check([Artifact.model_validate({"id": "x", "kind": "model"})], [AcmePolicy()])
    assert verdict.policy == "acme"


def test_compare_lays_out_side_by_side() -> None:
    artifacts = [
        Artifact.model_validate({"id": "lib", "kind": "software", "name": "Lib"}),
        Artifact.model_validate({"id": "m", "kind": "model", "name": "M"}),
    ]
    table = compare(artifacts, ["osd", "debian-ml"])
    assert table.policies == ("osd", "debian-ml")
    rows = table.rows()
    assert rows[0] == ["artifact", "osd", "debian-ml"]
    assert rows[1] == ["Lib", "unknown", "n/a"]
    assert table.cell("m", "debian-ml") == "unknown"
    assert "| Lib | unknown | n/a |" in table.to_markdown()
    data: dict[str, Any] = table.to_dict()
    assert data["artifacts"][0]["verdicts"]["osd"] == {"outcome": "unknown", "level": None}


def test_default_is_every_builtin_policy() -> None:
    pytest.importorskip("openness.policy.builtin.mof")
    from openness.policy.registry import OPT_IN_POLICIES, builtin_ids, default_ids

    verdicts = check([Artifact.model_validate({"id": "m", "kind": "model"})])
    assert [v.policy for v in verdicts] == default_ids()
    # but the documentation-completeness profiles, which run only when named
    assert default_ids() == [p for p in builtin_ids() if p not in OPT_IN_POLICIES]


def test_lineage_through_kinds_a_policy_does_not_judge() -> None:
    """Terms travel through an artifact a policy does not judge (osaid does not judge datasets;
    fsf does): its not-applicable verdict still passes them on, and the shared work of the
    batch gives the same verdicts as judging each artifact afresh."""

    def art(aid: str, kind: str, lic: str, target: str | None = None) -> Artifact:
        lineage = [{"relation": "derived-from", "target": target}] if target else []
        return Artifact.model_validate(
            {
                "id": aid,
                "kind": kind,
                "license": lic,
                "components": [{"role": "model-parameters-final", "license": lic}]
                if kind == "model"
                else [{"role": "data-files", "license": lic, "availability": "included"}],
                "lineage": lineage,
            }
        )

    artifacts = [
        art("nc-data", "dataset", "CC-BY-NC-4.0"),
        art("open-data", "dataset", "CC0-1.0"),
        art("washed-data", "dataset", "CC0-1.0", "nc-data"),
        art("clean-data", "dataset", "CC0-1.0", "open-data"),
        art("m1", "model", "MIT", "washed-data"),
        art("m2", "model", "MIT", "clean-data"),
    ]
    policies = ["osaid", "fsf", "data-as-source"]
    batched = {(v.artifact, v.policy): v for v in check(artifacts, policies)}
    fresh = check(artifacts, [Unmemoised(type(get_policy(p))()) for p in policies])
    for verdict in fresh:
        assert batched[(verdict.artifact, verdict.policy)].to_dict() == verdict.to_dict()
    fsf = {f.rule: f.outcome for f in batched[("m1", "fsf")].findings}
    assert fsf["fsf/lineage-inheritance"] is Outcome.FAIL  # the NC terms reach it under fsf
    assert {f.rule: f.outcome for f in batched[("m2", "fsf")].findings}[
        "fsf/lineage-inheritance"
    ] is Outcome.PASS
    osaid = {f.rule: f.outcome for f in batched[("m1", "osaid")].findings}
    assert osaid["osaid/lineage-inheritance"] is Outcome.FAIL  # through a dataset osaid skips
    assert osaid["osaid/open-washing"] is Outcome.FAIL
    (skipped,) = batched[("washed-data", "osaid")].findings
    assert skipped.outcome is Outcome.NOT_APPLICABLE
    assert {e.note for e in skipped.evidence} == {"CC-BY-NC-4.0"}
