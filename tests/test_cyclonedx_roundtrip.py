"""Export then import gives back the same artifacts (issue 4, "Round trip"): for the example
manifests, for documents of other tools (their extra fields survive), and for generated graphs
(hypothesis)."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support_cyclonedx import invalid_expressions

from openness.documents import parse_text, read_document
from openness.errors import Severity
from openness.formats.cyclonedx.read import CycloneDxImporter
from openness.formats.cyclonedx.schema import validate
from openness.formats.cyclonedx.vocab import SpecVersion
from openness.formats.cyclonedx.write import write_bom
from openness.loading import load
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    Component,
    Compute,
    ContentType,
    DigestAlgorithm,
    EvalResult,
    Evidence,
    EvidenceKind,
    Facts,
    FileRef,
    LicenseExpression,
    LineageEdge,
    Recipe,
    Relation,
    Role,
)

DATA = Path(__file__).parent / "data" / "cyclonedx"


def round_trip(artifacts: list[Artifact], version: SpecVersion) -> list[Artifact]:
    data = write_bom(artifacts, version=version)
    assert validate(json.loads(data), version) == []
    assert invalid_expressions(json.loads(data)) == []
    result = CycloneDxImporter().load(parse_text("bom.json", data.decode("utf-8"), "json"))
    assert [p for p in result.problems if p.severity is Severity.ERROR] == []
    return result.artifacts


@pytest.mark.parametrize("version", list(SpecVersion), ids=lambda v: v.value)
@pytest.mark.parametrize("name", ["ml-lineage.yaml", "software-system.yaml"])
def test_manifests(name: str, version: SpecVersion) -> None:
    artifacts = load([DATA / "manifests" / name]).artifacts
    assert round_trip(artifacts, version) == artifacts


FOREIGN = [
    *sorted((DATA / "spec").glob("valid-*.json")),
    DATA / "mlbom" / "model-card-with-dataset.json",
    DATA / "mlbom" / "model-foundation.json",
]


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_documents_of_other_tools(path: Path) -> None:
    """What a document says beyond the model is kept in extra and written back, so that a
    second round trip changes nothing."""
    artifacts = CycloneDxImporter().load(read_document(path)).artifacts
    assert round_trip(artifacts, SpecVersion.V1_6) == artifacts
    assert round_trip(artifacts, SpecVersion.V1_5) == artifacts


def test_native_fields_are_written_back_natively() -> None:
    path = DATA / "spec" / "valid-machine-learning-1.6.json"
    original = json.loads(path.read_text())["components"][0]
    artifacts = CycloneDxImporter().load(read_document(path)).artifacts
    written = json.loads(write_bom(artifacts))["metadata"]["component"]  # the only artifact
    assert written["modelCard"] == original["modelCard"]
    assert written["publisher"] == original["publisher"] and written["group"] == original["group"]


# --- generated graphs -------------------------------------------------------------------------

HEX = "0123456789abcdef"
LENGTHS = {
    DigestAlgorithm.SHA256: 64,
    DigestAlgorithm.SHA512: 128,
    DigestAlgorithm.SHA1: 40,
    DigestAlgorithm.GIT_SHA1: 40,
    DigestAlgorithm.MD5: 32,
}
LICENSES = [
    "MIT",
    "Apache-2.0",
    "Apache-2.0 OR MIT",
    "GPL-2.0-only WITH Classpath-exception-2.0",
    "CC-BY-4.0 AND MIT",
    "LicenseRef-custom-terms",
    # ids outside the SPDX list: named licenses, or LicenseRef stand-ins in an expression
    "Llama-3.1",
    "Apache-2.0 AND Llama-3.1",
    "MIT OR (Apache-2.0 AND Llama-3.1)",
    "GPL-2.0-only WITH LicenseRef-scancode-bacula-exception",
    "NOASSERTION",
    "NONE",
]

texts = st.text(max_size=8)
optional_text = st.none() | texts
ids = st.from_regex(r"[a-z][a-z0-9:/@._-]{0,10}", fullmatch=True)
licenses = st.sampled_from(LICENSES).map(LicenseExpression.of)
floats = st.floats(min_value=0, allow_nan=False, allow_infinity=True)


@st.composite
def digests(draw: st.DrawFn) -> dict[DigestAlgorithm, str]:
    algs = draw(st.lists(st.sampled_from(list(DigestAlgorithm)), unique=True, max_size=2))
    return {a: draw(st.text(HEX, min_size=LENGTHS[a], max_size=LENGTHS[a])) for a in algs}


json_values = st.recursive(
    # JSON values: extra refuses NaN and the infinities, which JSON cannot hold.
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)
native = st.fixed_dictionaries(
    {},
    optional={
        "publisher": texts,
        "copyright": texts,
        "tags": st.lists(texts, max_size=2),
        "properties": st.lists(
            st.builds(lambda n, v: {"name": f"x:{n}", "value": v}, texts, texts), max_size=2
        ),
        "externalReferences": st.lists(
            st.builds(
                lambda t, u: {"type": t, "url": u},
                st.sampled_from(["website", "vcs", "distribution", "documentation", "chat"]),
                texts,
            ),
            max_size=2,
        ),
        # (a field the model has no place for: the task is a fact now)
        "modelCard": st.builds(lambda t: {"modelParameters": {"modelArchitecture": t}}, texts),
        "data": st.lists(st.builds(lambda n: {"type": "other", "name": n}, texts), max_size=1),
    },
)


@st.composite
def extras(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = draw(
        st.dictionaries(texts.filter(lambda k: k != "cyclonedx"), json_values, max_size=2)
    )
    kept = draw(native)
    if kept:
        out["cyclonedx"] = kept
    return out


evidence = st.builds(
    Evidence,
    source=texts,
    locator=optional_text,
    line=st.none() | st.integers(1, 10_000),
    kind=st.sampled_from(list(EvidenceKind)),
    note=optional_text,
)
files = st.builds(
    FileRef,
    path=st.text(string.ascii_letters + "/._", min_size=1, max_size=10),
    size=st.none() | st.integers(0, 2**40),
    digests=digests(),
)
components = st.builds(
    Component,
    role=st.sampled_from(list(Role)),
    name=optional_text,
    description=optional_text,
    availability=st.none() | st.sampled_from(list(Availability)),
    license=st.none() | licenses,
    location=optional_text,
    revision=optional_text,
    digests=digests(),
    files=st.lists(files, max_size=2),
    evidence=st.lists(evidence, max_size=1),
    extra=extras(),
)
facts = st.builds(
    Facts,
    parameters=st.none() | st.integers(0, 10**13),
    type_of_model=optional_text,
    domain=st.lists(texts, max_size=2),
    training=st.none()
    | st.builds(
        Compute,
        training_flop=st.none() | floats,
        energy_kwh=st.none() | floats,
        co2_kg=st.none() | floats,
        accelerator=optional_text,
        accelerator_count=st.none() | st.integers(0, 10**6),
        region=optional_text,
    ),
    recipe=st.none()
    | st.builds(Recipe, seeds=st.lists(st.integers(0, 2**31), max_size=2), command=optional_text),
    task=optional_text,
    intended_uses=st.lists(texts, max_size=2),
    out_of_scope_uses=st.lists(texts, max_size=2),
    limitations=st.lists(texts, max_size=2),
    risks=st.lists(texts, max_size=2),
    training_information=optional_text,
    evaluation=st.lists(
        st.builds(
            EvalResult,
            metric=st.text(min_size=1, max_size=8),
            value=st.floats(allow_nan=False, allow_infinity=False) | texts,
            dataset=optional_text,
            split=optional_text,
            verified=st.none() | st.booleans(),
        ),
        max_size=2,
    ),
    languages=st.lists(texts, max_size=2),
    context_length=st.none() | st.integers(0, 10**7),
    contact=optional_text,
)


@st.composite
def graphs(draw: st.DrawFn) -> list[Artifact]:
    names = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    targets = st.sampled_from([*names, "pkg:external/base@1"])
    edges = st.builds(
        LineageEdge,
        relation=st.sampled_from(list(Relation)),
        target=targets,
        revision=optional_text,
        digests=digests(),
        note=optional_text,
    )
    return [
        Artifact(
            id=name,
            kind=draw(st.sampled_from(list(ArtifactKind))),
            name=draw(optional_text),
            version=draw(optional_text),
            description=draw(optional_text),
            license=draw(st.none() | licenses),
            release_licenses=draw(
                st.dictionaries(st.sampled_from(list(ContentType)), licenses, max_size=2)
            ),
            supplier=draw(optional_text),
            url=draw(optional_text),
            purl=draw(optional_text),
            components=draw(st.lists(components, max_size=2)),
            lineage=draw(st.lists(edges, max_size=3)),
            facts=draw(facts),
            evidence=draw(st.lists(evidence, max_size=1)),
            extra=draw(extras()),
        )
        for name in names
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(artifacts=graphs(), version=st.sampled_from(list(SpecVersion)))
def test_generated_graphs(artifacts: list[Artifact], version: SpecVersion) -> None:
    assert round_trip(artifacts, version) == artifacts


@settings(max_examples=20, deadline=None)
@given(artifacts=graphs())
def test_generated_graphs_are_deterministic(artifacts: list[Artifact]) -> None:
    copies = [Artifact.model_validate(a.model_dump()) for a in artifacts]
    assert write_bom(artifacts) == write_bom(copies)
