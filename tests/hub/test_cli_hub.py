"""Hub ids in every command that reads inputs (issue 15 item 1), against the test Hub."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from openness.cli.main import cli

from .server import HubServer

FT = "hf:acme/llama-3.1-8b-support"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_validate_json_lists_the_resolved_graph(hub_server: HubServer) -> None:
    result = invoke("validate", FT, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["valid"] is True
    ids = [a["id"] for a in data["artifacts"]]
    assert ids == [
        "pkg:huggingface/acme/llama-3.1-8b-support",
        "pkg:huggingface/meta-llama/Llama-3.1-8B",
        "https://huggingface.co/datasets/nvidia/HelpSteer2",
    ]
    assert all(a["version"] and len(a["version"]) == 40 for a in data["artifacts"])


def test_depth_zero_reads_only_the_named_repo(hub_server: HubServer) -> None:
    result = invoke("validate", FT, "--depth", "0", "--format", "json", "-q")
    data = json.loads(result.output)
    stubs = [a["id"] for a in data["artifacts"] if "stub" in a.get("extra", {})]
    assert stubs == [
        "pkg:huggingface/meta-llama/Llama-3.1-8B",
        "https://huggingface.co/datasets/nvidia/HelpSteer2",
    ]
    assert not [r for r in hub_server.requests if r.repo == "meta-llama/Llama-3.1-8B"]
    assert invoke("validate", FT, "--depth", "-1").exit_code == 2  # not a depth


def test_explain_an_id_alone(hub_server: HubServer) -> None:
    result = invoke("explain", FT)
    assert result.exit_code == 0, result.output
    assert "osaid" in result.output and "open-washing" in result.output


def test_compare_and_what_if(hub_server: HubServer) -> None:
    compared = invoke("compare", FT, "-p", "osaid", "--format", "json", "-q")
    assert compared.exit_code == 0, compared.output
    assert "pkg:huggingface/acme/llama-3.1-8b-support" in compared.output
    plan = invoke("what-if", FT, "-p", "osaid", "--format", "json", "-q")
    assert plan.exit_code in (0, 1), plan.output
    assert json.loads(plan.output)["artifact"] == "pkg:huggingface/acme/llama-3.1-8b-support"


def test_export_names_the_commit(hub_server: HubServer, tmp_path: Path) -> None:
    out = tmp_path / "bom.json"
    result = invoke("export", FT, "--to", "cyclonedx-1.6-json", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "pkg:huggingface/acme/llama-3.1-8b-support@" in text


def test_check_with_a_hub_id_as_context(hub_server: HubServer, tmp_path: Path) -> None:
    result = invoke(
        "check",
        "hf:acme/llama-3.1-8b-support",
        "--depth",
        "0",
        "--with",
        "hf:meta-llama/Llama-3.1-8B",
        "-p",
        "osaid",
        "--format",
        "json",
        "-q",
    )
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    verdicts = data["verdicts"] if isinstance(data, dict) else data
    assert {v["artifact"] for v in verdicts} == {
        "pkg:huggingface/acme/llama-3.1-8b-support",
        "https://huggingface.co/datasets/nvidia/HelpSteer2",
    }


def test_import_usage(hub_server: HubServer, tmp_path: Path) -> None:
    mixed = invoke("import", FT, "card.md")
    assert mixed.exit_code == 2
    assert "after a Hub id give only Hub ids" in mixed.output
    no_files = invoke("import", "huggingface")
    assert no_files.exit_code == 2
    assert "give the FILES to read as FORMAT" in no_files.output


def test_lock_points_at_import(hub_server: HubServer) -> None:
    result = invoke("lock", FT)
    assert result.exit_code == 2
    assert f"openness import {FT} -o FILE" in result.output


@pytest.mark.parametrize("command", ["check", "validate", "compare", "export"])
def test_every_command_reports_a_malformed_id(command: str) -> None:
    args = [command, "hf:a/b/c"] + (["--to", "spdx-2.3-json"] if command == "export" else [])
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert "malformed Hub id" in result.output
