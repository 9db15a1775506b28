"""What the engine shares between artifacts (verdict bodies, findings, references, costs along
the lineage) never changes a verdict: every built-in policy, judged over a varied lineage graph,
gives what judging each artifact afresh gives; and the fast paths (the evaluation order, verdict
construction, the cost to rebuild) agree with their plain counterparts."""

from __future__ import annotations

import copy
import dataclasses
import random
from collections.abc import Mapping
from typing import Any

import pytest

from openness.lineage import LineageGraph
from openness.model import Artifact
from openness.policy import Context, UpstreamVerdict, Verdict, check, get_policy
from openness.policy.builtin.mof import MofPolicy
from openness.policy.builtin.reproducible import ReproduciblePolicy, rebuild_cost
from openness.policy.engine import _plan
from openness.policy.registry import builtin_ids, default_ids, resolve_options
from openness.policy.verdict import Finding, Outcome, UpstreamRef

LICENSES = [
    "Apache-2.0",
    "MIT",
    "CC-BY-NC-4.0",
    "NOASSERTION",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "CC-BY-SA-4.0",
    "GPL-3.0-only OR MIT",
    "OpenMDW-1.0",
    "LicenseRef-unknown-terms",
]
AVAILABILITY = ["included", "not-released", "gated", "third-party", None]
RELATIONS = ["fine-tuned-from", "quantized-from", "adapter-of", "distilled-from", "tested-on"]
SHA = "a" * 64


def _component(rng: random.Random, role: str) -> dict[str, Any]:
    component: dict[str, Any] = {"role": role, "availability": rng.choice(AVAILABILITY)}
    if rng.random() < 0.6:
        component["license"] = rng.choice(LICENSES)
    if rng.random() < 0.15:
        component["name"] = rng.choice(["weights", "code"])
    if rng.random() < 0.15:
        component["revision"] = rng.choice(["v1", "abc123"])
    if rng.random() < 0.1:
        component["digests"] = {"sha256": SHA}
    if rng.random() < 0.1:
        component["files"] = [{"path": "a.bin", "digests": {"sha256": SHA}}]
    if rng.random() < 0.1:
        component["location"] = "https://example.org/x"
    if rng.random() < 0.1:
        component["evidence"] = [{"source": "card.md", "locator": "license"}]
    return component


def varied_facts(rng: random.Random) -> dict[str, Any]:
    """A model's own facts: kind, components, licenses, version, compute, recipe."""
    roles = rng.sample(
        [
            "model-parameters-final",
            "training-code",
            "inference-code",
            "datasets",
            "model-card",
            "configuration",
            "tokenizer",
            "technical-report",
            "license-text",
            "research-paper",
            "datasheet",
            "data-files",
        ],
        rng.randint(1, 6),
    )
    artifact: dict[str, Any] = {
        "kind": rng.choice(["model"] * 6 + ["system", "software"]),
        "components": [_component(rng, role) for role in roles],
    }
    if rng.random() < 0.8:
        artifact["license"] = rng.choice(LICENSES)
    if rng.random() < 0.2:
        artifact["release_licenses"] = {"document": rng.choice(LICENSES)}
    if rng.random() < 0.2:
        artifact["version"] = "2"
    facts: dict[str, Any] = {}
    if rng.random() < 0.3:
        facts["training"] = {
            "training_flop": rng.choice([1e19, 1e23]),
            "accelerator_hours": rng.choice([None, 100.0]),
            "accelerator": rng.choice([None, "A100"]),
        }
    if rng.random() < 0.2:
        facts["recipe"] = {
            "config": "train.yaml",
            "seeds": rng.choice([[], [1]]),
            "frameworks": rng.choice([{}, {"torch": "2"}]),
        }
    artifact["facts"] = facts
    return artifact


