"""The ``mof`` policy's rules on small artifacts: cumulative classes, open and type-appropriate
licenses, release-wide licenses, the research paper for the technical report, and unknown
versus fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.licenses import Notion, evaluate
from openness.lineage import LineageGraph
from openness.loading import load
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    ContentType,
    Evidence,
    EvidenceKind,
    LicenseExpression,
    LineageEdge,
    Relation,
    Role,
)
from openness.policy.base import Context, Policy, UpstreamVerdict
from openness.policy.builtin.mof import MofPolicy, load_table
from openness.policy.verdict import Finding, FindingSeverity, Outcome, Verdict

POLICY = MofPolicy()
LLAMA = "LicenseRef-scancode-llama-3.1-license-2024"

# Type-appropriate licenses for every MOF component of Class III, II and I.
CLASS_3 = {
    Role.MODEL_ARCHITECTURE: "MIT",
    Role.MODEL_PARAMETERS_FINAL: "CDLA-Permissive-2.0",
    Role.TECHNICAL_REPORT: "CC-BY-4.0",
    Role.EVALUATION_RESULTS: "CC-BY-4.0",
    Role.MODEL_CARD: "CC-BY-4.0",
    Role.DATA_CARD: "CC-BY-4.0",
}
CLASS_2 = {
    Role.TRAINING_CODE: "Apache-2.0",
    Role.INFERENCE_CODE: "Apache-2.0",
    Role.EVALUATION_CODE: "MIT",
    Role.EVALUATION_DATA: "CC0-1.0",
}
CLASS_1 = {
    Role.DATASETS: "ODC-By-1.0",
    Role.DATA_PREPROCESSING_CODE: "Apache-2.0",
    Role.RESEARCH_PAPER: "CC-BY-4.0",
    Role.MODEL_PARAMETERS_INTERMEDIATE: "CDLA-Permissive-2.0",
}


def _model(
    licenses: dict[Role, str | None],
    *,
    license: str | None = None,
    release: dict[ContentType, str] | None = None,
    kind: ArtifactKind = ArtifactKind.MODEL,
    id: str = "model",
) -> Artifact:
    return Artifact(
        id=id,
        kind=kind,
        license=LicenseExpression.of(license) if license else None,
        release_licenses={k: LicenseExpression.of(v) for k, v in (release or {}).items()},
        components=[
            Component(role=role, license=LicenseExpression.of(lic) if lic else None)
            for role, lic in licenses.items()
        ],
        evidence=[Evidence(source="model.yaml", line=1)],
    )


def _judge(artifact: Artifact) -> Verdict:
    return POLICY.evaluate(artifact, Context(graph=LineageGraph.build([artifact])))


def _find(verdict: Verdict, rule: str, subject: str | None = None) -> list[Finding]:
    return [
        f for f in verdict.findings if f.rule == rule and (subject is None or f.subject == subject)
    ]


def test_is_a_policy() -> None:
    assert isinstance(POLICY, Policy)
    assert (POLICY.id, POLICY.levels) == ("mof", ("class-1", "class-2", "class-3"))
    assert POLICY.options() == {}
    assert len(POLICY.data_hash()) == 64
    assert POLICY.data_hash() == MofPolicy().data_hash()
    changed = load_table(
        Path(__file__).parent.parent.joinpath("openness/policy/data/mof.toml").read_bytes()
        + b"\n# a comment\n"
    )
    assert MofPolicy(changed).data_hash() != POLICY.data_hash()


@pytest.mark.parametrize(
    ("components", "level"),
    [
        ({**CLASS_3}, "class-3"),
        ({**CLASS_3, **CLASS_2}, "class-2"),
        ({**CLASS_3, **CLASS_2, **CLASS_1}, "class-1"),
        ({**CLASS_3, **CLASS_1}, "class-3"),  # cumulative: Class I needs Class II
    ],
)
def test_cumulative_classes(components: dict[Role, str | None], level: str) -> None:
    verdict = _judge(_model(components))
    assert (verdict.outcome, verdict.level) == (Outcome.PASS, level)
    assert not _find(verdict, "mof/type-appropriate-license")


def test_class_two_and_one_findings_say_how_to_reach_them() -> None:
    verdict = _judge(_model({**CLASS_3, Role.TRAINING_CODE: LLAMA}))
    assert verdict.level == "class-3"
    (training,) = _find(verdict, "mof/class-2", "components[6]")
    assert training.outcome is Outcome.FAIL and training.severity is FindingSeverity.INFO
    assert LLAMA in training.message
    assert training.how_to_fix == (
        "release the training code under an OSI-approved open source license (such as "
        "Apache-2.0 or MIT) to reach class-2 (Class II - Open Tooling Model)"
    )
    absent = [f for f in _find(verdict, "mof/class-1") if f.subject == "artifact"]
    assert len(absent) == 4 and all("to reach class-1" in (f.how_to_fix or "") for f in absent)


def test_missing_class_three_component_fails() -> None:
    components = {**CLASS_3, **CLASS_2}
    del components[Role.DATA_CARD]
    verdict = _judge(_model(components))
    assert (verdict.outcome, verdict.level) == (Outcome.FAIL, None)
    (card,) = [f for f in _find(verdict, "mof/class-3") if f.outcome is Outcome.FAIL]
    assert card.subject == "artifact"
    assert card.severity is FindingSeverity.ERROR
    assert "role data-card" in card.message and "to reach class-3" in (card.how_to_fix or "")
    assert card.citation is not None and card.citation.section == "Class III - Open Model"


@pytest.mark.parametrize(
    ("parameters", "outcome", "words"),
    [
        (LLAMA, Outcome.FAIL, "use-based restrictions"),
        ("CC-BY-NC-4.0", Outcome.FAIL, "non-commercial"),
        ("NONE", Outcome.FAIL, "without a license"),
        ("NOASSERTION", Outcome.UNKNOWN, "no license is stated ('NOASSERTION', declared on"),
        ("LicenseRef-acme-weights", Outcome.UNKNOWN, "no facts are known"),
        (None, Outcome.UNKNOWN, "no license is stated"),
        # Permissive by ScanCode's category only: MOT counts it as not open, and so do we.
        ("Xfig", Outcome.FAIL, "the MOF does not count it as open"),
    ],
)
def test_fail_versus_unknown(parameters: str | None, outcome: Outcome, words: str) -> None:
    verdict = _judge(_model({**CLASS_3, Role.MODEL_PARAMETERS_FINAL: parameters}))
    assert (verdict.outcome, verdict.level) == (outcome, None)
    (finding,) = _find(verdict, "mof/class-3", "components[1]")
    assert finding.outcome is outcome and words in finding.message
    assert "NOASSERTION:" not in finding.message and "NONE:" not in finding.message
    assert finding.how_to_fix and finding.citation
    if outcome is Outcome.UNKNOWN:
        assert verdict.as_strict().outcome is Outcome.FAIL
        assert "state the license" in finding.how_to_fix or "identify" in finding.how_to_fix


def test_scancode_permissive_differs_from_the_open_notion() -> None:
    """The knowledge base's ``open`` notion accepts Xfig by its category; the MOF does not."""
    assert evaluate("Xfig", Notion.OPEN).free
    assert POLICY.judge("Xfig").outcome is Outcome.FAIL
    # MOT's own open-data list counts, whatever the knowledge base has recorded.
    assert POLICY.judge("CC-BY-3.0-DE").outcome is Outcome.PASS


