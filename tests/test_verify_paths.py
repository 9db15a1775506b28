"""Path safety (issue 7, "Bad input"): paths outside --root, absolute paths, ``..``, symlinks
out of the root, symlink loops, unreadable files: clear errors naming the file; verify never
follows a path out of the root."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from openness.verify import PathError, PathIssue, SafeRoot
from openness.verify.paths import check_relative


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "release" / "weights").mkdir(parents=True)
    (tmp_path / "release" / "weights" / "model.bin").write_bytes(b"weights")
    (tmp_path / "secret.txt").write_text("outside the root")
    return tmp_path / "release"


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/etc/passwd", "absolute path"),
        ("C:/weights.bin", "absolute path"),
        ("../secret.txt", "'..'"),
        ("weights/../../secret.txt", "'..'"),
        ("weights\\model.bin", "backslash"),
        ("", "not a valid path"),
        ("./", "root folder itself"),
        ("a\x00b", "not a valid path"),
    ],
)
def test_lexically_unsafe_paths(path: str, words: str) -> None:
    with pytest.raises(PathError, match=words) as info:
        check_relative(path)
    assert info.value.issue is PathIssue.INVALID
    assert info.value.path == path  # the error names the path as written


def test_normalises_harmless_forms() -> None:
    assert check_relative("./weights//model.bin") == "weights/model.bin"


def test_resolves_a_plain_file(root: Path) -> None:
    safe = SafeRoot.of(root)
    real = safe.resolve("weights/model.bin")
    fd = safe.open("weights/model.bin", real)
    try:
        assert os.read(fd, 100) == b"weights"
    finally:
        os.close(fd)


def test_symlink_inside_the_root_is_followed(root: Path) -> None:
    (root / "alias.bin").symlink_to("weights/model.bin")
    assert SafeRoot.of(root).resolve("alias.bin") == str((root / "weights/model.bin").resolve())


def test_symlink_out_of_the_root_is_refused(root: Path) -> None:
    (root / "escape.txt").symlink_to(root.parent / "secret.txt")
    with pytest.raises(PathError, match="points out of the root") as info:
        SafeRoot.of(root).resolve("escape.txt")
    assert info.value.issue is PathIssue.OUTSIDE
    assert info.value.path == "escape.txt"


def test_symlinked_folder_out_of_the_root_is_refused(root: Path) -> None:
    (root / "up").symlink_to(root.parent, target_is_directory=True)
    with pytest.raises(PathError, match="points out of the root"):
        SafeRoot.of(root).resolve("up/secret.txt")


def test_symlink_loop(root: Path) -> None:
    (root / "a").symlink_to("b")
    (root / "b").symlink_to("a")
    with pytest.raises(PathError, match="symlink loop") as info:
        SafeRoot.of(root).resolve("a")
    assert info.value.issue is PathIssue.LOOP


@pytest.mark.parametrize(
    ("make", "issue", "words"),
    [
        (lambda r: None, PathIssue.MISSING, "no such file"),
        (lambda r: (r / "gone").symlink_to("nowhere"), PathIssue.MISSING, "dangling symlink"),
        (lambda r: (r / "gone").mkdir(), PathIssue.NOT_A_FILE, "is a folder"),
        (lambda r: os.mkfifo(r / "gone"), PathIssue.NOT_A_FILE, "not a regular file"),
    ],
)
def test_not_a_readable_file(root: Path, make: object, issue: PathIssue, words: str) -> None:
    make(root)  # type: ignore[operator]
    with pytest.raises(PathError, match=words) as info:
        SafeRoot.of(root).resolve("gone")
    assert info.value.issue is issue


def test_unreadable_file(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 000 does not stop root, who runs CI containers: make open() fail as for others.
    safe = SafeRoot.of(root)
    real = safe.resolve("weights/model.bin")

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(PathError, match="permission denied") as info:
        safe.open("weights/model.bin", real)
    assert info.value.issue is PathIssue.UNREADABLE


def test_file_swapped_for_a_symlink_after_the_check_is_not_followed(root: Path) -> None:
    safe = SafeRoot.of(root)
    real = safe.resolve("weights/model.bin")
    os.unlink(real)
    os.symlink(root.parent / "secret.txt", real)
    with pytest.raises(PathError, match="became a symlink"):
        safe.open("weights/model.bin", real)


def test_root_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(PathError, match="cannot be opened"):
        SafeRoot.of(tmp_path / "absent")
    (tmp_path / "file").write_text("x")
    with pytest.raises(PathError, match="not a folder"):
        SafeRoot.of(tmp_path / "file")


def test_walk_skips_hidden_entries_and_symlinked_folders(root: Path) -> None:
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref")
    (root / ".gitattributes").write_text("*")
    (root / "up").symlink_to(root.parent, target_is_directory=True)
    (root / "link.bin").symlink_to("weights/model.bin")
    assert SafeRoot.of(root).walk() == ["link.bin", "weights/model.bin"]
    assert SafeRoot.of(root).walk("weights") == ["weights/model.bin"]
