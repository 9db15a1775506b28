"""``lock`` keeps a manifest's formatting (issue 7: "atomically, keeping its formatting and
comments where the format allows"): YAML by targeted text edits, TOML with tomlkit, JSON with
its indentation and key order."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tomllib
from pathlib import Path

import pytest
import yaml

from openness.model import DigestAlgorithm
from openness.verify import LockStatus, lock_manifest, write_preserving
from openness.verify.yaml_edit import YamlEditor, scalar

CONTENT = b"some weights\n"
SHA = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "a.bin").write_bytes(CONTENT)
    (tmp_path / "w" / "b.bin").write_bytes(CONTENT * 2)
    return tmp_path


def lock(path: Path, *algorithms: DigestAlgorithm) -> str:
    result = lock_manifest(str(path), algorithms=algorithms or (DigestAlgorithm.SHA256,))
    assert result.input_ok, result.problems
    assert result.text is not None
    write_preserving(str(path), result.text)
    return path.read_text(encoding="utf-8-sig")


def test_yaml_keeps_comments_quotes_and_order(root: Path) -> None:
    path = root / "m.yaml"
    path.write_text(
        """\
# header comment
artifacts:
  - id: 'x'                       # quoted, with a comment
    kind: model
    components:
      - role: model-parameters-final
        files:
          - path: w/a.bin           # first file
            digests: {sha256: "%s"}   # stale digest, flow style
          - {path: "w/b.bin", size: 1}

      # a comment between components
      - role: model-card
        description: |
          A block scalar
          over two lines