def test_not_released_component_fails() -> None:
    artifact = _model(CLASS_3)
    card = artifact.components[4].model_copy(update={"availability": Availability.NOT_RELEASED})
    artifact = artifact.model_copy(
        update={"components": [*artifact.components[:4], card, artifact.components[5]]}
    )
    verdict = _judge(artifact)
    assert verdict.outcome is Outcome.FAIL
    (finding,) = _find(verdict, "mof/class-3", "components[4]")
    assert "not released" in finding.message


def test_type_appropriate_license_is_a_warning() -> None:
    verdict = _judge(_model({**CLASS_3, Role.MODEL_PARAMETERS_FINAL: "Apache-2.0"}))
    assert (verdict.outcome, verdict.level) == (Outcome.PASS, "class-3")
    (warning,) = _find(verdict, "mof/type-appropriate-license")
    assert warning.severity is FindingSeverity.WARNING and warning.subject == "components[1]"
    assert "not a type-appropriate license for data" in warning.message
    assert "open data license" in (warning.how_to_fix or "")


def test_expressions_are_walked() -> None:
    verdict = _judge(_model({**CLASS_3, Role.MODEL_PARAMETERS_FINAL: f"CC0-1.0 OR {LLAMA}"}))
    assert verdict.level == "class-3"
    (finding,) = _find(verdict, "mof/class-3", "components[1]")
    assert "CC0-1.0 suffices" in finding.message
    assert [op.outcome for op in finding.findings] == [Outcome.PASS, Outcome.FAIL]
    verdict = _judge(_model({**CLASS_3, Role.MODEL_CARD: "CC-BY-4.0 AND CC-BY-NC-4.0"}))
    assert verdict.outcome is Outcome.FAIL
    (finding,) = _find(verdict, "mof/class-3", "components[4]")
    assert "CC-BY-NC-4.0" in finding.message and "AND needs every operand open" in finding.message


