"""License files identified in a local snapshot folder (detected evidence naming the file, the
id and the score), and the ``license-texts`` check that compares them with the declared
license: open-washing fails, another disagreement warns, missing facts do not apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.formats.huggingface.read.license_files import identify_license_files
from openness.loading import load
from openness.model import Artifact, EvidenceKind, Role
from openness.policy import Outcome, check
from openness.policy.registry import default_ids, resolve_policies
from openness.policy.rules.detected import equivalent_ids
from openness.policy.verdict import Finding, FindingSeverity

HUB = Path(__file__).parent / "data" / "hub"
# Real texts (attributed in tests/data/hub/SOURCE.txt and tests/data/license-texts).
LLAMA_LICENSE = (HUB / "meta-llama" / "Llama-3.1-8B" / "LICENSE").read_bytes()
LLAMA_AUP = (HUB / "meta-llama" / "Llama-3.1-8B" / "USE_POLICY.md").read_bytes()
MIT_LICENSE = (HUB / "acme" / "sentiment-tiny" / "LICENSE").read_bytes()
LLAMA = "LicenseRef-scancode-llama-3.1-license-2024"

#: Every built-in policy that carries the rule.
CARRIERS = sorted(set(default_ids()) - {"reproducible"})


def snapshot(tmp_path: Path, license_: str | None, files: dict[str, bytes]) -> Path:
    folder = tmp_path / "acme" / "relabelled"
    folder.mkdir(parents=True)
    meta = f"license: {license_}\n" if license_ else "language: en\n"
    (folder / "README.md").write_text(f"---\n{meta}---\n# relabelled\n", encoding="utf-8")
    (folder / "config.json").write_text('{"model_type": "llama"}', encoding="utf-8")
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def read(folder: Path) -> Artifact:
    result = load([folder], quiet=True)
    assert result.ok, result.errors
    (artifact,) = [a for a in result.artifacts if "stub" not in a.extra]
    return artifact


def finding(artifact: Artifact, policy: str) -> tuple[Outcome, Finding]:
    (verdict,) = check([artifact], resolve_policies([policy]))
    (found,) = [f for f in verdict.findings if f.rule == f"{policy}/license-texts"]
    return verdict.outcome, found


def test_license_files_are_identified_as_detected_evidence(tmp_path: Path) -> None:
    folder = snapshot(tmp_path, "llama3.1", {"LICENSE": LLAMA_LICENSE, "USE_POLICY.md": LLAMA_AUP})
    artifact = read(folder)
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert texts.license == LLAMA
    by_file = {Path(e.source).name: e for e in texts.evidence if e.source != str(folder)}
    assert set(by_file) == {"LICENSE", "USE_POLICY.md"}
    for name, evidence in by_file.items():
        assert evidence.kind is EvidenceKind.DETECTED
        assert evidence.source == str(folder / name)
        assert evidence.note is not None
        assert f"{name}: license text identified, score 1.00: {LLAMA}" in evidence.note
    assert "acceptable use policy" in by_file["USE_POLICY.md"].note  # type: ignore[operator]
    _, found = finding(artifact, "osaid")
    assert found.outcome is Outcome.PASS
    assert "(LICENSE, USE_POLICY.md) are identified as" in found.message


def test_apache_card_over_the_llama_license_is_open_washing(tmp_path: Path) -> None:
    artifact = read(snapshot(tmp_path, "apache-2.0", {"LICENSE": LLAMA_LICENSE}))
    assert str(artifact.license) == "Apache-2.0"
    for policy in CARRIERS:
        outcome, found = finding(artifact, policy)
        assert found.outcome is Outcome.FAIL, policy
        assert found.severity is FindingSeverity.ERROR, policy
        assert outcome is Outcome.FAIL, policy
    _, found = finding(artifact, "osaid")
    assert "declares 'Apache-2.0'" in found.message
    assert f"'{LLAMA}' (Llama 3.1 Community License Agreement)" in found.message
    assert "open-washing" in found.message
    assert found.how_to_fix is not None
    assert "`license: llama3.1`" in found.how_to_fix
    assert "replace LICENSE with the text of 'Apache-2.0'" in found.how_to_fix
    assert found.citation is not None and "Open Source AI Definition" in found.citation.document
    assert found.subject == "components[2]"
    sources = [e.source for e in found.evidence]
    assert sources[0] == "artifact" and sources[-1].endswith("LICENSE")
    assert "score 1.00" in (found.evidence[-1].note or "")


def test_the_check_command_fails_on_the_open_washed_folder(tmp_path: Path) -> None:
    folder = snapshot(tmp_path, "apache-2.0", {"LICENSE": LLAMA_LICENSE})
    proc = CliRunner().invoke(cli, ["check", str(folder), "-p", "osaid"])
    assert proc.exit_code == 1, proc.output
    assert "osaid/license-texts" in proc.output
    assert "open-washing" in proc.output


def test_mit_files_under_an_apache_card_are_a_warning(tmp_path: Path) -> None:
    artifact = read(snapshot(tmp_path, "apache-2.0", {"LICENSE": MIT_LICENSE}))
    outcome, found = finding(artifact, "osd")
    assert found.outcome is Outcome.FAIL and found.severity is FindingSeverity.WARNING
    assert "'MIT' (MIT License)" in found.message and "'Apache-2.0'" in found.message
    assert found.how_to_fix is not None and "`license: mit`" in found.how_to_fix
    # A warning never decides: the same verdict as without the license file.
    bare = read(snapshot(tmp_path / "bare", "apache-2.0", {}))
    (without,) = check([bare], resolve_policies(["osd"]))
    assert outcome is without.outcome


def test_a_text_not_identified_is_evidence_without_a_license(tmp_path: Path) -> None:
    text = b"All rights reserved. Ask us before you use this model for anything at all.\n" * 3
    artifact = read(snapshot(tmp_path, "apache-2.0", {"LICENSE": text}))
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert texts.license is None
    notes = [e.note or "" for e in texts.evidence if e.kind is EvidenceKind.DETECTED]
    assert any(n.startswith("LICENSE: license text not identified: ") for n in notes)
    _, found = finding(artifact, "osaid")
    assert found.outcome is Outcome.NOT_APPLICABLE


def test_a_license_amid_terms_of_its_own_is_not_the_files_license(tmp_path: Path) -> None:
    """identify() names MIT (its guard looks 80 words around the license only); the file
    holds more than twice as many words of its own, so the reader does not take it as MIT."""
    filler = "".join(
        f"Section {i}. The Licensor provides the model weights as described in the "
        "accompanying documentation and the model card of the release.\n"
        for i in range(40)
    )
    terms = (
        "ADDITIONAL TERMS. You shall not use the Model or any derivative for any commercial "
        "purpose, nor to provide services to third parties, without a separate agreement.\n"
    )
    text = MIT_LICENSE + b"\n" + filler.encode() + terms.encode() * 3
    artifact = read(snapshot(tmp_path, "mit", {"LICENSE": text}))
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert texts.license is None
    (note,) = [e.note or "" for e in texts.evidence if (e.note or "").startswith("LICENSE:")]
    assert "not taken as the file's license: MIT is present (score 1.00)" in note
    assert finding(artifact, "osaid")[1].outcome is Outcome.NOT_APPLICABLE


def test_an_oversized_license_file_is_not_read(tmp_path: Path) -> None:
    artifact = read(snapshot(tmp_path, "mit", {"LICENSE": MIT_LICENSE * 1100}))
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert texts.license is None
    assert any("over the 1,048,576 read" in (e.note or "") for e in texts.evidence)


def test_no_declared_license_does_not_apply_but_names_the_files(tmp_path: Path) -> None:
    artifact = read(snapshot(tmp_path, None, {"LICENSE": MIT_LICENSE}))
    _, found = finding(artifact, "osaid")
    assert found.outcome is Outcome.NOT_APPLICABLE
    assert "identified as 'MIT'" in found.message


def manifest_artifact(declared: str | None, *texts: str) -> Artifact:
    return Artifact.model_validate(
        {
            "id": "pkg:huggingface/acme/m",
            "kind": "model",
            **({"license": declared} if declared else {}),
            "components": [
                {"role": "model-parameters-final", "availability": "included"},
                *(
                    {"role": "license-text", "license": t, "files": [{"path": f"LICENSE-{i}"}]}
                    for i, t in enumerate(texts)
                ),
            ],
        }
    )


@pytest.mark.parametrize(
    ("declared", "texts", "outcome", "severity"),
    [
        ("GPL-3.0-or-later", ("GPL-3.0-only",), Outcome.PASS, FindingSeverity.ERROR),
        ("MIT OR Apache-2.0", ("MIT",), Outcome.PASS, FindingSeverity.ERROR),
        ("Apache-2.0", ("Apache-2.0",), Outcome.PASS, FindingSeverity.ERROR),
        ("MIT", ("CC-BY-NC-4.0",), Outcome.FAIL, FindingSeverity.ERROR),
        (LLAMA, ("MIT",), Outcome.FAIL, FindingSeverity.WARNING),
        ("MIT", ("Apache-2.0", LLAMA), Outcome.FAIL, FindingSeverity.ERROR),
        ("MIT", ("MIT", "BSD-3-Clause"), Outcome.FAIL, FindingSeverity.WARNING),
        ("MIT", ("LicenseRef-unknown-terms",), Outcome.UNKNOWN, FindingSeverity.ERROR),
        (None, ("MIT",), Outcome.NOT_APPLICABLE, FindingSeverity.ERROR),
        ("MIT", (), Outcome.NOT_APPLICABLE, FindingSeverity.ERROR),
    ],
)
def test_declared_against_detected(
    declared: str | None, texts: tuple[str, ...], outcome: Outcome, severity: FindingSeverity
) -> None:
    _, found = finding(manifest_artifact(declared, *texts), "osaid")
    assert (found.outcome, found.severity) == (outcome, severity), found.message
    if outcome in (Outcome.FAIL, Outcome.UNKNOWN):
        assert found.how_to_fix


def test_several_components_report_the_worst_with_each_as_a_sub_finding() -> None:
    _, found = finding(manifest_artifact("MIT", "MIT", LLAMA), "osaid")
    assert found.subject == "artifact" and found.outcome is Outcome.FAIL
    assert [f.subject for f in found.findings] == ["components[1]", "components[2]"]
    assert [f.outcome for f in found.findings] == [Outcome.PASS, Outcome.FAIL]
    assert found.message.startswith("2 license-text components; components[2]: ")


def test_mof_loses_its_class_on_open_washing_license_files() -> None:
    (clean,) = check([manifest_artifact("MIT", "MIT")], resolve_policies(["mof"]))
    (washed,) = check([manifest_artifact("MIT", LLAMA)], resolve_policies(["mof"]))
    assert washed.outcome is Outcome.FAIL and washed.level is None
    rule = [f for f in washed.findings if f.rule == "mof/license-texts"]
    assert rule and rule[0].outcome is Outcome.FAIL
    assert [f.outcome for f in clean.findings if f.rule == "mof/license-texts"] == [Outcome.PASS]


def test_equivalent_ids_are_the_identifiers_same_text_ids() -> None:
    assert "gpl-3.0-or-later" in equivalent_ids("GPL-3.0-only")
    assert "gpl-3.0-only" in equivalent_ids("GPL-3.0-or-later")
    assert equivalent_ids("MIT") == frozenset({"mit"})


def test_the_reader_on_the_identification_corpus_is_never_confidently_wrong() -> None:
    """Every text of tests/data/license-texts read as a LICENSE file (docs/
    license-identification.md, "Where it is used"): 79 of 89 right, none wrong."""
    corpus = Path(__file__).parent / "data" / "license-texts"
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    right = wrong = rightly_none = 0
    for name, entry in sorted(expected.items()):
        found, _ = identify_license_files(str(corpus / "texts"), [name])
        accept = entry["accept"]
        if found is None:
            rightly_none += not accept
        elif str(found) in accept:
            right += 1
        else:
            wrong += 1
    assert wrong == 0
    assert right >= 79
    assert rightly_none == sum(1 for e in expected.values() if not e["accept"])
