"""A local HTTP server standing in for the Hugging Face Hub, for the real ``huggingface_hub``.

Two ``ThreadingHTTPServer`` s on 127.0.0.1, each on a free port, in daemon threads: the Hub
(``endpoint``) and a CDN (``cdn_endpoint``, another origin, as ``cdn-lfs.hf.co`` is) to which
the Hub redirects downloads of LFS files, so the client drops its token there as it does on
the real Hub. Routes, as ``huggingface_hub`` 2.x calls them:

- ``GET /api/{models,datasets}/{id}[/revision/{rev}]``: model/dataset info (``?blobs=true``
  adds sizes and LFS data to ``siblings``; ``?expand=`` keeps only the properties asked);
- ``GET /api/{type}/{id}/tree/{rev}[/{path}]`` (``?recursive=true``), ``POST .../paths-info/{rev}``
  and ``GET .../refs``;
- ``HEAD``/``GET /[datasets/]{id}/resolve/{rev}/{path}``: small files answered directly with
  ``ETag`` (the git blob id), LFS files by a 302 to the CDN with ``X-Linked-Etag`` (sha256) and
  ``X-Linked-Size``; every answer has ``X-Repo-Commit``; ``Range: bytes=a-b`` gives a 206.

Errors carry the ``X-Error-Code`` / ``X-Error-Message`` headers the client maps to exceptions:
a gated repo's files give 401 without a token and 403 with one that lacks access
(``GatedRepo``); a missing or private repo 401 anonymously and 404 with a token
(``RepoNotFound``); ``RevisionNotFound`` and ``EntryNotFound`` 404; a renamed repo redirects
(307) every route to its new id; a ``fail_first`` plan answers its status (429 with
``Retry-After``, or a 5xx) to the repo's first requests.
"""

from __future__ import annotations

import json
import re
import socketserver
import threading
from collections.abc import Collection, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from . import api
from .log import HubRequest, RequestLog
from .repos import Repo, RepoFile, load_all

GRANTED_TOKEN = "hf_test_granted"  # a token with access to every gated repo
DENIED_TOKEN = "hf_test_denied"  # a valid token that was granted no gated repo
DEFAULT_TOKENS: Mapping[str, Collection[str]] = {GRANTED_TOKEN: ("*",), DENIED_TOKEN: ()}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")
_API_VERBS = ("revision", "tree", "paths-info", "refs")
_REASONS = {429: "Too Many Requests", 500: "Internal Error", 502: "Bad Gateway", 503: "Unavailable"}


class HubError(Exception):
    """An error answer: status, ``X-Error-Code``, message and extra headers."""

    def __init__(self, status: int, code: str | None, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class HubServer:
    """The test Hub and its CDN. Use as a context manager, or ``start()`` / ``stop()``.

    ``repos`` (default: every repo under ``tests/data/hub``) maps keys (``org/name``,
    ``datasets/org/name``) to repos; ``tokens`` maps bearer tokens to the keys of the gated
    repos they may read (``"*"``: all). State (failure counters, the log) lives in the instance.
    """

    def __init__(
        self,
        repos: Mapping[str, Repo] | None = None,
        tokens: Mapping[str, Collection[str]] = DEFAULT_TOKENS,
    ) -> None:
        self.repos: dict[str, Repo] = dict(load_all() if repos is None else repos)
        self.tokens = {t: frozenset(keys) for t, keys in tokens.items()}
        self.requests = RequestLog()
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, int, int | None]] = {}
        for key, repo in self.repos.items():
            if repo.failure:
                plan = repo.failure
                self._failures[key] = (plan.count, plan.status, plan.retry_after)
        self._blobs: dict[str, tuple[Repo, RepoFile]] = {}
        for head in self.repos.values():
            for repo in (head, *head.tagged.values()):
                for f in repo.files.values():
                    if f.lfs:
                        self._blobs.setdefault(f.sha256, (repo, f))
        self._servers: list[ThreadingHTTPServer] = []
        self.endpoint = self.cdn_endpoint = ""
        self.cache_dir: Path | None = None  # set by the hub_server fixture

    def start(self) -> HubServer:
        """Bind both servers to free loopback ports and serve in daemon threads."""
        for role in ("hub", "cdn"):
            httpd = _Server(("127.0.0.1", 0), _Handler, self, role)
            threading.Thread(
                target=httpd.serve_forever, args=(0.02,), name=f"test-{role}", daemon=True
            ).start()
            self._servers.append(httpd)
        self.endpoint, self.cdn_endpoint = (
            f"http://127.0.0.1:{s.server_address[1]}" for s in self._servers
        )
        return self

    def stop(self) -> None:
        """Stop serving and close the listening sockets."""
        for httpd in self._servers:
            httpd.shutdown()
            httpd.server_close()
        self._servers.clear()

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail(self, key: str, count: int, status: int = 429, retry_after: int | None = None) -> None:
        """Make the next ``count`` requests about repo ``key`` answer ``status``."""
        with self._lock:
            self._failures[key] = (count, status, retry_after)

    def take_failure(self, key: str) -> tuple[int, int | None] | None:
        """The (status, retry_after) the next request of ``key`` must fail with, if any."""
        with self._lock:
            count, status, retry_after = self._failures.get(key, (0, 0, None))
            if count <= 0:
                return None
            self._failures[key] = (count - 1, status, retry_after)
            return status, retry_after

    def blob(self, sha256: str) -> tuple[Repo, RepoFile] | None:
        """The LFS file with this object id, for the CDN."""
        return self._blobs.get(sha256)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type, hub: HubServer, role: str) -> None:
        self.hub, self.role = hub, role
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks getfqdn() for a name; an IP address is name enough.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = (
            str(self.server_address[0]),
            int(self.server_address[1]),
        )


