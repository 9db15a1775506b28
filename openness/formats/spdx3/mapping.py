"""The conventions of our SPDX 3.0.1 mapping, shared by the exporter and the importer.

What SPDX 3.0.1 has a property or relationship for goes there (see ``docs/formats/spdx-3.0.1.md``
for the table). What it has no place for (an artifact's id and kind, a component's role and
availability, evidence, extra metadata, the exact order of components and lineage edges) goes
in one ``extension_CdxPropertiesExtension`` per element: name/value pairs whose names start with
:data:`PROPERTY_PREFIX`. The importer reads the native fields first and the extension second,
so that an exported document imports back to the same model.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from openness.model import ArtifactKind, DigestAlgorithm, Relation, Role

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

SPEC_VERSION = "3.0.1"
CONTEXT_URL = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
#: Element ids are this base, a content digest of the document and a path. ``.invalid`` is a
#: reserved top-level domain (RFC 2606): the ids are unique but never resolve.
NAMESPACE_BASE = "https://openness.invalid/spdx3/"
#: Names of our extension properties start with this.
PROPERTY_PREFIX = "openness:"
#: Statements of verdict annotations start with this, followed by the verdict as JSON.
VERDICT_PREFIX = "openness-verdict: "

_TERMS = "https://spdx.org/rdf/3.0.1/terms/"
#: The SPDX individuals for "no assertion" and "no license" (license expressions NOASSERTION and
#: NONE have no place in an SPDX 3 license expression).
NOASSERTION_LICENSE = _TERMS + "ExpandedLicensing/NoAssertionLicense"
NONE_LICENSE = _TERMS + "ExpandedLicensing/NoneLicense"


class Prop:
    """Names of our extension properties (each prefixed with :data:`PROPERTY_PREFIX`)."""

    ELEMENT = "openness:element"  # artifact | component | file | lineage | reference
    ID = "openness:id"
    KIND = "openness:kind"
    INDEX = "openness:index"
    ROLE = "openness:role"
    AVAILABILITY = "openness:availability"
    RELATION = "openness:relation"
    REVISION = "openness:revision"
    DIGESTS = "openness:digests"
    NOTE = "openness:note"
    EVIDENCE = "openness:evidence"
    EXTRA = "openness:extra"
    FACTS = "openness:facts"
    RELEASE_LICENSES = "openness:release-licenses"
    SIZE = "openness:size"
    # exact values of fields whose native SPDX property cannot carry them (not a URI, ...)
    URL = "openness:url"
    PURL = "openness:purl"
    LOCATION = "openness:location"


#: The SPDX class of an artifact of each kind.
KIND_TYPE: dict[ArtifactKind, str] = {
    ArtifactKind.MODEL: "ai_AIPackage",
    ArtifactKind.DATASET: "dataset_DatasetPackage",
    ArtifactKind.SOFTWARE: "software_Package",
    ArtifactKind.SYSTEM: "software_Package",
}
#: The kind of an artifact by SPDX class, in documents we did not write.
TYPE_KIND: dict[str, ArtifactKind] = {
    "ai_AIPackage": ArtifactKind.MODEL,
    "dataset_DatasetPackage": ArtifactKind.DATASET,
    "software_Package": ArtifactKind.SOFTWARE,
}

#: Our lineage relation -> (SPDX relationship type, reversed). Reversed relationships point from
#: the lineage target to the artifact (``B generates A`` for ``A compiled-from B``). Every
#: lineage relationship also carries its exact relation in the extension.
RELATION_TO_SPDX: dict[Relation, tuple[str, bool]] = {
    Relation.TRAINED_ON: ("trainedOn", False),
    Relation.TESTED_ON: ("testedOn", False),
    Relation.FINE_TUNED_FROM: ("descendantOf", False),
    Relation.ADAPTER_OF: ("descendantOf", False),
    Relation.QUANTIZED_FROM: ("descendantOf", False),
    Relation.DISTILLED_FROM: ("descendantOf", False),
    Relation.MERGED_FROM: ("descendantOf", False),
    Relation.DERIVED_FROM: ("descendantOf", False),
    Relation.GENERATED_BY: ("generates", True),
    Relation.COMPILED_FROM: ("generates", True),
    Relation.DEPENDS_ON: ("dependsOn", False),
}

#: SPDX relationship type -> (our relation, reversed), for documents we did not write.
SPDX_TO_RELATION: dict[str, tuple[Relation, bool]] = {
    "trainedOn": (Relation.TRAINED_ON, False),
    "testedOn": (Relation.TESTED_ON, False),
    "descendantOf": (Relation.DERIVED_FROM, False),
    "ancestorOf": (Relation.DERIVED_FROM, True),
    "generates": (Relation.COMPILED_FROM, True),
    "dependsOn": (Relation.DEPENDS_ON, False),
}

DIGEST_TO_SPDX: dict[DigestAlgorithm, str] = {
    DigestAlgorithm.SHA256: "sha256",
    DigestAlgorithm.SHA512: "sha512",
    DigestAlgorithm.SHA1: "sha1",
    DigestAlgorithm.MD5: "md5",
}
SPDX_TO_DIGEST = {spdx: ours for ours, spdx in DIGEST_TO_SPDX.items()}


def _role_purpose(role: Role) -> str:
    special = {
        Role.MODEL_PARAMETERS_FINAL: "model",
        Role.MODEL_PARAMETERS_INTERMEDIATE: "model",
        Role.SUPPORTING_LIBRARIES: "library",
        Role.BINARIES: "executable",
        Role.CONFIGURATION: "configuration",
        Role.TOKENIZER: "data",
        Role.EVALUATION_CODE: "test",
        Role.BUILD_SCRIPTS: "install",
        Role.TECHNICAL_REPORT: "specification",
        Role.RESEARCH_PAPER: "documentation",
    }
    if role in special:
        return special[role]
    return {"code": "source", "data": "data", "document": "documentation"}[role.content_type]


#: ``software_primaryPurpose`` of a component's package (the exact role is in the extension).
ROLE_PURPOSE: dict[Role, str] = {role: _role_purpose(role) for role in Role}

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]*)?$")


def is_uri(value: str) -> bool:
    """True when ``value`` is an absolute URI that an ``xsd:anyURI`` property carries as is."""
    return bool(_URI.match(value))


def decimal_text(value: float) -> str | None:
    """``str(value)`` when it is a plain decimal (what spdx-python-model writes for an
    ``xsd:decimal``), else None (``1e-07`` is not one)."""
    text = str(float(value))
    return text if _DECIMAL.match(text) else None


def encode_json(value: Any) -> str:
    """Compact, sorted JSON: the value of a structured extension property."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def metric_entry(metric: str, value: float | str, where: str | None) -> tuple[str, str]:
    """The ``ai_metric`` entry (key, value) of an evaluation result: the metric's type, with
    the dataset/split measured on in parentheses, and the value as text."""
    if isinstance(value, float):
        text = str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    else:
        text = value
    return (f"{metric} ({where})" if where else metric), text


def metric_number(text: str) -> float | str:
    """An ``ai_metric`` value read back: a number where the text is one, else the text."""
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text
