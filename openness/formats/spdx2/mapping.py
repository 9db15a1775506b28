"""The conventions of our SPDX 2.3 mapping, shared by the exporter and the importer.

What SPDX 2.3 has a field for goes in that field; what it has no field for (an artifact's kind,
a component's role and availability, facts, evidence, extra metadata, the exact text of a value
that SPDX cannot carry unchanged) goes in one *element annotation* per package: an annotation of
type ``OTHER`` by ``Tool: openness-<version>`` whose comment is :data:`PAYLOAD_PREFIX` followed by
compact JSON. Lineage relations that SPDX 2.3 has no exact relationship type for carry a comment
:data:`LINEAGE_PREFIX` ``<relation>``. License ids that spdx-tools' license list does not know
become ``LicenseRef-openness-<id>`` with an extracted licensing info whose comment starts with
:data:`LICENSE_REF_COMMENT`, so that the importer can restore them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from spdx_tools.spdx.model.checksum import ChecksumAlgorithm
from spdx_tools.spdx.model.file import FileType
from spdx_tools.spdx.model.package import PackagePurpose
from spdx_tools.spdx.model.relationship import RelationshipType

from openness import __version__
from openness.model import ArtifactKind, DigestAlgorithm, Relation, Role

__all__ = [
    "DIGEST_TO_SPDX",
    "DOCUMENT_ID",
    "FILE_TYPE_ROLE",
    "KIND_PURPOSE",
    "LICENSE_REF_COMMENT",
    "LICENSE_REF_PREFIX",
    "LINEAGE_PREFIX",
    "NAMESPACE_BASE",
    "PAYLOAD_PREFIX",
    "PAYLOAD_VERSION",
    "PURPOSE_ROLE",
    "RELATION_TO_SPDX",
    "ROLE_PURPOSE",
    "SPDX_TO_DIGEST",
    "SPDX_TO_RELATION",
    "TOOL",
    "VERDICT_PREFIX",
    "clean_text",
    "decode_payload",
    "encode_json",
    "exact_actor",
    "exact_line",
    "exact_text",
    "one_line",
    "slug",
]

#: The creator and annotator of every document we write.
TOOL = f"openness-{__version__}"
DOCUMENT_ID = "SPDXRef-DOCUMENT"
#: Document namespaces are this base, a readable name and a content digest. ``.invalid`` is a
#: reserved top-level domain (RFC 2606): the namespace is unique but never resolves.
NAMESPACE_BASE = "https://openness.invalid/spdxdocs/"
PAYLOAD_PREFIX = "openness-element: "
PAYLOAD_VERSION = 1
VERDICT_PREFIX = "openness-verdict: "
LINEAGE_PREFIX = "openness lineage: "
LICENSE_REF_PREFIX = "LicenseRef-openness-"
LICENSE_REF_COMMENT = "openness: stands for "

#: Our lineage relation -> (SPDX relationship type, exact). Inexact ones carry a comment.
RELATION_TO_SPDX: dict[Relation, tuple[RelationshipType, bool]] = {
    Relation.DEPENDS_ON: (RelationshipType.DEPENDS_ON, True),
    Relation.DERIVED_FROM: (RelationshipType.DESCENDANT_OF, True),
    Relation.COMPILED_FROM: (RelationshipType.GENERATED_FROM, True),
    Relation.FINE_TUNED_FROM: (RelationshipType.DESCENDANT_OF, False),
    Relation.DISTILLED_FROM: (RelationshipType.DESCENDANT_OF, False),
    Relation.MERGED_FROM: (RelationshipType.DESCENDANT_OF, False),
    Relation.ADAPTER_OF: (RelationshipType.DESCENDANT_OF, False),
    Relation.QUANTIZED_FROM: (RelationshipType.VARIANT_OF, False),
    Relation.GENERATED_BY: (RelationshipType.GENERATED_FROM, False),
    Relation.TRAINED_ON: (RelationshipType.OTHER, False),
    Relation.TESTED_ON: (RelationshipType.OTHER, False),
}

#: SPDX relationship type -> (our relation, reversed). ``A ANCESTOR_OF B`` is B derived-from A.
SPDX_TO_RELATION: dict[RelationshipType, tuple[Relation, bool]] = {
    RelationshipType.DEPENDS_ON: (Relation.DEPENDS_ON, False),
    RelationshipType.DEPENDENCY_OF: (Relation.DEPENDS_ON, True),
    RelationshipType.RUNTIME_DEPENDENCY_OF: (Relation.DEPENDS_ON, True),
    RelationshipType.BUILD_DEPENDENCY_OF: (Relation.DEPENDS_ON, True),
    RelationshipType.DEV_DEPENDENCY_OF: (Relation.DEPENDS_ON, True),
    RelationshipType.OPTIONAL_DEPENDENCY_OF: (Relation.DEPENDS_ON, True),
    RelationshipType.PROVIDED_DEPENDENCY_OF: (Relation.DEPENDS_ON, True),
    RelationshipType.TEST_DEPENDENCY_OF: (Relation.DEPENDS_ON, True),
    RelationshipType.DESCENDANT_OF: (Relation.DERIVED_FROM, False),
    RelationshipType.ANCESTOR_OF: (Relation.DERIVED_FROM, True),
    RelationshipType.VARIANT_OF: (Relation.DERIVED_FROM, False),
    RelationshipType.GENERATED_FROM: (Relation.COMPILED_FROM, False),
    RelationshipType.GENERATES: (Relation.COMPILED_FROM, True),
}

DIGEST_TO_SPDX: dict[DigestAlgorithm, ChecksumAlgorithm] = {
    DigestAlgorithm.SHA256: ChecksumAlgorithm.SHA256,
    DigestAlgorithm.SHA512: ChecksumAlgorithm.SHA512,
    DigestAlgorithm.SHA1: ChecksumAlgorithm.SHA1,
    DigestAlgorithm.MD5: ChecksumAlgorithm.MD5,
}
SPDX_TO_DIGEST = {spdx: ours for ours, spdx in DIGEST_TO_SPDX.items()}

#: primaryPackagePurpose of an artifact's package (informational; the kind is in the payload).
KIND_PURPOSE: dict[ArtifactKind, PackagePurpose] = {
    ArtifactKind.MODEL: PackagePurpose.OTHER,
    ArtifactKind.DATASET: PackagePurpose.OTHER,
    ArtifactKind.SOFTWARE: PackagePurpose.APPLICATION,
    ArtifactKind.SYSTEM: PackagePurpose.APPLICATION,
}


def _role_purpose(role: Role) -> PackagePurpose:
    if role is Role.BINARIES:
        return PackagePurpose.APPLICATION
    if role is Role.SUPPORTING_LIBRARIES:
        return PackagePurpose.LIBRARY
    if role.content_type.value == "code":
        return PackagePurpose.SOURCE
    return PackagePurpose.OTHER


#: primaryPackagePurpose of a component's package (informational; the role is in the payload).
ROLE_PURPOSE: dict[Role, PackagePurpose] = {role: _role_purpose(role) for role in Role}

#: The role of a package that another package contains, in a document we did not write.
PURPOSE_ROLE: dict[PackagePurpose | None, Role] = {
    PackagePurpose.SOURCE: Role.SOURCE_CODE,
    PackagePurpose.LIBRARY: Role.SUPPORTING_LIBRARIES,
    PackagePurpose.FRAMEWORK: Role.SUPPORTING_LIBRARIES,
    PackagePurpose.APPLICATION: Role.BINARIES,
    PackagePurpose.CONTAINER: Role.BINARIES,
    PackagePurpose.OPERATING_SYSTEM: Role.BINARIES,
    PackagePurpose.DEVICE: Role.BINARIES,
    PackagePurpose.FIRMWARE: Role.BINARIES,
    PackagePurpose.INSTALL: Role.BINARIES,
    PackagePurpose.ARCHIVE: Role.BINARIES,
    PackagePurpose.FILE: Role.DATA_FILES,
    PackagePurpose.OTHER: Role.SUPPORTING_LIBRARIES,
    None: Role.SUPPORTING_LIBRARIES,
}

#: The role of a file in a document we did not write, by its first file type.
FILE_TYPE_ROLE: dict[FileType | None, Role] = {
    FileType.SOURCE: Role.SOURCE_CODE,
    FileType.BINARY: Role.BINARIES,
    FileType.ARCHIVE: Role.BINARIES,
    FileType.APPLICATION: Role.BINARIES,
    FileType.DOCUMENTATION: Role.DOCUMENTATION,
    FileType.TEXT: Role.DOCUMENTATION,
    FileType.SPDX: Role.DOCUMENTATION,
    FileType.AUDIO: Role.DATA_FILES,
    FileType.IMAGE: Role.DATA_FILES,
    FileType.VIDEO: Role.DATA_FILES,
    FileType.OTHER: Role.SOURCE_CODE,
    None: Role.SOURCE_CODE,
}

# Characters that one of the serialisations cannot carry unchanged: C0/C1 controls (XML 1.0
# forbids most of them, JSON parsing in spdx-tools strips some), surrogates and non-characters.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_TEXT_TAGS = re.compile(r"</?text>", re.IGNORECASE)
_SLUG = re.compile(r"[^A-Za-z0-9.]+")


def exact_line(value: str) -> bool:
    """True when every serialisation carries ``value`` as a one-line field unchanged."""
    return (
        bool(value)
        and value == value.strip()
        and "\n" not in value
        and "\t" not in value
        and not _UNSAFE.search(value)
        and not _TEXT_TAGS.search(value)
    )


def exact_text(value: str) -> bool:
    """True when every serialisation carries ``value`` as a multi-line field unchanged."""
    return (
        bool(value)
        and value == value.strip()
        and "\t" not in value
        and not _UNSAFE.search(value)
        and not _TEXT_TAGS.search(value)
    )


def exact_actor(value: str) -> bool:
    """True when ``Organization: <value>`` parses back to ``value``."""
    return exact_line(value) and "(" not in value and ")" not in value


def one_line(value: str) -> str:
    """``value`` made safe for a one-line field (for readers; the exact text is in the payload)."""
    text = _TEXT_TAGS.sub(" ", _UNSAFE.sub(" ", value))
    return " ".join(text.split()) or "-"


def clean_text(value: str) -> str:
    """``value`` made safe for a multi-line field, line by line."""
    lines = (
        " ".join(_TEXT_TAGS.sub(" ", _UNSAFE.sub(" ", line)).split()) for line in value.splitlines()
    )
    return "\n".join(lines).strip() or "-"


def slug(value: str, limit: int = 40) -> str:
    """Letters, digits, '.' and '-' only: usable in SPDXIDs, LicenseRefs and namespaces."""
    return _SLUG.sub("-", value).strip("-.")[:limit].strip("-.")


def encode_json(value: Any) -> str:
    """Compact, sorted, ASCII JSON with ``<``, ``>`` and ``&`` escaped, so that it survives
    tag-value ``<text>`` blocks and XML unchanged."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def decode_payload(comment: str) -> tuple[str, dict[str, Any]] | None:
    """``(element, fields)`` from an element annotation's comment, or None when the comment is
    not one. Raises ``ValueError`` when it is one but its JSON is broken."""
    if not comment.startswith(PAYLOAD_PREFIX):
        return None
    data = json.loads(comment[len(PAYLOAD_PREFIX) :])
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise ValueError("expected an object with 'element' and 'fields'")
    element = data.get("element")
    if element not in ("artifact", "component", "reference"):
        raise ValueError(f"unknown element {element!r}; expected artifact, component or reference")
    return str(element), data["fields"]
