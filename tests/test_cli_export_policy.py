"""``openness export --policy``: the verdicts of ``check`` embedded in the exported document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from openness.cli.main import cli
from openness.loading import load
from openness.policy import check

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PYTHIA = str(EXAMPLES / "pythia-6.9b.yaml")


@pytest.fixture(autouse=True)
def _epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1731456000")


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["export", *args])
    return result.exit_code, result.output


def test_cyclonedx_carries_the_verdicts_of_check(tmp_path: Path) -> None:
    out = tmp_path / "bom.json"
    code, text = _run(
        PYTHIA, "--to", "cyclonedx-1.6-json", "-p", "osaid", "-p", "mof", "-o", str(out)
    )
    assert code == 0, text
    data = out.read_text(encoding="utf-8")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(data) is None
    bom = json.loads(data)
    described = [bom["metadata"]["component"], *bom.get("components", [])]
    props = {
        p["name"]: p["value"]
        for c in described
        for p in c.get("properties", [])
        if p["name"].startswith("openness:verdict:")
    }
    expected = {
        v.policy: v.outcome.value for v in check(load([PYTHIA]).artifacts, ["osaid", "mof"])
    }
    assert {k.removeprefix("openness:verdict:"): v.split()[0] for k, v in props.items()} == expected
    assert len(bom["annotations"]) == 2  # one per verdict, the verdict as JSON


def test_spdx_carries_the_verdicts_and_stays_valid(tmp_path: Path) -> None:
    out = tmp_path / "doc.spdx.json"
    code, text = _run(PYTHIA, "--to", "spdx-2.3-json", "-p", "osaid", "-o", str(out))
    assert code == 0, text
    document = parse_file(str(out))
    assert validate_full_spdx_document(document) == []
    comments = [a.annotation_comment for a in document.annotations]
    assert any(c.startswith("openness-verdict: osaid ") for c in comments), comments


def test_without_policy_no_verdicts_and_same_bytes_twice(tmp_path: Path) -> None:
    code, plain = _run(PYTHIA, "--to", "cyclonedx-1.6-json")
    assert code == 0
    assert "openness:verdict:" not in plain
    again = _run(PYTHIA, "--to", "cyclonedx-1.6-json", "-p", "osaid")[1]
    assert again == _run(PYTHIA, "--to", "cyclonedx-1.6-json", "-p", "osaid")[1]
    assert "openness:verdict:osaid" in again


def test_a_failing_verdict_does_not_change_the_exit_code() -> None:
    code, text = _run(
        str(EXAMPLES / "llama-3.1-8b.yaml"), "--to", "cyclonedx-1.6-json", "-p", "osd"
    )
    assert code == 0, text
    assert '"openness:verdict:osd"' in text and "fail" in text


def test_unknown_policy_is_bad_input_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bom.json"
    code, text = _run(PYTHIA, "--to", "cyclonedx-1.6-json", "-p", "nope", "-o", str(out))
    assert code == 2
    assert "unknown policy 'nope'" in text
    assert not out.exists()


def test_option_without_policy_is_a_usage_error() -> None:
    code, text = _run(PYTHIA, "--to", "cyclonedx-1.6-json", "--option", "cost-aware.budget_flop=1")
    assert code == 2
    assert "add -p POLICY" in text
