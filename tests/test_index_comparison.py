"""Our verdicts beside the European Open Source AI Index's ratings (issue 5): the agreement
logic on hand-made ratings, the whole database, ``openness compare --beside-index``, and the docs
page that shows the report (regenerate with ``python tools/docs/eu_index_comparison.py``)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from openness.cli.main import cli
from openness.formats.eu_index.read import DIMENSIONS, Rating, SystemRatings
from openness.index_comparison import (
    AGREEMENTS,
    INDEX_REQUIREMENTS,
    IndexComparison,
    compare_with_index,
)
from openness.index_comparison import _beside as beside
from openness.loading import load
from openness.policy import compare
from openness.policy.registry import default_ids
from openness.policy.verdict import Finding, Outcome, Verdict

ROOT = Path(__file__).parent.parent
INDEX = Path(__file__).parent / "data" / "eu_index"


def ratings(base: bool = True, **classes: str | None) -> SystemRatings:
    """Ratings with every dimension open unless given."""
    return SystemRatings(
        source="x.yaml",
        system="X",
        end_id="osai-index:x",
        base_id="osai-index:x:base" if base else None,
        end_model="X",
        base_model="X-base" if base else None,
        end_model_license=None,
        organisation=None,
        model_type=None,
        performance_class=None,
        release_date=None,
        ratings={
            d.key: Rating(d.key, d.label, d.group, classes.get(d.key, "open")) for d in DIMENSIONS
        },
    )


def verdict(policy: str, outcome: Outcome, *failing: str) -> Verdict:
    findings = tuple(
        Finding(rule, "osai-index:x", outcome, "m", how_to_fix="fix") for rule in failing
    )
    return Verdict("osai-index:x", policy, "1", outcome, findings=findings)


def test_agree_when_both_say_open_or_both_say_not() -> None:
    assert beside(ratings(), verdict("osaid", Outcome.PASS)).agreement == "agree"
    closed = ratings(trainingcode="closed")
    got = beside(closed, verdict("osaid", Outcome.FAIL, "osaid/code-training"))
    assert (got.index, got.agreement, got.reasons) == ("does-not-meet", "agree", ())


def test_stricter_names_our_failing_rules() -> None:
    got = beside(ratings(), verdict("osaid", Outcome.FAIL, "osaid/parameters-license"))
    assert (got.index, got.agreement) == ("meets", "stricter")
    assert got.reasons == ("osaid/parameters-license",)


def test_more_lenient_names_the_dimensions_below_the_bar() -> None:
    got = beside(ratings(weights_endmodel="partial"), verdict("osaid", Outcome.PASS))
    assert got.agreement == "more-lenient"
    assert got.reasons == ("weights_endmodel=partial",)


def test_osaid_needs_data_information_only() -> None:
    partial_data = ratings(datasources_basemodel="partial", datasources_endmodel="partial")
    assert beside(partial_data, verdict("osaid", Outcome.PASS)).agreement == "agree"
    got = beside(partial_data, verdict("data-as-source", Outcome.PASS))
    assert got.agreement == "more-lenient"
    assert set(got.reasons) == {"datasources_basemodel=partial", "datasources_endmodel=partial"}


def test_weights_as_source_reads_the_system_wide_licenses_rating_as_partial_enough() -> None:
    got = beside(ratings(licenses="partial"), verdict("weights-as-source", Outcome.PASS))
    assert got.agreement == "agree"
    got = beside(ratings(licenses="closed"), verdict("weights-as-source", Outcome.PASS))
    assert got.agreement == "more-lenient"


def test_unknown_is_split_by_what_the_index_says() -> None:
    missing = verdict("osaid", Outcome.UNKNOWN, "osaid/code-inference")
    got = beside(ratings(), missing)
    assert (got.agreement, got.reasons) == ("unknown", ("osaid/code-inference",))
    got = beside(ratings(licenses="closed"), missing)
    assert got.agreement == "unknown-index-below"
    assert got.reasons == ("licenses=closed", "osaid/code-inference")


def test_unrated_dimension_and_missing_base_model() -> None:
    got = beside(ratings(trainingcode=None), verdict("osaid", Outcome.PASS))
    assert (got.index, got.agreement) == ("unrated", "unrated")
    # no distinct base model: the base-model data rating mirrors the end model's and is skipped
    got = beside(
        ratings(base=False, datasources_basemodel=None), verdict("data-as-source", Outcome.PASS)
    )
    assert got.agreement == "agree"


def test_policies_without_an_index_reading_are_carried_through() -> None:
    got = beside(ratings(), Verdict("osai-index:x", "mof", "1", Outcome.FAIL, level=None))
    assert got.index is None and got.agreement is None and got.cell == "fail"
    assert "mof" not in INDEX_REQUIREMENTS


@pytest.fixture(scope="module")
def whole_index() -> IndexComparison:
    result = load([INDEX])
    assert result.ok, result.errors
    comparison = compare(result.artifacts, default_ids())
    return compare_with_index(result.artifacts, comparison)


def test_every_system_of_the_database_is_compared(whole_index: IndexComparison) -> None:
    assert len(whole_index.rows) == 193
    assert whole_index.compared == ("osaid", "weights-as-source", "data-as-source")
    for counts in whole_index.summary().values():
        assert sum(counts.values()) == 193
        assert list(counts) == list(AGREEMENTS)


def test_non_commercial_weights_the_index_rates_open_are_caught(
    whole_index: IndexComparison,
) -> None:
    """AudioLDM's weights are CC-BY-NC-SA-4.0 and the index rates its licenses open: OSAID
    asks for OSI-approved terms, so we are stricter, and say which rule."""
    (audioldm,) = [r for r in whole_index.rows if r.ratings.system == "AudioLDM"]
    osaid = audioldm.policies["osaid"]
    assert (osaid.index, osaid.agreement) == ("meets", "stricter")
    assert "osaid/parameters-license" in osaid.reasons
    assert audioldm.ratings.ratings["licenses"].rating == "open"


def test_no_system_is_passed_where_the_index_rates_below_the_bar(
    whole_index: IndexComparison,
) -> None:
    for counts in whole_index.summary().values():
        assert counts["more-lenient"] == 0


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_cli_json_report() -> None:
    files = [str(INDEX / "OLMo.yaml"), str(INDEX / "llama-3.1.yaml")]
    code, out = invoke("compare", *files, "--beside-index", "--format", "json", "-q")
    assert code == 0, out
    data = json.loads(out)
    systems = {s["system"]: s for s in data["systems"]}
    assert set(systems) == {"OLMo", "Llama 3.1"}
    llama = systems["Llama 3.1"]["verdicts"]["osaid"]
    assert (llama["outcome"], llama["index"], llama["agreement"]) == (
        "fail",
        "does-not-meet",
        "agree",
    )
    assert systems["OLMo"]["index"]["weights_endmodel"] == "open"
    assert data["requirements"]["osaid"][0] == {"dimension": "weights_endmodel", "at_least": "open"}


def test_cli_csv_and_markdown() -> None:
    code, out = invoke("compare", str(INDEX / "OLMo.yaml"), "--beside-index", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["system", "index points", "osaid"]
    assert "osaid: agreement" in rows[0]
    assert rows[1][0] == "OLMo"
    code, out = invoke(
        "compare", str(INDEX / "OLMo.yaml"), "--beside-index", "--format", "markdown", "-q"
    )
    assert code == 0 and out.startswith("| system | index points |")
    assert "| policy | agree | stricter |" in out


def test_cli_refuses_inputs_without_index_systems_and_html() -> None:
    code, out = invoke("compare", str(ROOT / "examples" / "pythia-6.9b.yaml"), "--beside-index")
    assert code == 2
    assert "no system of the European Open Source AI Index" in out
    code, out = invoke("compare", str(INDEX / "OLMo.yaml"), "--beside-index", "--format", "html")
    assert code == 2 and "not html" in out


def test_docs_page_shows_the_current_report() -> None:
    spec = importlib.util.spec_from_file_location(
        "eu_index_comparison", ROOT / "tools" / "docs" / "eu_index_comparison.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    page = tool.PAGE.read_text(encoding="utf-8")
    assert page == tool.generated(), "run python tools/docs/eu_index_comparison.py"
    assert page.count("\n| ") > 193