def _split_repo(parts: list[str], hub: HubServer, prefix: str) -> tuple[str, list[str]]:
    """The repo key named by the leading path segments, and the rest of the segments."""
    one = prefix + parts[0]
    if one in hub.repos or len(parts) < 2 or parts[1] in (*_API_VERBS, "resolve"):
        return one, parts[1:]
    return prefix + "/".join(parts[:2]), parts[2:]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10
    server: _Server
    record: HubRequest

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the log is self.record
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    # -- dispatch ---------------------------------------------------------------------------

    def _answer(self) -> None:
        url = urlsplit(self.path)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.record = self.server.hub.requests.add(
            HubRequest(self.server.role, self.command, url.path, url.query, headers)
        )
        self.query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.expand = parse_qs(url.query).get("expand") or parse_qs(url.query).get("expand[]")
        body = self.rfile.read(int(headers.get("content-length", 0) or 0))
        parts = [unquote(p) for p in url.path.split("/")[1:]]
        try:
            if self.server.role == "cdn":
                self._cdn(parts)
            elif parts[:1] == ["api"] and len(parts) > 2 and parts[1] in ("models", "datasets"):
                self._api(parts[1], parts[2:], body)
            elif "resolve" in parts[:4]:
                self._resolve(parts)
            else:
                raise HubError(404, None, "Sorry, we can't find the page you are looking for.")
        except HubError as e:
            extra = {"X-Error-Message": e.message, **e.headers}
            if e.code:
                extra["X-Error-Code"] = e.code
            self._send(e.status, json.dumps({"error": e.message}).encode(), extra)

    def _repo(self, key: str) -> Repo:
        """The repo, after failure plans, missing repos and renames have had their say."""
        hub = self.server.hub
        self.record.repo = key
        failure = hub.take_failure(key)
        if failure is not None:
            status, retry_after = failure
            extra = {} if retry_after is None else {"Retry-After": str(retry_after)}
            raise HubError(status, None, _REASONS.get(status, "Server Error"), **extra)
        repo = hub.repos.get(key)
        if repo is None or repo.missing:
            token = self._token()
            status = 404 if token in hub.tokens else 401
            raise HubError(status, "RepoNotFound", "Repository not found")
        if self._token() not in (None, *hub.tokens):
            raise HubError(401, None, "Invalid credentials in Authorization header")
        return repo

    def _token(self) -> str | None:
        auth = self.record.authorization or ""
        return auth[7:] if auth.lower().startswith("bearer ") else None

    def _redirect(self, repo: Repo, old: str, new: str) -> None:
        location = self.path.replace(old, new, 1)
        self._send(307, b"", {"Location": location})
        self.record.repo = repo.key

    def _commit(self, repo: Repo, revision: str) -> Repo:
        """The repo at ``revision`` (RevisionNotFound if there is no such revision)."""
        commit = repo.at(revision)
        if commit is None:
            raise HubError(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        return commit

    # -- routes ------------------------------------------------------------------------------

    def _api(self, plural: str, parts: list[str], body: bytes) -> None:

        prefix = "" if plural == "models" else "datasets/"
        key, rest = _split_repo(parts, self.server.hub, prefix)
        repo = self._repo(key)
        if repo.renamed_to:
            old = f"/api/{plural}/{repo.repo_id}"
            self._redirect(repo, old, f"/api/{plural}/{repo.renamed_to}")
            return
        verb, args = (rest[0], rest[1:]) if rest else ("revision", ["main"])
        if verb == "refs" and not args:
            self._json(api.refs(repo))
            return
        if verb not in _API_VERBS or not args:
            raise HubError(404, None, "Sorry, we can't find the page you are looking for.")
        repo = self._commit(repo, args[0])
        if verb == "revision" and len(args) == 1:
            blobs = self.query.get("blobs") in ("true", "True", "1")
            self._json(api.repo_info(repo, blobs=blobs, expand=self.expand))
            return
        if verb == "tree":
            listing = api.tree(
                repo, "/".join(args[1:]), self.query.get("recursive") in ("true", "True")
            )
            if listing is None:
                raise HubError(404, "EntryNotFound", f"{'/'.join(args[1:])} does not exist")
            self._json(listing)
            return
        if verb == "paths-info" and self.command == "POST":
            form = parse_qs(body.decode())
            paths = form.get("paths", []) or json.loads(body or b"{}").get("paths", [])
            self._json(api.paths_info(repo, paths))
            return
        raise HubError(404, None, "Sorry, we can't find the page you are looking for.")

    def _resolve(self, parts: list[str]) -> None:
        prefix = "datasets/" if parts[0] == "datasets" else ""
        key, rest = _split_repo(parts[1:] if prefix else parts, self.server.hub, prefix)
        if rest[:1] != ["resolve"] or len(rest) < 3:
            raise HubError(404, None, "Sorry, we can't find the page you are looking for.")
        repo = self._repo(key)
        if repo.renamed_to:
            base = "/datasets/" if prefix else "/"
            self._redirect(repo, f"{base}{repo.repo_id}/", f"{base}{repo.renamed_to}/")
            return
        self._check_gate(repo)
        repo = self._commit(repo, rest[1])
        sha = repo.sha
        path = "/".join(rest[2:])
        self.record.file = path
        f = repo.files.get(path)
        if f is None:
            raise HubError(404, "EntryNotFound", "Entry not found", **{"X-Repo-Commit": sha})
        common = {"X-Repo-Commit": sha, "Accept-Ranges": "bytes"}
        if f.lfs:
            self.record.lfs = True
            location = f"{self.server.hub.cdn_endpoint}/lfs/{f.sha256}"
            linked = {"X-Linked-Etag": f'"{f.sha256}"', "X-Linked-Size": str(f.size)}
            self._send(302, b"", {**common, **linked, "Location": location})
            return
        self._file(f, {**common, "ETag": f'"{f.blob_id}"'})

    def _check_gate(self, repo: Repo) -> None:
        if not repo.gated:
            return
        token = self._token()
        kind = "model" if repo.repo_type == "model" else "dataset"
        if token is None:
            raise HubError(
                401,
                "GatedRepo",
                f"Access to {kind} {repo.repo_id} is restricted. You must have access to it "
                "and be authenticated to access it. Please log in.",
            )
        granted = self.server.hub.tokens.get(token, frozenset())
        if "*" not in granted and repo.key not in granted:
            raise HubError(
                403,
                "GatedRepo",
                f"Access to {kind} {repo.repo_id} is restricted and you are not in the "
                f"authorized list. Visit {self.server.hub.endpoint}/{repo.key} to ask for access.",
            )

    def _cdn(self, parts: list[str]) -> None:
        found = self.server.hub.blob(parts[1]) if parts[:1] == ["lfs"] and len(parts) == 2 else None
        if found is None:
            raise HubError(404, None, "NoSuchKey")
        repo, f = found
        self.record.repo, self.record.file, self.record.lfs = repo.key, f.path, True
        self._file(f, {"ETag": f'"{f.sha256}"', "Accept-Ranges": "bytes"})

    # -- answers -----------------------------------------------------------------------------

    def _file(self, f: RepoFile, headers: dict[str, str]) -> None:
        """The file, whole (200) or the asked range (206); 416 for a range outside it."""
        start, end, status = 0, f.size, 200
        wanted = self.record.range
        if wanted:
            match = _RANGE.match(wanted.strip())
            if not match or not (match.group(1) or match.group(2)):
                raise HubError(416, None, "Invalid range", **{"Content-Range": f"bytes */{f.size}"})
            first, last = match.groups()
            if first:
                start, end = int(first), min(int(last) + 1 if last else f.size, f.size)
            else:
                start, end = max(f.size - int(last), 0), f.size
            if start >= f.size or start >= end:
                raise HubError(
                    416, None, "Range Not Satisfiable", **{"Content-Range": f"bytes */{f.size}"}
                )
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{f.size}"
        headers.setdefault("Content-Type", "application/octet-stream")
        self._start(status, end - start, headers)
        if self.command != "HEAD":
            for chunk in f.chunks(start, end):
                self.record.body_bytes += len(chunk)
                try:
                    self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return

    def _json(self, data: Any) -> None:
        self._send(200, json.dumps(data).encode(), {"Content-Type": "application/json"})

    def _send(self, status: int, body: bytes, headers: Mapping[str, str]) -> None:
        self._start(status, len(body), {"Content-Type": "application/json", **headers})
        if self.command != "HEAD" and body:
            self.record.body_bytes += len(body)
            self.wfile.write(body)

    def _start(self, status: int, length: int, headers: Mapping[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(length))
        self.record.status = status
        self.end_headers()
