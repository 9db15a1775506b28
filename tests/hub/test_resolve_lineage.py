"""Following the lineage (issue 15): chains, --depth, cycles, repositories that are missing,
gated or have no card, broken cards, retries, renamed repositories, and a deterministic order
whatever order the answers come in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from openness.cli.main import cli
from openness.hub import HubSettings, parse_hub_id, resolve
from openness.loading import load

from .minihub import MiniHub, commit_of, serve


def card(license_id: str, *bases: str, relation: str | None = None, extra: str = "") -> str:
    lines = ["---", f"license: {license_id}"]
    if len(bases) == 1:
        lines.append(f"base_model: {bases[0]}")
    elif bases:
        lines.append("base_model:")
        lines.extend(f"- {b}" for b in bases)
    if relation:
        lines.append(f"base_model_relation: {relation}")
    return "\n".join([*lines, extra, "---", "# card", ""])


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MiniHub]:
    hub = MiniHub()
    with serve(hub) as running:
        monkeypatch.setenv("HF_ENDPOINT", running.endpoint)
        monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "cache"))
        for name in ("HF_TOKEN", "HF_HUB_OFFLINE", "HUGGINGFACE_HUB_CACHE"):
            monkeypatch.delenv(name, raising=False)
        yield running


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def chain(hub: MiniHub, n: int) -> None:
    """org/m0 <- org/m1 <- ... <- org/m{n-1}: each a fine-tune of the one before."""
    for i in range(n):
        bases = (f"org/m{i - 1}",) if i else ()
        hub.add(f"org/m{i}", {"README.md": card("apache-2.0", *bases)})


def info_requests(hub: MiniHub) -> list[str]:
    return [p for m, p in hub.requests if p.startswith("/api/models/")]


def test_the_whole_chain_each_repository_once(env: MiniHub) -> None:
    chain(env, 6)
    result = load(["hf:org/m5", "hf:org/m3"], quiet=True)
    assert result.ok, result.errors
    assert [a.id for a in result.artifacts] == [
        f"pkg:huggingface/org/m{i}" for i in (5, 4, 3, 2, 1, 0)
    ]
    assert sorted(info_requests(env)) == sorted(f"/api/models/org/m{i}" for i in range(6))
    assert not any(a.extra.get("stub") for a in result.artifacts)


def test_depth_stops_with_stubs_that_say_why(env: MiniHub) -> None:
    chain(env, 4)
    result = load(["hf:org/m3"], depth=1, quiet=True)
    assert result.ok, result.errors
    assert [a.id for a in result.artifacts] == [
        "pkg:huggingface/org/m3",
        "pkg:huggingface/org/m2",
        "pkg:huggingface/org/m1",
    ]
    stub = result.artifacts[2]
    assert stub.extra["stub"]["reason"] == "not followed (--depth 1)"
    assert "/api/models/org/m1" not in info_requests(env)
    assert any("beyond --depth 1" in p.message for p in result.warnings)
    proc = invoke("check", "hf:org/m3", "--depth", "0", "-p", "osd", "--format", "json", "-q")
    assert proc.exit_code in (0, 1), proc.output
    assert "org/m1" not in proc.output


def test_a_stub_from_the_cache_layout_never_hides_depth(env: MiniHub) -> None:
    """m1 is in the cache from an earlier run; --depth 0 still gives a stub for it (the card
    reader would otherwise find its snapshot and make none)."""
    chain(env, 2)
    assert load(["hf:org/m1"], quiet=True).ok
    result = load(["hf:org/m1"], depth=0, quiet=True)
    assert result.ok, result.errors
    assert result.artifacts[1].extra["stub"]["reason"] == "not followed (--depth 0)"


def test_a_cycle_is_a_problem_and_each_repository_is_read_once(env: MiniHub) -> None:
    env.add("org/a", {"README.md": card("mit", "org/b")})
    env.add("org/b", {"README.md": card("mit", "org/a")})
    result = load(["hf:org/a"], quiet=True)
    assert sorted(info_requests(env)) == ["/api/models/org/a", "/api/models/org/b"]
    assert any("lineage cycle" in p.message for p in result.problems)


def test_missing_and_gated_lineage_become_stubs_with_warnings(env: MiniHub) -> None:
    env.add("org/merge", {"README.md": card("mit", "org/gone", "org/locked", relation="merge")})
    env.add("org/locked", {"README.md": card("mit")}, status=403)
    result = load(["hf:org/merge"], quiet=True)
    assert result.ok, result.errors
    by_id = {a.id: a for a in result.artifacts}
    gone = by_id["pkg:huggingface/org/gone"].extra["stub"]
    locked = by_id["pkg:huggingface/org/locked"].extra["stub"]
    assert gone["reason"].startswith("missing:") and gone["hub"] == "hf:org/gone"
    assert locked["reason"].startswith("gated:")
    assert [e.relation.value for e in by_id["pkg:huggingface/org/merge"].lineage] == [
        "merged-from",
        "merged-from",
    ]
    messages = " ".join(p.message for p in result.warnings)
    assert "no such repository on the Hub" in messages
    assert "the repository is gated (403" in messages


def test_an_id_given_that_cannot_be_read_is_bad_input(env: MiniHub) -> None:
    env.add("org/here", {"README.md": card("mit")})
    env.add("org/nocard", {"config.json": "{}"})
    cases = {
        "hf:org/absent": "no such repository on the Hub",
        "hf:org/here@v9": "no such revision on the Hub",
        "hf:org/nocard": "has no card (README.md)",
    }
    for text, message in cases.items():
        result = invoke("check", text, "-q")
        assert result.exit_code == 2, (text, result.output)
        assert message in result.output, (text, result.output)
        assert "Traceback" not in result.output


def test_a_lineage_repository_with_no_card_is_a_stub(env: MiniHub) -> None:
    env.add("org/child", {"README.md": card("mit", "org/nocard")})
    env.add("org/nocard", {"config.json": "{}"})
    result = load(["hf:org/child"], quiet=True)
    assert result.ok, result.errors
    assert result.artifacts[1].extra["stub"]["reason"] == "no card"


def test_a_broken_yaml_card_is_bad_input_naming_the_card(env: MiniHub) -> None:
    env.add("org/broken", {"README.md": "---\nlicense: [mit\n---\n# x\n"})
    result = invoke("check", "hf:org/broken")
    assert result.exit_code == 2
    assert "README.md" in result.output and "models--org--broken" in result.output
    assert "Traceback" not in result.output


def test_429_is_retried_and_5xx_gives_up_with_a_message(env: MiniHub) -> None:
    env.add("org/busy", {"README.md": card("mit")}, flaky=2)
    env.add("org/down", {"README.md": card("mit")}, status=503)
    settings = HubSettings.from_env()
    fast = HubSettings(settings.endpoint, None, settings.cache_dir, False, retries=3, backoff=0.01)
    resolution = resolve([parse_hub_id("hf:org/busy"), parse_hub_id("hf:org/down")], fast)
    assert info_requests(env).count("/api/models/org/busy") == 3
    assert info_requests(env).count("/api/models/org/down") == 4
    busy = resolution.imports["hf:org/busy"][0]
    assert busy.artifacts and not busy.problems
    assert resolution.commits == {"hf:org/busy": commit_of("org/busy", "model")}
    down = resolution.imports["hf:org/down"][0].problems
    assert "the Hub answered 503" in down[0].message


def test_a_renamed_repository_is_read_under_the_name_given(env: MiniHub) -> None:
    env.add("neworg/model", {"README.md": card("mit")}, renamed_from="oldorg/model")
    result = load(["hf:oldorg/model"], quiet=True)
    assert result.ok, result.errors
    assert result.artifacts[0].id == "pkg:huggingface/oldorg/model"
    assert any("now neworg/model" in p.message for p in result.warnings)


def test_many_ids_in_a_deterministic_order(env: MiniHub) -> None:
    for i in range(30):
        env.add(f"org/base{i % 3}", {"README.md": card("mit")})
        env.add(f"org/ft{i}", {"README.md": card("apache-2.0", f"org/base{i % 3}")})
    ids = [f"hf:org/ft{i}" for i in (7, 3, 29, 0, 12, *range(13, 29))]
    first = [a.id for a in load(ids, quiet=True).artifacts]
    shutil.rmtree(HubSettings.from_env().cache_dir)
    second = [a.id for a in load(ids, quiet=True).artifacts]
    assert first == second
    # each id given, then the lineage first reached from it
    names = ["ft7", "base1", "ft3", "base0", "ft29", "base2", "ft0", "ft12", "ft13"]
    assert first[:9] == [f"pkg:huggingface/org/{n}" for n in names]
    assert len(first) == len(set(first)) == 24


def test_datasets_resolve_with_their_own_cards(env: MiniHub) -> None:
    env.add("org/data", {"README.md": "---\nlicense: cc-by-4.0\n---\n# data\n"}, kind="dataset")
    result = load(["hf:datasets/org/data"], quiet=True)
    assert result.ok, result.errors
    assert result.artifacts[0].id == "https://huggingface.co/datasets/org/data"
    assert result.artifacts[0].kind.value == "dataset"
    assert str(result.artifacts[0].license) == "CC-BY-4.0"


def test_a_commit_already_read_is_not_asked_for_again(env: MiniHub) -> None:
    env.add("org/pinned", {"README.md": card("mit"), "model.safetensors": b"\0" * 16})
    first = load(["hf:org/pinned"], quiet=True)
    commit = first.artifacts[0].version
    assert load([f"hf:org/pinned@{commit}"], quiet=True).ok
    count = len(env.requests)
    again = load([f"hf:org/pinned@{commit}"], quiet=True)
    assert again.ok and len(env.requests) == count
    assert again.artifacts[0].model_dump() == first.artifacts[0].model_dump()
