"""A guard that lets no socket leave the machine: only loopback connections go through.

``socket.socket.connect`` / ``connect_ex``, ``socket.create_connection`` and
``socket.getaddrinfo`` are wrapped for the duration of a test; a connection to, or a name
lookup of, anything but a loopback address (``127.0.0.0/8``, ``::1``, ``localhost``) raises
:class:`NetworkBlocked` and is recorded. Sockets of other families (Unix, netlink) are local
and pass. The ``netguard`` fixture yields the :class:`NetGuard`; at teardown it fails the test
if anything was refused, unless the test called :meth:`NetGuard.clear` after asserting on it.

Use it anywhere: ``pytest_plugins = ["netguard"]`` in a root conftest, or
``from netguard import netguard`` in a test module (tests/hub uses it for every test).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


class NetworkBlocked(RuntimeError):
    """A test tried to reach a non-loopback address. Not an ``OSError``, so no client takes
    it for a passing network fault and quietly falls back or retries."""


@dataclass(frozen=True)
class Attempt:
    """One connection or lookup: the call, the host and port, and whether it was allowed."""

    call: str
    host: str | None
    port: Any
    allowed: bool


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` is a loopback address or ``localhost`` (None: the local wildcard of a
    lookup made to bind a server)."""
    if host is None:
        return True
    if host.lower().rstrip(".") in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@dataclass
class NetGuard:
    """The attempts seen while the guard is installed."""

    attempts: list[Attempt] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, call: str, host: Any, port: Any) -> None:
        """Record an attempt; raise :class:`NetworkBlocked` unless it is to loopback."""
        name = host.decode() if isinstance(host, bytes) else host
        name = None if name in (None, "") else str(name)
        allowed = is_loopback(name)
        with self._lock:
            self.attempts.append(Attempt(call, name, port, allowed))
        if not allowed:
            raise NetworkBlocked(
                f"test tried to reach {name}:{port} ({call}); only loopback is allowed"
            )

    @property
    def refused(self) -> list[Attempt]:
        """The attempts that were refused."""
        with self._lock:
            return [a for a in self.attempts if not a.allowed]

    def verify(self) -> None:
        """Fail the test if any attempt was refused (and not cleared)."""
        refused = self.refused
        if refused:
            pytest.fail(f"the test tried to leave the machine: {refused}", pytrace=False)

    def clear(self) -> None:
        """Forget the attempts so far (after a test has asserted on them)."""
        with self._lock:
            self.attempts.clear()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Wrap the socket functions through ``monkeypatch`` (undone at teardown)."""
        connect = socket.socket.connect
        connect_ex = socket.socket.connect_ex
        create_connection = socket.create_connection
        getaddrinfo = socket.getaddrinfo
        guard = self

        def checked(method: Callable[..., Any], call: str) -> Callable[..., Any]:
            def wrapper(sock: socket.socket, address: Any) -> Any:
                if sock.family in (socket.AF_INET, socket.AF_INET6):
                    guard.check(call, address[0], address[1])
                return method(sock, address)

            return wrapper

        def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
            guard.check("create_connection", address[0], address[1])
            return create_connection(address, *args, **kwargs)

        def guarded_getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            guard.check("getaddrinfo", host, port)
            return getaddrinfo(host, port, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "connect", checked(connect, "connect"))
        monkeypatch.setattr(socket.socket, "connect_ex", checked(connect_ex, "connect_ex"))
        monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture
def netguard(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetGuard]:
    """Refuse and record every non-loopback connection or lookup during the test; fail the
    test at teardown if any was refused and not cleared."""
    guard = NetGuard()
    guard.install(monkeypatch)
    yield guard
    guard.verify()
