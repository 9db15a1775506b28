"""User policy files (TOML or YAML) reuse the built-in rules with their own tables; malformed
ones are errors naming the file, the field and (for YAML) the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.model import Artifact
from openness.policy import Outcome, PolicyError, check, load_policy_file

GOOD_TOML = """\
[policy]
id = "acme-weights"
version = "2"
title = "Weights and code under OSI-approved licenses"
summary = "Our procurement rule."
applies_to = ["model"]
citation = { document = "Acme open model policy", url = "https://example.org/policy" }

[options.strictness]
type = "int"
default = 1
help = "Not read by any rule; shows that options are declared here."

[[rules]]
id = "acme-weights/parameters"
check = "component-license"
title = "Weights under an OSI-approved license"
passes = "The final parameters are under an OSI-approved license."
roles = ["model-parameters-final"]
notions = ["osi"]
clause = "Weights must be under an OSI-approved license."

[[rules]]
id = "acme-weights/lineage"
check = "lineage-inheritance"
title = "Inherited licenses are OSI-approved"
passes = "Every inherited license is OSI-approved."
notions = ["osi"]
"""

GOOD_YAML = """\
policy:
  id: acme-data
  version: "1"
  title: Public training data
  summary: Training data must be public and open.
  levels: [open, closed]
  citation: {document: Acme data policy}
rules:
  - id: acme-data/training-data
    check: training-data
    title: Training data public and open
    passes: All training data is public under an open data license.
    notions: [open-data, osaid-terms]
    require: public
    level: open