def varied(n: int, seed: int = 11, alike: bool = False) -> list[Artifact]:
    """Datasets, base models and chains of derivatives (fine-tunes, quantisations, merges of
    two parents, diamonds), with and without evidence, names bound by naming rules, versions,
    recipes, compute, pins, and edges to artifacts that are not loaded. ``alike``: the models'
    own facts are drawn from a few sets (as on the Hub, where most derivatives list the same
    files), so that many artifacts share them and differ only in their lineage."""
    rng = random.Random(seed)
    shared = random.Random(seed + 1)
    templates = [varied_facts(shared) for _ in range(4)]
    out: list[dict[str, Any]] = []
    models: list[str] = []
    for i in range(6):
        lic = rng.choice(LICENSES)
        dataset: dict[str, Any] = {"id": f"d{i}", "kind": "dataset", "license": lic}
        if i % 2:
            dataset["components"] = [_component(rng, "data-files"), _component(rng, "datasheet")]
        if i % 3 == 0:
            dataset["url"] = "https://example.org/data"
            dataset["version"] = "1.0"
        out.append(dataset)
    for i, version in enumerate([None, "1", None, "2"]):  # alike but for their versions
        twin: dict[str, Any] = {
            "id": f"t{i}",
            "kind": "dataset",
            "license": "CC-BY-4.0",
            "components": [{"role": "data-files", "availability": "included"}],
        }
        if version:
            twin["version"] = version
        out.append(twin)
    for i in range(n):
        aid = f"m{i}"
        facts = copy.deepcopy(rng.choice(templates)) if alike else varied_facts(rng)
        artifact: dict[str, Any] = {"id": aid, "name": rng.choice(["Llama-ish", "Other", None])}
        artifact.update(facts)
        if alike and rng.random() < 0.3:  # what only some policies read, varied apart
            artifact["facts"]["recipe"] = {"config": "other.yaml", "seeds": [rng.randrange(3)]}
        if alike and rng.random() < 0.2:
            artifact["version"] = rng.choice(["1", "2"])
        if alike and rng.random() < 0.2:
            component = rng.choice(artifact["components"])
            component[rng.choice(["name", "revision"])] = rng.choice(["x", "y"])
        if rng.random() < 0.3:
            artifact["evidence"] = [{"source": f"cards/{aid}.md"}]
        lineage: list[dict[str, Any]] = []
        if models and rng.random() < 0.85:
            parent = rng.choice(models[-25:])
            relation = rng.choice(RELATIONS)
            edge: dict[str, Any] = {"relation": relation, "target": parent}
            if rng.random() < 0.2:
                edge["revision"] = "r1"
            lineage.append(edge)
            if rng.random() < 0.2:
                other = rng.choice(models)
                if other != parent:
                    lineage = [
                        {"relation": "merged-from", "target": parent},
                        {"relation": "merged-from", "target": other},
                    ]
        if rng.random() < 0.4:
            target = rng.choice([f"d{rng.randrange(6)}", f"t{rng.randrange(4)}"])
            lineage.append({"relation": "trained-on", "target": target})
        if rng.random() < 0.05:
            lineage.append({"relation": "fine-tuned-from", "target": "not-loaded"})
        artifact["lineage"] = lineage
        out.append(artifact)
        models.append(aid)
    return [Artifact.model_validate(a) for a in out]


class _Forgetful(dict[Any, Any]):
    """A cache that keeps nothing."""

    def __setitem__(self, key: Any, value: Any) -> None:
        pass


class _UnsharedReproducible(ReproduciblePolicy):
    """The ``reproducible`` policy sharing no findings between artifacts."""

    def _run_for(self, graph: LineageGraph, options: Mapping[str, Any]) -> Any:
        run = super()._run_for(graph, options)
        run.own, run.edges = _Forgetful(), _Forgetful()
        return run


class _UnsharedMof(MofPolicy):
    """The ``mof`` policy sharing no verdict bodies between artifacts."""

    def clear_cache(self) -> None:
        super().clear_cache()
        self._bodies = _Forgetful()


_UNSHARED: dict[str, type] = {"reproducible": _UnsharedReproducible, "mof": _UnsharedMof}


