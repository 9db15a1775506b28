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
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from openness.documents import Document, read_document
from openness.errors import InputError, Problem, Severity, format_path
from openness.formats.importer import ImportResult, Origin
from openness.licenses.normalize import normalize
from openness.model import (
    Artifact,
    ArtifactKind,
    Availability,
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


@dataclass(frozen=True, slots=True)
class Dimension:
    """One rated dimension of the index and where it lands in our model.

    ``target`` is ``base`` or ``end`` (the artifact the component belongs to, ``None`` for
    the licenses rating, which is kept as a rating only); ``kind`` is ``data``, ``code``,
    ``weights`` or ``document`` and decides what ``partial`` means (see :func:`availability`).
    """

    key: str
    label: str
    group: str
    role: Role | None
    target: str | None
    kind: str


#: The index's rated dimensions, in the order of its ``_parameters.yml``.
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "datasources_basemodel", "Base Model Data", "availability", Role.DATASETS, "base", "data"
    ),
    Dimension(
        "datasources_endmodel", "End User Model Data", "availability", Role.DATASETS, "end", "data"
    ),
    Dimension(
        "weights_basemodel",
        "Base Model Weights",
        "availability",
        Role.MODEL_PARAMETERS_FINAL,
        "base",
        "weights",
    ),
    Dimension(
        "weights_endmodel",
        "End User Model Weights",
        "availability",
        Role.MODEL_PARAMETERS_FINAL,
        "end",
        "weights",
    ),
    Dimension("trainingcode", "Training Code", "availability", Role.TRAINING_CODE, "end", "code"),
    Dimension("code", "Code Documentation", "documentation", Role.DOCUMENTATION, "end", "document"),
    Dimension(
        "hardware_architecture",
        "Hardware Architecture",
        "documentation",
        Role.DOCUMENTATION,
        "end",
        "document",
    ),
    Dimension("preprint", "Preprint", "documentation", Role.TECHNICAL_REPORT, "end", "document"),
    Dimension("paper", "Paper", "documentation", Role.RESEARCH_PAPER, "end", "document"),
    Dimension("modelcard", "Modelcard", "documentation", Role.MODEL_CARD, "end", "document"),
    Dimension("datasheet", "Datasheet", "documentation", Role.DATA_CARD, "end", "document"),
    Dimension("licenses", "Licenses", "access", None, None, "license"),
)
_BY_KEY = {d.key: d for d in DIMENSIONS}
_CLASSES = ("open", "partial", "closed")
_SYSTEM_KEYS = frozenset(
    {
        "name",
        "link",
        "type",
        "performanceclass",
        "basemodelname",
        "endmodelname",
        "endmodellicense",
        "endmodel license",
        "releasedate",
        "notes",
    }
)
_NO_BASE = frozenset({"", "none", "n/a", "na", "-"})
_UNNAMED_BASE = frozenset({"unknown", "undisclosed", "not disclosed", "unclear"})
_NOTE_PARTS = re.compile(r"\b(Weights|Code|Data)\s*:\s*([^.]*(?:\.\d[^.]*)*)")
_NOTE_ROLES = {
    "Weights": Role.MODEL_PARAMETERS_FINAL,
    "Code": Role.TRAINING_CODE,
    "Data": Role.DATASETS,
}


def availability(kind: str, rating: str | None) -> Availability | None:
    """What the index's class means as our availability.

    ``open`` is included and ``closed`` not released, for every dimension. ``partial`` depends
    on what is rated: weights are "partially shared, e.g. gated downloads" (gated); a document
    that exists but covers only some parts is still included; data and training code of which
    only some parts are shared are neither included nor not released, so availability stays
    unstated (None) and the evidence says "partial". No class (not rated) is None.
    """
    if rating == "open":
        return Availability.INCLUDED
    if rating == "closed":
        return Availability.NOT_RELEASED
    if rating == "partial":
        return {"weights": Availability.GATED, "document": Availability.INCLUDED}.get(kind)
    return None


