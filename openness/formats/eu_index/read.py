"""The European Open Source AI Index (osai-index.eu): one YAML file per generative AI system.

Each system becomes an end model (the one users interact with) and, when the index names a
distinct base model, a base model that the end model is fine-tuned from. The index's rated
dimensions become components with an availability and the index's link and notes as evidence;
its own ratings are kept on the end model (``extra["eu_osai_index"]``) and can be read back
with :func:`ratings_of` or straight from a file with :func:`index_ratings`, for comparing our
verdicts with the index's. See docs/importers/eu-index.md.

Data: European Open Source AI Index, https://osai-index.eu/, CC-BY-4.0;
Liesenfeld and Dingemanse, FAccT 2024 (doi:10.1145/3630106.3659005).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from openness.documents import Document
from openness.errors import Problem, Severity, format_path
from openness.formats.eu_index.ratings import (
    DIMENSION_BY_KEY,
    DIMENSIONS,
    RATING_CLASSES,
    SYSTEM_KEYS,
    Dimension,
    Rating,
    SystemRatings,
    availability,
    index_ratings,
    is_index_entry,
    plain_value,
    ratings_of,
    read_ratings,
    text_or_none,
)
from openness.formats.importer import ImportResult, Origin
from openness.licenses.normalize import normalize
from openness.model import (
    Artifact,
    ArtifactKind,
    Component,
    Evidence,
    EvidenceKind,
    LicenseExpression,
    LineageEdge,
    Relation,
    Role,
)

__all__ = [
    "DIMENSIONS",
    "Dimension",
    "EUIndexImporter",
    "Rating",
    "SystemRatings",
    "index_ratings",
    "ratings_of",
    "read_ratings",
]


_SOURCE_NOTE = "European Open Source AI Index (osai-index.eu, CC-BY-4.0)"


_NOTE_PARTS = re.compile(r"\b(Weights|Code|Data)\s*:\s*([^.]*(?:\.\d[^.]*)*)")


_NOTE_ROLES = {
    "Weights": Role.MODEL_PARAMETERS_FINAL,
    "Code": Role.TRAINING_CODE,
    "Data": Role.DATASETS,
}


def _is_aux(document: Document) -> bool:
    """The database's own description files and README, which hold no system."""
    name = os.path.basename(document.path).lower()
    folder = os.path.dirname(os.path.abspath(document.path))
    if name.startswith("_parameters") and name.endswith((".yml", ".yaml")):
        return True
    return name in ("readme.md", ".zenodo.json") and os.path.isfile(
        os.path.join(folder, "_parameters.yml")
    )


