"""What an importer does not map is kept or reported, never dropped silently, and a value under
one name never overwrites another's (found by probing the importers with real files edited)."""

from __future__ import annotations

from pathlib import Path

import yaml

from openness.loading import load

DATA = Path(__file__).parent / "data"


def test_pyproject_keeps_every_link_and_reports_mistyped_fields(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "proj"\nversion = "1.0"\nlicense = "MIT"\ndescription = 42\n'
        '[project.urls]\nHomepage = "https://example.org"\n'
        'Changelog = "https://example.org/changes"\n"Bug Tracker" = "https://example.org/bugs"\n',
        encoding="utf-8",
    )
    result = load([tmp_path / "pyproject.toml"])
    (artifact,) = result.artifacts
    assert artifact.url == "https://example.org"
    assert artifact.extra["urls"]["Bug Tracker"] == "https://example.org/bugs"
    (warning,) = result.warnings
    assert warning.path == "project.description" and "must be a string" in warning.message


def test_a_pyproject_name_that_is_not_a_project_name_is_named(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "my project"\nversion = "1.0"\n', encoding="utf-8"
    )
    (error,) = load([tmp_path / "pyproject.toml"]).errors
    assert error.path == "project.name" and error.line == 2
    assert "not a valid project name" in error.message


def test_eu_index_reports_fields_inside_a_dimension(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "eu_index" / "K2.yaml").read_text(encoding="utf-8"))
    data["weights_endmodel"]["reviewer"] = "Bob Smith"
    path = tmp_path / "K2.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    warnings = [w for w in load([path]).warnings if "reviewer" in w.path]
    assert [w.path for w in warnings] == ["weights_endmodel.reviewer"]
    assert not [
        w for w in load([DATA / "eu_index" / "K2.yaml"]).warnings if "not a field" in w.message
    ]


def test_mot_unknown_fields_never_overwrite_each_other(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "mot" / "models" / "Amber.yml").read_text(encoding="utf-8"))
    data["date"] = "TOP-LEVEL-DATE"
    data["release"]["date"] = "RELEASE-DATE"
    data["release"]["framework"] = "mine"
    path = tmp_path / "Amber.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (artifact,) = load([path]).artifacts
    assert artifact.extra["date"] == "TOP-LEVEL-DATE"
    assert artifact.extra["release"] == {"date": "RELEASE-DATE", "framework": "mine"}
    assert artifact.extra["framework"]["name"] == "Model Openness Framework"


def test_cyclonedx_kept_values_and_malformed_lists_are_reported_or_kept(tmp_path: Path) -> None:
    import json

    def bom(components: object) -> Path:
        path = tmp_path / "bom.json"
        data = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1}
        path.write_text(json.dumps({**data, "components": components}), encoding="utf-8")
        return path

    component = {"type": "machine-learning-model", "bom-ref": "m", "name": "m", "copyright": "KEEP"}
    listed = {**component, "properties": [{"name": "openness:extra", "value": '["x"]'}]}
    result = load([bom([listed])])
    assert result.ok
    assert any("must be a JSON object" in w.message for w in result.warnings)
    kept = {**component, "properties": [{"name": "openness:extra", "value": '{"cyclonedx": 5}'}]}
    (artifact,) = load([bom([kept])]).artifacts
    assert artifact.extra["cyclonedx"]["copyright"] == "KEEP"  # the native field is not lost
    assert artifact.extra["cyclonedx-kept"] == 5
    (error,) = load([bom({"m": component})]).errors  # said once (by the schema, in 1.6)
    assert error.path == "components" and "expected array" in error.message


def test_an_eu_index_field_named_like_the_ratings_does_not_replace_them(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "eu_index" / "K2.yaml").read_text(encoding="utf-8"))
    data["eu_osai_index"] = "overwritten"
    path = tmp_path / "K2.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    model = next(a for a in load([path]).artifacts if "document.eu_osai_index" in a.extra)
    assert model.extra["document.eu_osai_index"] == "overwritten"
    assert "weights_endmodel" in str(model.extra["eu_osai_index"])  # the index's own ratings