"""
        % ("e" * 64)
    )
    text = lock(path)
    assert text.startswith("# header comment\nartifacts:\n  - id: 'x'                       #")
    assert "# a comment between components" in text
    assert "- path: w/a.bin           # first file" in text
    assert f"digests: {{sha256: {SHA}}}   # stale digest, flow style" in text
    b_sha = hashlib.sha256(CONTENT * 2).hexdigest()
    assert f'{{path: "w/b.bin", size: 26, digests: {{sha256: {b_sha}}}}}' in text
    assert "          A block scalar\n          over two lines\n" in text
    data = yaml.safe_load(text)
    files = data["artifacts"][0]["components"][0]["files"]
    assert files[0] == {"path": "w/a.bin", "digests": {"sha256": SHA}, "size": len(CONTENT)}


def test_yaml_block_digests_are_replaced_in_place(root: Path) -> None:
    path = root / "m.yml"
    path.write_text(
        "artifacts:\n- id: x\n  kind: model\n  components:\n  - role: datasets\n    files:\n"
        "    - path: w/a.bin\n      digests:\n        md5: " + "e" * 32 + "\n"
        "        sha256: " + "e" * 64 + "\n      size: 1   # size\n"
    )
    text = lock(path)
    md5 = hashlib.md5(CONTENT).hexdigest()
    assert (
        f"    - path: w/a.bin\n      digests:\n        md5: {md5}\n        sha256: {SHA}\n"
        f"      size: {len(CONTENT)}   # size\n"
    ) in text


def test_yaml_new_files_from_a_folder_location(root: Path) -> None:
    path = root / "m.yaml"
    path.write_text(
        "artifacts:\n  - id: x\n    kind: model\n    components:\n"
        "      - role: model-parameters-final\n        location: w   # weights\n"
        "      - role: model-card\n        location: README.md"  # no newline at the end
    )
    result = lock_manifest(str(path))
    assert [e.status for e in result.entries] == [LockStatus.ADDED, LockStatus.ADDED]
    assert result.text is not None
    write_preserving(str(path), result.text)
    data = yaml.safe_load(path.read_text())
    files = data["artifacts"][0]["components"][0]["files"]
    assert [f["path"] for f in files] == ["w/a.bin", "w/b.bin"]
    assert (
        "location: w   # weights\n        files:\n          - path: w/a.bin\n" in path.read_text()
    )
    assert data["artifacts"][0]["components"][1] == {"role": "model-card", "location": "README.md"}


def test_yaml_crlf_and_bom_are_kept(root: Path) -> None:
    path = root / "m.yaml"
    text = (
        "artifacts:\r\n  - id: x\r\n    kind: model\r\n    components:\r\n"
        "      - role: datasets\r\n        files:\r\n          - path: w/a.bin\r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    lock(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert f"sha256: {SHA}\r\n".encode() in raw


def test_toml_keeps_comments(root: Path) -> None:
    path = root / "m.toml"
    path.write_text(
        '# header\n[[artifacts]]\nid = "x"  # id\nkind = "model"\n\n'
        '[[artifacts.components]]\nrole = "datasets"\n\n'
        '[[artifacts.components.files]]\npath = "w/a.bin"  # the file\n\n'
        '[[artifacts.components]]\nrole = "model-parameters-final"\nlocation = "w"\n'
    )
    text = lock(path, DigestAlgorithm.SHA256, DigestAlgorithm.GIT_SHA1)
    assert text.startswith('# header\n[[artifacts]]\nid = "x"  # id\n')
    assert 'path = "w/a.bin"  # the file' in text
    data = tomllib.loads(text)
    first = data["artifacts"][0]["components"][0]["files"][0]
    assert first["digests"]["sha256"] == SHA
    assert first["size"] == len(CONTENT)
    added = data["artifacts"][0]["components"][1]["files"]
    assert [f["path"] for f in added] == ["w/a.bin", "w/b.bin"]
    assert set(added[0]["digests"]) == {"sha256", "git-sha1"}


def test_json_keeps_indentation_and_key_order(root: Path) -> None:
    path = root / "m.json"
    doc = {
        "artifacts": [
            {
                "kind": "model",
                "id": "x",
                "components": [{"files": [{"path": "w/a.bin"}], "role": "datasets"}],
            }
        ]
    }
    path.write_text(json.dumps(doc, indent=4) + "\n")
    text = lock(path)
    assert text.startswith('{\n    "artifacts": [\n        {\n            "kind": "model",')
    data = json.loads(text)
    assert list(data["artifacts"][0]["components"][0]) == ["files", "role"]
    assert data["artifacts"][0]["components"][0]["files"][0]["digests"] == {"sha256": SHA}


def test_write_preserving_keeps_mode_and_follows_symlinks(root: Path) -> None:
    real = root / "real.yaml"
    real.write_text("old")
    os.chmod(real, 0o640)
    link = root / "link.yaml"
    link.symlink_to(real)
    write_preserving(str(link), "new")
    assert link.is_symlink()
    assert real.read_text() == "new"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert [p.name for p in root.iterdir() if p.name.startswith(".openness-")] == []


def test_unchanged_manifest_is_not_rewritten(root: Path) -> None:
    path = root / "m.yaml"
    path.write_text(
        "artifacts:\n  - id: x\n    kind: model\n    components:\n      - role: datasets\n"
        f"        files:\n          - {{path: w/a.bin, size: {len(CONTENT)}, "
        f"digests: {{sha256: {SHA}}}}}\n"
    )
    result = lock_manifest(str(path))
    assert [e.status for e in result.entries] == [LockStatus.UNCHANGED]
    assert result.text is None


@pytest.mark.parametrize(
    ("value", "text"),
    [("abc", "abc"), ("0123", "'0123'"), ("true", "'true'"), ("a: b", "'a: b'"), (12, "12")],
)
def test_scalars_are_quoted_only_when_needed(value: object, text: str) -> None:
    assert scalar(value) == text
    assert yaml.safe_load(scalar(value)) == value


def test_editor_inserts_in_order_after_a_trailing_comment() -> None:
    editor = YamlEditor("a:\n  b: 1  # note\nc: 2\n")
    node = editor.node(("a",))
    assert isinstance(node, yaml.MappingNode)
    editor.set(node, "x", 1)
    editor.set(node, "y", {"k": "v"})
    assert editor.apply() == "a:\n  b: 1  # note\n  x: 1\n  y:\n    k: v\nc: 2\n"
