"""``openness what-if`` end to end (issue 6): the minimal set of component changes that
raises an artifact to a policy or level, found by re-evaluating with the engine."""

from __future__ import annotations

import json

import pytest
from support_reporting import DATA, run

from openness.loading import load
from openness.policy import get_policy
from openness.whatif import plan

ALMOST = DATA / "reporters" / "almost-open.yaml"
PYTHIA = DATA / "manifests" / "pythia.yaml"


def test_release_the_training_code_to_reach_class_2() -> None:
    proc = run("what-if", "almost-open", str(ALMOST), "--policy", "mof", "--level", "class-2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "Almost Open 1B under mof: pass (class-3) now",
        "To reach mof class-2, 1 change(s):",
        "  - release the training code (components[6]) publicly (availability: included)",
        "After these changes: pass (class-2)",
    ]


def test_release_and_license_together(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # without a release-wide license the training code needs a license of its own too
    text = ALMOST.read_text().replace("    license: Apache-2.0\n", "", 1)
    text = text.replace("{role: model-architecture, ", "{role: model-architecture, ")
    path = tmp_path / "m.yaml"
    path.write_text(text)
    proc = run("what-if", "almost-open", str(path), "-p", "mof", "--level", "class-2", "-q")
    assert proc.returncode == 0, proc.stderr
    assert (
        "  - release the training code (components[6]) under an OSI-approved license "
        "(such as Apache-2.0)" in proc.stdout
    )


def test_already_there() -> None:
    proc = run("what-if", "almost-open", str(ALMOST), "-p", "mof", "--level", "class-3", "-q")
    assert proc.returncode == 0
    assert "It already reaches mof class-3; nothing to change." in proc.stdout


def test_json_plan_is_minimal() -> None:
    proc = run("what-if", "pythia-6.9b", str(PYTHIA), "-p", "osaid", "--format", "json", "-q")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["reachable"] is True
    assert data["before"]["outcome"] != "pass" and data["after"]["outcome"] == "pass"
    assert len(data["steps"]) == len(data["changes"]) >= 1
    # minimal: dropping any one change misses the target
    result = load([PYTHIA])
    artifact = result.graph().get("pythia-6.9b")
    assert artifact is not None
    found = plan(artifact, result.artifacts, get_policy("osaid"))
    assert [c.to_dict()["subject"] for c in found.changes] == [
        c["subject"] for c in data["changes"]
    ]
    from openness.policy import check
    from openness.whatif import apply, reached

    for dropped in found.changes:
        rest = [c for c in found.changes if c is not dropped]
        changed = apply(artifact, rest)
        verdict = check([changed, *result.artifacts[1:]], ["osaid"])[0]
        assert not reached(verdict, (), None), f"{dropped} was not needed"


def test_unreachable_exits_1_and_says_why() -> None:
    proc = run("what-if", "pythia-6.9b", str(PYTHIA), "-p", "debian-ml", "--level", "free", "-q")
    assert proc.returncode == 1
    assert "No change to its components or licenses reaches debian-ml free" in proc.stdout
    assert "debian-ml/training-data" in proc.stdout


def test_values_what_if_tried_are_not_quoted_as_the_users() -> None:
    """Issue 18 item 7: what-if quoted its own hypothetical license as if the user had
    declared it ("declares 'Apache-2.0' (at components[5].license)")."""
    examples = sorted(str(p) for p in (DATA.parent.parent / "examples").glob("*.yaml"))
    proc = run("what-if", "llama-3.1-tulu-3-8b", *examples, "-p", "osaid", "-q")
    assert proc.returncode == 1
    assert "(at components[5].license, a value what-if tried)" in proc.stdout
    assert "(at components[5].license)" not in proc.stdout
    data = json.loads(
        run(
            "what-if", "llama-3.1-tulu-3-8b", *examples, "-p", "osaid", "-q", "--format", "json"
        ).stdout
    )
    assert "components[5].license" in data["hypothetical"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pythia", str(PYTHIA), "-p", "mof"], "did you mean 'pythia-6.9b'"),
        (["pythia-6.9b", str(PYTHIA), "-p", "mof", "--level", "gold"], "its levels: class-1"),
        (["pythia-6.9b", str(PYTHIA), "-p", "nope"], "unknown policy 'nope'"),
        (["pythia-6.9b", str(PYTHIA)], "Missing option '-p' / '--policy'"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    proc = run("what-if", *args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
