"""Compatibility path: ``openness.exporters.spdx3.mapping`` re-exports the names that now live in
:mod:`openness.formats.spdx3.mapping`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx3.mapping import (
    CONTEXT_URL,
    DIGEST_TO_SPDX,
    KIND_TYPE,
    NAMESPACE_BASE,
    NOASSERTION_LICENSE,
    NONE_LICENSE,
    PROPERTY_PREFIX,
    RELATION_TO_SPDX,
    ROLE_PURPOSE,
    SPDX_TO_DIGEST,
    SPDX_TO_RELATION,
    SPEC_VERSION,
    TYPE_KIND,
    VERDICT_PREFIX,
    Prop,
    decimal_text,
    encode_json,
    is_uri,
)

__all__ = [
    "CONTEXT_URL",
    "DIGEST_TO_SPDX",
    "KIND_TYPE",
    "NAMESPACE_BASE",
    "NOASSERTION_LICENSE",
    "NONE_LICENSE",
    "PROPERTY_PREFIX",
    "RELATION_TO_SPDX",
    "ROLE_PURPOSE",
    "SPDX_TO_DIGEST",
    "SPDX_TO_RELATION",
    "SPEC_VERSION",
    "TYPE_KIND",
    "VERDICT_PREFIX",
    "Prop",
    "decimal_text",
    "encode_json",
    "is_uri",
]
