"""Round trip: exporting to SPDX 3.0.1 JSON-LD and importing the document back gives the same
artifacts (components, licenses, lineage, facts, evidence, extra, order), for the example
manifests and for small generated graphs (hypothesis); exporting the imported artifacts again
gives the same bytes."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openness.documents import parse_text, read_document
from openness.exporters import get_exporter
from openness.formats.manifest.read import ManifestImporter
from openness.formats.spdx3.read import Spdx3Importer
from openness.formats.spdx3.validate import schema_issues
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

DATA = Path(__file__).parent / "data" / "spdx3"
EXPORTER = get_exporter("spdx-3.0.1-jsonld")


def round_trip(artifacts: list[Artifact]) -> tuple[bytes, list[Artifact]]:
    data = EXPORTER.export(artifacts)
    document = parse_text("roundtrip.spdx3.json", data.decode("utf-8"), "json")
    result = Spdx3Importer().load(document)
    assert result.problems == []
    return data, result.artifacts


@pytest.mark.parametrize("example", ["model-lineage", "software", "minimal"])
def test_examples_round_trip(example: str) -> None:
    original = ManifestImporter().load(read_document(DATA / f"{example}.yaml")).artifacts
    data, back = round_trip(original)
    assert back == original
    assert EXPORTER.export(back) == data


# -- generated graphs ------------------------------------------------------------------------

LICENSES = [
    "MIT",
    "Apache-2.0",
    "CC-BY-NC-4.0",
    "GPL-2.0-or-later WITH Classpath-exception-2.0",
    "MIT OR (Apache-2.0 AND CC-BY-4.0)",
    "LicenseRef-scancode-llama-3.1-license-2024",
    "NOASSERTION",
    "NONE",
]
HEX = "0123456789abcdef"
LENGTHS = {
    DigestAlgorithm.SHA256: 64,
    DigestAlgorithm.SHA1: 40,
    DigestAlgorithm.GIT_SHA1: 40,
    DigestAlgorithm.MD5: 32,
}
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
maybe_text = st.none() | text
ids = st.text(string.ascii_letters + string.digits + ":/@.-_", min_size=1, max_size=16)
uris = st.sampled_from(["https://example.org/x", "git+https://h.example/r.git", "not a uri", ""])
licenses = st.none() | st.sampled_from(LICENSES)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(text, inner, max_size=2),
    max_leaves=4,
)
extras = st.dictionaries(text, json_values, max_size=2)
digests = st.dictionaries(
    st.sampled_from(sorted(LENGTHS)),
    st.just(0).map(lambda _: ""),
    max_size=2,
).flatmap(
    lambda d: st.fixed_dictionaries(
        {k: st.text(HEX, min_size=LENGTHS[k], max_size=LENGTHS[k]) for k in d}
    )
)
evidence = st.lists(
    st.fixed_dictionaries(
        {"source": text, "kind": st.sampled_from([k.value for k in EvidenceKind])},
        optional={"locator": text, "line": st.integers(1, 99), "note": text},
    ),
    max_size=1,
)
components = st.fixed_dictionaries(
    {"role": st.sampled_from([r.value for r in Role])},
    optional={
        "name": text,
        "description": text,
        "availability": st.sampled_from([a.value for a in Availability]),
        "license": st.sampled_from(LICENSES),
        "location": uris,
        "revision": text,
        "digests": digests,
        "files": st.lists(
            st.fixed_dictionaries(
                {"path": text.filter(bool)},
                optional={"size": st.integers(0, 10**12), "digests": digests},
            ),
            max_size=2,
        ),
        "evidence": evidence,
        "extra": extras,
    },
)
facts = st.fixed_dictionaries(
    {},
    optional={
        "parameters": st.integers(0, 10**12),
        "type_of_model": text,
        "domain": st.lists(text, max_size=2),
        "training": st.fixed_dictionaries(
            {},
            optional={
                "energy_kwh": st.sampled_from([0.0, 1.5, 84000.5, 1e-7, 3e20]),
                "accelerator": text,
                "accelerator_count": st.integers(0, 10**6),
                "region": text,
            },
        ),
        "recipe": st.fixed_dictionaries({}, optional={"seeds": st.lists(st.integers(0, 9))}),
        "task": text,
        "intended_uses": st.lists(text, max_size=2),
        "out_of_scope_uses": st.lists(text, max_size=2),
        "limitations": st.lists(text, max_size=2),
        "risks": st.lists(text, max_size=2),
        "training_information": text,
        "evaluation": st.lists(
            st.fixed_dictionaries(
                {
                    "metric": text.filter(bool),
                    "value": st.floats(allow_nan=False, allow_infinity=False) | text,
                },
                optional={"dataset": text, "split": text, "verified": st.booleans()},
            ),
            max_size=2,
        ),
        "languages": st.lists(text, max_size=2),
        "context_length": st.integers(0, 10**7),
        "contact": text,
    },
)


@st.composite
def graphs(draw: st.DrawFn) -> list[Artifact]:
    names = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    out = []
    for name in names:
        kind = draw(st.sampled_from(list(ArtifactKind)))
        extra = draw(extras)
        if kind is ArtifactKind.MODEL and draw(st.booleans()):
            extra["hyperparameters"] = draw(st.dictionaries(text, text, min_size=1, max_size=2))
        data: dict[str, Any] = {
            "id": name,
            "kind": kind.value,
            "components": draw(st.lists(components, max_size=2)),
            "lineage": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "relation": st.sampled_from([r.value for r in Relation]),
                            "target": st.sampled_from(names) | ids,
                        },
                        optional={"revision": text, "note": text, "digests": digests},
                    ),
                    max_size=3,
                )
            ),
            "facts": draw(facts),
            "evidence": draw(evidence),
            "extra": extra,
            "release_licenses": draw(
                st.dictionaries(
                    st.sampled_from([c.value for c in ContentType]),
                    st.sampled_from(LICENSES),
                    max_size=2,
                )
            ),
        }
        for key, strategy in (
            ("name", maybe_text),
            ("version", maybe_text),
            ("description", maybe_text),
            ("supplier", maybe_text),
            ("license", licenses),
            ("url", st.none() | uris),
            ("purl", st.none() | st.sampled_from(["pkg:pypi/x@1", "pkg x"])),
        ):
            value = draw(strategy)
            if value is not None:
                data[key] = value
        out.append(Artifact.model_validate(data))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_generated_graphs_round_trip(artifacts: list[Artifact]) -> None:
    data, back = round_trip(artifacts)
    assert back == artifacts
    assert EXPORTER.export(back) == data


@settings(max_examples=8, deadline=None)
@given(graphs())
def test_generated_graphs_are_schema_valid(artifacts: list[Artifact]) -> None:
    document = json.loads(EXPORTER.export(artifacts))
    assert [str(i) for i in schema_issues(document)] == []
