"""pyproject.toml: this project's own file, PEP 639, legacy tables and trove classifiers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from openness.errors import Problem
from openness.formats.pyproject.read import classifier_license
from openness.loading import load
from openness.model import Artifact, ArtifactKind, DigestAlgorithm, EvidenceKind, Role

REPO = Path(__file__).parent.parent


def test_this_projects_own_pyproject() -> None:
    result = load([REPO / "pyproject.toml"])
    assert result.ok, result.errors
    (artifact,) = result.artifacts
    assert artifact.id == "pkg:pypi/openness"
    assert artifact.kind is ArtifactKind.SOFTWARE
    assert artifact.license == "Apache-2.0"
    assert artifact.purl == f"pkg:pypi/openness@{artifact.version}"
    (source,) = artifact.components_with_role(Role.SOURCE_CODE)
    assert source.availability is not None
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    (license_file,) = texts.files
    assert license_file.path == "LICENSE"
    expected = hashlib.sha256((REPO / "LICENSE").read_bytes()).hexdigest()
    assert license_file.digests == {DigestAlgorithm.SHA256: expected}
    (declared,) = [e for e in artifact.evidence if e.locator == "project.license"]
    assert declared.kind is EvidenceKind.DECLARED
    lines = (REPO / "pyproject.toml").read_text().splitlines()
    assert declared.line is not None and lines[declared.line - 1].startswith("license =")
    assert artifact.components_with_role(Role.BUILD_SCRIPTS)[0].extra["build-backend"]
    assert "dependencies" in artifact.extra and "tool_tables" in artifact.extra


def _project(
    tmp_path: Path, body: str, files: dict[str, str] | None = None
) -> tuple[Artifact | None, list[Problem]]:
    for name, text in (files or {}).items():
        (tmp_path / name).write_text(text)
    path = tmp_path / "pyproject.toml"
    path.write_text(body)
    result = load([path])
    return (result.artifacts[0] if result.artifacts else None), result.problems


def test_legacy_text_table_goes_through_the_normaliser(tmp_path: Path) -> None:
    artifact, problems = _project(
        tmp_path,
        '[project]\nname = "Demo_Pkg"\nversion = "1.0"\nlicense = {text = "BSD 3-Clause"}\n',
    )
    assert artifact is not None and artifact.license == "BSD-3-Clause"
    assert artifact.id == "pkg:pypi/demo-pkg" and artifact.name == "Demo_Pkg"
    assert any(e.kind is EvidenceKind.NORMALISED for e in artifact.evidence)
    assert problems == []


def test_legacy_file_table_is_recorded_not_scanned(tmp_path: Path) -> None:
    artifact, _ = _project(
        tmp_path,
        '[project]\nname = "demo"\nlicense = {file = "COPYING"}\n'
        'classifiers = ["License :: OSI Approved :: MIT License"]\n',
        {"COPYING": "Permission is hereby granted...\n"},
    )
    assert artifact is not None
    assert artifact.license == "MIT"  # from the classifier
    (texts,) = artifact.components_with_role(Role.LICENSE_TEXT)
    assert [f.path for f in texts.files] == ["COPYING"]


@pytest.mark.parametrize(
    ("classifier", "expected"),
    [
        ("License :: OSI Approved :: MIT License", "MIT"),
        ("License :: OSI Approved :: Apache Software License", None),
        ("License :: OSI Approved :: BSD License", None),
        ("License :: OSI Approved :: GNU General Public License v3 (GPLv3)", "GPL-3.0-only"),
        (
            "License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
            "GPL-3.0-or-later",
        ),
        ("License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
        ("License :: OSI Approved :: ISC License (ISCL)", "ISC"),
        ("License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"),
        ("License :: Other/Proprietary License", None),
        ("License :: OSI Approved", None),
        ("Topic :: Software Development", None),
    ],
)
def test_trove_classifiers(classifier: str, expected: str | None) -> None:
    assert classifier_license(classifier)[0] == expected


def test_invalid_expression_is_normalised_with_a_warning(tmp_path: Path) -> None:
    artifact, problems = _project(
        tmp_path, '[project]\nname = "x"\nlicense = "Apache License 2.0"\n'
    )
    assert artifact is not None and artifact.license == "Apache-2.0"
    (problem,) = problems
    assert problem.path == "project.license" and problem.line == 3


def test_conflicting_classifier_and_several_classifiers(tmp_path: Path) -> None:
    artifact, problems = _project(
        tmp_path,
        '[project]\nname = "x"\nlicense = "MIT"\n'
        'classifiers = ["License :: OSI Approved :: Apache Software License",\n'
        '  "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",\n'
        '  "License :: OSI Approved :: ISC License (ISCL)"]\n',
    )
    assert artifact is not None and artifact.license == "MIT"
    messages = " ".join(p.message for p in problems)
    assert "several license classifiers" in messages


def test_dynamic_license_and_missing_name(tmp_path: Path) -> None:
    artifact, problems = _project(tmp_path, '[project]\nname = "x"\ndynamic = ["license"]\n')
    assert artifact is not None and artifact.license is None
    assert "dynamic" in problems[0].message
    empty = tmp_path / "empty"
    empty.mkdir()
    artifact, problems = _project(empty, '[project]\nversion = "1"\n')
    assert artifact is None
    assert problems[0].path == "project.name"


def test_license_files_that_match_nothing(tmp_path: Path) -> None:
    artifact, problems = _project(
        tmp_path, '[project]\nname = "x"\nlicense = "MIT"\nlicense-files = ["LICEN[CS]E*"]\n'
    )
    assert artifact is not None
    assert problems[0].path == "project.license-files" and problems[0].line == 4


def test_every_license_classifier() -> None:
    """Every License classifier of PyPI: the exact ids found, and no wrong one."""
    data = Path(__file__).parent / "data" / "pyproject" / "license-classifiers.yaml"
    cases = yaml.safe_load(data.read_text(encoding="utf-8"))
    assert len(cases) == 84
    for case in cases:
        assert classifier_license(case["classifier"])[0] == case["expected"], case
