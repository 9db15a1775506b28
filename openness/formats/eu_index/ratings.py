"""The European Open Source AI Index's own ratings: the rated dimensions, a system's ratings
(read from an index file or kept on an imported artifact), and the availability each rating
means. For comparing our verdicts with the index's; judges nothing itself.

Data: European Open Source AI Index, https://osai-index.eu/, CC-BY-4.0;
Liesenfeld and Dingemanse, FAccT 2024 (doi:10.1145/3630106.3659005)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from openness.documents import Document, read_document
from openness.errors import InputError, Problem
from openness.model import Artifact, Availability, Role

__all__ = [
    "DIMENSIONS",
    "DIMENSION_BY_KEY",
    "NO_BASE",
    "RATING_CLASSES",
    "SYSTEM_KEYS",
    "UNNAMED_BASE",
    "Dimension",
    "Rating",
    "SystemRatings",
    "availability",
    "base_model_name",
    "index_ratings",
    "is_index_entry",
    "links_of",
    "plain_value",
    "ratings_of",
    "read_ratings",
    "slug_of",
    "text_or_none",
]


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


DIMENSION_BY_KEY = {d.key: d for d in DIMENSIONS}


RATING_CLASSES = ("open", "partial", "closed")


SYSTEM_KEYS = frozenset(
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


NO_BASE = frozenset({"", "none", "n/a", "na", "-"})


UNNAMED_BASE = frozenset({"unknown", "undisclosed", "not disclosed", "unclear"})


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


def plain_value(value: Any) -> Any:
    """YAML values as JSON-ready data (dates become ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def slug_of(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "system"


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def links_of(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    return tuple(t for t in (text_or_none(v) for v in items) if t is not None)


def base_model_name(system: Mapping[str, Any]) -> tuple[bool, str | None]:
    """Whether the system has a distinct base model, and its name (None when unnamed)."""
    base = text_or_none(system.get("basemodelname"))
    end = text_or_none(system.get("endmodelname"))
    if base is None or base.lower() in NO_BASE:
        return False, None
    if end is not None and base.lower() == end.lower():
        return False, None
    if base.lower() in UNNAMED_BASE:
        return True, None
    return True, base


def index_ratings(
    data: Mapping[str, Any], source: str = "", document: Document | None = None
) -> SystemRatings:
    """The index's ratings of one system, from a parsed index file.

    Raises ``ValueError`` when ``data`` is not an index file with a system name.
    """
    system = data.get("system")
    if not isinstance(system, Mapping) or text_or_none(system.get("name")) is None:
        raise ValueError("not an index file: system.name is missing")
    name = str(text_or_none(system.get("name")))
    slug = slug_of(name)
    has_base, base = base_model_name(system)
    ratings: dict[str, Rating] = {}
    for dim in DIMENSIONS:
        entry = data.get(dim.key)
        if not isinstance(entry, Mapping):
            ratings[dim.key] = Rating(dim.key, dim.label, dim.group, None)
            continue
        raw = text_or_none(entry.get("class"))
        rating = raw.lower() if raw is not None and raw.lower() in RATING_CLASSES else None
        ratings[dim.key] = Rating(
            dim.key,
            dim.label,
            dim.group,
            rating,
            links_of(entry.get("link")),
            text_or_none(entry.get("notes")),
            document.line_of((dim.key, "class")) if document is not None else None,
        )
    org = data.get("org")
    license_text = text_or_none(system.get("endmodellicense")) or text_or_none(
        system.get("endmodel license")
    )
    return SystemRatings(
        source=source,
        system=name,
        end_id=f"osai-index:{slug}",
        base_id=f"osai-index:{slug}:base" if has_base else None,
        end_model=text_or_none(system.get("endmodelname")),
        base_model=base,
        end_model_license=license_text,
        organisation=text_or_none(org.get("name")) if isinstance(org, Mapping) else None,
        model_type=text_or_none(system.get("type")),
        performance_class=text_or_none(system.get("performanceclass")),
        release_date=text_or_none(system.get("releasedate")),
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


def is_index_entry(data: Any) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("system"), dict)
        and any(k in data for k in DIMENSION_BY_KEY)
    )
