"""Documentation-completeness profiles (issue 17): ``g7-sbom-ai``, ``eu-ai-act-gpai`` and
``owasp-aibom``: one cited finding per documentation item, the weighted share satisfied as a
percentage level, pass when every required item is satisfied."""

from __future__ import annotations

import copy
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from support_reporting import run

from openness.cli.main import cli
from openness.loading import load
from openness.model import Artifact
from openness.policy.builtin.completeness import CompletenessPolicy, load_profile, percent
from openness.policy.engine import check
from openness.policy.registry import PolicyError, default_ids, get_policy, policy_ids
from openness.policy.verdict import FindingSeverity, Outcome, Verdict
from openness.reporters.schema import report_schema

DATA = Path(__file__).parent / "data"
COMPLETE = DATA / "completeness" / "complete.yaml"
AMBER = DATA / "mot" / "models" / "Amber.yml"  # a real release, from the Model Openness Tool
CARDS = DATA / "hf" / "cards"
PROFILES = ("g7-sbom-ai", "eu-ai-act-gpai", "owasp-aibom")
MODEL_ID = "example/complete-7b"


def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPLETE.read_text())
    return data


def _artifacts(manifest: dict[str, Any]) -> list[Artifact]:
    return [Artifact.model_validate(a) for a in manifest["artifacts"]]


def _verdict(policy_id: str, manifest: dict[str, Any]) -> Verdict:
    verdicts = check(_artifacts(manifest), [policy_id])
    return next(v for v in verdicts if v.artifact == MODEL_ID)


def _profile(policy_id: str) -> CompletenessPolicy:
    policy = get_policy(policy_id)
    assert isinstance(policy, CompletenessPolicy)
    return policy


def _weight(policy: CompletenessPolicy, rule: str) -> float:
    spec = next(s for s in policy.table.rules if s.id == rule)
    return float(spec.params.get("weight", 1))


def _remove(manifest: dict[str, Any], path: str) -> dict[str, Any]:
    """The manifest with one field path (as the profiles name them) removed from the model."""
    out = copy.deepcopy(manifest)
    model = out["artifacts"][0]
    head, _, rest = path.partition(".")
    if head == "facts":
        sub, _, leaf = rest.partition(".")
        if leaf:
            model["facts"][sub].pop(leaf)
        else:
            model["facts"].pop(sub)
    elif head == "lineage":
        model["lineage"] = [e for e in model["lineage"] if e["relation"] != rest]
    elif head == "components":
        role, _, attr = rest.partition(".")
        chosen = [c for c in model["components"] if role in ("any", c["role"])]
        if attr:
            for component in chosen:
                component.pop(attr, None)
        else:
            model["components"] = [c for c in model["components"] if c not in chosen]
    elif head == "extra":
        model["extra"].pop(rest)
    else:
        model.pop(path)
    return out


def _items(policy_id: str) -> list[tuple[str, str]]:
    """(profile, rule) for every item whose fields can be removed (not ``id`` or ``kind``)."""
    policy = _profile(policy_id)
    return [
        (policy_id, spec.id)
        for spec in policy.table.rules
        if not set(spec.params["fields"]) & {"id", "kind"}
    ]


# -- the complete artifact and the level arithmetic ---------------------------------------------


@pytest.mark.parametrize("policy_id", PROFILES)
def test_a_complete_artifact_is_100_percent_and_passes(policy_id: str) -> None:
    verdict = _verdict(policy_id, _manifest())
    assert (verdict.outcome, verdict.level) == (Outcome.PASS, "100%")
    policy = _profile(policy_id)
    assert len(verdict.findings) == len(policy.table.rules)
    assert all(f.outcome is Outcome.PASS for f in verdict.findings)


def test_percent_rounds_down_so_only_complete_is_100() -> None:
    assert percent(13, 18) == "72%"
    assert percent(99.99, 100) == "99%"
    assert percent(100 - 1e-12, 100) == "100%"  # float sums of equal shares
    assert percent(0, 17) == "0%"


