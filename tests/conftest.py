"""Shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from netguard import NetGuard, netguard

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).parent.parent

__all__ = ["netguard"]


@pytest.fixture
def data_dir() -> Path:
    """The folder of test data files."""
    return DATA


# No test reaches the network: every test runs under the network guard (tests/netguard.py), and
# every Python subprocess a test starts loads it too (tests/netguard_site/sitecustomize.py).
_SITE = str(Path(__file__).parent / "netguard_site")
os.environ["OPENNESS_TEST_NETGUARD"] = "1"
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (_SITE, os.environ.get("PYTHONPATH", "")) if p
)


@pytest.fixture(autouse=True)
def _no_network(netguard: NetGuard) -> NetGuard:
    """Every test runs with the network guard; a refused connection fails it."""
    return netguard
