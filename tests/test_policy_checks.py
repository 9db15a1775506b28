"""One Check description per check, read by the loader, the tables and the batch; and the
engine knowing a policy only through the protocols of openness.policy.base."""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from openness.model import Artifact, Role
from openness.policy import Outcome, PolicyError, check, load_policy_file
from openness.policy.base import (
    BatchedPolicy,
    CachingPolicy,
    Context,
    GraphPolicy,
    OptionInfo,
    RuleInfo,
    SignedPolicy,
    UpstreamSignedPolicy,
    is_batched,
    is_signed,
    offers,
)
from openness.policy.builtin.mof import MofPolicy
from openness.policy.builtin.reproducible import ReproduciblePolicy
from openness.policy.builtin.table import TablePolicy, slot_of
from openness.policy.registry import get_policy
from openness.policy.rules import CHECKS, Check, Param, ParamType, RuleSpec
from openness.policy.rules import slots as slot_kinds
from openness.policy.rules.view import ArtifactView
from openness.policy.verdict import Citation, Finding, Verdict

ROOT = Path(__file__).resolve().parent.parent

TOY_TOML = """\
[policy]
id = "acme-toy"
version = "1"
title = "Toy"
summary = "A policy of one added check."
citation = { document = "Acme" }

[[rules]]
id = "acme-toy/words"
check = "toy-words"
title = "The card says the word"
passes = "The declared license is the word."
{params}
"""


def _toy(spec: RuleSpec, view: ArtifactView) -> Finding:
    word = str(spec.params["word"])
    license_ = view.artifact.license
    ok = license_ is not None and str(license_) == word
    return Finding(
        rule=spec.id,
        subject="artifact",
        outcome=Outcome.PASS if ok else Outcome.FAIL,
        message=f"declares {license_}, wanted {word}",
        severity=spec.severity,
        how_to_fix=None if ok else f"declare {word}",
        citation=spec.citation,
    )


TOY = Check(
    "toy-words",
    _toy,
    slot_kinds.DECLARED,
    "the declared license is the rule's word",
    params=(Param("word", ParamType.STRING, "a license id", required=True),),
)


def test_every_check_is_described_once_under_its_name() -> None:
    assert list(CHECKS) == [
        "component-license",
        "source-code",
        "declared-license",
        "training-data",
        "lineage-inheritance",
        "open-washing",
        "license-texts",
        "retraining-cost",
        "documented",
    ]
    assert [c.name for c in CHECKS.values() if c.profile_only] == ["documented"]
    for name, described in CHECKS.items():
        assert isinstance(described, Check) and described.name == name
        assert "terms" in described.all_params  # every check reads terms
    assert [c.name for c in CHECKS.values() if c.reads_lineage] == [
        "lineage-inheritance",
        "open-washing",
    ]


def test_the_roles_a_check_reads_come_from_its_description() -> None:
    cite = Citation(document="d")
    source = RuleSpec("p/s", "source-code", "t", "p", cite, roles=(Role.SOURCE_CODE,))
    assert CHECKS["source-code"].roles_read(source) == {Role.SOURCE_CODE, Role.BINARIES}
    data = RuleSpec("p/d", "training-data", "t", "p", cite)
    assert slot_of(data) == (slot_kinds.TRAINING_DATA, (Role.DATASETS,))
    budget = RuleSpec("p/c", "retraining-cost", "t", "p", cite, params={"option": "flop"})
    assert CHECKS["retraining-cost"].option_read(budget) == "flop"
    assert slot_of(RuleSpec("p/x", "no-such-check", "t", "p", cite)) is None


