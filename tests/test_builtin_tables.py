"""The ``mof`` and ``reproducible`` tables: the shipped ones load; a broken copy (the shipped
table with one thing broken) fails with every problem named by file, line and field path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openness.documents.lines import TomlLineIndex
from openness.errors import Problem
from openness.lineage import LineageGraph
from openness.model import Artifact, Availability
from openness.policy.base import Context
from openness.policy.builtin import mof, reproducible
from openness.policy.builtin.table_format import PolicyError
from openness.policy.verdict import Outcome

DATA = Path(__file__).parent.parent / "openness" / "policy" / "data"
MOF = (DATA / "mof.toml").read_text(encoding="utf-8")
REPRO = (DATA / "reproducible.toml").read_text(encoding="utf-8")


def _problems(loader: Any, text: str, source: str) -> list[Problem]:
    with pytest.raises(PolicyError) as caught:
        loader(text.encode("utf-8"), source, TomlLineIndex(text).line_of)
    return caught.value.problems


def _line(text: str, needle: str, after: str = "") -> int:
    """The 1-based line of the first ``needle`` after the first ``after``."""
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1


def _broken(text: str, old: str, new: str, after: str = "") -> str:
    start = text.index(after) if after else 0
    at = text.index(old, start)
    return text[:at] + new + text[at + len(old) :]


def _one(problems: list[Problem], path: str) -> Problem:
    found = [p for p in problems if p.path == path]
    assert found, [str(p) for p in problems]
    return found[0]


def test_the_shipped_tables_load_and_name_their_file() -> None:
    assert mof.load_table().id == "mof"
    assert reproducible.load_table().released == frozenset({Availability.INCLUDED})
    # the copy read from disk is the same table, with the same digest
    # (rule specs compare by identity: compare the rest)
    assert mof.load_table(MOF.encode()).classes == mof.load_table().classes
    assert mof.load_table(MOF.encode()).digest == mof.load_table().digest
    assert reproducible.load_table(REPRO.encode()) == reproducible.load_table()


# --- mof -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "after", "path", "needle", "words"),
    [
        # an unknown key in [policy]
        (
            'kinds = ["model"',
            'colour = "red"\nkinds = ["model"',
            "",
            "policy.colour",
            "colour",
            "unknown field 'colour'",
        ),
        # a wrong type
        (
            '7 = "the training code"',
            "7 = 7",
            "",
            "components.7",
            "7 = 7",
            "must be a non-empty string",
        ),
        # a bad value: a component number that is no role's
        (
            "requires = [7, 8, 18, 19]",
            "requires = [7, 8, 99, 19]",
            "",
            "classes[1].requires[2]",
            "requires = [7, 8, 99",
            "not a MOF component number",
        ),
        # a missing key: the line of its table
        (
            'label = "Class II - Open Tooling Model"\n',
            "",
            'rule = "mof/class-3"',
            "classes[1].label",
            "[[classes]]",
            "label is required",
        ),
        # a class naming a rule the table does not have
        (
            'rule = "mof/class-1"',
            'rule = "mof/class-one"',
            "",
            "classes[2].rule",
            'rule = "mof/class-one"',
            "not one of the [[rules]]",
        ),
        # a bad severity
        (
            'severity = "info"',
            'severity = "loud"',
            "mof/class-2",
            "rules[1].severity",
            'severity = "loud"',
            "severity must be one of error, warning, info",
        ),
        # an unknown check
        (
            'check = "open-washing"',
            'check = "open-wash"',
            "",
            "rules[4].check",
            'check = "open-wash"',
            "unknown check 'open-wash'",
        ),
        # an unknown property
        (
            'code = ["mot-typed", "osi-approved"]',
            'code = ["mot-typed", "osi"]',
            "",
            "type_appropriate.code[1]",
            'code = ["mot-typed", "osi"]',
            "unknown property 'osi'",
        ),
        # an id that is not a policy id
        (
            'id = "mof"',
            'id = "MOF 1"',
            "",
            "policy.id",
            'id = "MOF 1"',
            "must be lower-case letters",
        ),
    ],
)
def test_a_broken_mof_table_names_file_line_and_field(
    old: str, new: str, after: str, path: str, needle: str, words: str
) -> None:
    text = _broken(MOF, old, new, after)
    problem = _one(_problems(mof.load_table, text, "broken/mof.toml"), path)
    line = _line(text, needle, after)
    assert (problem.file, problem.line) == ("broken/mof.toml", line)
    assert words in problem.message
    assert str(problem).startswith(f"broken/mof.toml:{line}: {path}: error: ")


def test_a_mof_table_without_a_suggestion_for_a_content_type_says_which() -> None:
    text = _broken(MOF, 'document = "an open content license (such as CC-BY-4.0)"\n', "")
    problem = _one(_problems(mof.load_table, text, "mof.toml"), "suggest")
    assert problem.line == _line(text, "[suggest]")
    assert "needs an entry for document" in problem.message


def test_every_problem_of_a_mof_table_is_reported_at_once() -> None:
    text = _broken(_broken(MOF, "7 = ", "77 = "), 'id = "mof/applies-to-models"', 'id = ""')
    paths = {p.path for p in _problems(mof.load_table, text, "mof.toml")}
    assert {"components.77", "rules[8].id", "classes[1].requires[0]", "rules"} <= paths


def test_a_mof_table_that_is_not_toml_names_the_line() -> None:
    text = _broken(MOF, "[suggest]", "[suggest")
    (problem,) = _problems(mof.load_table, text, "mof.toml")
    assert problem.line == _line(text, "[suggest")
    assert "not valid TOML" in problem.message


def test_without_a_line_map_problems_still_name_the_file_field_and_line() -> None:
    broken = MOF.replace("[substitutes]\n11 = [21]", "[substitutes]\n11 = 21")
    with pytest.raises(PolicyError) as caught:
        mof.load_table(broken.encode())
    (problem,) = caught.value.problems
    assert (problem.file, problem.path) == ("mof.toml", "substitutes.11")
    assert problem.line == _line(broken, "11 = 21", "[substitutes]")


# --- reproducible ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "after", "path", "needle", "words"),
    [
        (
            'notion = "open"',
            'notion = "libre"',
            "",
            "policy.notion",
            'notion = "libre"',
            "notion must be one of",
        ),
        (
            'levels = ["rebuildable", ',
            "levels = [",
            "",
            "policy.levels",
            "levels = [",
            "three levels",
        ),
        (
            'min_level = "rebuildable-with-third-party-inputs"',
            'min_level = "not-rebuildable"',
            "",
            "policy.min_level",
            "min_level =",
            "min_level must be one of rebuildable, rebuildable-with-third-party-inputs",
        ),
        (
            'obtainable = ["third-party"',
            'obtainable = ["included"',
            "",
            "availability.obtainable[0]",
            'obtainable = ["included"',
            "listed in released already",
        ),
        (
            'missing = ["not-released"]',
            'missing = ["not-released", "lost"]',
            "",
            "availability.missing[1]",
            'missing = ["not-released", "lost"]',
            "unknown missing 'lost'",
        ),
        (
            'recipe = "recommended"',
            'recipe = "sometimes"',
            "",
            "kinds.software.recipe",
            'recipe = "sometimes"',
            "recipe must be one of required, recommended, none",
        ),
        (
            "training_data = true",
            'training_data = "yes"',
            "",
            "kinds.model.training_data",
            'training_data = "yes"',
            "true or false",
        ),
        (
            '"trained-on",\n  "fine-tuned-from"',
            '"trained-on",\n  "finetuned-from"',
            "",
            "relations.inputs[1]",
            "inputs = [",
            "unknown input 'finetuned-from'",
        ),
        (
            'inputs = ["data-files"]',
            'inputs = ["data-files"]\nshape = "round"',
            "",
            "kinds.dataset.shape",
            'shape = "round"',
            "unknown field 'shape'",
        ),
        (
            'how_to_fix = "list the {role}',
            'how_to_fix = "list the {colour}',
            "",
            "rules[3].how_to_fix",
            "list the {colour}",
            "not {colour}",
        ),
        (
            'title = "Every input is pinned"\n',
            "",
            'id = "reproducible/input-free"',
            "rules[2].title",
            "[[rules]]",
            "title is required",
        ),
    ],
)
def test_a_broken_reproducible_table_names_file_line_and_field(
    old: str, new: str, after: str, path: str, needle: str, words: str
) -> None:
    text = _broken(REPRO, old, new, after)
    problem = _one(_problems(reproducible.load_table, text, "r.toml"), path)
    line = _line(text, needle, after)
    assert (problem.file, problem.line) == ("r.toml", line)
    assert words in problem.message
    assert str(problem).startswith(f"r.toml:{line}: {path}: error: ")


def test_an_availability_in_none_of_the_lists_is_a_problem() -> None:
    text = _broken(
        REPRO,
        'obtainable = ["third-party", "gated", "on-request"]',
        'obtainable = ["third-party", "gated"]',
    )
    problem = _one(_problems(reproducible.load_table, text, "r.toml"), "availability")
    assert problem.line == _line(text, "[availability]")
    assert "on-request is in none of released, obtainable and missing" in problem.message


def test_a_reproducible_table_needs_a_row_for_every_kind() -> None:
    start = REPRO.index("[kinds.dataset]")
    text = REPRO[:start] + REPRO[REPRO.index("[[rules]]", start) :]
    problem = _one(_problems(reproducible.load_table, text, "r.toml"), "kinds")
    assert "every kind: dataset" in problem.message


def _gated_model() -> Artifact:
    return Artifact.model_validate(
        {
            "id": "m",
            "kind": "model",
            "license": "Apache-2.0",
            "components": [
                {"role": "training-code", "availability": "included", "revision": "abc"},
                {
                    "role": "datasets",
                    "availability": "gated",
                    "license": "CC-BY-4.0",
                    "revision": "v1",
                },
            ],
            "facts": {
                "recipe": {"config": "train.yaml", "seeds": [1], "frameworks": {"torch": "2.3"}}
            },
        }
    )


def test_released_says_which_availabilities_are_released_with_the_artifact() -> None:
    """Moving ``gated`` from obtainable to released makes a gated input count as released."""
    model = _gated_model()
    graph = LineageGraph.build([model])
    shipped = reproducible.ReproduciblePolicy().evaluate(model, Context(graph))
    assert (shipped.outcome, shipped.level) == (Outcome.PASS, "rebuildable-with-third-party-inputs")
    text = _broken(
        _broken(REPRO, 'released = ["included"]', 'released = ["included", "gated"]'),
        'obtainable = ["third-party", "gated", ',
        'obtainable = ["third-party", ',
    )
    policy = reproducible.ReproduciblePolicy(reproducible.load_table(text.encode()))
    verdict = policy.evaluate(model, Context(graph))
    assert (verdict.outcome, verdict.level) == (Outcome.PASS, "rebuildable")
    assert not [f for f in verdict.findings if "gated" in f.message]


@pytest.mark.parametrize("loader", [mof.load_table, reproducible.load_table])
def test_a_table_read_without_a_line_map_still_names_lines(loader: Any) -> None:
    """Every loader of a built-in table finds the lines itself (the TOML line index is a base
    module the policies may use): a broken copy names its line with no map given."""
    text = MOF if loader is mof.load_table else REPRO
    start = text.index("version = ", text.index("[policy]"))
    end = text.index("\n", start)
    broken = text[:start] + "version = []" + text[end:]
    with pytest.raises(PolicyError) as caught:
        loader(broken.encode("utf-8"), "copy.toml")
    problem = _one(caught.value.problems, "policy.version")
    assert problem.file == "copy.toml"
    assert problem.line == _line(broken, "version = []")


def test_the_requirement_tables_and_profiles_read_with_lines() -> None:
    """The shipped requirement tables and completeness profiles are parsed with their line
    index: a rule spec knows nothing of lines, but a problem would; check the index is passed
    by breaking a profile's copy through the same loader."""
    import tomllib

    from openness.policy.builtin.completeness import load_profile

    text = (DATA / "g7_sbom_ai.toml").read_text(encoding="utf-8")
    broken = text.replace('check = "documented"', 'check = "documentd"', 1)
    with pytest.raises(PolicyError) as caught:
        load_profile(tomllib.loads(broken), "g7.toml", TomlLineIndex(broken).line_of)
    problem = caught.value.problems[0]
    assert problem.path == "rules[0].check"
    assert problem.line == _line(broken, 'check = "documentd"')
