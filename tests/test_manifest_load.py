"""Loading manifests: formats, cross-file references and every bad case of issue 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.errors import Severity
from openness.loading import load
from openness.model import ArtifactKind, Availability, Relation, Role


def test_contract_example_loads(data_dir: Path) -> None:
    result = load([data_dir / "manifests" / "pythia.yaml"])
    assert result.ok, result.errors
    pythia, pile = result.artifacts
    assert pythia.id == "pythia-6.9b"
    assert pythia.kind is ArtifactKind.MODEL
    assert pythia.components[0].role is Role.MODEL_PARAMETERS_FINAL
    assert pythia.components[2].availability is Availability.INCLUDED
    assert pythia.components[2].license is None  # unstated stays unstated
    assert pythia.lineage[0].relation is Relation.TRAINED_ON
    assert pile.kind is ArtifactKind.DATASET
    # The LicenseRef has no facts: a warning, not an error.
    (warning,) = result.warnings
    assert warning.path == "artifacts[1].license"
    assert warning.line == 20
    assert "LicenseRef-mixed-web-text" in warning.message


def test_references_across_json_and_toml(data_dir: Path) -> None:
    result = load(
        [data_dir / "manifests" / "two-files-a.json", data_dir / "manifests" / "two-files-b.toml"]
    )
    assert result.ok, result.errors
    tuned, base = result.artifacts
    assert tuned.license == "Apache-2.0 OR MIT"
    assert base.license == "GPL-2.0-or-later"
    assert [a.id for a in result.graph().topological_order()] == ["base", "tuned"]
    rewrite = [w for w in result.warnings if "GPL-2.0+" in w.message]
    assert rewrite and rewrite[0].file.endswith("two-files-b.toml")


def test_missing_target_when_file_not_given(data_dir: Path) -> None:
    result = load([data_dir / "manifests" / "two-files-a.json"])
    (error,) = result.errors
    assert error.path == "artifacts[0].lineage[0].target"
    assert error.line == 7
    assert "'base'" in error.message and "not defined in any input" in error.message


def _errors_by_path(path: Path) -> dict[str, str]:
    result = load([path])
    return {e.path: e.message for e in result.errors}


def test_all_problems_reported_at_once(data_dir: Path) -> None:
    result = load([data_dir / "manifests" / "bad-all.yaml"])
    errors = {e.path: e for e in result.errors}
    assert "'modle' is not valid" in errors["artifacts[0].kind"].message
    assert errors["artifacts[0].kind"].line == 3
    assert "'MIT AND'" in errors["artifacts[0].license"].message
    assert "'weights' is not valid" in errors["artifacts[0].components[0].role"].message
    unknown = errors["artifacts[0].components[0].licence"]
    assert "did you mean 'license'" in unknown.message and unknown.line == 7
    assert "nowhere" in errors["artifacts[1].lineage[1].target"].message
    assert "duplicate artifact id 'b'" in errors["artifacts[3].id"].message
    cycle = [e for e in result.errors if "cycle" in e.message]
    assert cycle and "b -> c -> b" in cycle[0].message
    warnings = [w.message for w in result.warnings]
    assert any("'foo-bar'" in w for w in warnings)
    assert any("'GPL-2.0' rewritten to 'GPL-2.0-only'" in w for w in warnings)
    assert all(p.file.endswith("bad-all.yaml") for p in result.problems)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "path", "fragment"),
    [
        ("artifacts:\n  - id: a\n    kind: robot\n", "artifacts[0].kind", "'robot' is not valid"),
        (
            "artifacts:\n  - id: a\n    kind: model\n    components: [{role: weights}]\n",
            "artifacts[0].components[0].role",
            "'weights' is not valid",
        ),
        (
            "artifacts:\n  - id: a\n    kind: model\n"
            "    lineage: [{relation: cloned, target: a}]\n",
            "artifacts[0].lineage[0].relation",
            "'cloned' is not valid",
        ),
        (
            "artifacts:\n  - id: a\n    kind: model\n    license: MIT OR OR BSD\n",
            "artifacts[0].license",
            "at token 'OR'",
        ),
        ("artifacts:\n  - kind: model\n", "artifacts[0].id", "required field 'id' is missing"),
        ("artifacts:\n  - id: a b\n    kind: model\n", "artifacts[0].id", "pattern"),
        (
            "artifacts:\n  - id: a\n    kind: model\n    components:\n"
            "      - role: datasets\n        digests: {sha256: abc}\n",
            "artifacts[0].components[0].digests",
            "64 hexadecimal",
        ),
    ],
)
def test_each_bad_field(tmp_path: Path, text: str, path: str, fragment: str) -> None:
    errors = _errors_by_path(write(tmp_path, "m.yaml", text))
    assert path in errors, errors
    assert fragment in errors[path]


def test_cycle_names_the_ids(tmp_path: Path) -> None:
    text = """artifacts:
  - {id: x, kind: model, lineage: [{relation: merged-from, target: y}]}
  - {id: y, kind: model, lineage: [{relation: quantized-from, target: z}]}
  - {id: z, kind: model, lineage: [{relation: fine-tuned-from, target: x}]}