"""


def model(**fields: object) -> Artifact:
    return Artifact.model_validate({"id": "m", "kind": "model", **fields})


def test_toml_policy_file(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    path.write_text(GOOD_TOML, encoding="utf-8")
    policy = load_policy_file(path)
    assert (policy.id, policy.version) == ("acme-weights", "2")
    assert [r.id for r in policy.rules()] == [
        "acme-weights/applies-to",
        "acme-weights/parameters",
        "acme-weights/lineage",
    ]
    assert policy.options()["strictness"].default == 1
    cc = model(components=[{"role": "model-parameters-final", "license": "CC-BY-4.0"}])
    mit = model(components=[{"role": "model-parameters-final", "license": "MIT"}])
    (v_cc,) = check([cc], [str(path)])
    (v_mit,) = check([mit], [str(path)])
    assert v_cc.outcome is Outcome.FAIL  # open, but not OSI-approved
    assert v_mit.outcome is Outcome.PASS
    assert v_mit.findings[0].citation is not None
    assert v_mit.findings[0].citation.document == "Acme open model policy"


def test_yaml_policy_file_with_levels(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(GOOD_YAML, encoding="utf-8")
    public = model(
        components=[{"role": "datasets", "license": "CC0-1.0", "availability": "included"}]
    )
    gated = model(components=[{"role": "datasets", "license": "CC0-1.0", "availability": "gated"}])
    (v_public,) = check([public], [str(path)])
    (v_gated,) = check([gated], [str(path)])
    assert (v_public.outcome, v_public.level) == (Outcome.PASS, "open")
    assert (v_gated.outcome, v_gated.level) == (Outcome.FAIL, "closed")


def test_malformed_yaml_names_fields_and_lines(tmp_path: Path) -> None:
    bad = GOOD_YAML.replace("check: training-data", "check: training-date").replace(
        "require: public", "require: everyone"
    )
    bad = bad.replace("    level: open\n", "    level: opne\n    colour: red\n")
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy_file(path)
    problems = {p.path: p for p in info.value.problems}
    assert set(problems) == {
        "rules[0].check",
        "rules[0].require",
        "rules[0].level",
        "rules[0].colour",
    }
    assert all(p.file == str(path) for p in problems.values())
    assert problems["rules[0].check"].line == 10
    assert "choose from" in problems["rules[0].check"].message
    assert "component-license" in problems["rules[0].check"].message
    assert "unknown field 'colour'" in problems["rules[0].colour"].message


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (('id = "acme-weights"', 'id = "osaid"'), "policy.id", "built-in policy"),
        (('version = "2"', "version = []"), "policy.version", "version is required"),
        (('notions = ["osi"]\nclause', 'notions = ["osj"]\nclause'), "rules[0].notions[0]", "osj"),
        (
            ('roles = ["model-parameters-final"]', 'roles = ["weights"]'),
            "rules[0].roles[0]",
            "weights",
        ),
        (('type = "int"', 'type = "integer"'), "options.strictness.type", "option type"),
        (
            ('id = "acme-weights/lineage"', 'id = "acme-weights/parameters"'),
            "rules[1].id",
            "duplicate",
        ),
    ],
)
def test_malformed_toml(tmp_path: Path, edit: tuple[str, str], path: str, words: str) -> None:
    text = GOOD_TOML.replace(*edit, 1)
    assert text != GOOD_TOML
    file = tmp_path / "bad.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        check([model()], [str(file)])
    assert [p.path for p in info.value.problems] == [path]
    assert words in info.value.problems[0].message
    # TOML problems carry the line too (the line of the field, else of its table).
    assert info.value.problems[0].line == _line_of(text, path)


def _line_of(text: str, path: str) -> int:
    """The line a TOML problem at ``path`` should name, found by hand for the cases above."""
    lines = text.splitlines()
    if path.startswith("policy."):
        key = path.split(".")[1]
        return next(i for i, line in enumerate(lines, 1) if line.startswith(f"{key} ="))
    if path.startswith("options."):
        return next(i for i, line in enumerate(lines, 1) if line.startswith("type ="))
    index = int(path.split("[")[1].split("]")[0])
    key = path.split("].")[1].split("[")[0]
    starts = [i for i, line in enumerate(lines, 1) if line == "[[rules]]"]
    return next(
        i for i, line in enumerate(lines, 1) if i > starts[index] and line.startswith(f"{key} =")
    )


def test_not_a_table(tmp_path: Path) -> None:
    file = tmp_path / "list.yaml"
    file.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy_file(file)
    assert "[policy]" in info.value.problems[0].message
    with pytest.raises(PolicyError) as info:
        load_policy_file(tmp_path / "missing.toml")
    assert info.value.problems[0].message == "no such file"


def test_how_to_fix_templates(tmp_path: Path) -> None:
    text = GOOD_TOML.replace(
        'clause = "Weights must be under an OSI-approved license."',
        'clause = "Weights must be under an OSI-approved license."\n'
        'how_to_fix = "relicense {what} (now {license}) under {terms}; see {{policy}}"',
        1,
    )
    path = tmp_path / "acme.toml"
    path.write_text(text, encoding="utf-8")
    cc = model(components=[{"role": "model-parameters-final", "license": "CC-BY-4.0"}])
    (verdict,) = check([cc], [str(path)])
    (finding,) = [f for f in verdict.findings if f.rule == "acme-weights/parameters"]
    assert finding.how_to_fix == (
        "relicense the model-parameters-final component (now CC-BY-4.0) under an "
        "OSI-approved license; see {policy}"
    )
    path.write_text(text.replace("{{policy}}", "{policy}"), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy_file(path)
    assert info.value.problems[0].path == "rules[0].how_to_fix"
    assert "not {policy}" in info.value.problems[0].message


_RULE_HEAD = """\
[policy]
id = "mine"
version = "1"
title = "T"
summary = "S"
citation = { document = "Doc" }
"""


@pytest.mark.parametrize(
    ("body", "path", "words"),
    [
        # Rules that would have failed when judging, not when loading.
        ('check = "component-license"\nroles = []\n', "rules[0].roles", "needs roles"),
        ('check = "source-code"\n', "rules[0].roles", "needs roles"),
        (
            'check = "source-code"\nroles = ["source-code"]\nparams = { binaries = ["exe"] }\n',
            "rules[0].params.binaries[0]",
            "unknown role 'exe'",
        ),
        (
            'check = "source-code"\nroles = ["source-code"]\nparams = { binaries = "binaries" }\n',
            "rules[0].params.binaries",
            "list of component roles",
        ),
        (
            'check = "retraining-cost"\nparams = { default = "big" }\n',
            "rules[0].params.default",
            "expected a number",
        ),
        (
            'check = "declared-license"\nparams = { colour = 1 }\n',
            "rules[0].params.colour",
            "reads",
        ),
        ('check = "declared-license"\nwhen = "sometimes"\n', "rules[0].when", "unknown condition"),
        (
            'check = "declared-license"\nwhen = "within-budget"\n',
            "rules[0].when",
            "retraining-cost",
        ),
        ('check = "declared-license"\nid2 = 1\n', "rules[0].id2", "unknown field"),
    ],
)
def test_rules_that_cannot_be_judged_are_refused(
    tmp_path: Path, body: str, path: str, words: str
) -> None:
    file = tmp_path / "mine.toml"
    file.write_text(_RULE_HEAD + '[[rules]]\nid = "mine/r"\ntitle = "t"\npasses = "p"\n' + body)
    with pytest.raises(PolicyError) as info:
        load_policy_file(file)
    assert [p.path for p in info.value.problems] == [path]
    assert words in info.value.problems[0].message
    assert info.value.problems[0].file == str(file)


@pytest.mark.parametrize(
    ("options", "path", "words"),
    [
        ('type = "float"\nhelp = "h"\n', "options.budget_flop.default", "give it a default"),
        ('type = "str"\ndefault = "big"\nhelp = "h"\n', "options.budget_flop.type", "float or int"),
        ('type = "float"\ndefault = 1e400\nhelp = "h"\n', "options.budget_flop.default", "finite"),
        (
            'type = "float"\ndefault = -1.0\nminimum = 0\nhelp = "h"\n',
            "options.budget_flop.default",
            "at least 0",
        ),
        (
            'type = "str"\ndefault = "a"\nminimum = 0\nhelp = "h"\n',
            "options.budget_flop.minimum",
            "float and int options only",
        ),
    ],
)
def test_the_budget_option_must_be_a_number(
    tmp_path: Path, options: str, path: str, words: str
) -> None:
    file = tmp_path / "mine.toml"
    file.write_text(
        _RULE_HEAD
        + "[options.budget_flop]\n"
        + options
        + '[[rules]]\nid = "mine/cost"\ntitle = "t"\npasses = "p"\ncheck = "retraining-cost"\n'
    )
    with pytest.raises(PolicyError) as info:
        load_policy_file(file)
    assert path in [p.path for p in info.value.problems]
    assert words in " ".join(p.message for p in info.value.problems)


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (('id = "acme-weights"', 'id = "OSAID"'), "policy.id", "lower-case"),
        (('id = "acme-weights"', 'id = "../../etc"'), "policy.id", "lower-case"),
        (
            ('id = "acme-weights/parameters"', 'id = "osaid/parameters-license"'),
            "rules[0].id",
            "must begin with the policy id",
        ),
    ],
)
def test_ids_cannot_pass_for_another_policy(
    tmp_path: Path, edit: tuple[str, str], path: str, words: str
) -> None:
    file = tmp_path / "acme.toml"
    file.write_text(GOOD_TOML.replace(*edit, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy_file(file)
    assert [p.path for p in info.value.problems] == [path]
    assert words in info.value.problems[0].message


def test_a_policy_file_given_twice_is_read_once(tmp_path: Path) -> None:
    file = tmp_path / "acme.toml"
    file.write_text(GOOD_TOML, encoding="utf-8")
    verdicts = check([model()], [str(file), str(tmp_path / "." / "acme.toml"), file])
    assert [v.policy for v in verdicts] == ["acme-weights"]
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD_TOML.replace('version = "2"', "version = []"), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        check([model()], [str(bad), str(bad)])
    assert [p.path for p in info.value.problems] == ["policy.version"]  # reported once


DATASHEETS_TOML = """\
[policy]
id = "acme-sheets"
version = "1"
title = "Datasheets under open terms"
summary = "Every model and dataset documents its data under open terms."
applies_to = ["model", "dataset"]
citation = { document = "Acme data documentation policy" }

