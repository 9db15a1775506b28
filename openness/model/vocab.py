"""The controlled vocabulary: artifact kinds, component roles, content types, availability,
lineage relations and evidence kinds.

Slugs are part of the manifest contract; never rename one, only add.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "DECLARED_LICENSE_ROLES",
    "MOF_COMPONENT_IDS",
    "ROLE_CONTENT_TYPE",
    "ROLE_WORDS",
    "ArtifactKind",
    "Availability",
    "ContentType",
    "DigestAlgorithm",
    "EvidenceKind",
    "Relation",
    "Role",
    "covered_by_declared_license",
    "role_suggestions",
]


class ArtifactKind(StrEnum):
    """What an artifact is."""

    MODEL = "model"
    DATASET = "dataset"
    SOFTWARE = "software"
    SYSTEM = "system"


class ContentType(StrEnum):
    """The kind of content a component holds; decides which licenses are type-appropriate.

    Model parameters are typed as data, as the Model Openness Framework does.
    """

    CODE = "code"
    DATA = "data"
    DOCUMENT = "document"


class Role(StrEnum):
    """What part of a release a component is: the MOF 1.0 components, then software and
    dataset roles."""

    MODEL_ARCHITECTURE = "model-architecture"
    MODEL_PARAMETERS_FINAL = "model-parameters-final"
    MODEL_PARAMETERS_INTERMEDIATE = "model-parameters-intermediate"
    TRAINING_CODE = "training-code"
    INFERENCE_CODE = "inference-code"
    EVALUATION_CODE = "evaluation-code"
    EVALUATION_DATA = "evaluation-data"
    EVALUATION_RESULTS = "evaluation-results"
    DATA_PREPROCESSING_CODE = "data-preprocessing-code"
    DATASETS = "datasets"
    SUPPORTING_LIBRARIES = "supporting-libraries"
    MODEL_METADATA = "model-metadata"
    SAMPLE_MODEL_OUTPUTS = "sample-model-outputs"
    MODEL_CARD = "model-card"
    DATA_CARD = "data-card"
    TECHNICAL_REPORT = "technical-report"
    RESEARCH_PAPER = "research-paper"
    # software
    SOURCE_CODE = "source-code"
    BUILD_SCRIPTS = "build-scripts"
    BINARIES = "binaries"
    DOCUMENTATION = "documentation"
    # datasets
    DATA_FILES = "data-files"
    DATASHEET = "datasheet"
    COLLECTION_CODE = "collection-code"
    # shared by models and datasets
    TOKENIZER = "tokenizer"
    CONFIGURATION = "configuration"
    LICENSE_TEXT = "license-text"

    @property
    def content_type(self) -> ContentType:
        """The content type this role holds."""
        return ROLE_CONTENT_TYPE[self]

    @property
    def mof_id(self) -> int | None:
        """The component's number in the MOF 1.0 catalogue, or None for non-MOF roles."""
        return MOF_COMPONENT_IDS.get(self)


ROLE_CONTENT_TYPE: dict[Role, ContentType] = {
    Role.MODEL_ARCHITECTURE: ContentType.CODE,
    Role.MODEL_PARAMETERS_FINAL: ContentType.DATA,
    Role.MODEL_PARAMETERS_INTERMEDIATE: ContentType.DATA,
    Role.TRAINING_CODE: ContentType.CODE,
    Role.INFERENCE_CODE: ContentType.CODE,
    Role.EVALUATION_CODE: ContentType.CODE,
    Role.EVALUATION_DATA: ContentType.DATA,
    Role.EVALUATION_RESULTS: ContentType.DOCUMENT,
    Role.DATA_PREPROCESSING_CODE: ContentType.CODE,
    Role.DATASETS: ContentType.DATA,
    Role.SUPPORTING_LIBRARIES: ContentType.CODE,
    Role.MODEL_METADATA: ContentType.DATA,
    Role.SAMPLE_MODEL_OUTPUTS: ContentType.DATA,
    Role.MODEL_CARD: ContentType.DOCUMENT,
    Role.DATA_CARD: ContentType.DOCUMENT,
    Role.TECHNICAL_REPORT: ContentType.DOCUMENT,
    Role.RESEARCH_PAPER: ContentType.DOCUMENT,
    Role.SOURCE_CODE: ContentType.CODE,
    Role.BUILD_SCRIPTS: ContentType.CODE,
    Role.BINARIES: ContentType.CODE,
    Role.DOCUMENTATION: ContentType.DOCUMENT,
    Role.DATA_FILES: ContentType.DATA,
    Role.DATASHEET: ContentType.DOCUMENT,
    Role.COLLECTION_CODE: ContentType.CODE,
    Role.TOKENIZER: ContentType.DATA,
    Role.CONFIGURATION: ContentType.DATA,
    Role.LICENSE_TEXT: ContentType.DOCUMENT,
}

