"""Small files read in few system calls give what ``open()`` gives, and the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.formats.huggingface.read.license_files import read_license_text
from openness.formats.huggingface.read.small_files import read_bytes, read_text


@pytest.mark.parametrize(
    "raw", [b'{"a":\r\n 1}\r\n', b"one\rtwo\r\n\rthree", b"\xef\xbb\xbfbom\n", b"", b"x" * 200_000]
)
def test_read_text_is_what_open_reads(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "f"
    path.write_bytes(raw)
    with open(path, encoding="utf-8") as handle:
        assert read_text(str(path)) == handle.read()


def test_read_bytes_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"y" * 70_000)
    assert read_bytes(str(path), 10) == b"y" * 10
    assert read_bytes(str(path), 70_001) == b"y" * 70_000
    assert read_bytes(str(path)) == b"y" * 70_000


def test_not_utf8_and_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(UnicodeDecodeError):
        read_text(str(path))
    with pytest.raises(IsADirectoryError):
        read_bytes(str(tmp_path))
    with pytest.raises(FileNotFoundError):
        read_bytes(str(tmp_path / "missing"))


def test_license_text_errors_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENNESS_MAX_INPUT_BYTES", "1000")
    big = tmp_path / "LICENSE"
    big.write_text("x" * 5000)
    folder = tmp_path / "LICENSE.d"
    folder.mkdir()
    (folder / "a").write_text("a")
    size = folder.stat().st_size
    assert read_license_text(str(big)) == (
        None,
        "the file is 5,000 bytes, over the 1,000 read for a license text",
    )
    # a folder: its size told when over the limit (as a status call first told it), else
    # that it is a folder
    expected = (
        f"the file is {size:,} bytes, over the 1,000 read for a license text"
        if size > 1000
        else "the file could not be read (Is a directory)"
    )
    assert read_license_text(str(folder)) == (None, expected)
    assert read_license_text(str(tmp_path / "missing")) == (
        None,
        "the file could not be read (No such file or directory)",
    )
    (tmp_path / "empty").write_text("")
    assert read_license_text(str(tmp_path / "empty")) == ("", "")