[[rules]]
id = "acme-sheets/datasheet"
check = "component-license"
title = "Datasheet under open terms"
passes = "The datasheet is under open terms."
roles = ["datasheet"]
notions = ["osaid-terms"]
"""


def test_coverage_of_the_declared_license_is_not_shared_across_kinds(tmp_path: Path) -> None:
    """A dataset's declared license covers its datasheet, a model's does not (it documents
    someone else's data): two artifacts with the same components, judged in one run, keep
    their own verdicts."""
    path = tmp_path / "sheets.toml"
    path.write_text(DATASHEETS_TOML, encoding="utf-8")
    sheet = [{"role": "datasheet", "availability": "included"}]
    fields = {"license": "CC-BY-4.0", "components": sheet}
    data = Artifact.model_validate({"id": "d", "kind": "dataset", **fields})
    together = check([data, model(**fields)], [str(path)])
    assert [v.outcome for v in together] == [Outcome.PASS, Outcome.UNKNOWN]
    (alone,) = check([model(**fields)], [str(path)])
    assert alone.outcome is Outcome.UNKNOWN


def test_the_profiles_check_is_refused_in_a_policy_file(tmp_path: Path) -> None:
    """``documented`` reads facts a table policy's signature does not cover: a policy file that
    names it is refused at its line (the unknown-check listing leaves it out too)."""
    path = tmp_path / "docs.toml"
    path.write_text(
        GOOD_TOML.replace('check = "lineage-inheritance"', 'check = "documented"'),
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as info:
        load_policy_file(path)
    (problem,) = info.value.problems
    assert (problem.path, problem.line) == ("rules[1].check", 25)
    assert "completeness profiles only" in problem.message
    typo = tmp_path / "typo.toml"
    typo.write_text(GOOD_TOML.replace('check = "lineage-inheritance"', 'check = "x"'))
    with pytest.raises(PolicyError) as info:
        load_policy_file(typo)
    assert "documented" not in info.value.problems[0].message
