"""The MOT vocabulary: the framework's name, its component names and the roles they are, and
the fields a MOT model file has."""

from __future__ import annotations

import re

from openness.model import ContentType, Role

__all__ = [
    "COMPONENT_FIELDS",
    "EXTRA_KEYS",
    "FRAMEWORK_NAME",
    "MOT_COMPONENTS",
    "NAME_OF",
    "RELEASE_FIELDS",
    "RELEASE_LICENSE_KINDS",
    "ROLE_BY_FOLDED_NAME",
    "fold_name",
]


FRAMEWORK_NAME = "Model Openness Framework"


#: MOT component names (web/modules/mof/config/install/mof.settings.yml) to roles.
MOT_COMPONENTS: dict[str, Role] = {
    "Model architecture": Role.MODEL_ARCHITECTURE,
    "Model parameters (Final)": Role.MODEL_PARAMETERS_FINAL,
    "Model parameters (Intermediate)": Role.MODEL_PARAMETERS_INTERMEDIATE,
    "Training code": Role.TRAINING_CODE,
    "Inference code": Role.INFERENCE_CODE,
    "Evaluation code": Role.EVALUATION_CODE,
    "Evaluation data": Role.EVALUATION_DATA,
    "Evaluation results": Role.EVALUATION_RESULTS,
    "Data preprocessing code": Role.DATA_PREPROCESSING_CODE,
    "Datasets": Role.DATASETS,
    "Supporting libraries and tools": Role.SUPPORTING_LIBRARIES,
    "Model metadata": Role.MODEL_METADATA,
    "Sample model outputs": Role.SAMPLE_MODEL_OUTPUTS,
    "Model card": Role.MODEL_CARD,
    "Data card": Role.DATA_CARD,
    "Technical report": Role.TECHNICAL_REPORT,
    "Research paper": Role.RESEARCH_PAPER,
}


NAME_OF = {role: name for name, role in MOT_COMPONENTS.items()}


ROLE_BY_FOLDED_NAME = {
    re.sub(r"\s+", " ", name.lower()): role for name, role in MOT_COMPONENTS.items()
}


RELEASE_LICENSE_KINDS = {
    "code": ContentType.CODE,
    "data": ContentType.DATA,
    "document": ContentType.DOCUMENT,
}


#: The keys of ``extra`` the importer writes itself (and "document" and "release", where
#: unknown fields whose names are taken are kept).
EXTRA_KEYS = frozenset(
    {
        "framework",
        "huggingface",
        "license",
        "mot_license",
        "mot_release_licenses",
        "unmapped_components",
        "document",
        "release",
    }
)


RELEASE_FIELDS = frozenset(
    {
        "name",
        "version",
        "producer",
        "repository",
        "huggingface",
        "architecture",
        "type",
        "license",
        "components",
    }
)


COMPONENT_FIELDS = frozenset({"name", "description", "license", "license_path", "component_path"})


def fold_name(text: str) -> str:
    """Lower case, commas and underscores dropped, runs of spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[,_]", " ", text.lower())).strip()