def test_release_wide_licenses_are_inherited_with_evidence() -> None:
    bare = dict.fromkeys({**CLASS_3, **CLASS_2}, None)
    release = {
        ContentType.CODE: "MIT",
        ContentType.DATA: "CDLA-Permissive-2.0",
        ContentType.DOCUMENT: "CC-BY-4.0",
    }
    verdict = _judge(_model(bare, release=release))
    assert (verdict.outcome, verdict.level) == (Outcome.PASS, "class-2")
    (architecture,) = _find(verdict, "mof/class-3", "components[0]")
    assert "'MIT' (inherited from the release-wide code license)" in architecture.message
    (inherited,) = [e for e in architecture.evidence if e.kind is EvidenceKind.INHERITED]
    assert (inherited.source, inherited.locator) == ("model.yaml", "release_licenses.code")


def test_distribution_license_applies_last() -> None:
    """MOT: a component's own license, else the release's license for its content type, else
    the distribution-wide license (``Artifact.license``)."""
    bare = dict.fromkeys(CLASS_3, None)
    bare[Role.MODEL_ARCHITECTURE] = "BSD-3-Clause"
    verdict = _judge(
        _model(bare, license="Apache-2.0", release={ContentType.DOCUMENT: "CC-BY-4.0"})
    )
    assert verdict.level == "class-3"
    messages = {f.subject: f for f in _find(verdict, "mof/class-3")}
    assert "'BSD-3-Clause' (declared on the component)" in messages["components[0]"].message
    assert (
        "'Apache-2.0' (inherited from the release's own license)"
        in messages["components[1]"].message
    )
    assert "(inherited from the release-wide document license)" in messages["components[4]"].message
    (evidence,) = [e for e in messages["components[1]"].evidence if e.kind.value == "inherited"]
    assert evidence.locator == "license"
    # Apache-2.0 is open but not a data license: counted, with a warning.
    assert _find(verdict, "mof/type-appropriate-license", "components[1]")


