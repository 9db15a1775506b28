"""The shortcuts of the warm path give what the plain way gives: one walk of a snapshot (the
files, their sizes and digests), one scan for which listed files are present, a card read as
text without trying it whole as YAML, the ref read without a folder check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from openness.documents import read_document
from openness.formats.huggingface.read.snapshot import (
    file_info,
    snapshot_files,
    snapshot_listing,
)
from openness.hub.artifacts import _present
from openness.hub.cache import read_ref, resolve_ref, write_ref
from openness.hub.ids import HubId
from openness.hub.walk import _card_document
from openness.model import DigestAlgorithm

SHA256 = "a" * 64
BLOB = "b" * 40
COMMIT = "c" * 40


def _snapshot(root: Path) -> Path:
    """A Hub-cache snapshot: files linked to blobs named by digest, a nested folder, hidden
    files and folders, a dangling link, a linked folder, and a plain downloaded file with the
    metadata huggingface_hub keeps beside it."""
    blobs = root / "blobs"
    blobs.mkdir()
    (blobs / SHA256).write_bytes(b"\0" * 4096)
    (blobs / BLOB).write_text('{"model_type": "llama"}')
    snap = root / "snapshots" / COMMIT
    (snap / "sub" / "deeper").mkdir(parents=True)
    (snap / "README.md").write_text("---\nlicense: mit\n---\n")
    os.symlink(blobs / SHA256, snap / "model.safetensors")
    os.symlink(blobs / BLOB, snap / "config.json")
    os.symlink(root / "nowhere", snap / "dangling.bin")
    (snap / "sub" / "README.md").write_text("nested card")
    (snap / "sub" / "b.txt").write_text("bb")
    (snap / "sub" / "a.py").write_text("a")
    (snap / "sub" / "deeper" / "z.json").write_text("{}")
    (snap / ".hidden").write_text("x")
    (snap / ".git").mkdir()
    (snap / ".git" / "HEAD").write_text("ref")
    outside = root / "outside"
    outside.mkdir()
    (outside / "inside.txt").write_text("i")
    os.symlink(outside, snap / "linked")
    (snap / "plain.txt").write_text("plain")
    meta = snap / ".cache" / "huggingface" / "download"
    meta.mkdir(parents=True)
    (meta / "plain.txt.metadata").write_text(f'{COMMIT}\n"{BLOB}"\n1700000000.0\n')
    return snap


def test_snapshot_files_walks_once_in_order_with_sizes_and_digests(tmp_path: Path) -> None:
    snap = _snapshot(tmp_path)
    files = snapshot_files(str(snap), "README.md")
    assert [f.path for f in files] == [
        "config.json",
        "dangling.bin",
        "model.safetensors",
        "plain.txt",
        "sub/README.md",  # only the card at the top is the card
        "sub/a.py",
        "sub/b.txt",
        "sub/deeper/z.json",
    ]
    by_path = {f.path: f for f in files}
    assert by_path["model.safetensors"].size == 4096
    assert by_path["model.safetensors"].digests == {DigestAlgorithm.SHA256: SHA256}
    assert by_path["config.json"].digests == {DigestAlgorithm.GIT_SHA1: BLOB}
    assert by_path["dangling.bin"].size is None
    assert by_path["plain.txt"].digests == {DigestAlgorithm.GIT_SHA1: BLOB}
    assert by_path["plain.txt"].revision == COMMIT
    assert by_path["sub/b.txt"].size == 2
    assert by_path["sub/b.txt"].digests == {}
    # The same as the listing and a look at each file, the way it was read before.
    assert snapshot_listing(str(snap), "README.md") == [f.path for f in files]
    assert files == [file_info(str(snap), f.path) for f in files]


def test_present_agrees_with_a_lookup_per_file(tmp_path: Path) -> None:
    snap = _snapshot(tmp_path)
    listed = [
        "README.md",
        "config.json",
        "dangling.bin",  # a link to nothing is there, as os.path.lexists says
        "model.safetensors",
        "missing.bin",
        "sub/a.py",
        "sub/missing.py",
        "sub/deeper/z.json",
        "linked/inside.txt",  # below a linked folder, which the walk does not enter
        "linked/absent.txt",
        ".hidden",
        ".git/HEAD",
        "sub",
    ]
    expected = {p for p in listed if os.path.lexists(os.path.join(snap, p))}
    assert "linked/inside.txt" in expected and "missing.bin" not in expected
    assert _present(str(snap), listed) == expected
    assert _present(str(tmp_path / "no-such-folder"), listed) == set()


@pytest.mark.parametrize(
    "text",
    [
        "---\nlicense: mit\n---\n# Title\n\nBody.\n",
        "---\nlicense: mit\n---",
        "\n\n---\nlicense: mit\n---  \nbody\n",
        "---\r\nlicense: mit\r\n---\r\nbody\r\n",
        "---\n---\nbody\n",
        "---\nlicense: mit\n...\n---\nbody: text\n",
        "---\nkey: [unclosed\n---\nbody\n",
        "license: mit\nbase_model: a/b\n",  # no block: the whole is YAML, as before
        "# Just a title\n\nNo metadata at all.\n",
        "- a\n- b\n",
    ],
)
def test_card_document_reads_as_read_document(tmp_path: Path, text: str) -> None:
    path = tmp_path / "README.md"
    path.write_bytes(text.encode())
    fast, plain = _card_document(str(path)), read_document(str(path))
    assert (fast.path, fast.text, fast.format, fast.data) == (
        plain.path,
        plain.text,
        plain.format,
        plain.data,
    )


def test_read_ref_needs_no_snapshot_and_resolve_ref_does(tmp_path: Path) -> None:
    cache = str(tmp_path)
    hub_id = HubId("model", "org/name")
    assert read_ref(cache, hub_id) is None and resolve_ref(cache, hub_id) is None
    write_ref(cache, hub_id, COMMIT)
    assert read_ref(cache, hub_id) == COMMIT
    assert resolve_ref(cache, hub_id) is None  # no snapshot folder yet
    (tmp_path / "models--org--name" / "snapshots" / COMMIT).mkdir(parents=True)
    assert resolve_ref(cache, hub_id) == COMMIT
    pinned = HubId("model", "org/name", COMMIT)
    assert read_ref(cache, pinned) == COMMIT
    assert resolve_ref(cache, HubId("model", "org/name", "d" * 40)) is None
    (tmp_path / "models--org--name" / "refs" / "main").write_text("not a commit")
    assert read_ref(cache, hub_id) is None
