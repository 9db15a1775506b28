"""A small stand-in for the Hub's HTTP routes that huggingface_hub uses to read repository
information and download files (for the resolver's own tests; tests/hub/server.py is the full
one). Repositories are dicts of file name -> bytes; each gets a fixed commit id."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".gguf", ".bin", ".parquet")


def commit_of(repo: str, kind: str) -> str:
    return hashlib.sha1(f"{kind}:{repo}".encode()).hexdigest()


@dataclass
class Repo:
    files: dict[str, bytes]
    gated: bool = False  # files other than README.md answer 403 without a token
    status: int | None = None  # every request answers this status
    flaky: int = 0  # the first n info requests answer 429
    renamed_from: str | None = None


@dataclass
class MiniHub:
    repos: dict[tuple[str, str], Repo] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    endpoint: str = ""

    def add(self, repo: str, files: dict[str, str | bytes], kind: str = "model", **kw: Any) -> str:
        data = {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
        self.repos[(kind, repo)] = Repo(data, **kw)
        return commit_of(repo, kind)

    def find(self, kind: str, repo: str) -> tuple[str, Repo] | None:
        for (k, name), value in self.repos.items():
            if k == kind and (name == repo or value.renamed_from == repo):
                return name, value
        return None


def _blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _handler(hub: MiniHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(
            self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if "Content-Length" not in (headers or {}):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _error(self, status: int, code: str | None = None) -> None:
            headers = {"Content-Type": "application/json"}
            if code:
                headers["X-Error-Code"] = code
            self._send(status, json.dumps({"error": code or str(status)}).encode(), headers)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            ranged = self.command == "GET" and self.headers.get("Range")
            with hub.lock:  # a ranged GET is logged as RANGE (the bytes asked for)
                hub.requests.append(("RANGE" if ranged else self.command, path))
            parts = path.strip("/").split("/")
            if parts[0] == "api" and parts[1] in ("models", "datasets"):
                self._info("dataset" if parts[1] == "datasets" else "model", parts[2:])
                return
            kind = "model"
            if parts[0] == "datasets":
                kind, parts = "dataset", parts[1:]
            if len(parts) >= 5 and parts[2] == "resolve":
                self._file(kind, "/".join(parts[:2]), parts[3], "/".join(parts[4:]))
                return
            self._error(404)

        def _info(self, kind: str, parts: list[str]) -> None:
            if "tree" in parts:  # the file list snapshot_download asks for
                i = parts.index("tree")
                found = hub.find(kind, "/".join(parts[:i]))
                if found is None:
                    self._error(401, "RepoNotFound")
                    return
                entries = [
                    {"type": "file", "path": f, "size": len(d), "oid": _blob_id(d)}
                    for f, d in sorted(found[1].files.items())
                ]
                body = json.dumps(entries).encode()
                self._send(200, body, {"Content-Type": "application/json"})
                return
            revision = None
            if "revision" in parts:
                i = parts.index("revision")
                parts, revision = parts[:i], "/".join(parts[i + 1 :])
            found = hub.find(kind, "/".join(parts))
            if found is None:
                self._error(401, "RepoNotFound")
                return
            name, repo = found
            if repo.status:
                self._error(repo.status)
                return
            if repo.flaky:
                repo.flaky -= 1
                self._error(429)
                return
            commit = commit_of(name, kind)
            if revision not in (None, "main", commit):
                self._error(404, "RevisionNotFound")
                return
            siblings = []
            for fname, data in sorted(repo.files.items()):
                sib: dict[str, Any] = {"rfilename": fname, "size": len(data)}
                sib["blobId"] = _blob_id(data)
                if fname.endswith(LFS_SUFFIXES):
                    sib["lfs"] = {
                        "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "pointerSize": 134,
                    }
                siblings.append(sib)
            body = {
                "id": name,
                "_id": commit[:24],
                "sha": commit,
                "private": False,
                "gated": "manual" if repo.gated else False,
                "disabled": False,
                "siblings": siblings,
                "tags": [],
            }
            self._send(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

        def _file(self, kind: str, repo_name: str, revision: str, fname: str) -> None:
            found = hub.find(kind, repo_name)
            if found is None:
                self._error(401, "RepoNotFound")
                return
            name, repo = found
            commit = commit_of(name, kind)
            if revision not in ("main", commit):
                self._error(404, "RevisionNotFound")
                return
            if repo.gated and fname != "README.md" and not self.headers.get("Authorization"):
                self._error(403, "GatedRepo")
                return
            if fname not in repo.files:
                self._error(404, "EntryNotFound")
                return
            data = repo.files[fname]
            etag = (
                hashlib.sha256(data).hexdigest() if fname.endswith(LFS_SUFFIXES) else _blob_id(data)
            )
            headers = {"X-Repo-Commit": commit, "ETag": f'"{etag}"'}
            rng = self.headers.get("Range")
            if rng and rng.startswith("bytes="):
                start_s, _, end_s = rng[6:].partition("-")
                start = int(start_s)
                end = min(int(end_s) if end_s else len(data) - 1, len(data) - 1)
                chunk = data[start : end + 1]
                headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
                self._send(206, chunk, headers)
                return
            self._send(200, data, headers)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog (5) drops connections that eight client threads open at once: the
    # client's SYN is retried a second later, which would be measured as the Hub's latency.
    request_queue_size = 128


@contextmanager
def serve(hub: MiniHub) -> Iterator[MiniHub]:
    server = _Server(("127.0.0.1", 0), _handler(hub))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    hub.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield hub
    finally:
        server.shutdown()
        server.server_close()