#: What a release's declared license (``license``) covers when a component states no license
#: of its own and no release-wide license of its content type (``release_licenses``) does: the
#: parts the publisher ships as the release itself (weights and what ships with them, its own
#: code, its card, its documentation; a dataset's own files and datasheet). Separate works keep
#: their own terms and are never covered: papers and technical reports (published on arXiv or
#: in journals under terms of their own), data cards and the training and evaluation data they
#: describe (third parties' data), third-party libraries, and the license text itself.
_RELEASE_ROLES = frozenset(
    {
        Role.MODEL_ARCHITECTURE,
        Role.MODEL_PARAMETERS_FINAL,
        Role.MODEL_PARAMETERS_INTERMEDIATE,
        Role.TRAINING_CODE,
        Role.INFERENCE_CODE,
        Role.EVALUATION_CODE,
        Role.DATA_PREPROCESSING_CODE,
        Role.MODEL_METADATA,
        Role.SAMPLE_MODEL_OUTPUTS,
        Role.MODEL_CARD,
        Role.EVALUATION_RESULTS,
        Role.TOKENIZER,
        Role.CONFIGURATION,
        Role.SOURCE_CODE,
        Role.BUILD_SCRIPTS,
        Role.BINARIES,
        Role.DOCUMENTATION,
    }
)
DECLARED_LICENSE_ROLES: dict[ArtifactKind, frozenset[Role]] = {
    ArtifactKind.MODEL: _RELEASE_ROLES,
    ArtifactKind.SYSTEM: _RELEASE_ROLES,
    ArtifactKind.SOFTWARE: _RELEASE_ROLES,
    # A dataset's declared license is its data's: its files, its datasheet (its card) and the
    # code that collected them are the dataset itself.
    ArtifactKind.DATASET: _RELEASE_ROLES | {Role.DATA_FILES, Role.DATASHEET, Role.COLLECTION_CODE},
}


def covered_by_declared_license(kind: ArtifactKind, role: Role) -> bool:
    """True when an artifact's declared license covers a component of ``role`` that states no
    license (see :data:`DECLARED_LICENSE_ROLES`)."""
    return role in DECLARED_LICENSE_ROLES[kind]


#: Component numbers of the MOF 1.0 catalogue (MOT's mof.settings.yml).
MOF_COMPONENT_IDS: dict[Role, int] = {
    Role.TRAINING_CODE: 7,
    Role.INFERENCE_CODE: 8,
    Role.MODEL_ARCHITECTURE: 9,
    Role.MODEL_PARAMETERS_FINAL: 10,
    Role.TECHNICAL_REPORT: 11,
    Role.EVALUATION_RESULTS: 12,
    Role.MODEL_CARD: 13,
    Role.DATA_CARD: 14,
    Role.DATASETS: 15,
    Role.DATA_PREPROCESSING_CODE: 16,
    Role.MODEL_METADATA: 17,
    Role.EVALUATION_CODE: 18,
    Role.EVALUATION_DATA: 19,
    Role.SAMPLE_MODEL_OUTPUTS: 20,
    Role.RESEARCH_PAPER: 21,
    Role.SUPPORTING_LIBRARIES: 22,
    Role.MODEL_PARAMETERS_INTERMEDIATE: 24,
}


class Availability(StrEnum):
    """How a component can be obtained. Unstated availability is ``None``, never a default."""

    INCLUDED = "included"
    GATED = "gated"
    ON_REQUEST = "on-request"
    THIRD_PARTY = "third-party"
    NOT_RELEASED = "not-released"

    @property
    def obtainable(self) -> bool:
        """True when someone outside the publisher can get the component at all."""
        return self is not Availability.NOT_RELEASED


class Relation(StrEnum):
    """How an artifact relates to another one (its lineage)."""

    TRAINED_ON = "trained-on"
    TESTED_ON = "tested-on"
    FINE_TUNED_FROM = "fine-tuned-from"
    ADAPTER_OF = "adapter-of"
    QUANTIZED_FROM = "quantized-from"
    DISTILLED_FROM = "distilled-from"
    MERGED_FROM = "merged-from"
    DERIVED_FROM = "derived-from"
    GENERATED_BY = "generated-by"
    COMPILED_FROM = "compiled-from"
    DEPENDS_ON = "depends-on"

    @property
    def derives(self) -> bool:
        """True when the artifact is a derivative work of the target: the target's license
        terms (restrictions, naming rules, use policies) travel to it."""
        return self in _DERIVING


_DERIVING = frozenset(
    {
        Relation.FINE_TUNED_FROM,
        Relation.ADAPTER_OF,
        Relation.QUANTIZED_FROM,
        Relation.DISTILLED_FROM,
        Relation.MERGED_FROM,
        Relation.DERIVED_FROM,
        Relation.COMPILED_FROM,
    }
)


class EvidenceKind(StrEnum):
    """How a fact was established (the SPDX / CycloneDX / ORT distinction, plus our own)."""

    DECLARED = "declared"
    CONCLUDED = "concluded"
    DETECTED = "detected"
    NORMALISED = "normalised"
    INHERITED = "inherited"