def _fresh(
    artifacts: list[Artifact], policy_id: str, strict: bool
) -> dict[str, tuple[Verdict, tuple[UpstreamRef, ...]]]:
    """Each artifact judged by a new instance of the policy with every cache cleared (and for
    ``mof`` and ``reproducible``, none kept), given the upstream verdicts judged the same way;
    with the references the engine should make."""
    graph = LineageGraph.build(artifacts)
    options = resolve_options(get_policy(policy_id), None)
    out: dict[str, tuple[Verdict, tuple[UpstreamRef, ...]]] = {}
    for artifact in graph.topological_order():
        policy = _UNSHARED.get(policy_id, type(get_policy(policy_id)))()
        clear = getattr(policy, "clear_cache", None)
        if callable(clear):
            clear()
        present = [e for e in artifact.lineage if e.target in graph.artifacts]
        upstream = tuple(
            UpstreamVerdict(e, graph.artifacts[e.target], out[e.target][0]) for e in present
        )
        verdict = policy.evaluate(artifact, Context(graph, upstream, options))
        if strict:
            verdict = verdict.as_strict()
        refs = tuple(
            UpstreamRef(
                e.target, e.relation.value, out[e.target][0].outcome, out[e.target][0].level
            )
            for e in present
        )
        out[artifact.id] = (verdict, refs)
    return out


@pytest.mark.parametrize(("strict", "alike"), [(False, False), (True, False), (False, True)])
def test_every_policy_shares_nothing_it_should_not(strict: bool, alike: bool) -> None:
    artifacts = varied(160, alike=alike)
    ids = builtin_ids()
    verdicts = check(artifacts, ids, strict=strict)
    assert len(verdicts) == len(artifacts) * len(ids)
    fresh = {pid: _fresh(artifacts, pid, strict) for pid in ids}
    for verdict in verdicts:
        expected, refs = fresh[verdict.policy][verdict.artifact]
        got, want = verdict.to_dict(), expected.to_dict()
        got.pop("upstream")
        want.pop("upstream")
        assert got == want, (verdict.artifact, verdict.policy)
        assert verdict.upstream == refs, (verdict.artifact, verdict.policy)
        # Evidence names the artifact judged ("artifact", its id, or its own sources), or a
        # lineage edge: never another artifact that happened to share its facts.
        artifact = next(a for a in artifacts if a.id == verdict.artifact)
        own = {"artifact", artifact.id, *(e.source for e in artifact.evidence)}
        for finding in verdict.all_findings():
            for evidence in finding.evidence:
                source = evidence.source
                assert source in own or source.startswith(("lineage[", "card.md")), source
    outcomes = {v.outcome for v in verdicts}
    assert outcomes >= ({Outcome.FAIL} if strict else {Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN})


def test_evaluation_order_is_the_topological_order() -> None:
    artifacts = varied(120, seed=3)
    graph = LineageGraph.build(artifacts)
    plan = list(_plan(graph))
    assert [a.id for a, _ in plan] == [a.id for a in graph.topological_order()]
    for artifact, (present, keys) in plan:
        loaded = [e for e in artifact.lineage if e.target in graph.artifacts]
        assert list(present) == loaded
        assert keys == [(e.target, e.relation) for e in loaded]


def test_cost_to_rebuild_along_the_lineage_matches_summing_it_afresh() -> None:
    artifacts = varied(160, seed=7)
    graph = LineageGraph.build(artifacts)
    verdicts = check(artifacts, ["reproducible"])
    assert len(verdicts) == len(artifacts)
    policy = ReproduciblePolicy()
    retrained_upstream = 0
    for verdict in verdicts:
        cost = verdict.findings[-1]
        assert cost.rule == "reproducible/rebuild-cost"
        afresh = rebuild_cost(graph.artifacts[verdict.artifact], graph)
        assert cost.message.startswith(afresh.describe()), verdict.artifact
        # The whole finding (what is not stated, how to fix it), however it was made: from
        # the upstream model's cost with this model's id put in, or summed.
        expected = policy._cost_finding(afresh)
        assert (cost.outcome, cost.message, cost.how_to_fix, cost.evidence) == (
            expected.outcome,
            expected.message,
            expected.how_to_fix,
            expected.evidence,
        ), verdict.artifact
        if afresh.models[:1] == (verdict.artifact,) and len(afresh.models) > 1:
            retrained_upstream += 1
            # Lineage order: the artifact first, then the models it is rebuilt from.
            assert f"model(s): {verdict.artifact}, " in cost.message
    assert retrained_upstream > 20