class EUIndexImporter:
    """Reads the European Open Source AI Index's system files."""

    name = "eu-osai-index"
    description = "European Open Source AI Index system file (YAML with system and ratings)"

    def detect(self, document: Document) -> bool:
        """A mapping with a ``system`` mapping and at least one rated dimension (or one of the
        database's own description files, which are skipped)."""
        return is_index_entry(document.data) or _is_aux(document)

    def load(self, document: Document) -> ImportResult:
        """Import one system: an end model, a base model where the index names one."""
        result = ImportResult()
        if not is_index_entry(document.data):
            return result  # _parameters*.yml or the database README: nothing to import
        data: dict[str, Any] = document.data
        system = data["system"]
        if text_or_none(system.get("name")) is None:
            result.problems.append(
                document.problem(
                    ("system", "name"),
                    "system.name is empty (a blank submission template?); no system imported",
                    severity=Severity.WARNING,
                )
            )
            return result
        ratings = index_ratings(data, document.path, document)
        self._unknown_fields(document, data, result.problems)
        base, end = self._artifacts(document, data, ratings, result.problems)
        if base is not None:
            result.artifacts.append(base)
            result.origins.append(Origin(document, ()))
        result.artifacts.append(end)
        result.origins.append(Origin(document, ()))
        return result

    @staticmethod
    def _unknown_fields(
        document: Document, data: Mapping[str, Any], problems: list[Problem]
    ) -> None:
        for key in data:
            if key not in DIMENSION_BY_KEY and key not in ("system", "org"):
                problems.append(
                    document.problem(
                        (str(key),),
                        f"{key!r} is not a dimension of the index; kept as extra metadata",
                        severity=Severity.WARNING,
                    )
                )
        for key in data["system"]:
            if key not in SYSTEM_KEYS:
                problems.append(
                    document.problem(
                        ("system", str(key)),
                        f"system.{key} is not a system field of the index; kept as extra metadata",
                        severity=Severity.WARNING,
                    )
                )
        for dim in DIMENSIONS:
            entry = data.get(dim.key)
            if entry is None:
                problems.append(
                    document.problem(
                        (),
                        f"dimension {dim.key} is missing: not rated",
                        severity=Severity.WARNING,
                    )
                )
                continue
            if not isinstance(entry, Mapping):
                problems.append(
                    document.problem(
                        (dim.key,),
                        f"{dim.key} must be a mapping with class, link and notes; not rated",
                        severity=Severity.WARNING,
                    )
                )
                continue
            for key in entry:
                if key not in ("class", "link", "notes"):
                    problems.append(
                        document.problem(
                            (dim.key, str(key)),
                            f"{dim.key}.{key} is not a field of a rated dimension (class, link, "
                            "notes); not read",
                            severity=Severity.WARNING,
                        )
                    )
            raw = text_or_none(entry.get("class"))
            if raw is not None and raw.lower() not in RATING_CLASSES:
                problems.append(
                    document.problem(
                        (dim.key, "class"),
                        f"class {raw!r} is not one of open, partial, closed; not rated",
                        severity=Severity.WARNING,
                    )
                )

    def _artifacts(
        self,
        document: Document,
        data: Mapping[str, Any],
        ratings: SystemRatings,
        problems: list[Problem],
    ) -> tuple[Artifact | None, Artifact]:
        system = data["system"]
        note_licenses = self._note_licenses(document, ratings)
        components: dict[str, list[Component]] = {"base": [], "end": []}
        for dim in DIMENSIONS:
            if dim.role is None or dim.target is None:
                continue
            rating = ratings.ratings[dim.key]
            if dim.target == "base" and ratings.base_id is None:
                continue  # no distinct base model: its ratings mirror the end model's
            target = dim.target
            license_expr: LicenseExpression | None = None
            license_evidence: list[Evidence] = []
            if dim.target == "end" and dim.role in note_licenses:
                license_expr, license_evidence = note_licenses[dim.role]
            components[target].append(
                self._component(document, dim, rating, license_expr, license_evidence)
            )
        index_extra = ratings.to_dict()
        extra: dict[str, Any] = {"eu_osai_index": index_extra}
        for key, value in system.items():
            if key not in SYSTEM_KEYS:
                extra[f"system.{key}"] = plain_value(value)
        for key, value in data.items():
            if key not in DIMENSION_BY_KEY and key not in ("system", "org"):
                # Never over the index's own ratings (or a name the importer writes).
                name = str(key)
                taken = name in extra or name == "org" or name.startswith("system.")
                extra[f"document.{name}" if taken else name] = plain_value(value)
        org = data.get("org") if isinstance(data.get("org"), Mapping) else {}
        if org:
            extra["org"] = plain_value(org)
        license_expr, license_evidence = self._license(document, ratings, problems)
        rating_evidence = [
            Evidence(
                source=document.path,
                locator=f"{r.dimension}.class",
                line=r.line,
                kind=EvidenceKind.CONCLUDED,
                note=f"{_SOURCE_NOTE} rates {r.label}: {r.rating or 'not rated'}"
                + (f" ({r.notes})" if r.notes else ""),
            )
            for r in ratings.ratings.values()
        ]
        lineage = []
        base: Artifact | None = None
        if ratings.base_id is not None:
            base = Artifact(
                id=ratings.base_id,
                kind=ArtifactKind.MODEL,
                name=ratings.base_model,
                description=None
                if ratings.base_model
                else f"the base model of {ratings.system} (the index does not name it)",
                supplier=ratings.organisation,
                components=components["base"],
                evidence=[
                    Evidence(
                        source=document.path,
                        locator="system.basemodelname",
                        line=document.line_of(("system", "basemodelname")),
                        kind=EvidenceKind.CONCLUDED,
                        note=f"base model of {ratings.system}: "
                        f"{text_or_none(system.get('basemodelname'))}",
                    )
                ],
                extra={"eu_osai_index": {"system": ratings.system, "role": "base model"}},
            )
            lineage.append(
                LineageEdge(
                    relation=Relation.FINE_TUNED_FROM,
                    target=ratings.base_id,
                    note="the index's end model is built on its base model",
                    evidence=[
                        Evidence(
                            source=document.path,
                            locator="system.basemodelname",
                            line=document.line_of(("system", "basemodelname")),
                            kind=EvidenceKind.CONCLUDED,
                        )
                    ],
                )
            )
        end = Artifact(
            id=ratings.end_id,
            kind=ArtifactKind.MODEL,
            name=ratings.end_model or ratings.system,
            description=text_or_none(system.get("notes")),
            license=license_expr,
            supplier=ratings.organisation,
            url=text_or_none(system.get("link")),
            components=components["end"],
            lineage=lineage,
            evidence=[*license_evidence, *rating_evidence],
            extra=extra,
        )
        return base, end

    @staticmethod
    def _component(
        document: Document,
        dim: Dimension,
        rating: Rating,
        license_expr: LicenseExpression | None,
        license_evidence: list[Evidence],
    ) -> Component:
        assert dim.role is not None
        avail = availability(dim.kind, rating.rating)
        detail = rating.notes or ""
        note = f"{_SOURCE_NOTE} rates {dim.label} {rating.rating or 'not rated'}"
        if rating.rating == "partial":
            note += f" (partial {dim.kind}: availability {avail.value if avail else 'unstated'})"
        if detail:
            note += f": {detail}"
        extra: dict[str, Any] = {"index_dimension": dim.key, "index_class": rating.rating}
        if rating.links:
            extra["links"] = list(rating.links)
        return Component(
            role=dim.role,
            name=dim.label,
            availability=avail,
            license=license_expr,
            location=rating.links[0] if rating.links else None,
            evidence=[
                Evidence(
                    source=document.path,
                    locator=f"{dim.key}.class",
                    line=rating.line,
                    kind=EvidenceKind.CONCLUDED,
                    note=note,
                ),
                *license_evidence,
            ],
            extra=extra,
        )

    @staticmethod
    def _license(
        document: Document, ratings: SystemRatings, problems: list[Problem]
    ) -> tuple[LicenseExpression | None, list[Evidence]]:
        text = ratings.end_model_license
        key = "endmodellicense"
        if text is None:
            return None, []
        if "endmodellicense" not in document.data["system"]:
            key = "endmodel license"
        path = ("system", key)
        line = document.line_of(path)
        declared = Evidence(
            source=document.path,
            locator=format_path(path),
            line=line,
            kind=EvidenceKind.DECLARED,
            note=f"end model license: {text}",
        )
        found = normalize(text)
        if found.confident and found.license_id is not None:
            normalised = Evidence(
                source=document.path,
                locator=format_path(path),
                line=line,
                kind=EvidenceKind.NORMALISED,
                note=found.describe(),
            )
            return LicenseExpression.of(found.license_id), [declared, normalised]
        problems.append(
            document.problem(
                path,
                f"{found.describe()}; the end model's license is unknown",
                severity=Severity.WARNING,
            )
        )
        return None, [declared]

    @staticmethod
    def _note_licenses(
        document: Document, ratings: SystemRatings
    ) -> dict[Role, tuple[LicenseExpression, list[Evidence]]]:
        """Component licenses from the licenses rating's notes ("Weights: X. Code: Y. Data:
        Z."), where the normaliser is confident."""
        notes = ratings.ratings["licenses"].notes or ""
        out: dict[Role, tuple[LicenseExpression, list[Evidence]]] = {}
        for match in _NOTE_PARTS.finditer(notes):
            found = normalize(match.group(2).strip())
            if not found.confident or found.license_id is None:
                continue
            out[_NOTE_ROLES[match.group(1)]] = (
                LicenseExpression.of(found.license_id),
                [
                    Evidence(
                        source=document.path,
                        locator="licenses.notes",
                        line=document.line_of(("licenses", "notes")),
                        kind=EvidenceKind.CONCLUDED,
                        note=f"{_SOURCE_NOTE}: {match.group(0).strip()}; {found.describe()}",
                    )
                ],
            )
        return out
