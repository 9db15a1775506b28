"""Loaded by every Python subprocess the tests start (the folder is put first on
``PYTHONPATH`` by tests/conftest.py): the network guard of tests/netguard.py, process-wide,
so a command run as ``openness ...`` in a subprocess cannot reach the network either. A refused
connection raises and is written to standard error, so the test that started it fails."""

from __future__ import annotations

import os
import socket
import sys

if os.environ.get("OPENNESS_TEST_NETGUARD") == "1":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from netguard import NetworkBlocked, is_loopback

    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _create_connection = socket.create_connection
    _getaddrinfo = socket.getaddrinfo

    def _check(host: object) -> None:
        if not is_loopback(host if isinstance(host, str) or host is None else str(host)):
            print(f"netguard: refused a connection to {host!r}", file=sys.stderr)
            raise NetworkBlocked(f"the tests allow no network: refused {host!r}")

    def connect(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            _check(address[0])  # type: ignore[index]
        _connect(sock, address)  # type: ignore[arg-type]

    def connect_ex(sock: socket.socket, address: object) -> int:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            _check(address[0])  # type: ignore[index]
        return _connect_ex(sock, address)  # type: ignore[arg-type]

    def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
        _check(address[0])  # type: ignore[index]
        return _create_connection(address, *args, **kwargs)  # type: ignore[arg-type]

    def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> object:
        _check(host)
        return _getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.create_connection = create_connection  # type: ignore[assignment]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