# --- the index's own ratings -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    """The index's rating of one dimension of one system: ``open``, ``partial``, ``closed``
    or None (not rated), with its evidence links and notes."""

    dimension: str
    label: str
    group: str
    rating: str | None
    links: tuple[str, ...] = ()
    notes: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class SystemRatings:
    """Everything the index says about one system, in a clean structure.

    ``end_id`` and ``base_id`` are the ids of the artifacts the importer makes for it
    (``base_id`` is None when the index names no distinct base model), so that verdicts can be
    set beside ``ratings``.
    """

    source: str
    system: str
    end_id: str
    base_id: str | None
    end_model: str | None
    base_model: str | None
    end_model_license: str | None
    organisation: str | None
    model_type: str | None
    performance_class: str | None
    release_date: str | None
    ratings: Mapping[str, Rating] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """How many dimensions are rated open, partial, closed and not rated."""
        out = {"open": 0, "partial": 0, "closed": 0, "unrated": 0}
        for rating in self.ratings.values():
            out[rating.rating or "unrated"] += 1
        return out

    def points(self) -> float:
        """A simple openness score: open 1, partial 0.5, closed 0, averaged over the rated
        dimensions (our computation, not a figure the index publishes)."""
        rated = [r.rating for r in self.ratings.values() if r.rating is not None]
        if not rated:
            return 0.0
        return sum({"open": 1.0, "partial": 0.5}.get(r, 0.0) for r in rated) / len(rated)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        data = asdict(self)
        data["ratings"] = {k: asdict(v) for k, v in self.ratings.items()}
        return data


def _plain(value: Any) -> Any:
    """YAML values as JSON-ready data (dates become ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "system"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _links(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(t for t in (_text(v) for v in items) if t is not None)


def _base_name(system: Mapping[str, Any]) -> tuple[bool, str | None]:
    """Whether the system has a distinct base model, and its name (None when unnamed)."""
    base = _text(system.get("basemodelname"))
    end = _text(system.get("endmodelname"))
    if base is None or base.lower() in _NO_BASE:
        return False, None
    if end is not None and base.lower() == end.lower():
        return False, None
    if base.lower() in _UNNAMED_BASE:
        return True, None
    return True, base


def index_ratings(
    data: Mapping[str, Any], source: str = "", document: Document | None = None
) -> SystemRatings:
    """The index's ratings of one system, from a parsed index file.

    Raises ``ValueError`` when ``data`` is not an index file with a system name.
    """
    system = data.get("system")
    if not isinstance(system, Mapping) or _text(system.get("name")) is None:
        raise ValueError("not an index file: system.name is missing")
    name = str(_text(system.get("name")))
    slug = _slug(name)
    has_base, base = _base_name(system)
    ratings: dict[str, Rating] = {}
    for dim in DIMENSIONS:
        entry = data.get(dim.key)
        if not isinstance(entry, Mapping):
            ratings[dim.key] = Rating(dim.key, dim.label, dim.group, None)
            continue
        raw = _text(entry.get("class"))
        rating = raw.lower() if raw is not None and raw.lower() in _CLASSES else None
        ratings[dim.key] = Rating(
            dim.key,
            dim.label,
            dim.group,
            rating,
            _links(entry.get("link")),
            _text(entry.get("notes")),
            document.line_of((dim.key, "class")) if document is not None else None,
        )
    org = data.get("org")
    license_text = _text(system.get("endmodellicense")) or _text(system.get("endmodel license"))
    return SystemRatings(
        source=source,
        system=name,
        end_id=f"osai-index:{slug}",
        base_id=f"osai-index:{slug}:base" if has_base else None,
        end_model=_text(system.get("endmodelname")),
        base_model=base,
        end_model_license=license_text,
        organisation=_text(org.get("name")) if isinstance(org, Mapping) else None,
        model_type=_text(system.get("type")),
        performance_class=_text(system.get("performanceclass")),
        release_date=_text(system.get("releasedate")),
        ratings=ratings,
    )


def read_ratings(path: str | os.PathLike[str]) -> SystemRatings:
    """The index's ratings of the system in one index file (raises ``InputError`` or
    ``ValueError`` when the file is not one)."""
    document = read_document(path)
    if not isinstance(document.data, Mapping):
        raise InputError([Problem(document.path, "", "not an index file (not a mapping)")])
    return index_ratings(document.data, document.path, document)


def ratings_of(artifact: Artifact) -> SystemRatings | None:
    """The index's ratings kept on an end model imported from the index, or None."""
    raw = artifact.extra.get("eu_osai_index")
    if not isinstance(raw, Mapping) or "ratings" not in raw:
        return None
    ratings = {
        str(key): Rating(
            dimension=str(value["dimension"]),
            label=str(value["label"]),
            group=str(value["group"]),
            rating=value.get("rating"),
            links=tuple(value.get("links") or ()),
            notes=value.get("notes"),
            line=value.get("line"),
        )
        for key, value in raw["ratings"].items()
    }
    fields = {k: v for k, v in raw.items() if k != "ratings"}
    return SystemRatings(**fields, ratings=ratings)


# --- the importer --------------------------------------------------------------------------------


def _is_index(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("system"), dict)
        and any(k in data for k in _BY_KEY)
    )


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
        return _is_index(document.data) or _is_aux(document)

    def load(self, document: Document) -> ImportResult:
        """Import one system: an end model, a base model where the index names one."""
        result = ImportResult()
        if not _is_index(document.data):
            return result  # _parameters*.yml or the database README: nothing to import
        data: dict[str, Any] = document.data
        system = data["system"]
        if _text(system.get("name")) is None:
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
            if key not in _BY_KEY and key not in ("system", "org"):
                problems.append(
                    document.problem(
                        (str(key),),
                        f"{key!r} is not a dimension of the index; kept as extra metadata",
                        severity=Severity.WARNING,
                    )
                )
        for key in data["system"]:
            if key not in _SYSTEM_KEYS:
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
            raw = _text(entry.get("class"))
            if raw is not None and raw.lower() not in _CLASSES:
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
            if key not in _SYSTEM_KEYS:
                extra[f"system.{key}"] = _plain(value)
        for key, value in data.items():
            if key not in _BY_KEY and key not in ("system", "org"):
                # Never over the index's own ratings (or a name the importer writes).
                name = str(key)
                taken = name in extra or name == "org" or name.startswith("system.")
                extra[f"document.{name}" if taken else name] = _plain(value)
        org = data.get("org") if isinstance(data.get("org"), Mapping) else {}
        if org:
            extra["org"] = _plain(org)
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
                        f"{_text(system.get('basemodelname'))}",
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
            description=_text(system.get("notes")),
            license=license_expr,
            supplier=ratings.organisation,
            url=_text(system.get("link")),
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