def test_owasp_weights_are_its_category_points() -> None:
    policy = _profile("owasp-aibom")
    weights = [float(s.params["weight"]) for s in policy.table.rules]
    assert sum(weights) == pytest.approx(100)
    assert _weight(policy, "owasp-aibom/bom-envelope") == 20  # 4 fields x 5 points
    assert _weight(policy, "owasp-aibom/supplied-by") == 4  # metadata: 20 / 5
    assert _weight(policy, "owasp-aibom/purl") == pytest.approx(20 / 7)
    assert _weight(policy, "owasp-aibom/datasets") == pytest.approx(30 / 17)
    assert _weight(policy, "owasp-aibom/paper") == 2.5  # external references: 10 / 4
    # required = the generator's critical tier
    required = {s.id for s in policy.table.rules if s.severity is FindingSeverity.ERROR}
    assert required == {
        f"owasp-aibom/{name}"
        for name in (
            "bom-envelope",
            "primary-purpose",
            "supplied-by",
            "name",
            "type",
            "component-version",
        )
    }


@pytest.mark.parametrize(
    ("policy_id", "path", "rule", "level", "outcome"),
    [
        ("g7-sbom-ai", "supplier", "g7-sbom-ai/manufacturer", "91%", Outcome.FAIL),  # 11/12
        ("eu-ai-act-gpai", "facts.training.energy_kwh", "eu-ai-act-gpai/energy", "94%", "fail"),
        # a systemic-risk item is recommended: counted in the level, not in the outcome
        ("eu-ai-act-gpai", "facts.evaluation", "eu-ai-act-gpai/evaluation", "94%", "pass"),
        ("owasp-aibom", "extra.autonomyType", "owasp-aibom/autonomy-type", "96%", "pass"),
        ("owasp-aibom", "supplier", "owasp-aibom/supplied-by", "96%", "fail"),  # critical, 4 pts
        ("owasp-aibom", "purl", "owasp-aibom/purl", "97%", "pass"),  # 100 - 20/7
    ],
)
def test_removing_one_item_drops_its_weight(
    policy_id: str, path: str, rule: str, level: str, outcome: str
) -> None:
    verdict = _verdict(policy_id, _remove(_manifest(), path))
    assert verdict.level == level
    assert verdict.outcome is Outcome(outcome)
    failing = [f for f in verdict.findings if f.outcome is Outcome.FAIL]
    assert [f.rule for f in failing] == [rule]
    finding = failing[0]
    assert path in finding.message
    assert finding.how_to_fix
    assert finding.citation.document and finding.citation.url and finding.citation.section


@pytest.mark.parametrize(("policy_id", "rule"), [i for p in PROFILES for i in _items(p)])
def test_every_item_fails_alone_with_its_citation(policy_id: str, rule: str) -> None:
    policy = _profile(policy_id)
    spec = next(s for s in policy.table.rules if s.id == rule)
    manifest = _manifest()
    for path in spec.params["fields"]:
        manifest = _remove(manifest, path)
    verdict = _verdict(policy_id, manifest)
    failing = {f.rule: f for f in verdict.findings if f.outcome is Outcome.FAIL}
    assert rule in failing
    finding = failing[rule]
    assert finding.citation == spec.citation and finding.citation.url
    assert finding.how_to_fix
    lost = sum(_weight(policy, r) for r in failing)
    total = sum(_weight(policy, s.id) for s in policy.table.rules)
    assert verdict.level == percent(total - lost, total)
    required = any(failing[r].severity is FindingSeverity.ERROR for r in failing)
    assert verdict.outcome is (Outcome.FAIL if required else Outcome.PASS)


def test_match_any_needs_one_field_and_all_needs_every_one() -> None:
    # eu-ai-act-gpai/compute is any of FLOP and accelerator hours
    one = _remove(_manifest(), "facts.training.training_flop")
    assert _verdict("eu-ai-act-gpai", one).level == "100%"
    both = _remove(one, "facts.training.accelerator_hours")
    assert _verdict("eu-ai-act-gpai", both).level == "94%"
    # eu-ai-act-gpai/architecture is all of the architecture and the parameter count
    verdict = _verdict("eu-ai-act-gpai", _remove(_manifest(), "facts.parameters"))
    finding = next(f for f in verdict.findings if f.rule == "eu-ai-act-gpai/architecture")
    assert finding.outcome is Outcome.FAIL
    assert finding.how_to_fix == "state facts.parameters"