class DigestAlgorithm(StrEnum):
    """Content digest algorithms we can record and verify."""

    SHA256 = "sha256"
    SHA512 = "sha512"
    SHA1 = "sha1"
    GIT_SHA1 = "git-sha1"  # a git blob id, as the Hugging Face Hub reports for small files
    MD5 = "md5"


#: Common words for a component, and the roles they most likely mean (best first).
ROLE_WORDS: dict[str, tuple[Role, ...]] = {
    "weights": (Role.MODEL_PARAMETERS_FINAL,),
    "weight": (Role.MODEL_PARAMETERS_FINAL,),
    "model-weights": (Role.MODEL_PARAMETERS_FINAL,),
    "parameters": (Role.MODEL_PARAMETERS_FINAL,),
    "params": (Role.MODEL_PARAMETERS_FINAL,),
    "model": (Role.MODEL_PARAMETERS_FINAL, Role.MODEL_ARCHITECTURE),
    "safetensors": (Role.MODEL_PARAMETERS_FINAL,),
    "gguf": (Role.MODEL_PARAMETERS_FINAL,),
    "checkpoint": (Role.MODEL_PARAMETERS_FINAL, Role.MODEL_PARAMETERS_INTERMEDIATE),
    "checkpoints": (Role.MODEL_PARAMETERS_INTERMEDIATE, Role.MODEL_PARAMETERS_FINAL),
    "intermediate-checkpoints": (Role.MODEL_PARAMETERS_INTERMEDIATE,),
    "architecture": (Role.MODEL_ARCHITECTURE,),
    "code": (Role.TRAINING_CODE, Role.INFERENCE_CODE, Role.SOURCE_CODE),
    "source": (Role.SOURCE_CODE,),
    "training": (Role.TRAINING_CODE,),
    "inference": (Role.INFERENCE_CODE,),
    "evaluation": (Role.EVALUATION_CODE, Role.EVALUATION_DATA, Role.EVALUATION_RESULTS),
    "eval": (Role.EVALUATION_CODE, Role.EVALUATION_DATA, Role.EVALUATION_RESULTS),
    "benchmarks": (Role.EVALUATION_RESULTS,),
    "results": (Role.EVALUATION_RESULTS,),
    "preprocessing": (Role.DATA_PREPROCESSING_CODE,),
    "data": (Role.DATASETS, Role.DATA_FILES),
    "dataset": (Role.DATASETS, Role.DATA_FILES),
    "training-data": (Role.DATASETS,),
    "corpus": (Role.DATASETS,),
    "libraries": (Role.SUPPORTING_LIBRARIES,),
    "library": (Role.SUPPORTING_LIBRARIES,),
    "dependencies": (Role.SUPPORTING_LIBRARIES,),
    "metadata": (Role.MODEL_METADATA,),
    "outputs": (Role.SAMPLE_MODEL_OUTPUTS,),
    "samples": (Role.SAMPLE_MODEL_OUTPUTS,),
    "card": (Role.MODEL_CARD, Role.DATA_CARD),
    "readme": (Role.MODEL_CARD, Role.DOCUMENTATION),
    "report": (Role.TECHNICAL_REPORT,),
    "paper": (Role.RESEARCH_PAPER, Role.TECHNICAL_REPORT),
    "arxiv": (Role.RESEARCH_PAPER,),
    "publication": (Role.RESEARCH_PAPER,),
    "docs": (Role.DOCUMENTATION,),
    "build": (Role.BUILD_SCRIPTS,),
    "binary": (Role.BINARIES,),
    "executable": (Role.BINARIES,),
    "wheel": (Role.BINARIES,),
    "tokeniser": (Role.TOKENIZER,),
    "vocabulary": (Role.TOKENIZER,),
    "vocab": (Role.TOKENIZER,),
    "config": (Role.CONFIGURATION,),
    "hyperparameters": (Role.CONFIGURATION,),
    "license": (Role.LICENSE_TEXT,),
    "licence": (Role.LICENSE_TEXT,),
}


def role_suggestions(word: str) -> tuple[Role, ...]:
    """The roles ``word`` most likely means, best first (at most three); empty when none is
    close. ``weights`` and ``checkpoint`` mean ``model-parameters-final``, ``paper``
    ``research-paper``, ``code`` one of the code roles."""
    import difflib

    key = "-".join(word.strip().lower().replace("_", "-").split())
    if not key:
        return ()
    values = {r.value: r for r in Role}
    for candidate in (key, key.removesuffix("s"), f"{key}s"):
        if candidate in values:
            return (values[candidate],)
        if candidate in ROLE_WORDS:
            return ROLE_WORDS[candidate]
    close = difflib.get_close_matches(key, [*values, *ROLE_WORDS], n=3, cutoff=0.75)
    found: dict[Role, None] = {}
    for match in close:
        for role in (values[match],) if match in values else ROLE_WORDS[match]:
            found.setdefault(role)
    if not found:
        for part in key.split("-"):
            found.update(dict.fromkeys(ROLE_WORDS.get(part, ())))
    return tuple(found)[:3]
