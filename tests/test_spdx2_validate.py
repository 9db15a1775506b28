"""The linear-time SPDX 2 validation finds what spdx-tools' (quadratic)
``validate_full_spdx_document`` finds, plus undefined LicenseRefs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from spdx_tools.common.spdx_licensing import spdx_licensing
from spdx_tools.spdx.model.actor import Actor, ActorType
from spdx_tools.spdx.model.annotation import Annotation, AnnotationType
from spdx_tools.spdx.model.checksum import Checksum, ChecksumAlgorithm
from spdx_tools.spdx.model.document import CreationInfo, Document
from spdx_tools.spdx.model.file import File
from spdx_tools.spdx.model.package import Package
from spdx_tools.spdx.model.relationship import Relationship, RelationshipType
from spdx_tools.spdx.model.snippet import Snippet
from spdx_tools.spdx.model.spdx_no_assertion import SpdxNoAssertion
from spdx_tools.spdx.parser.parse_anything import parse_file
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from openness.formats.spdx2.validate import validate_document

CORPUS = Path(__file__).parent / "data" / "spdx2" / "corpus"
VALID = sorted(p for p in CORPUS.glob("*.*") if p.suffix != ".txt")
TOOL = Actor(ActorType.TOOL, "test")
WHEN = datetime(2024, 1, 1)


def texts(messages: list) -> set[str]:  # type: ignore[type-arg]
    return {m.validation_message for m in messages}


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_same_verdict_as_spdx_tools_on_the_official_examples(path: Path) -> None:
    document = parse_file(str(path))
    theirs = texts(validate_full_spdx_document(document))
    ours = texts(validate_document(document))
    assert theirs <= ours
    assert all("but not defined" in extra for extra in ours - theirs)


def broken(version: str = "SPDX-2.3") -> Document:
    creation = CreationInfo(
        version, "SPDXRef-DOCUMENT", "broken", "https://example.org/broken", [TOOL], WHEN
    )
    file = File("./a.c", "SPDXRef-file", [Checksum(ChecksumAlgorithm.SHA1, "a" * 40)])
    packages = [
        Package(
            "SPDXRef-p1",
            "one",
            SpdxNoAssertion(),
            files_analyzed=False,
            license_declared=spdx_licensing.parse("MIT AND LicenseRef-undefined"),
        ),
        Package("SPDXRef-p1", "duplicate", SpdxNoAssertion()),
        Package("SPDXRef-p2", "two", "not a url at all"),
    ]
    relationships = [
        Relationship("SPDXRef-p1", RelationshipType.CONTAINS, "SPDXRef-file"),
        Relationship("SPDXRef-p2", RelationshipType.DEPENDS_ON, "SPDXRef-missing"),
        Relationship("SPDXRef-p2", RelationshipType.SPECIFICATION_FOR, "SPDXRef-p1"),
    ]
    annotations = [Annotation("SPDXRef-nowhere", AnnotationType.OTHER, TOOL, WHEN, "hello")]
    snippets = [Snippet("SPDXRef-snippet", "SPDXRef-no-file", (5, 2))]
    return Document(creation, packages, [file], snippets, annotations, relationships, [])


@pytest.mark.parametrize("version", ["SPDX-2.3", "SPDX-2.2"])
def test_same_findings_as_spdx_tools_on_a_broken_document(version: str) -> None:
    document = broken(version)
    theirs = texts(validate_full_spdx_document(document))
    ours = texts(validate_document(document))
    assert theirs <= ours
    assert ours - theirs == {
        "LicenseRef-undefined is used in the license expression "
        "'MIT AND LicenseRef-undefined' but not defined: add an extracted licensing info "
        "(hasExtractedLicensingInfos) with this licenseId"
    }
    joined = " | ".join(sorted(ours))
    for expected in (
        "duplicates: ['SPDXRef-p1']",
        'did not find the referenced spdx_id "SPDXRef-missing"',
        'did not find the referenced spdx_id "SPDXRef-nowhere"',
        "files_analyzed is False",
        "Unrecognized license reference: LicenseRef-undefined",
        "there must be at least one relationship",
        "download_location must be a valid URL",
        "byte_range",
    ):
        assert expected in joined
    if version == "SPDX-2.2":
        assert "RelationshipType.SPECIFICATION_FOR is not supported in SPDX-2.2" in joined


def test_unsupported_version_stops_early() -> None:
    document = broken("SPDX-2.1")
    assert texts(validate_document(document)) == texts(validate_full_spdx_document(document))


def test_a_described_single_package_needs_no_describes() -> None:
    document = broken()
    single = Document(document.creation_info, [Package("SPDXRef-x", "x", SpdxNoAssertion())])
    assert validate_document(single) == []
