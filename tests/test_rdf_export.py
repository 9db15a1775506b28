"""RDF exporters (``turtle``, ``jsonld``): golden files (each parsed back by rdflib and equal, as
a graph, to what was exported), determinism, no blank nodes, SPDX 3.0.1 terms, PROV-O lineage,
the openness vocabulary for verdicts and license facts, and the SPARQL example of
``docs/formats/rdf.md`` answering correctly.

Regenerate the golden files with ``OPENNESS_REGEN_GOLDEN=1 pytest tests/test_rdf_export.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV

from openness.documents import read_document
from openness.exporters import get_exporter
from openness.formats.manifest.read import ManifestImporter
from openness.formats.rdf.write import AI, CORE, OPENNESS, artifact_iri, build_graph
from openness.model import Artifact
from openness.policy.verdict import Citation, Finding, Outcome, Verdict

ROOT = Path(__file__).parent.parent
DATA = ROOT / "tests" / "data"
GOLDEN = DATA / "rdf" / "golden"
REGEN = os.environ.get("OPENNESS_REGEN_GOLDEN") == "1"
FORMATS = {"turtle": "turtle", "jsonld": "json-ld"}


def artifacts(path: Path) -> list[Artifact]:
    result = ManifestImporter().load(read_document(path))
    assert not result.problems
    return result.artifacts


LINEAGE = artifacts(DATA / "spdx3" / "model-lineage.yaml")
SPARQL_GRAPH = artifacts(DATA / "rdf" / "sparql.yaml")


def verdicts() -> list[Verdict]:
    inner = Finding("osaid/license", "license", Outcome.PASS, "Apache-2.0 is OSI-approved")
    finding = Finding(
        rule="osaid/data-information",
        subject="components[3]",
        outcome=Outcome.UNKNOWN,
        message="the training data is not described",
        how_to_fix="describe the training data",
        citation=Citation("OSAID 1.0", "Data Information", "https://opensource.org/ai"),
        findings=(inner,),
    )
    return [
        Verdict(
            "pkg:huggingface/example/base-7b@a1b2c3d",
            "osaid",
            "1.0",
            Outcome.UNKNOWN,
            findings=(finding,),
        ),
        Verdict("pkg:huggingface/example/chat-7b@e4f5a6b", "osaid", "1.0", Outcome.FAIL),
    ]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("example", ["model-lineage", "sparql"])
def test_golden_file_parses_back_to_the_same_graph(example: str, name: str) -> None:
    exporter = get_exporter(name)
    if example == "model-lineage":
        arts, found = LINEAGE, verdicts()
    else:
        arts, found = SPARQL_GRAPH, []
    data = exporter.export(arts, found)
    golden = GOLDEN / f"{example}{exporter.suffix}"
    if REGEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{golden.name} differs; OPENNESS_REGEN_GOLDEN=1 to update"
    parsed = Graph().parse(data=golden.read_bytes(), format=FORMATS[name])
    assert isomorphic(parsed, build_graph(arts, found))


def test_no_blank_nodes() -> None:
    graph = build_graph(LINEAGE, verdicts())
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_same_input_same_bytes_across_processes() -> None:
    script = (
        "import sys; sys.path.insert(0, 'tests'); import test_rdf_export as t;"
        "from openness.exporters import get_exporter;"
        "sys.stdout.buffer.write(get_exporter(sys.argv[1]).export(t.LINEAGE, t.verdicts()))"
    )
    for name in FORMATS:
        outputs = {
            subprocess.run(
                [sys.executable, "-c", script, name],
                capture_output=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
                cwd=ROOT,
            ).stdout
            for seed in ("1", "2")
        }
        assert outputs == {get_exporter(name).export(LINEAGE, verdicts())}, name


def test_spdx_terms_and_prov_lineage() -> None:
    graph = build_graph(LINEAGE)
    base = artifact_iri("pkg:huggingface/example/base-7b@a1b2c3d")
    chat = artifact_iri("pkg:huggingface/example/chat-7b@e4f5a6b")
    corpus = artifact_iri("example-web-corpus")
    assert (base, RDF.type, AI.AIPackage) in graph
    assert (base, CORE.name, Literal("Example Base 7B")) in graph
    assert (base, AI.typeOfModel, Literal("transformer")) in graph
    # deriving relations -> prov:wasDerivedFrom; trained-on -> prov:used
    assert (chat, OPENNESS.fineTunedFrom, base) in graph
    assert (chat, PROV.wasDerivedFrom, base) in graph
    assert (base, OPENNESS.trainedOn, corpus) in graph
    assert (base, PROV.used, corpus) in graph
    assert (base, PROV.wasDerivedFrom, corpus) not in graph
    synthetic = artifact_iri("example-synthetic")
    assert (synthetic, PROV.wasInfluencedBy, chat) in graph
    assert (synthetic, PROV.wasDerivedFrom, chat) not in graph


def test_license_facts_from_the_knowledge_base() -> None:
    graph = build_graph(SPARQL_GRAPH)
    nc = URIRef("https://spdx.org/licenses/CC-BY-NC-4.0")
    assert (nc, OPENNESS.nonCommercial, Literal(True)) in graph
    assert (
        URIRef("https://spdx.org/licenses/MIT"),
        OPENNESS.nonCommercial,
        Literal(False),
    ) in graph
    unknown = URIRef("https://spdx.org/licenses/LicenseRef-example-unknown")
    assert (unknown, OPENNESS.known, Literal(False)) in graph

    def expression_flag(artifact_id: str) -> object:
        expression = graph.value(artifact_iri(artifact_id), OPENNESS.declaredLicense)
        return graph.value(expression, OPENNESS.nonCommercial)

    assert expression_flag("nc-data") == Literal(True)
    assert expression_flag("nc-and-by-data") == Literal(True)
    assert expression_flag("nc-or-mit-data") == Literal(False)
    assert expression_flag("open-data") == Literal(False)
    assert expression_flag("unknown-data") is None


def test_verdicts_and_findings() -> None:
    graph = build_graph(LINEAGE, verdicts())
    base = artifact_iri("pkg:huggingface/example/base-7b@a1b2c3d")
    (verdict,) = graph.objects(base, OPENNESS.verdict)
    assert (verdict, RDF.type, OPENNESS.Verdict) in graph
    assert graph.value(verdict, OPENNESS.outcome) == Literal("unknown")
    (finding,) = graph.objects(verdict, OPENNESS.finding)
    assert graph.value(finding, OPENNESS.howToFix) == Literal("describe the training data")
    assert graph.value(finding, OPENNESS.citation) == Literal("OSAID 1.0")
    (inner,) = graph.objects(finding, OPENNESS.finding)
    assert graph.value(inner, OPENNESS.outcome) == Literal("pass")


def documented_query() -> str:
    """The SPARQL block of docs/formats/rdf.md, so that the docs show what is tested."""
    text = (ROOT / "docs" / "formats" / "rdf.md").read_text(encoding="utf-8")
    match = re.search(r"```sparql\n(.*?)```", text, re.DOTALL)
    assert match, "docs/formats/rdf.md has no sparql block"
    return match.group(1)


def test_documented_sparql_query_answers_correctly() -> None:
    """Models trained (not tested) on a dataset whose license expression is non-commercial in
    every way of complying with it; not the fine-tune of such a model."""
    rows = build_graph(SPARQL_GRAPH).query(documented_query())
    answer = [(str(r[0]), str(r[1]), str(r[2])) for r in rows]  # type: ignore[index]
    assert answer == [
        ("model-a", "nc-data", "CC-BY-NC-4.0"),
        ("model-c", "nc-and-by-data", "CC-BY-4.0 AND CC-BY-NC-SA-4.0"),
    ]


def test_the_query_also_runs_on_the_turtle_file() -> None:
    graph = Graph().parse(data=get_exporter("turtle").export(SPARQL_GRAPH), format="turtle")
    assert len(list(graph.query(documented_query()))) == 2


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_a_graph_of_one_subject_keeps_its_triples_in_json_ld() -> None:
    import json

    lone = Artifact.model_validate(
        {"id": "pkg:huggingface/acme/model", "kind": "model", "name": "Acme", "version": "1.0"}
    )
    data = get_exporter("jsonld").export([lone])
    assert json.loads(data)["@graph"]  # rdflib gives a lone node without "@graph"
    jsonld = Graph().parse(data=data, format="json-ld")
    turtle = Graph().parse(data=get_exporter("turtle").export([lone]), format="turtle")
    assert len(jsonld) > 3
    assert isomorphic(jsonld, turtle)
