"""The CycloneDX side of the mapping: spec versions, component types, hash algorithms,
external reference types and the ``openness:`` property names.

Shared by the exporter and the importer (:mod:`openness.formats.cyclonedx.read`), so that both
directions read the same tables. Property names are part of the output format: never rename
one, only add.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from openness.model import ArtifactKind, ContentType, DigestAlgorithm, Relation, Role

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


class SpecVersion(StrEnum):
    """The CycloneDX versions written and validated."""

    V1_5 = "1.5"
    V1_6 = "1.6"
    V1_7 = "1.7"

    @property
    def since_1_6(self) -> bool:
        """True for 1.6 and later: license acknowledgement, environmental considerations, a
        ``version`` of at most 1,024 characters."""
        return self is not SpecVersion.V1_5

    @property
    def schema_uri(self) -> str:
        """The ``$schema`` URI written into documents of this version."""
        return f"http://cyclonedx.org/schema/bom-{self.value}.schema.json"


SUPPORTED_VERSIONS: Final = frozenset(v.value for v in SpecVersion)

#: The tool name written into ``metadata.tools``; a BOM whose tools name it was written by us.
TOOL_NAME: Final = "openness"

#: The namespace of every property this library writes (CycloneDX property taxonomy style).
PREFIX: Final = "openness:"


class P(StrEnum):
    """Property names in the ``openness:`` namespace, for facts without a CycloneDX field."""

    KIND = "openness:kind"  # only for kinds the component type cannot tell (system)
    UNNAMED = "openness:unnamed"  # "true": the name field repeats the id / role
    # the exact expression where ``licenses`` cannot carry it: NOASSERTION, NONE, and
    # expressions with ids outside the SPDX list (``licenses`` has named licenses for those)
    LICENSE = "openness:license"
    RELEASE_LICENSE = "openness:release-license:"  # + content type
    PARAMETERS = "openness:facts:parameters"
    TYPE_OF_MODEL = "openness:facts:type-of-model"  # for non-models; models use the model card
    DOMAIN = "openness:facts:domain"  # repeated, one per value
    TRAINING = "openness:facts:training"  # JSON
    RECIPE = "openness:facts:recipe"  # JSON
    # model-card facts CycloneDX has no field for (models), or no modelCard at all (others)
    TASK = "openness:facts:task"  # for non-models; models use modelParameters.task
    INTENDED_USE = "openness:facts:intended-use"  # non-models, repeated (models: useCases)
    LIMITATION = "openness:facts:limitation"  # non-models, repeated (technicalLimitations)
    RISK = "openness:facts:risk"  # non-models, repeated (ethicalConsiderations)
    OUT_OF_SCOPE_USE = "openness:facts:out-of-scope-use"  # repeated, one per use
    TRAINING_INFORMATION = "openness:facts:training-information"
    EVALUATION = "openness:facts:evaluation"  # JSON, one per result, in order: authoritative
    LANGUAGE = "openness:facts:language"  # repeated, one per language
    CONTEXT_LENGTH = "openness:facts:context-length"  # a whole number of tokens
    CONTACT = "openness:facts:contact"
    LINEAGE = "openness:lineage"  # JSON, one per edge, in order: authoritative
    RELATION = "openness:relation"  # on a pedigree ancestor: how the artifact derives from it
    EVIDENCE = "openness:evidence"  # JSON, one per item, in order
    EXTRA = "openness:extra"  # JSON: extra metadata with no native place
    ROLE = "openness:role"
    AVAILABILITY = "openness:availability"
    GIT_SHA1 = "openness:digest:git-sha1"
    SIZE = "openness:size"
    VERSION = "openness:version"  # a version or revision longer than CycloneDX 1.6 allows
    VERDICT = "openness:verdict:"  # + policy id; written with verdicts, ignored on import


#: Artifact kind -> component type.
KIND_TYPE: Final[dict[ArtifactKind, str]] = {
    ArtifactKind.MODEL: "machine-learning-model",
    ArtifactKind.DATASET: "data",
    ArtifactKind.SOFTWARE: "library",
    ArtifactKind.SYSTEM: "application",
}

#: Component type -> artifact kind on import; every other type is software.
TYPE_KIND: Final[dict[str, ArtifactKind]] = {
    "machine-learning-model": ArtifactKind.MODEL,
    "data": ArtifactKind.DATASET,
}

_CODE_TYPE = "library"
_DATA_TYPE = "data"
_DOCUMENT_TYPE = "file"

#: Component role -> component type (the role itself travels in ``openness:role``).
ROLE_TYPE: Final[dict[Role, str]] = {
    role: {
        ContentType.CODE: _CODE_TYPE,
        ContentType.DATA: _DATA_TYPE,
        ContentType.DOCUMENT: _DOCUMENT_TYPE,
    }[role.content_type]
    for role in Role
}
ROLE_TYPE[Role.BINARIES] = "application"

#: Roles whose data component gets a ``data`` entry (componentData type).
DATA_VIEW_TYPE: Final[dict[Role, str]] = {
    Role.DATASETS: "dataset",
    Role.EVALUATION_DATA: "dataset",
    Role.DATA_FILES: "dataset",
    Role.CONFIGURATION: "configuration",
}

#: The external reference type that carries an artifact's ``url``.
ARTIFACT_URL_REF: Final = "website"

#: The external reference type that carries a component's ``location``, by content type.
LOCATION_REF: Final[dict[ContentType, str]] = {
    ContentType.CODE: "vcs",
    ContentType.DATA: "distribution",
    ContentType.DOCUMENT: "documentation",
}

#: Digest algorithm <-> CycloneDX hash algorithm (git-sha1 has none: it is a property).
HASH_ALG: Final[dict[DigestAlgorithm, str]] = {
    DigestAlgorithm.SHA256: "SHA-256",
    DigestAlgorithm.SHA512: "SHA-512",
    DigestAlgorithm.SHA1: "SHA-1",
    DigestAlgorithm.MD5: "MD5",
}
DIGEST_ALG: Final[dict[str, DigestAlgorithm]] = {v: k for k, v in HASH_ALG.items()}

#: Lineage written as ``pedigree.ancestors`` (the artifact is derived from the target).
PEDIGREE_RELATIONS: Final = frozenset(r for r in Relation if r.derives)
#: Lineage written as ``dependencies`` (when the target is in the document). An adapter needs
#: its base model to run, so adapter-of is both an ancestor and a dependency.
DEPENDENCY_RELATIONS: Final = frozenset(
    {
        Relation.TRAINED_ON,
        Relation.TESTED_ON,
        Relation.DEPENDS_ON,
        Relation.GENERATED_BY,
        Relation.ADAPTER_OF,
    }
)

_INFER_BY_TYPE: Final[dict[str, Role]] = {
    "machine-learning-model": Role.MODEL_PARAMETERS_FINAL,
    "library": Role.SUPPORTING_LIBRARIES,
    "framework": Role.SUPPORTING_LIBRARIES,
    "file": Role.DATA_FILES,
}
_INFER_BY_DATA: Final[dict[str, Role]] = {
    "configuration": Role.CONFIGURATION,
    "source-code": Role.SOURCE_CODE,
}


def infer_role(component_type: str, data_type: str | None, kind: ArtifactKind) -> Role:
    """The role of a nested component that states none (a document not written by openness),
    from its CycloneDX type (and the type of its first ``data`` entry)."""
    if component_type == "data":
        if data_type in _INFER_BY_DATA:
            return _INFER_BY_DATA[data_type]
        return Role.DATASETS if kind is ArtifactKind.MODEL else Role.DATA_FILES
    return _INFER_BY_TYPE.get(component_type, Role.BINARIES)
