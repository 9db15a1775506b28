"""Fixtures of the Hub tests: the test Hub, the offline cache, and the network guard on every
test of this folder."""

from __future__ import annotations

from netguard import netguard

from .fixtures import hub_env, hub_offline, hub_server

__all__ = ["hub_env", "hub_offline", "hub_server", "netguard"]

# The network guard is on for every test (tests/conftest.py).
