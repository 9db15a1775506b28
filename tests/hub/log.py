"""The thread-safe log of the requests the test Hub answered."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class HubRequest:
    """One request: who answered it (``hub`` or ``cdn``), what was asked, what was sent back.

    ``headers`` holds the request's headers with lower-case names (``range``,
    ``authorization``, ...). ``repo`` is the repo key the request was about (``org/name`` or
    ``datasets/org/name``) and ``file`` the path in the repo, when there is one. ``status`` is
    set when the answer's headers are sent and ``body_bytes`` counts body bytes as they are
    written, so both are final by the time the client has read the answer.
    """

    server: str
    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    repo: str | None = None
    file: str | None = None
    status: int = 0
    body_bytes: int = 0
    lfs: bool = False

    @property
    def range(self) -> str | None:
        """The ``Range`` header, if any."""
        return self.headers.get("range")

    @property
    def authorization(self) -> str | None:
        """The ``Authorization`` header, if any."""
        return self.headers.get("authorization")


@dataclass
class RequestLog:
    """Every request the server answered, in order; safe to read while the server runs."""

    _items: list[HubRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: HubRequest) -> HubRequest:
        """Record a request (the record is then filled in as the answer is sent)."""
        with self._lock:
            self._items.append(request)
        return request

    def snapshot(self) -> tuple[HubRequest, ...]:
        """The requests so far."""
        with self._lock:
            return tuple(self._items)

    def __iter__(self) -> Iterator[HubRequest]:
        return iter(self.snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def clear(self) -> None:
        """Forget the requests so far."""
        with self._lock:
            self._items.clear()

    def select(
        self,
        *,
        method: str | None = None,
        server: str | None = None,
        repo: str | None = None,
        file: str | None = None,
        status: int | None = None,
    ) -> list[HubRequest]:
        """The requests that match every criterion given."""
        return [
            r
            for r in self.snapshot()
            if (method is None or r.method == method)
            and (server is None or r.server == server)
            and (repo is None or r.repo == repo)
            and (file is None or r.file == file)
            and (status is None or r.status == status)
        ]

    def statuses(self, **criteria: Any) -> list[int]:
        """The statuses of the matching requests, in order."""
        return [r.status for r in self.select(**criteria)]

    def full_downloads(self) -> list[HubRequest]:
        """GETs of LFS (weight) files answered whole (200, not a 206 range)."""
        return [r for r in self.snapshot() if r.lfs and r.method == "GET" and r.status == 200]

    def lfs_bytes(self) -> int:
        """Body bytes sent of LFS (weight) files, over all requests."""
        return sum(r.body_bytes for r in self.snapshot() if r.lfs)