def test_research_paper_stands_in_for_the_technical_report() -> None:
    components = {**CLASS_3, **CLASS_2, **CLASS_1}
    del components[Role.TECHNICAL_REPORT]
    verdict = _judge(_model(components))
    assert verdict.level == "class-1"
    (report,) = [f for f in _find(verdict, "mof/class-3") if "technical report" in f.message]
    assert report.outcome is Outcome.PASS and "research paper stands in" in report.message
    assert [f.rule for f in report.findings] == ["mof/research-paper-for-technical-report"]
    # A technical report that is not open does not stop the paper from standing in (MOT).
    components[Role.TECHNICAL_REPORT] = "NONE"
    assert _judge(_model(components)).level == "class-1"


def test_technical_report_without_substitute() -> None:
    components = dict(CLASS_3)
    del components[Role.TECHNICAL_REPORT]
    assert _judge(_model(components)).outcome is Outcome.FAIL
    components[Role.RESEARCH_PAPER] = "LicenseRef-preprint-terms"
    verdict = _judge(_model(components))
    assert (verdict.outcome, verdict.level) == (Outcome.UNKNOWN, None)
    (report,) = [
        f for f in _find(verdict, "mof/class-3") if f.message.startswith("The technical report")
    ]
    assert report.outcome is Outcome.UNKNOWN
    assert "research paper" in (report.how_to_fix or "")
    assert "technical report" in (report.how_to_fix or "")


def test_only_models_and_systems() -> None:
    verdict = _judge(_model(CLASS_3, kind=ArtifactKind.DATASET))
    assert (verdict.outcome, verdict.level) == (Outcome.NOT_APPLICABLE, None)
    assert [f.rule for f in verdict.findings] == ["mof/applies-to-models"]
    assert _judge(_model(CLASS_3, kind=ArtifactKind.SYSTEM)).level == "class-3"


def test_upstream_verdicts_are_referenced() -> None:
    base = _model(CLASS_3, id="base")
    tuned = _model(CLASS_3, id="tuned").model_copy(
        update={"lineage": [LineageEdge(relation=Relation.FINE_TUNED_FROM, target="base")]}
    )
    graph = LineageGraph.build([base, tuned])
    upstream = UpstreamVerdict(tuned.lineage[0], base, POLICY.evaluate(base, Context(graph)))
    verdict = POLICY.evaluate(tuned, Context(graph, upstream=(upstream,)))
    (ref,) = verdict.upstream
    assert (ref.artifact, ref.relation, ref.level) == ("base", "fine-tuned-from", "class-3")


def test_verdicts_are_values() -> None:
    first, second = _model(CLASS_3, id="a"), _model(CLASS_3, id="b")
    one, two = _judge(first), _judge(second)
    assert (one.artifact, two.artifact) == ("a", "b")
    assert one.findings == two.findings
    assert _judge(first) == one


def _all_verdicts() -> list[Verdict]:
    data = Path(__file__).parent / "data" / "mot"
    result = load(sorted((data / "fixtures").glob("*.yml")))
    artifacts = list(result.artifacts)
    for path in sorted((data / "models").glob("*.yml")):
        artifacts.extend(load([path]).artifacts)
    return [_judge(a) for a in artifacts]


def test_every_negative_finding_has_a_fix_and_a_citation() -> None:
    verdicts = _all_verdicts()
    assert len(verdicts) == 27 + 33
    rules = {r.id for r in POLICY.rules()}
    for verdict in verdicts:
        for finding in verdict.all_findings():
            assert finding.rule in rules
            assert finding.citation is not None
            if finding.outcome in (Outcome.FAIL, Outcome.UNKNOWN):
                assert finding.how_to_fix, finding


def test_sample_models_get_plausible_levels(data_dir: Path) -> None:
    """Real MOT files: open-science releases reach Class I, restricted ones fail."""
    levels = {}
    for name in ("Pythia-6.9B", "OLMo-7B", "Amber", "Llama-3.1-8B", "BLOOM", "Falcon-180B"):
        (artifact,) = load([data_dir / "mot" / "models" / f"{name}.yml"]).artifacts
        verdict = _judge(artifact)
        levels[name] = (verdict.outcome, verdict.level)
    assert levels["Pythia-6.9B"] == (Outcome.PASS, "class-1")
    assert levels["OLMo-7B"] == (Outcome.PASS, "class-1")
    assert levels["Llama-3.1-8B"][0] is not Outcome.PASS
    assert levels["BLOOM"][0] is not Outcome.PASS
    assert levels["Falcon-180B"][0] is not Outcome.PASS


