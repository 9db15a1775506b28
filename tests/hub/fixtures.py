"""Pytest fixtures for code that talks to the Hub: a test Hub, an offline cache, isolation.

``hub_env``: a fresh ``HF_HOME`` / ``HF_HUB_CACHE`` under ``tmp_path``, telemetry off, no
token, not offline (environment *and* ``huggingface_hub.constants``, which are read at import).
``hub_server``: a started :class:`server.HubServer` with ``HF_ENDPOINT`` pointing at it.
``hub_offline``: an :class:`OfflineHub` that fills the cache with no server, ``HF_HUB_OFFLINE=1``.

Tests outside tests/hub get them with ``from hub.fixtures import hub_server`` (and
``hub_env``, ``hub_offline``) or ``pytest_plugins = ["hub.fixtures", "netguard"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .cache import add_repo, metadata_only
from .repos import RepoFile, load_all
from .server import HubServer

_CLEARED = (
    "HF_TOKEN",
    "HUGGING_FACE_HUB_TOKEN",
    "HF_HUB_OFFLINE",
    "TRANSFORMERS_OFFLINE",
    "HF_ENDPOINT",
    "HF_OIDC_ID_TOKEN",
    "HF_OIDC_RESOURCE",
)


@dataclass(frozen=True)
class HubEnv:
    """Where the test's Hugging Face home and cache are."""

    home: Path
    cache_dir: Path


def _constants(monkeypatch: pytest.MonkeyPatch, **values: object) -> None:
    """Set ``huggingface_hub.constants`` attributes, if the package is installed."""
    try:
        from huggingface_hub import constants
    except ImportError:
        return
    for name, value in values.items():
        monkeypatch.setattr(constants, name, value)


@pytest.fixture
def hub_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubEnv]:
    """Isolate the test from the user's Hugging Face setup (home, cache, token, offline)."""
    home = tmp_path / "hf-home"
    cache = home / "hub"
    cache.mkdir(parents=True)
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HUB_DISABLE_UPDATE_CHECK", "1")
    _constants(
        monkeypatch,
        HF_HOME=str(home),
        HF_HUB_CACHE=str(cache),
        HUGGINGFACE_HUB_CACHE=str(cache),
        HF_ASSETS_CACHE=str(home / "assets"),
        HF_TOKEN_PATH=str(home / "token"),
        HF_STORED_TOKENS_PATH=str(home / "stored_tokens"),
        HF_HUB_OFFLINE=False,
        HF_HUB_DISABLE_TELEMETRY=True,
    )
    _reset_session()
    yield HubEnv(home, cache)
    _reset_session()


def _reset_session() -> None:
    """Drop huggingface_hub's shared HTTP client (its pooled connections) between tests."""
    try:
        from huggingface_hub import close_session
    except ImportError:
        return
    close_session()


def _point_client_at(monkeypatch: pytest.MonkeyPatch, endpoint: str) -> None:
    monkeypatch.setenv("HF_ENDPOINT", endpoint)
    _constants(
        monkeypatch,
        ENDPOINT=endpoint,
        HUGGINGFACE_CO_URL_TEMPLATE=endpoint + "/{repo_id}/resolve/{revision}/{filename}",
    )
    try:
        from huggingface_hub import hf_api
    except ImportError:
        return
    # The module-level functions (huggingface_hub.model_info, ...) are methods of one HfApi
    # made at import, whose endpoint was read then.
    monkeypatch.setattr(hf_api.api, "endpoint", endpoint)


@pytest.fixture
def hub_server(hub_env: HubEnv, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    """A started test Hub holding every repo of tests/data/hub; ``HF_ENDPOINT`` points at it.

    Yields the :class:`HubServer`: ``.endpoint``, ``.cdn_endpoint``, ``.requests`` (a
    :class:`log.RequestLog`), ``.repos``, ``.fail(key, count, status, retry_after)``, and
    ``.cache_dir`` (this test's ``HF_HUB_CACHE``).
    """
    with HubServer() as server:
        server.cache_dir = hub_env.cache_dir
        _point_client_at(monkeypatch, server.endpoint)
        yield server


@dataclass
class OfflineHub:
    """A cache filled without a server, with ``HF_HUB_OFFLINE=1`` set."""

    cache_dir: Path

    def add(
        self, *keys: str, select: Callable[[RepoFile], bool] = metadata_only
    ) -> dict[str, Path]:
        """Put the repos (keys such as ``org/name``, ``datasets/org/name``, or ``org/name@tag``
        for a tagged older commit) in the cache; by default every file but the weights.
        Returns each repo's snapshot folder, by the key given."""
        repos = load_all()
        out: dict[str, Path] = {}
        for key in keys:
            name, _, tag = key.partition("@")
            if tag:
                out[key] = add_repo(self.cache_dir, repos[name].tagged[tag], select, (tag,))
            else:
                out[key] = add_repo(self.cache_dir, repos[name], select)
        return out


@pytest.fixture
def hub_offline(hub_env: HubEnv, monkeypatch: pytest.MonkeyPatch) -> OfflineHub:
    """An offline Hugging Face setup: an empty cache to fill with ``.add(...)``, and
    ``HF_HUB_OFFLINE=1`` (no server runs; any connection attempt would be a bug)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    _constants(monkeypatch, HF_HUB_OFFLINE=True)
    return OfflineHub(hub_env.cache_dir)
