"""Fixtures of the Hub tests: the test Hub, the offline cache, and the network guard on every
test of this folder."""

from __future__ import annotations

import pytest
from netguard import NetGuard, netguard

from .fixtures import hub_env, hub_offline, hub_server

__all__ = ["hub_env", "hub_offline", "hub_server", "netguard"]


@pytest.fixture(autouse=True)
def _no_network(netguard: NetGuard) -> NetGuard:
    """Every test here runs with the network guard."""
    return netguard
