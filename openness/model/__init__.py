"""The typed domain model (pydantic v2; no I/O)."""

from openness.model.artifact import (
    Artifact,
    Component,
    Compute,
    Digests,
    Evidence,
    Facts,
    FileRef,
    LineageEdge,
    Manifest,
    Recipe,
    extra_depth_error,
    plain_extra,
)
from openness.model.license import InvalidLicenseExpression, LicenseExpression
from openness.model.numbers import Count, WholeNumber
from openness.model.vocab import (
    MOF_COMPONENT_IDS,
    ROLE_CONTENT_TYPE,
    ArtifactKind,
    Availability,
    ContentType,
    DigestAlgorithm,
    EvidenceKind,
    Relation,
    Role,
)

__all__ = [
    "MOF_COMPONENT_IDS",
    "ROLE_CONTENT_TYPE",
    "Artifact",
    "ArtifactKind",
    "Availability",
    "Component",
    "Compute",
    "ContentType",
    "Count",
    "DigestAlgorithm",
    "Digests",
    "Evidence",
    "EvidenceKind",
    "Facts",
    "FileRef",
    "InvalidLicenseExpression",
    "LicenseExpression",
    "LineageEdge",
    "Manifest",
    "Recipe",
    "Relation",
    "Role",
    "WholeNumber",
    "extra_depth_error",
    "plain_extra",
]