def test_empty_values_are_absent() -> None:
    manifest = _manifest()
    manifest["artifacts"][0]["facts"]["limitations"] = []
    manifest["artifacts"][0]["facts"]["risks"] = []
    manifest["artifacts"][0]["supplier"] = "  "
    verdict = _verdict("g7-sbom-ai", manifest)
    failing = {f.rule for f in verdict.findings if f.outcome is Outcome.FAIL}
    assert failing == {"g7-sbom-ai/safety-considerations", "g7-sbom-ai/manufacturer"}
    assert verdict.level == percent(10, 12) == "83%"


@pytest.mark.parametrize("policy_id", PROFILES)
def test_other_kinds_are_not_applicable(policy_id: str) -> None:
    verdicts = check(_artifacts(_manifest()), [policy_id])
    dataset = next(v for v in verdicts if v.artifact == "example/corpus")
    assert dataset.outcome is Outcome.NOT_APPLICABLE
    assert dataset.level is None
    assert [f.rule for f in dataset.findings] == [f"{policy_id}/applies-to"]


def test_artifacts_sharing_a_run_get_their_own_levels() -> None:
    # verdict bodies are shared by signature: artifacts that differ in one field must not share
    manifest = _manifest()
    other = copy.deepcopy(manifest["artifacts"][0])
    other["id"] = "example/undocumented"
    other.pop("supplier")
    other["facts"].pop("evaluation")
    twin = copy.deepcopy(manifest["artifacts"][0])
    twin["id"] = "example/twin"
    manifest["artifacts"] += [other, twin]
    levels = {v.artifact: v.level for v in check(_artifacts(manifest), ["g7-sbom-ai"])}
    assert levels[MODEL_ID] == levels["example/twin"] == "100%"
    assert levels["example/undocumented"] == percent(10, 12)


def test_a_real_release_from_the_model_openness_tool() -> None:
    loaded = load([AMBER], quiet=True)
    verdicts = check(loaded.artifacts, list(PROFILES))
    by_policy = {v.policy: v for v in verdicts}
    for verdict in by_policy.values():
        assert verdict.outcome is Outcome.FAIL
        assert verdict.level is not None and verdict.level.endswith("%")
        assert 0 < int(verdict.level[:-1]) < 100
    g7 = {f.rule: f.outcome for f in by_policy["g7-sbom-ai"].findings}
    assert g7["g7-sbom-ai/license"] is Outcome.PASS  # MOT states the licenses
    assert g7["g7-sbom-ai/kpis"] is Outcome.FAIL  # and no evaluation results


# -- the profile tables ---------------------------------------------------------------------------


def _table(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "policy": {
            "id": "my-profile",
            "version": "1",
            "title": "Mine",
            "summary": "Mine.",
            "citation": {"document": "Our handbook", "url": "https://example.org/handbook"},
        },
        "rules": rules,
    }


def _rule(**params: Any) -> dict[str, Any]:
    return {
        "id": "my-profile/x",
        "check": "documented",
        "title": "X",
        "passes": "X is stated.",
        "params": params,
    }