def test_adding_a_check_is_adding_one_description(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(CHECKS, TOY.name, TOY)
    path = tmp_path / "toy.toml"
    # The loader checks the params against the check's schema, with file and line.
    path.write_text(TOY_TOML.replace("{params}", 'params = { colour = "red" }'), "utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy_file(path)
    problems = {p.path: p for p in info.value.problems}
    assert set(problems) == {"rules[0].params.colour", "rules[0].params"}
    assert problems["rules[0].params.colour"].message == (
        "toy-words reads no param 'colour'; it reads terms (a string), word (a license id)"
    )
    assert problems["rules[0].params"].message == "toy-words needs param 'word' (a license id)"
    assert all(p.file == str(path) for p in problems.values())
    assert problems["rules[0].params.colour"].line == 13
    # Given its params, the check judges through the table policy and the batch.
    path.write_text(TOY_TOML.replace("{params}", 'params = { word = "MIT" }'), "utf-8")
    policy = load_policy_file(path)
    artifacts = [
        Artifact.model_validate({"id": i, "kind": "model", "license": lic})
        for i, lic in (("a", "MIT"), ("b", "Apache-2.0"), ("c", "MIT"))
    ]
    verdicts = check(artifacts, [policy])
    assert [v.outcome for v in verdicts] == [Outcome.PASS, Outcome.FAIL, Outcome.PASS]
    assert verdicts[1].findings[0].message == "declares Apache-2.0, wanted MIT"


def test_built_in_policies_offer_the_engine_what_they_declare() -> None:
    table = get_policy("osaid")
    assert isinstance(table, TablePolicy)
    for protocol in (UpstreamSignedPolicy, BatchedPolicy, CachingPolicy):
        assert isinstance(table, protocol) and offers(table, protocol)
    mof, reproducible = get_policy("mof"), get_policy("reproducible")
    assert isinstance(mof, MofPolicy) and isinstance(reproducible, ReproduciblePolicy)
    for graph_policy in (mof, reproducible):
        assert offers(graph_policy, GraphPolicy)
        assert not is_signed(graph_policy) and not is_batched(graph_policy)
    assert offers(mof, CachingPolicy)


class _Plain:
    """A third-party policy offering the Policy protocol only."""

    id = "plain"
    version = "1"
    title = "Plain"
    summary = "Declared licenses pass."
    levels: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.evaluated: list[str] = []

    def rules(self) -> Sequence[RuleInfo]:
        return []

    def options(self) -> Mapping[str, OptionInfo]:
        return {}

    def data_hash(self) -> str:
        return "0"

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        self.evaluated.append(artifact.id)
        outcome = Outcome.PASS if artifact.license is not None else Outcome.UNKNOWN
        return Verdict(artifact=artifact.id, policy=self.id, policy_version="1", outcome=outcome)


class _Signed(_Plain):
    """A third-party policy whose verdicts the engine may share (a signature, no upstream
    signature)."""

    id = "signed"

    def signature(self, artifact: Artifact) -> Any:
        return (artifact.license is None, tuple(e.relation for e in artifact.lineage))


def test_the_engine_judges_a_policy_through_the_protocols_it_offers() -> None:
    artifacts = [
        Artifact.model_validate({"id": i, "kind": "model", "license": "MIT"}) for i in "abc"
    ] + [Artifact.model_validate({"id": "d", "kind": "model"})]
    plain, signed = _Plain(), _Signed()
    assert not is_signed(plain) and is_signed(signed)
    assert not isinstance(signed, UpstreamSignedPolicy)
    verdicts = check(artifacts, [plain, signed])
    outcomes = [(v.artifact, v.policy, v.outcome) for v in verdicts]
    assert outcomes == [
        (a, p, Outcome.UNKNOWN if a == "d" else Outcome.PASS)
        for a in "abcd"
        for p in ("plain", "signed")
    ]
    assert plain.evaluated == ["a", "b", "c", "d"]  # no signature: every artifact judged
    assert signed.evaluated == ["a", "d"]  # equal signatures share one body
    assert isinstance(plain, SignedPolicy) is False


def test_the_engine_imports_no_built_in_policy() -> None:
    for name in ("engine", "memo", "plan", "compare", "base", "run"):
        tree = ast.parse((ROOT / "openness" / "policy" / f"{name}.py").read_text("utf-8"))
        imported = {
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        } | {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not {m for m in imported if m.startswith("openness.policy.builtin")}, name
        source = (ROOT / "openness" / "policy" / f"{name}.py").read_text("utf-8")
        assert ("getattr(" not in source and "hasattr(" not in source) or name == "base", name
