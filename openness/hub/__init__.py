"""Hugging Face Hub ids (``hf:ORG/NAME[@REVISION]``, ``hf:datasets/ORG/NAME``) resolved into the
standard Hugging Face cache and read by the card reader, along their lineage.

Only metadata files are fetched (see :func:`openness.hub.fetch.is_metadata`); huggingface_hub is
imported only when an id is resolved (``pip install "openness[hub]"``). See docs/hub.md.
"""

from __future__ import annotations

from openness.hub.client import (
    INSTALL_HINT,
    HubError,
    HubSettings,
    HubUnavailableError,
    hub_library,
)
from openness.hub.fetch import is_metadata
from openness.hub.ids import HubId, is_hub_id, parse_hub_id
from openness.hub.walk import Resolution, resolve

__all__ = [
    "INSTALL_HINT",
    "HubError",
    "HubId",
    "HubSettings",
    "HubUnavailableError",
    "Resolution",
    "hub_library",
    "is_hub_id",
    "is_metadata",
    "parse_hub_id",
    "resolve",
]
