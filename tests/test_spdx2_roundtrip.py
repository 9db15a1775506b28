"""Round trip: exporting to SPDX 2.3 and importing the document gives back the same artifacts,
components, licenses and lineage, in the same order, in every serialisation; for the examples
and for generated graphs (hypothesis)."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.documents import parse_text
from openness.exporters import get_exporter
from openness.formats.spdx2.read import Spdx2Importer
from openness.loading import load
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
    ContentType,
    DigestAlgorithm,
    EvidenceKind,
    Relation,
    Role,
)

DATA = Path(__file__).parent / "data" / "spdx2"
EXAMPLES = ("model-lineage", "dataset-synthetic", "edge-cases")
FORMATS = ("spdx-2.3-json", "spdx-2.3-yaml", "spdx-2.3-tv", "spdx-2.3-rdf")
PARSE_AS = {
    "spdx-2.3-json": "json",
    "spdx-2.3-yaml": "yaml",
    "spdx-2.3-tv": "text",
    "spdx-2.3-rdf": "text",
}


def round_trip(artifacts: list[Artifact], fmt: str) -> tuple[list[Artifact], list[str]]:
    data = get_exporter(fmt).export(artifacts)
    exporter = get_exporter(fmt)
    document = parse_text(f"out{exporter.suffix}", data.decode("utf-8"), PARSE_AS[fmt])
    result = Spdx2Importer().load(document)
    return result.artifacts, [str(p) for p in result.problems]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("example", EXAMPLES)
def test_examples_round_trip_exactly(example: str, fmt: str) -> None:
    artifacts = load([DATA / f"{example}.yaml"]).artifacts
    back, problems = round_trip(artifacts, fmt)
    assert problems == []
    assert back == artifacts


def test_a_subset_round_trips_with_references_to_the_rest() -> None:
    """Lineage targets left out of the export are reference packages, not artifacts."""
    artifacts = load([DATA / "dataset-synthetic.yaml"]).artifacts
    subset = [a for a in artifacts if a.id in ("example-student", "example-merge")]
    back, problems = round_trip(subset, "spdx-2.3-json")
    assert problems == []
    assert back == subset


# -- generated graphs ------------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
PLAIN = st.text(string.ascii_letters + string.digits + " .-_()&<>/", min_size=1, max_size=12)
NAMES = TEXT | PLAIN
IDS = st.text(string.ascii_letters + string.digits + ":/@#.-_+", min_size=1, max_size=16) | st.text(
    st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=8
)
LICENSES = st.sampled_from(
    [
        "MIT",
        "Apache-2.0",
        "NOASSERTION",
        "NONE",
        "LicenseRef-scancode-llama-3.1-license-2024",
        "OpenMDW-1.0",
        "GPL-2.0-or-later WITH Classpath-exception-2.0",
        "MIT WITH Nokia-Qt-exception-1.1",
        "Unknown-Terms-1.0+",
        "LicenseRef-x.y-z",
        "MIT OR (Apache-2.0 AND CC-BY-4.0)",
        "CC-BY-NC-4.0 AND LicenseRef-custom OR Unknown-Terms-1.0+",
    ]
)
LENGTHS = {
    DigestAlgorithm.SHA256: 64,
    DigestAlgorithm.SHA512: 128,
    DigestAlgorithm.SHA1: 40,
    DigestAlgorithm.GIT_SHA1: 40,
    DigestAlgorithm.MD5: 32,
}
HEX = "0123456789abcdef"
LOCATIONS = st.sampled_from(
    ["https://example.org/x.tar.gz", "git+https://github.com/a/b.git", "./local", "NOASSERTION"]
)
URLS = st.sampled_from(["https://huggingface.co/a/b", "http://example.org", "not a url"])
PURLS = st.sampled_from(["pkg:huggingface/a/b@1", "pkg:pypi/x@1.0", "pkg:pypi/has space"])
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(PLAIN, inner, max_size=3),
    max_leaves=6,
)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def digests(draw: st.DrawFn) -> dict[str, str]:
    chosen = draw(st.lists(st.sampled_from(list(DigestAlgorithm)), max_size=3, unique=True))
    return {a.value: draw(st.text(HEX, min_size=LENGTHS[a], max_size=LENGTHS[a])) for a in chosen}


@st.composite
def evidence(draw: st.DrawFn) -> list[dict[str, Any]]:
    return draw(
        st.lists(
            st.fixed_dictionaries(
                {"source": PLAIN, "kind": st.sampled_from([k.value for k in EvidenceKind])},
                optional={"note": TEXT, "line": st.integers(1, 1000)},
            ),
            max_size=2,
        )
    )


@st.composite
def components(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "role": draw(st.sampled_from([r.value for r in Role])),
        "name": draw(optional(NAMES)),
        "description": draw(optional(TEXT)),
        "availability": draw(optional(st.sampled_from([a.value for a in Availability]))),
        "license": draw(optional(LICENSES)),
        "location": draw(optional(LOCATIONS | TEXT)),
        "revision": draw(optional(NAMES)),
        "digests": draw(digests()),
        "files": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"path": NAMES.filter(bool), "digests": digests()},
                    optional={"size": st.integers(0, 10**12)},
                ),
                max_size=2,
            )
        ),
        "evidence": draw(evidence()),
    }
    if draw(st.booleans()):
        data["extra"] = draw(st.dictionaries(PLAIN, JSON_VALUES, max_size=2))
    return data


@st.composite
def graphs(draw: st.DrawFn) -> list[Artifact]:
    ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    outside = draw(st.lists(IDS.filter(lambda i: i not in ids), max_size=2))
    artifacts = []
    for artifact_id in ids:
        lineage = draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "relation": st.sampled_from([r.value for r in Relation]),
                        "target": st.sampled_from(ids + outside),
                    },
                    optional={"note": TEXT, "revision": PLAIN, "digests": digests()},
                ),
                max_size=3,
            )
        )
        data: dict[str, Any] = {
            "id": artifact_id,
            "kind": draw(st.sampled_from([k.value for k in ArtifactKind])),
            "name": draw(optional(NAMES)),
            "version": draw(optional(NAMES)),
            "description": draw(optional(TEXT)),
            "license": draw(optional(LICENSES)),
            "release_licenses": draw(
                st.dictionaries(st.sampled_from([c.value for c in ContentType]), LICENSES)
            ),
            "supplier": draw(optional(NAMES)),
            "url": draw(optional(URLS | TEXT)),
            "purl": draw(optional(PURLS)),
            "components": draw(st.lists(components(), max_size=3)),
            "lineage": lineage,
            "evidence": draw(evidence()),
            "facts": {
                "parameters": draw(optional(st.integers(0, 10**12))),
                "domain": draw(st.lists(PLAIN, max_size=2)),
            },
        }
        if draw(st.booleans()):
            data["extra"] = draw(st.dictionaries(PLAIN, JSON_VALUES, max_size=3))
        artifacts.append(Artifact.model_validate(data))
    return artifacts


SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


@settings(max_examples=60, **SETTINGS)  # type: ignore[arg-type]
@given(graphs())
def test_generated_graphs_round_trip_through_json(artifacts: list[Artifact]) -> None:
    back, problems = round_trip(artifacts, "spdx-2.3-json")
    assert problems == []
    assert back == artifacts


@pytest.mark.parametrize("fmt", ["spdx-2.3-yaml", "spdx-2.3-tv", "spdx-2.3-rdf"])
def test_generated_graphs_round_trip_through_the_other_serialisations(fmt: str) -> None:
    @settings(max_examples=20, **SETTINGS)  # type: ignore[arg-type]
    @given(graphs())
    def check(artifacts: list[Artifact]) -> None:
        back, problems = round_trip(artifacts, fmt)
        assert problems == []
        assert back == artifacts

    check()


NESTED = [
    "CC-BY-NC-4.0 AND (MIT OR Apache-2.0)",
    "(MIT OR Apache-2.0) AND (ISC OR Zlib)",
    "MIT AND (GPL-2.0-only WITH Classpath-exception-2.0 OR WTFPL)",
    "(MIT AND LGPL-2.0-or-later) OR WTFPL",
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_nested_license_expressions_keep_their_grouping(fmt: str) -> None:
    # spdx-tools reads RDF license sets without their brackets; openness.formats.spdx2.read.rdf
    # puts them back.
    artifacts = [
        Artifact.model_validate({"id": f"a{i}", "kind": "software", "license": text})
        for i, text in enumerate(NESTED)
    ]
    back, problems = round_trip(artifacts, fmt)
    assert problems == []
    assert [str(a.license) for a in back] == NESTED
