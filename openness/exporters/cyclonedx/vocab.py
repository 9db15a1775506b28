"""Compatibility path: ``openness.exporters.cyclonedx.vocab`` re-exports the names that now live in
:mod:`openness.formats.cyclonedx.vocab`. Existing imports keep working; new code imports the new
path."""

from openness.formats.cyclonedx.vocab import (
    ARTIFACT_URL_REF,
    DATA_VIEW_TYPE,
    DEPENDENCY_RELATIONS,
    DIGEST_ALG,
    HASH_ALG,
    KIND_TYPE,
    LOCATION_REF,
    PEDIGREE_RELATIONS,
    PREFIX,
    ROLE_TYPE,
    SUPPORTED_VERSIONS,
    TYPE_KIND,
    P,
    SpecVersion,
    infer_role,
)

__all__ = [
    "ARTIFACT_URL_REF",
    "DATA_VIEW_TYPE",
    "DEPENDENCY_RELATIONS",
    "DIGEST_ALG",
    "HASH_ALG",
    "KIND_TYPE",
    "LOCATION_REF",
    "PEDIGREE_RELATIONS",
    "PREFIX",
    "ROLE_TYPE",
    "SUPPORTED_VERSIONS",
    "TYPE_KIND",
    "P",
    "SpecVersion",
    "infer_role",
]
