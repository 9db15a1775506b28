"""No test reaches the network (the mission's rule): the guard is on for every test and in every
Python subprocess a test starts, and it refuses what is not loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from netguard import NetGuard, NetworkBlocked


def test_the_guard_is_on_in_every_test(netguard: NetGuard) -> None:
    with pytest.raises(NetworkBlocked):
        socket.create_connection(("huggingface.co", 443), timeout=1)
    assert [a.host for a in netguard.refused] == ["huggingface.co"]
    netguard.clear()


def test_subprocesses_run_under_the_guard_too() -> None:
    code = "import socket; socket.create_connection(('93.184.216.34', 80), timeout=1)"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert proc.returncode != 0
    assert "netguard: refused a connection to '93.184.216.34'" in proc.stderr


def test_loopback_goes_through_in_a_subprocess() -> None:
    code = (
        "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen();"
        "c = socket.create_connection(s.getsockname(), timeout=1); print('ok')"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