def test_inherited_license_evidence_names_the_artifact_judged() -> None:
    """Verdict bodies are shared between artifacts with the same facts, so the evidence of a
    license a component inherits names the artifact judged relatively (``artifact``, as the
    table policies do) when it states no evidence of its own: never another artifact with the
    same facts."""
    from openness.policy import check

    facts = {
        "kind": "model",
        "license": "Apache-2.0",
        "components": [
            {"role": "model-parameters-final", "license": "Apache-2.0"},
            {"role": "model-card"},
        ],
    }
    artifacts = [Artifact.model_validate({"id": f"m{i}", **facts}) for i in range(3)]
    for verdict in check(artifacts, ["mof"]):
        sources = {
            e.source
            for f in verdict.all_findings()
            for e in f.evidence
            if e.kind is EvidenceKind.INHERITED
        }
        assert sources == {"artifact"}
    # The same through evaluate.
    graph = LineageGraph.build(artifacts)
    for artifact in artifacts:
        verdict = MofPolicy().evaluate(artifact, Context(graph))
        inherited = [
            e for f in verdict.all_findings() for e in f.evidence if e.kind.value == "inherited"
        ]
        assert inherited and {e.source for e in inherited} == {"artifact"}


def _class_three(artifact_id: str, license_: str, **more: object) -> Artifact:
    roles = [
        ("model-architecture", "MIT"),
        ("model-parameters-final", license_),
        ("technical-report", "CC-BY-4.0"),
        ("evaluation-results", "CC-BY-4.0"),
        ("model-card", "CC-BY-4.0"),
        ("data-card", "CC-BY-4.0"),
    ]
    return Artifact.model_validate(
        {
            "id": artifact_id,
            "kind": "model",
            "license": license_,
            "components": [
                {"role": role, "license": lic, "availability": "included"} for role, lic in roles
            ],
            **more,
        }
    )


def test_a_relabelled_finetune_reaches_no_class() -> None:
    from openness.policy import check

    base = Artifact.model_validate(
        {"id": "llama", "kind": "model", "license": "LicenseRef-scancode-llama-2-license-2023"}
    )
    edge = {"lineage": [{"relation": "fine-tuned-from", "target": "llama"}]}
    washed = _class_three("washed", "MIT", **edge)
    open_base = _class_three("open-base", "Apache-2.0")
    honest = _class_three(
        "open-ft", "MIT", lineage=[{"relation": "fine-tuned-from", "target": "open-base"}]
    )
    verdicts = {v.artifact: v for v in check([base, washed, open_base, honest], ["mof"])}
    # Alone, the washed fine-tune's components are class III; its weights are Llama's.
    assert (verdicts["washed"].outcome, verdicts["washed"].level) == (Outcome.FAIL, None)
    rules = {f.rule: f.outcome for f in verdicts["washed"].findings}
    assert rules["mof/open-washing"] is Outcome.FAIL
    assert rules["mof/lineage-inheritance"] is Outcome.FAIL
    # An open fine-tune of an open base keeps its class.
    assert (verdicts["open-ft"].outcome, verdicts["open-ft"].level) == (Outcome.PASS, "class-3")
    assert {f.rule: f.outcome for f in verdicts["open-ft"].findings}[
        "mof/lineage-inheritance"
    ] is Outcome.PASS
    # Without deriving edges the lineage rules do not apply.
    base_rules = {f.rule: f.outcome for f in verdicts["open-base"].findings}
    assert base_rules["mof/open-washing"] is Outcome.NOT_APPLICABLE
