"""The SPDX 2 importer: detection by content, the official examples in every serialisation,
the mapping of documents we did not write, and clear problems for invalid documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from openness.documents import Document, parse_text, read_document
from openness.errors import Severity
from openness.exporters import get_exporter
from openness.formats.spdx2.read import Spdx2Importer
from openness.loading import load
from openness.model import Artifact, ArtifactKind, Relation, Role

DATA = Path(__file__).parent / "data" / "spdx2"
CORPUS = DATA / "corpus"
VALID = sorted(p for p in CORPUS.glob("*.*") if p.suffix != ".txt")
MAIN = ("SPDXJSONExample-v2.3.spdx.json", "SPDXYAMLExample-v2.3.spdx.yaml")
MAIN_TEXT = ("SPDXXMLExample-v2.3.spdx.xml", "SPDXTagExample-v2.3.spdx")
IMPORTER = Spdx2Importer()


def imported(path: Path) -> tuple[list[Artifact], list[str], list[str]]:
    result = IMPORTER.load(read_document(path))
    errors = [str(p) for p in result.problems if p.severity is Severity.ERROR]
    warnings = [str(p) for p in result.problems if p.severity is Severity.WARNING]
    return result.artifacts, errors, warnings


def by_name(artifacts: list[Artifact]) -> dict[str, Artifact]:
    return {a.display_name: a for a in artifacts}


# -- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_detects_every_serialisation(path: Path) -> None:
    assert IMPORTER.detect(read_document(path))


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("artifacts: []\n", "yaml"),
        ('{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}', "json"),
        ('{"bomFormat": "CycloneDX", "specVersion": "1.6"}', "json"),
        ('{"spdxVersion": "SPDX-3.0"}', "json"),
        ("<html><body>SPDXVersion</body></html>", "text"),
    ],
)
def test_other_documents_are_not_detected(text: str, fmt: str) -> None:
    assert not IMPORTER.detect(parse_text("x", text, fmt))


def test_load_picks_the_spdx_importer() -> None:
    result = load([CORPUS / "sbom.spdx.json"])
    assert result.ok, result.errors
    assert {a.id for a in result.artifacts} >= {"pkg:cargo/tokio@1.19.2", "pkg:cargo/hyper@0.14"}
    assert result.origins["pkg:cargo/tokio@1.19.2"].path[0] == "packages"


def test_tag_value_that_also_parses_as_yaml_is_read_as_tag_value() -> None:
    """Without a telling suffix, text that YAML accepts is read as YAML; tag-value lines are
    "Key: value" lines, so a short tag-value document can be YAML too."""
    text = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n"
    document = parse_text("tiny", text, "yaml")
    assert isinstance(document.data, dict)
    assert IMPORTER.detect(document)
    result = IMPORTER.load(document)
    assert not result.artifacts
    assert [p.message for p in result.problems] == [
        "CreationInfo: required field(s) missing: name, documentNamespace, creators, created"
    ]


# -- the official examples -------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_official_examples_import_without_errors(path: Path) -> None:
    artifacts, errors, _ = imported(path)
    assert not errors
    assert artifacts
    for artifact in artifacts:
        assert artifact.id


def test_main_example_maps_packages_files_and_licenses() -> None:
    artifacts, _, warnings = imported(CORPUS / MAIN[0])
    assert not warnings
    glibc = by_name(artifacts)["glibc"]
    assert glibc.id == (
        "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301#SPDXRef-Package"
    )
    assert glibc.kind is ArtifactKind.SOFTWARE
    assert glibc.version == "2.11.1"
    assert glibc.license == "LGPL-2.0-only AND LicenseRef-3"
    assert glibc.supplier == "Jane Doe (jane.doe@example.com)"
    assert glibc.url == "http://ftp.gnu.org/gnu/glibc"
    assert glibc.evidence[0].locator == "SPDXRef-Package.licenseDeclared"
    roles = {c.role: c for c in glibc.components}
    assert set(roles) == {Role.SOURCE_CODE, Role.BINARIES, Role.DOCUMENTATION}
    source = roles[Role.SOURCE_CODE]
    assert source.license == "Apache-2.0"
    assert source.files[0].path == "src/org/spdx/parser/DOAPProject.java"
    assert source.files[0].digests
    assert source.extra["spdx"]["snippets"][0]["SPDXID"] == "SPDXRef-Snippet"
    spdx = glibc.extra["spdx"]
    assert spdx["originator"] == "Organization: ExampleCodeInspect (contact@example.com)"
    assert spdx["document"]["name"] == "SPDX-Tools-v2.0"
    assert "LicenseRef-3" in {i["licenseId"] for i in spdx["hasExtractedLicensingInfos"]}
    # A relationship that is not lineage is kept with the element it starts from.
    assert any(r["relationshipType"] == "CONTAINS" for r in spdx["relationships"])


def core(artifact: Artifact) -> dict[str, object]:
    """What every serialisation carries alike (evidence names the file; extra differs)."""
    return {
        "id": artifact.id,
        "name": artifact.name,
        "version": artifact.version,
        "license": artifact.license,
        "supplier": artifact.supplier,
        "url": artifact.url,
        "lineage": sorted((e.relation, e.target) for e in artifact.lineage),
        "components": sorted(
            (c.role, str(c.license), tuple(f.path for f in c.files)) for c in artifact.components
        ),
    }


def test_main_example_is_the_same_in_json_yaml_xml_and_tag_value() -> None:
    results = {name: imported(CORPUS / name)[0] for name in (*MAIN, *MAIN_TEXT)}
    expected = sorted((core(a) for a in results[MAIN[0]]), key=lambda c: str(c["id"]))
    for name, artifacts in results.items():
        assert sorted((core(a) for a in artifacts), key=lambda c: str(c["id"])) == expected, name


def test_rdf_example() -> None:
    artifacts, errors, warnings = imported(CORPUS / "file_to_test_rdf_parser.rdf.xml")
    assert not errors
    assert any("LicenseRef-2" in w for w in warnings)  # used but never defined in that file
    assert "supplierName (some@mail.com)" in {a.supplier for a in artifacts}


def test_dependencies_become_lineage_with_purl_ids() -> None:
    artifacts, errors, _ = imported(CORPUS / "sbom.spdx.json")
    assert not errors
    server = by_name(artifacts)["hello-server-src"]
    assert [(e.relation, e.target) for e in server.lineage] == [
        (Relation.DEPENDS_ON, "pkg:cargo/pretty_env_logger@0.4.0"),
        (Relation.DEPENDS_ON, "pkg:cargo/tokio@1.19.2"),
        (Relation.DEPENDS_ON, "pkg:cargo/hyper@0.14"),
    ]
    tokio = by_name(artifacts)["tokio"]
    assert tokio.license == "MIT"
    assert tokio.evidence[0].kind.value == "concluded"  # only licenseConcluded was stated


def test_contained_packages_become_components() -> None:
    artifacts, errors, _ = imported(CORPUS / "example6-lib.spdx")
    assert not errors
    assert len(artifacts) == 1
    roles = [c.role for c in artifacts[0].components]
    assert roles.count(Role.SUPPORTING_LIBRARIES) + roles.count(Role.SOURCE_CODE) == 4


def test_validation_problems_are_warnings_that_name_the_package() -> None:
    artifacts, errors, warnings = imported(CORPUS / "appbomination.spdx.json")
    assert artifacts and not errors
    assert any("packages[0]" in w and "files_analyzed is False" in w for w in warnings)


def test_control_characters_are_removed_like_spdx_tools_does() -> None:
    artifacts, _, _ = imported(CORPUS / "ControlCharacters.spdx.json")
    for artifact in artifacts:
        text = json.dumps(artifact.model_dump(mode="json"))
        assert "\\b" not in text and "\\f" not in text


# -- invalid documents -----------------------------------------------------------------------


def test_invalid_json_names_element_field_and_line() -> None:
    _, errors, _ = imported(CORPUS / "invalid" / "spdx-trivy-truncated.spdx.json")
    assert len(errors) == 5
    assert any("relationships[0]: error:" in e and "DESCRIBE" in e for e in errors)
    assert any(
        ":4: creationInfo.created: error:" in e and "YYYY-MM-DDThh:mm:ssZ" in e for e in errors
    )
    assert any(
        "packages[0].downloadLocation: error: package SPDXRef-Application-441a648f2aeeee72: "
        "required field 'downloadLocation' is missing" in e
        for e in errors
    )


@pytest.mark.parametrize("name", ["invalid_creation_info.rdf.xml", "file_without_spdx_ids.xml"])
def test_invalid_rdf_gives_an_error(name: str) -> None:
    artifacts, errors, _ = imported(CORPUS / "invalid" / name)
    assert not artifacts
    assert errors == [f"{CORPUS / 'invalid' / name}: error: CreationInfo: No creators provided"]


def tag_value(text: str) -> Document:
    return parse_text("broken.spdx", text, "text")


def test_invalid_tag_value_names_line_and_element() -> None:
    text = (CORPUS / "example1.spdx").read_text(encoding="utf-8")
    text = text.replace("PackageLicenseDeclared: GPL-3.0-or-later", "PackageLicenseDeclared: (MIT")
    line = text.splitlines().index("PackageLicenseDeclared: (MIT") + 1
    result = IMPORTER.load(tag_value(text))
    assert not result.artifacts
    [problem] = result.problems
    assert problem.line == line
    assert problem.path == "SPDXRef-Package-hello"
    assert "(MIT" in problem.message


def test_unsupported_version() -> None:
    data = json.loads((CORPUS / "sbom.spdx.json").read_text(encoding="utf-8"))
    data["spdxVersion"] = "SPDX-2.1"
    result = IMPORTER.load(parse_text("old.json", json.dumps(data, indent=1), "json"))
    assert not result.artifacts
    assert ["SPDX version 'SPDX-2.1' is not supported" in p.message for p in result.problems] == [
        True
    ]


def test_a_license_spdx_tools_accepts_but_spdx_does_not() -> None:
    data = json.loads((CORPUS / "sbom.spdx.json").read_text(encoding="utf-8"))
    data["packages"][1]["licenseDeclared"] = "LicenseRef-not_allowed"
    result = IMPORTER.load(parse_text("bad.json", json.dumps(data, indent=1), "json"))
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert errors and errors[0].path == "packages[1].licenseDeclared"
    assert errors[0].line is not None
    assert "LicenseRef-not_allowed" in errors[0].message


# -- documents we wrote, edited by others ----------------------------------------------------


def exported(fmt: str = "spdx-2.3-json") -> tuple[list[Artifact], bytes]:
    artifacts = load([DATA / "model-lineage.yaml"]).artifacts
    return artifacts, get_exporter(fmt).export(artifacts)


def test_broken_element_annotation_is_an_error() -> None:
    _, data = exported()
    document = json.loads(data)
    annotation = document["packages"][0]["annotations"][0]
    annotation["comment"] = annotation["comment"][:-5]
    result = IMPORTER.load(parse_text("x.json", json.dumps(document), "json"))
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert errors[0].path == "packages[0].annotations"
    assert "broken openness element annotation" in errors[0].message


def test_invalid_field_in_element_annotation_names_it() -> None:
    _, data = exported()
    text = data.decode().replace('\\"kind\\":\\"model\\"', '\\"kind\\":\\"robot\\"', 1)
    result = IMPORTER.load(parse_text("x.json", text, "json"))
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    assert errors and "artifact field kind" in errors[0].message
    assert errors[0].path == "packages[0].annotations"


def test_relationships_added_or_removed_by_others() -> None:
    _, data = exported()
    document = json.loads(data)
    packages = {p["name"]: p["SPDXID"] for p in document["packages"]}
    # someone removes "base trained-on corpus" and adds "chat DEPENDS_ON corpus"
    document["relationships"] = [
        r for r in document["relationships"] if r.get("comment") != "openness lineage: trained-on"
    ]
    document["relationships"].append(
        {
            "spdxElementId": packages["Example Chat 7B"],
            "relationshipType": "DEPENDS_ON",
            "relatedSpdxElement": packages["Example Web Corpus"],
        }
    )
    result = IMPORTER.load(parse_text("x.json", json.dumps(document), "json"))
    got = by_name(result.artifacts)
    assert [e.relation for e in got["Example Base 7B"].lineage] == [Relation.TESTED_ON]
    chat = got["Example Chat 7B"].lineage
    assert [(e.relation, e.target) for e in chat][-1] == (Relation.DEPENDS_ON, "example-web-corpus")
    assert any(
        p.severity is Severity.WARNING and "has no relationship in the document" in p.message
        for p in result.problems
    )


def test_verdict_annotations_are_reported_not_imported() -> None:
    from openness.policy.verdict import Outcome, Verdict

    artifacts = load([DATA / "model-lineage.yaml"]).artifacts
    data = get_exporter("spdx-2.3-json").export(
        artifacts, [Verdict(artifacts[0].id, "osaid", "1.0", Outcome.PASS)]
    )
    result = IMPORTER.load(parse_text("x.json", data.decode(), "json"))
    assert result.artifacts == artifacts
    assert [p.severity for p in result.problems] == [Severity.WARNING]
    assert "1 openness verdict annotation(s) not imported" in result.problems[0].message


def test_fields_that_are_not_spdx_are_reported_not_dropped_silently(tmp_path: Path) -> None:
    import json

    corpus = Path(__file__).parent / "data" / "spdx2" / "corpus"
    data = json.loads((corpus / "SPDXJSONExample-v2.3.spdx.json").read_text(encoding="utf-8"))
    data["x-custom-top"] = "TOPVAL"
    data["packages"][0]["x-custom-pkg"] = "PKGVAL"
    path = tmp_path / "custom.spdx.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    unknown = [p for p in load([path]).problems if "unknown field" in p.message]
    assert [(p.path, p.severity.value) for p in unknown] == [
        ("x-custom-top", "warning"),
        ("packages[0].x-custom-pkg", "warning"),
    ]
    # The real documents have none.
    for real in [*corpus.glob("*.json"), *corpus.glob("*.yaml")]:
        assert not [p for p in load([real]).problems if "unknown field" in p.message], real