def test_long_lineage_stops_summing_the_cost() -> None:
    chain = [{"id": "m0", "kind": "model", "facts": {"training": {"training_flop": 1e20}}}]
    chain += [
        {
            "id": f"m{i}",
            "kind": "model",
            "lineage": [{"relation": "fine-tuned-from", "target": f"m{i - 1}"}],
        }
        for i in range(1, 105)
    ]
    artifacts = [Artifact.model_validate(a) for a in chain]
    graph = LineageGraph.build(artifacts)
    for verdict in check(artifacts, ["reproducible"]):
        described = rebuild_cost(graph.artifacts[verdict.artifact], graph).describe()
        assert verdict.findings[-1].message.startswith(described)
    assert "not summed" in check(artifacts, ["reproducible"])[-1].findings[-1].message


def test_verdicts_and_findings_are_built_as_frozen_dataclasses_are() -> None:
    finding = Finding("r", "artifact", Outcome.PASS, "fine")
    assert finding.severity.value == "error" and finding.how_to_fix is None
    verdict = Verdict("a", "p", "1", Outcome.UNKNOWN, findings=(finding,), levels=("x",))
    assert type(verdict) is Verdict
    assert verdict == Verdict("a", "p", "1", Outcome.UNKNOWN, None, (finding,), "", (), False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.outcome = Outcome.PASS  # type: ignore[misc]
    assert dataclasses.replace(verdict, strict=True).strict
    assert verdict.as_strict().outcome is Outcome.FAIL
    with pytest.raises(ValueError, match="how_to_fix"):
        Finding("r", "artifact", Outcome.FAIL, "broken")
    with pytest.raises(TypeError):
        Verdict("a", "p")  # type: ignore[call-arg]

    class Subclass(Verdict):
        __slots__ = ()

    sub = Subclass("a", "p", "1", Outcome.PASS)
    assert type(sub) is Subclass and sub.artifact == "a"


def test_table_outcome_in_one_pass_is_outcome_combine() -> None:
    """The one-pass outcome of a table policy without levels equals ``Outcome.combine`` of
    its error findings, whatever the mix of outcomes and severities."""
    from itertools import product

    from openness.policy.builtin.table import _combined
    from openness.policy.verdict import FindingSeverity

    kinds = [
        Finding("r", "artifact", outcome, "m", severity, "fix")
        for outcome in Outcome
        for severity in (FindingSeverity.ERROR, FindingSeverity.WARNING)
    ]
    for size in range(4):
        for findings in product(kinds, repeat=size):
            errors = [f.outcome for f in findings if f.severity is FindingSeverity.ERROR]
            assert _combined(list(findings)) is Outcome.combine(errors), findings


def test_policies_keep_nothing_of_a_graph_once_checked() -> None:
    """The built-in policies are made once per process: after a check, none of them keeps an
    artifact of the graph it judged alive (``reproducible``'s assessments, the lineage analyses
    cached per upstream artifact)."""
    import gc
    import weakref

    artifacts = varied(60, seed=5)
    refs = [weakref.ref(a) for a in artifacts]
    verdicts = check(artifacts)
    assert len(verdicts) == len(refs) * len(default_ids())
    policy = get_policy("reproducible")
    assert isinstance(policy, ReproduciblePolicy)
    assert getattr(policy, "_run", None) is None
    del artifacts, verdicts
    gc.collect()
    assert [r() for r in refs if r() is not None] == []
