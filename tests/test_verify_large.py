"""Issue 7, "Done when": ``verify`` catches a one-byte change in a generated 1 GB file, and a
missing file. The file is sparse with random blocks written through it, so that generating it
costs no disk and hashing it reads every byte."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from openness.cli.main import cli

GIB = 1 << 30


def test_one_byte_change_in_a_1gb_file_and_a_missing_file(tmp_path: Path) -> None:
    big = tmp_path / "weights" / "model-00001-of-00001.bin"
    big.parent.mkdir()
    with open(big, "wb") as handle:
        handle.truncate(GIB)
        for offset in range(0, GIB, 64 << 20):  # 16 random 64 kB blocks across the file
            handle.seek(offset)
            handle.write(os.urandom(1 << 16))
    (tmp_path / "config.json").write_text('{"hidden_size": 8}\n')
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(
        "artifacts:\n  - id: big\n    kind: model\n    components:\n"
        "      - role: model-parameters-final\n        location: weights\n"
        "      - role: configuration\n        files:\n          - path: config.json\n"
    )
    runner = CliRunner()
    locked = runner.invoke(cli, ["lock", str(manifest)], catch_exceptions=False)
    assert locked.exit_code == 0, locked.output
    assert f"size: {GIB}" in manifest.read_text()

    middle = GIB // 2 + 12345
    with open(big, "r+b") as handle:
        handle.seek(middle)
        byte = handle.read(1)
        handle.seek(middle)
        handle.write(bytes([byte[0] ^ 0x01]))
    (tmp_path / "config.json").unlink()
    assert big.stat().st_size == GIB  # same size: only the digest can tell

    result = runner.invoke(cli, ["verify", str(manifest), "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    status = {f["path"]: f["status"] for f in report["files"]}
    assert status == {
        "weights/model-00001-of-00001.bin": "mismatch",
        "config.json": "missing",
    }
    assert report["bytes_hashed"] == GIB