"""
    result = load([write(tmp_path, "c.yaml", text)])
    (error,) = result.errors
    assert "x -> y -> z -> x" in error.message


def test_duplicate_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "artifacts:\n  - {id: same, kind: model}\n")
    b = write(tmp_path, "b.json", '{"artifacts": [{"id": "same", "kind": "dataset"}]}')
    (error,) = load([a, b]).errors
    assert error.file.endswith("b.json") and "first defined in" in error.message
    assert "a.yaml" in error.message


def test_unknown_license_is_a_warning(tmp_path: Path) -> None:
    result = load(
        [write(tmp_path, "m.yaml", "artifacts:\n  - {id: a, kind: model, license: foo}\n")]
    )
    assert result.ok
    (warning,) = result.warnings
    assert warning.severity is Severity.WARNING
    assert "its freedom is unknown" in warning.message


def test_yaml_python_tags_are_refused(tmp_path: Path) -> None:
    text = "artifacts: !!python/object/apply:os.system ['echo pwned']\n"
    result = load([write(tmp_path, "evil.yaml", text)])
    (error,) = result.errors
    assert "only plain YAML" in error.message and error.line == 1


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("artifacts: *a8")
    result = load([write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")])
    (error,) = result.errors
    assert "alias bomb" in error.message


def test_duplicate_yaml_key_is_an_error(tmp_path: Path) -> None:
    text = "artifacts:\n  - id: a\n    kind: model\n    kind: dataset\n"
    (error,) = load([write(tmp_path, "d.yaml", text)]).errors
    assert "duplicate key 'kind'" in error.message and error.line == 4


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(3 * 1024**3)  # a sparse 3 GiB file: no disk used, never read
    (error,) = load([path]).errors
    assert "the limit is" in error.message
    monkeypatch.setenv("OPENNESS_MAX_INPUT_BYTES", "10")
    small = write(tmp_path, "m.yaml", "artifacts: []\n")
    assert "the limit is 10" in load([small]).errors[0].message


@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", "1e9"])
def test_malformed_size_limit_is_reported_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("OPENNESS_MAX_INPUT_BYTES", value)
    files = [write(tmp_path, f"m{i}.yaml", "artifacts: []\n") for i in range(3)]
    (error,) = load(files).errors
    assert error.file == "OPENNESS_MAX_INPUT_BYTES"
    assert error.message.startswith(f"{value!r} is not a size: give a positive whole number")


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("broken.yaml", "artifacts:\n  - id: [a\n", 3),
        ("broken.json", '{"artifacts": [\n  {"id": "a",}\n]}', 2),
        ("broken.toml", "[[artifacts]]\nid = \n", 2),
    ],
)
def test_syntax_errors_have_lines(tmp_path: Path, name: str, text: str, line: int) -> None:
    (error,) = load([write(tmp_path, name, text)]).errors
    assert error.line == line
    assert error.message.startswith("invalid ")


def test_not_utf8_and_missing_and_unrecognised(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"artifacts: [{id: caf\xe9, kind: model}]\n")
    assert "not UTF-8" in load([latin]).errors[0].message
    assert "no such file" in load([tmp_path / "absent.yaml"]).errors[0].message
    other = write(tmp_path, "other.yaml", "hello: world\n")
    assert "not a recognised input" in load([other]).errors[0].message


def test_folder_input_loads_every_manifest(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "artifacts:\n  - {id: a, kind: model}\n")
    write(tmp_path, "b.json", '{"artifacts": [{"id": "b", "kind": "model"}]}')
    result = load([tmp_path])
    assert sorted(a.id for a in result.artifacts) == ["a", "b"]


def test_unrecognised_file_in_a_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "artifacts:\n  - {id: a, kind: model}\n")
    write(tmp_path, "config.json", '{"hidden_size": 4096}')
    bad = write(tmp_path, "broken.yaml", "artifacts: [\n")
    result = load([tmp_path])
    assert [a.id for a in result.artifacts] == ["a"]
    (skipped,) = [w for w in result.warnings if w.file.endswith("config.json")]
    assert "skipped" in skipped.message and str(tmp_path) in skipped.message
    # a file that is broken is still an error, and naming the unrecognised file is one too
    assert [e.file for e in result.errors] == [str(bad)]
    assert "not a recognised input" in load([tmp_path / "config.json"]).errors[0].message


def _nested(depth: int) -> object:
    value: object = "x"
    for _ in range(depth):
        value = {"a": value}
    return value


def test_metadata_kept_from_a_source_may_nest_64_levels(tmp_path: Path) -> None:
    """``extra`` is written to every export as is; past 64 levels it is refused when loaded
    (pydantic's serializer gives up at a few hundred, which was a traceback in the exporters)."""
    import json

    from openness.exporters import get_exporter

    fine = write(
        tmp_path,
        "fine.json",
        json.dumps({"artifacts": [{"id": "a", "kind": "model", "extra": _nested(64)}]}),
    )
    result = load([fine])
    assert result.ok, result.errors
    assert get_exporter("spdx-2.3-json").export(result.artifacts)
    deep = {"id": "a", "kind": "model", "components": [{"role": "datasets", "extra": _nested(300)}]}
    (error,) = load([write(tmp_path, "deep.json", json.dumps({"artifacts": [deep]}))]).errors
    assert error.path == "artifacts[0].components[0].extra"
    assert "nests more than 64 levels deep" in error.message


def test_toml_nested_too_deeply_is_a_clear_error(tmp_path: Path) -> None:
    text = "[[artifacts]]\nid = " + "[" * 100_000 + "]" * 100_000 + "\n"
    (error,) = load([write(tmp_path, "deep.toml", text)]).errors
    assert error.message == "invalid TOML: nested too deeply"


def test_toml_problems_name_their_line(tmp_path: Path) -> None:
    from openness.documents import TomlLineIndex

    text = (
        '# a release\n[[artifacts]]\nid = "a"\nkind = "model"\nnotes = """a [ multi-line\n'
        '[[artifacts]]\nstring"""\nlicense = "MIT" # [ not an array\n\n\n'
        '[[artifacts.components]]\nrole = "y"\n[[artifacts]]\nid = "b"\nkind = "modle"\n'
    )
    index = TomlLineIndex(text)
    assert index.line_of(("artifacts", 0, "kind")) == 4
    assert index.line_of(("artifacts", 0, "components", 0, "role")) == 12  # the [[...]] entry
    assert index.line_of(("artifacts", 1, "kind")) == 15  # not fooled by the string's header
    assert index.line_of(("nowhere",)) is None
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    problems = load([path]).errors
    kinds = [p for p in problems if p.path == "artifacts[1].kind"]
    assert kinds and kinds[0].line == 15


def test_extra_holds_only_what_every_format_can_write(tmp_path: Path) -> None:
    dated = tmp_path / "dated.toml"
    dated.write_text(
        '[[artifacts]]\nid = "t"\nkind = "model"\n[artifacts.extra]\n'
        "released = 2024-05-01\nat = 2024-05-01T10:00:00Z\nwhen = [07:30:00]\n",
        encoding="utf-8",
    )
    result = load([dated])
    assert result.ok, result.errors
    assert result.artifacts[0].extra == {
        "released": "2024-05-01",
        "at": "2024-05-01T10:00:00+00:00",
        "when": ["07:30:00"],
    }
    for body, words in (
        ("blob: !!binary aGVsbG8=", "blob is binary data"),
        ("n: {x: [1, .nan]}", "n.x[1] is nan"),
        ("n: -.inf", "n is -inf"),
    ):
        path = tmp_path / "bad.yaml"
        path.write_text(
            f"artifacts:\n  - id: d\n    kind: model\n    extra:\n      {body}\n", encoding="utf-8"
        )
        (problem,) = load([path]).errors
        assert problem.path == "artifacts[0].extra"
        assert words in problem.message
