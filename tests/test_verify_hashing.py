"""Streaming digests (issue 7): every algorithm against hashlib, git blob ids against git's
definition (``sha1("blob <size>\\0" + content)``), constant-size reads, the thread pool."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from openness.model import DigestAlgorithm
from openness.verify import UnknownAlgorithm, hash_bytes, hash_file, parse_algorithm
from openness.verify.hashing import CHUNK_SIZE, hash_fd, hash_many


def test_every_algorithm_in_one_pass_matches_hashlib(tmp_path: Path) -> None:
    data = os.urandom(3 * CHUNK_SIZE + 12345)  # several chunks and a partial one
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    digests = hash_file(path, list(DigestAlgorithm))
    assert digests[DigestAlgorithm.SHA256] == hashlib.sha256(data).hexdigest()
    assert digests[DigestAlgorithm.SHA512] == hashlib.sha512(data).hexdigest()
    assert digests[DigestAlgorithm.SHA1] == hashlib.sha1(data).hexdigest()
    assert digests[DigestAlgorithm.MD5] == hashlib.md5(data).hexdigest()
    header = b"blob %d\x00" % len(data)
    assert digests[DigestAlgorithm.GIT_SHA1] == hashlib.sha1(header + data).hexdigest()


def test_git_blob_id_of_known_content() -> None:
    # `printf 'hello world\n' | git hash-object --stdin` and of the empty blob
    assert (
        hash_bytes(b"hello world\n", [DigestAlgorithm.GIT_SHA1])[DigestAlgorithm.GIT_SHA1]
        == "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"
    )
    assert (
        hash_bytes(b"", [DigestAlgorithm.GIT_SHA1])[DigestAlgorithm.GIT_SHA1]
        == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert hash_file(path)[DigestAlgorithm.SHA256] == hashlib.sha256(b"").hexdigest()


def test_reads_in_bounded_chunks_and_reports_progress(tmp_path: Path) -> None:
    path = tmp_path / "data"
    path.write_bytes(b"x" * (2 * CHUNK_SIZE + 1))
    seen: list[int] = []
    size, _ = hash_fd(os.open(path, os.O_RDONLY), [DigestAlgorithm.SHA256], progress=seen.append)
    assert size == 2 * CHUNK_SIZE + 1
    assert seen == [CHUNK_SIZE, CHUNK_SIZE, 1]  # never more than one chunk in memory


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sha256", DigestAlgorithm.SHA256),
        ("SHA-256", DigestAlgorithm.SHA256),
        ("sha_512", DigestAlgorithm.SHA512),
        ("git", DigestAlgorithm.GIT_SHA1),
        ("git-sha1", DigestAlgorithm.GIT_SHA1),
    ],
)
def test_algorithm_names(name: str, expected: DigestAlgorithm) -> None:
    assert parse_algorithm(name) is expected


def test_unknown_algorithm_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "weights.bin"
    path.write_bytes(b"1")
    with pytest.raises(UnknownAlgorithm, match=r"weights\.bin: unknown digest algorithm 'blake3'"):
        hash_file(path, ["blake3"])


def test_hash_many_keeps_order_and_uses_threads() -> None:
    threads: set[str] = set()
    barrier = threading.Barrier(2, timeout=10)

    def work(item: int) -> int:
        threads.add(threading.current_thread().name)
        if item < 2:
            barrier.wait()  # only passes if two items run at the same time
        return item * 10

    assert hash_many([0, 1, 2, 3], work, weight=lambda i: i, workers=2) == [0, 10, 20, 30]
    assert len(threads) == 2


def test_progress_bar_only_when_asked_or_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from openness.progress import byte_progress

    with byte_progress(100, enabled=False) as advance:
        assert advance is None
    with byte_progress(100) as advance:  # stderr is captured: not a terminal
        assert advance is None
    with byte_progress(3 << 24, enabled=True) as advance:
        assert advance is not None
        threads = [threading.Thread(target=advance, args=(1 << 24,)) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert capsys.readouterr().out == ""  # never on standard output
