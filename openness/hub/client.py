"""The one place that imports huggingface_hub (lazily, only when a Hub id is given), reads the
Hub's environment variables when a run starts, retries what the Hub may answer later, and turns
the client's exceptions into messages that say what to do.

The variables are the Hub's own: ``HF_ENDPOINT`` (the server), ``HF_TOKEN`` (else the token
``hf auth login`` stored), ``HF_HOME`` / ``HF_HUB_CACHE`` (the cache) and ``HF_HUB_OFFLINE``.
They are read when a :class:`HubSettings` is made (huggingface_hub reads its own once, on
import), so a run sees the environment it was started in.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TypeVar

from openness.errors import OpennessError

__all__ = [
    "INSTALL_HINT",
    "HubError",
    "HubSettings",
    "HubUnavailableError",
    "hub_library",
    "with_retries",
]

INSTALL_HINT = 'pip install "openness[hub]"'
_TRUE = frozenset({"1", "on", "yes", "true"})
#: Status codes worth another try: rate limited, and the server's own failures.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

T = TypeVar("T")


class HubUnavailableError(OpennessError):
    """A Hub id was given but huggingface_hub is not installed."""

    def __init__(self) -> None:
        super().__init__(
            f"reading a Hub id (hf:...) needs huggingface_hub: {INSTALL_HINT}",
        )


class HubError(OpennessError):
    """The Hub could not give what a run needs; ``reason`` is one of ``gated``, ``missing``,
    ``revision``, ``offline``, ``unreachable``, ``http``."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def hub_library() -> ModuleType:
    """huggingface_hub, imported now; :class:`HubUnavailableError` when it is not
    installed."""
    try:
        import huggingface_hub
    except ImportError:
        raise HubUnavailableError() from None
    return huggingface_hub


def _cache_dir() -> str:
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return os.path.expanduser(explicit)
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join("~", ".cache"), "huggingface"
    )
    return os.path.join(os.path.expanduser(home), "hub")


@dataclass(frozen=True, slots=True)
class HubSettings:
    """The Hub as the environment describes it when the run starts."""

    endpoint: str | None
    token: str | None
    cache_dir: str
    offline: bool
    retries: int = 4
    backoff: float = 0.5

    @classmethod
    def from_env(cls) -> HubSettings:
        """Read ``HF_ENDPOINT``, ``HF_TOKEN``, ``HF_HUB_CACHE`` / ``HF_HOME`` and
        ``HF_HUB_OFFLINE`` now."""
        return cls(
            endpoint=(os.environ.get("HF_ENDPOINT") or "").rstrip("/") or None,
            token=os.environ.get("HF_TOKEN") or None,
            cache_dir=_cache_dir(),
            offline=os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE,
        )

    @property
    def site(self) -> str:
        """The Hub's web address, for messages."""
        return self.endpoint or "https://huggingface.co"


def status_of(exc: BaseException) -> int | None:
    """The HTTP status of a client error, when it has one."""
    response = getattr(exc, "response", None)
    code = getattr(response, "status_code", None)
    return code if isinstance(code, int) else None


def _retry_after(exc: BaseException) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    raw = headers.get("Retry-After") if headers is not None else None
    try:
        return min(float(raw), 30.0) if raw is not None else None
    except ValueError:
        return None


def with_retries(settings: HubSettings, call: Callable[[], T]) -> T:
    """``call()``, again after a pause when the Hub answers 429 or 5xx or the connection
    fails (exponential backoff with jitter, honouring ``Retry-After``), at most
    ``settings.retries`` more times. huggingface_hub retries downloads on 429 only, and
    repository information not at all."""
    hub = hub_library()
    delay = settings.backoff
    for attempt in range(settings.retries + 1):
        try:
            return call()
        except hub.errors.HfHubHTTPError as exc:
            status = status_of(exc)
            if status not in RETRY_STATUSES or attempt == settings.retries:
                raise
            pause = _retry_after(exc)
        except OSError:  # refused, reset, timed out (httpx errors are not OSError)
            if attempt == settings.retries:
                raise
            pause = None
        except Exception as exc:
            if not _transport_error(exc) or attempt == settings.retries:
                raise
            pause = None
        time.sleep(pause if pause is not None else delay * (1 + random.random() / 2))
        delay *= 2
    raise AssertionError("unreachable")  # pragma: no cover


def _transport_error(exc: BaseException) -> bool:
    """True for a failure of the connection itself (httpx's transport errors)."""
    return any(c.__name__ in ("TransportError", "TimeoutException") for c in type(exc).__mro__)


def is_failure(exc: BaseException) -> bool:
    """True for what the Hub or the connection to it can raise (an HTTP error, a failed
    connection), as opposed to a bug."""
    hub = hub_library()
    return isinstance(exc, hub.errors.HfHubHTTPError | OSError) or _transport_error(exc)


def describe(exc: BaseException, what: str, settings: HubSettings, page: str) -> HubError:
    """A client exception as a :class:`HubError` that says what went wrong with ``what`` (a
    Hub id, or a file of one) and what to do; ``page`` is the repository's path on the Hub
    (``org/name``, ``datasets/org/name``)."""
    hub = hub_library()
    errors = hub.errors
    status = status_of(exc)
    if isinstance(exc, errors.GatedRepoError) or status == 403:
        token = "HF_TOKEN is set but has no access" if settings.token else "no HF_TOKEN is set"
        return HubError(
            f"{what}: the repository is gated ({status or 'no access'}; {token}): request access "
            f"on its page ({settings.site}/{page}), then set HF_TOKEN to a token of the account "
            "that has it (or run 'hf auth login')",
            "gated",
        )
    if isinstance(exc, errors.RevisionNotFoundError):
        return HubError(
            f"{what}: no such revision on the Hub; give a branch, tag or commit the repository "
            "has (its 'Files and versions' tab lists them)",
            "revision",
        )
    if isinstance(exc, errors.RepositoryNotFoundError) or status == 404:
        private = " or it is private (set HF_TOKEN to a token that can read it)"
        return HubError(
            f"{what}: no such repository on the Hub ({settings.site}){private}; check the name "
            "(a dataset is hf:datasets/ORG/NAME)",
            "missing",
        )
    if status == 401:
        return HubError(
            f"{what}: the Hub asks for a login (401): set HF_TOKEN to a token that can read the "
            f"repository ({settings.site}/{page}), or run 'hf auth login'",
            "gated",
        )
    if isinstance(exc, errors.HfHubHTTPError):
        return HubError(
            f"{what}: the Hub answered {status or 'an error'} "
            f"({str(exc).splitlines()[0][:200]}); try again later",
            "http",
        )
    return HubError(
        f"{what}: the Hub ({settings.site}) cannot be reached ({type(exc).__name__}: "
        f"{str(exc)[:200]}); check the connection, or set HF_HUB_OFFLINE=1 to read the cache",
        "unreachable",
    )