@pytest.mark.parametrize(
    ("params", "where", "says"),
    [
        ({"fields": ["facts.colour"]}, "rules[0].params.fields[0]", "is not a fact"),
        ({"fields": ["components.weights"]}, "rules[0].params.fields[0]", "unknown role"),
        ({"fields": ["lineage.copied-from"]}, "rules[0].params.fields[0]", "unknown relation"),
        ({"fields": ["nonsense"]}, "rules[0].params.fields[0]", "is not a documented field"),
        ({"fields": []}, "rules[0].params.fields", "non-empty list"),
        ({"fields": ["name"], "match": "some"}, "rules[0].params.match", "'all' or 'any'"),
        ({"fields": ["name"], "weight": 0}, "rules[0].params.weight", "positive number"),
    ],
)
def test_bad_items_are_named(params: dict[str, Any], where: str, says: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_profile(_table([_rule(**params)]), "mine.toml")
    problems = caught.value.problems
    assert [(p.file, p.path) for p in problems] == [("mine.toml", where)]
    assert says in problems[0].message


def test_a_profile_rule_must_be_documented() -> None:
    rule = {**_rule(), "check": "declared-license"}
    rule.pop("params")
    with pytest.raises(PolicyError) as caught:
        load_profile(_table([rule]), "mine.toml")
    assert "'documented' check" in caught.value.problems[0].message


def test_a_user_profile_from_a_table() -> None:
    table = load_profile(_table([_rule(fields=["name", "supplier"], match="any")]), "m.toml")
    policy = CompletenessPolicy(table)
    verdicts = check(_artifacts(_manifest()), [policy])
    assert next(v for v in verdicts if v.artifact == MODEL_ID).level == "100%"


# -- listing, CLI and reporters -------------------------------------------------------------------


def test_listed_but_not_run_by_default() -> None:
    assert set(PROFILES) <= set(policy_ids())
    assert not set(PROFILES) & set(default_ids())
    result = CliRunner().invoke(cli, ["policies"])
    assert result.exit_code == 0
    for policy_id in PROFILES:
        assert policy_id in result.output
    assert "G7/BSI SBOM for AI minimum elements" in result.output
    shown = CliRunner().invoke(cli, ["policies", "owasp-aibom"])
    assert shown.exit_code == 0
    assert "owasp-aibom/supplied-by" in shown.output


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    proc = run(*args, cwd=Path(__file__).parent.parent)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_cli_exit_codes() -> None:
    assert _run("check", "-q", "-p", "g7-sbom-ai", str(COMPLETE)).returncode == 0
    failing = _run("check", "-q", "-p", "g7-sbom-ai", str(AMBER))
    assert failing.returncode == 1
    assert "fail (" in failing.stdout and "%)" in failing.stdout
    assert _run("check", "-q", "-p", "g7-sbom-ai", str(DATA / "missing.yaml")).returncode == 2


def test_cli_json_report_validates(tmp_path: Path) -> None:
    manifest = _remove(_manifest(), "supplier")
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(manifest))
    chosen = [a for p in PROFILES for a in ("-p", p)]
    proc = _run("check", "-q", *chosen, str(path), "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)
    levels = {v["policy"]: v["level"] for v in data if v["artifact"] == MODEL_ID}
    assert levels == {"g7-sbom-ai": "91%", "eu-ai-act-gpai": "94%", "owasp-aibom": "96%"}


@pytest.mark.parametrize("fmt", ["sarif", "junit", "html", "markdown"])
def test_cli_other_reporters(fmt: str, tmp_path: Path) -> None:
    manifest = _remove(_manifest(), "supplier")
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(manifest))
    proc = _run("check", "-q", "-p", "g7-sbom-ai", str(path), "--format", fmt)
    assert proc.returncode == 1
    assert "g7-sbom-ai/manufacturer" in proc.stdout
    if fmt == "sarif":
        results = json.loads(proc.stdout)["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["g7-sbom-ai/manufacturer"]
    if fmt == "junit":
        ET.fromstring(proc.stdout)
    if fmt in ("html", "markdown"):
        assert "91%" in proc.stdout


def test_cli_compare() -> None:
    proc = _run("compare", "-p", "g7-sbom-ai", "-p", "owasp-aibom", str(COMPLETE), str(AMBER))
    assert proc.returncode in (0, 1)
    assert "g7-sbom-ai" in proc.stdout and "100%" in proc.stdout


def test_cards_are_scored() -> None:
    loaded = load(sorted(CARDS.glob("*.md")), quiet=True)
    verdicts = check(loaded.artifacts, ["owasp-aibom"])
    models = [v for v in verdicts if v.outcome is not Outcome.NOT_APPLICABLE]
    assert len(models) >= 5
    assert all(v.level is not None and v.level.endswith("%") for v in models)


def test_the_shared_mask_agrees_with_each_field_test() -> None:
    # the profiles read presence from one bit mask; the findings from each field's own test
    from openness.policy.builtin.completeness import _FIELDS
    from openness.policy.rules.documented import field_getter

    for policy_id in PROFILES:
        _profile(policy_id)  # registers its fields
    variants = [_manifest()]
    for path in list(_FIELDS.bits):
        if path not in ("id", "kind"):
            variants.append(_remove(_manifest(), path))
    bare = _manifest()
    bare["artifacts"][0] = {"id": "bare", "kind": "model"}
    variants.append(bare)
    for manifest in variants:
        artifact = _artifacts(manifest)[0]
        mask = _FIELDS.mask(artifact)
        for path, bit in _FIELDS.bits.items():
            assert bool(mask & bit) == field_getter(path)(artifact), path
