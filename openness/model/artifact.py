"""The domain model: artifacts, their components, lineage and evidence.

Pure pydantic v2 models: no I/O, no policy. Everything optional is ``None`` when unstated, so
that a policy can tell "not released" from "nobody said".
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from openness._repr import render_html
from openness.model.card import EvalResult
from openness.model.license import LicenseExpression
from openness.model.numbers import Count
from openness.model.vocab import (
    ArtifactKind,
    Availability,
    ContentType,
    DigestAlgorithm,
    EvidenceKind,
    Relation,
    Role,
    role_suggestions,
)

__all__ = [
    "MAX_EXTRA_DEPTH",
    "Artifact",
    "Component",
    "Compute",
    "Digests",
    "EvalResult",
    "Evidence",
    "Facts",
    "FileRef",
    "LineageEdge",
    "Manifest",
    "Recipe",
    "extra_depth_error",
    "plain_extra",
]

_DIGEST_LENGTHS = {
    DigestAlgorithm.SHA256: 64,
    DigestAlgorithm.SHA512: 128,
    DigestAlgorithm.SHA1: 40,
    DigestAlgorithm.GIT_SHA1: 40,
    DigestAlgorithm.MD5: 32,
}
_HEX = frozenset("0123456789abcdef")


#: How deep the metadata kept from a source (``extra``) may nest. Every exporter and report can
#: write this much (pydantic's serializer refuses a few hundred levels); real metadata nests a
#: handful.
MAX_EXTRA_DEPTH = 64


def extra_depth_error(value: Mapping[str, Any]) -> str | None:
    """Why ``value`` cannot be an ``extra`` mapping (it nests more than
    :data:`MAX_EXTRA_DEPTH` levels of mappings and lists), or None when it can."""
    level: list[Any] = [value]
    for _ in range(MAX_EXTRA_DEPTH):
        below: list[Any] = []
        for item in level:
            if isinstance(item, Mapping):
                below.extend(item.values())
            elif isinstance(item, list):
                below.extend(item)
        if not below:
            return None
        level = below
    if any(isinstance(item, Mapping | list) for item in level):
        return (
            f"nests more than {MAX_EXTRA_DEPTH} levels deep; keep the source's metadata "
            "flatter (it is kept as is, and written to every export)"
        )
    return None


def plain_extra(value: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """``value`` as the plain JSON values every format can write, and None; or why it cannot
    be (its first value that is not, by field path), and an empty mapping. Dates and times
    (TOML and YAML have them) become ISO 8601 text; binary data, NaN and infinities, and
    anything else that is not text, a number, a boolean, null, a list or a mapping are refused.
    Call :func:`extra_depth_error` first (this walks the nesting)."""
    problem: list[str] = []

    def plain(item: Any, where: str) -> Any:
        if problem:
            return None
        if item is None or isinstance(item, str | bool | int):
            return item
        if isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                problem.append(f"{where or 'the value'} is {item}, which JSON cannot hold")
            return item
        if isinstance(item, datetime.date | datetime.time):  # datetime is a date
            return item.isoformat()
        if isinstance(item, Mapping):
            return {k: plain(v, f"{where}.{k}" if where else str(k)) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [plain(v, f"{where}[{i}]") for i, v in enumerate(item)]
        kind = "binary data" if isinstance(item, bytes | bytearray) else type(item).__name__
        problem.append(
            f"{where or 'the value'} is {kind}, which not every format can hold; write it as "
            "text (base64 for binary data)"
        )
        return None

    out = {k: plain(v, str(k)) for k, v in value.items()}
    return ({}, problem[0]) if problem else (out, None)


def _check_extra(value: dict[str, Any]) -> dict[str, Any]:
    if value:
        error = extra_depth_error(value)
        if error is not None:
            raise ValueError(error)
        value, error = plain_extra(value)
        if error is not None:
            raise ValueError(error)
    return value


#: Metadata from a source that has no field here, as plain JSON-like values.
Extra = Annotated[dict[str, Any], AfterValidator(_check_extra)]


def _check_digests(value: dict[DigestAlgorithm, str]) -> dict[DigestAlgorithm, str]:
    out: dict[DigestAlgorithm, str] = {}
    for algorithm, digest in value.items():
        text = digest.lower()
        expected = _DIGEST_LENGTHS[algorithm]
        if len(text) != expected or not set(text) <= _HEX:
            raise ValueError(
                f"{algorithm.value} digest must be {expected} hexadecimal characters, "
                f"got {digest!r}"
            )
        out[algorithm] = text
    return out


#: Content digests by algorithm, lower-case hexadecimal.
Digests = Annotated[dict[DigestAlgorithm, str], AfterValidator(_check_digests)]

_ROLE_VALUES = frozenset(r.value for r in Role)
_ROLES_LISTED = ", ".join(repr(r.value) for r in list(Role)[:-1]) + f" or {list(Role)[-1].value!r}"


def _check_role(value: Any) -> Any:
    if isinstance(value, str) and value not in _ROLE_VALUES:
        close = role_suggestions(value)
        shown = repr(value) if len(value) <= 60 else repr(value[:57] + "...")
        hint = ""
        if close:
            named = [repr(r.value) for r in close]
            either = f"{', '.join(named[:-1])} or {named[-1]}" if len(named) > 1 else named[0]
            hint = f" did you mean {either}?"
        raise ValueError(f"{shown} is not valid;{hint} expected one of {_ROLES_LISTED}")
    return value


#: A component role; a word that is not one gets the roles it most likely means.
RoleName = Annotated[Role, BeforeValidator(_check_role)]

ArtifactId = Annotated[
    str,
    Field(
        min_length=1,
        pattern=r"^\S+$",
        description="A stable id: a purl (pkg:huggingface/org/name@rev), a URL, or a local id.",
    ),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


class Evidence(_Model):
    """Where a fact came from, and how it was established."""

    source: str = Field(description="The file, URL or document the fact was read from.")
    locator: str | None = Field(
        default=None, description="Where in the source: a field path, an anchor, a line."
    )
    line: int | None = Field(default=None, ge=1, description="The line in the source, if any.")
    kind: EvidenceKind = Field(
        default=EvidenceKind.DECLARED,
        description="declared (stated by the publisher), concluded (by a reviewer), detected "
        "(by a scanner), normalised (rewritten by us) or inherited (from lineage).",
    )
    note: str | None = Field(default=None, description="What was read, or what was changed.")


class FileRef(_Model):
    """A file that belongs to a component, with its expected digests."""

    path: str = Field(min_length=1, description="A path relative to the release's root folder.")
    size: Count | None = Field(default=None, description="Size in bytes.")
    digests: Digests = Field(default_factory=dict)


class Compute(_Model):
    """What producing an artifact took, where stated."""

    training_flop: float | None = Field(default=None, ge=0, description="Training compute, FLOP.")
    accelerator_hours: float | None = Field(default=None, ge=0)
    accelerator: str | None = Field(default=None, description="For example 'A100-80GB'.")
    accelerator_count: Count | None = Field(default=None, description="How many accelerators.")
    energy_kwh: float | None = Field(default=None, ge=0)
    co2_kg: float | None = Field(default=None, ge=0, description="Emissions, kg CO2-equivalent.")
    cost_usd: float | None = Field(default=None, ge=0)
    region: str | None = Field(default=None, description="Where it ran (cloud region or site).")
    evidence: list[Evidence] = Field(default_factory=list)


class Recipe(_Model):
    """How an artifact was produced: enough to rerun it."""

    config: str | None = Field(default=None, description="Location of the configuration file.")
    seeds: list[int] = Field(default_factory=list)
    frameworks: dict[str, str] = Field(
        default_factory=dict, description="Framework name to version, e.g. torch: 2.3.1."
    )
    command: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Facts(_Model):
    """Facts about an artifact beyond its components."""

    parameters: Count | None = Field(
        default=None,
        description="Parameter count, a whole number: 8000000000, or 8e9 in scientific "
        "notation (8.5e9 is 8500000000).",
    )
    type_of_model: str | None = Field(default=None, description="Architecture, e.g. transformer.")
    domain: list[str] = Field(default_factory=list)
    training: Compute | None = None
    recipe: Recipe | None = None
    task: str | None = Field(
        default=None,
        description="The task it performs, e.g. text-generation (a card's pipeline_tag).",
    )
    intended_uses: list[str] = Field(default_factory=list, description="What it is meant for.")
    out_of_scope_uses: list[str] = Field(
        default_factory=list, description="Uses it is not meant for, or must not be put to."
    )
    limitations: list[str] = Field(default_factory=list, description="Known technical limitations.")
    risks: list[str] = Field(
        default_factory=list, description="Bias, risks and ethical considerations."
    )
    training_information: str | None = Field(
        default=None, description="How it was trained, as the card summarises it."
    )
    evaluation: list[EvalResult] = Field(
        default_factory=list, description="Evaluation results (task, dataset, metric, value)."
    )
    languages: list[str] = Field(
        default_factory=list, description="Natural languages, as BCP 47 or ISO 639 codes."
    )
    context_length: Count | None = Field(
        default=None, description="The longest input it takes, in tokens."
    )
    contact: str | None = Field(
        default=None, description="Who to contact about it: an address, URL or name."
    )


_NO_FACTS = Facts()


def _no_facts() -> Facts:
    # One shared empty instance (the model is frozen): a per-artifact Facts() would cost more
    # than validating the rest of the artifact.
    return _NO_FACTS


class Component(_Model):
    """One part of an artifact's release, typed by role."""

    role: RoleName
    name: str | None = None
    description: str | None = None
    availability: Availability | None = Field(
        default=None, description="Unstated stays unstated: None is not 'not released'."
    )
    license: LicenseExpression | None = None
    location: str | None = Field(default=None, description="URL or path where it is published.")
    revision: str | None = Field(default=None, description="A commit, tag or dataset version.")
    digests: Digests = Field(default_factory=dict)
    files: list[FileRef] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    extra: Extra = Field(
        default_factory=dict, description="Metadata from the source that has no field here."
    )

    @property
    def content_type(self) -> ContentType:
        """Code, data or document, derived from the role."""
        return self.role.content_type


class LineageEdge(_Model):
    """A typed relation from this artifact to another one, by id."""

    relation: Relation
    target: ArtifactId
    revision: str | None = Field(default=None, description="The target's revision used.")
    digests: Digests = Field(default_factory=dict)
    note: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Artifact(_Model):
    """Something released and versioned: a model, a dataset, a software package, a system."""

    id: ArtifactId
    kind: ArtifactKind
    name: str | None = None
    version: str | None = None
    description: str | None = None
    license: LicenseExpression | None = Field(
        default=None, description="The license the release declares for itself."
    )
    release_licenses: dict[ContentType, LicenseExpression] = Field(
        default_factory=dict,
        description="Release-wide licenses per content type, which components that state no "
        "license of their own inherit (as the Model Openness Tool does).",
    )
    supplier: str | None = None
    url: str | None = None
    purl: str | None = None
    components: list[Component] = Field(default_factory=list)
    lineage: list[LineageEdge] = Field(default_factory=list)
    facts: Facts = Field(default_factory=_no_facts)
    evidence: list[Evidence] = Field(default_factory=list)
    extra: Extra = Field(
        default_factory=dict, description="Metadata from the source that has no field here."
    )

    @property
    def display_name(self) -> str:
        """The name if there is one, else the id."""
        return self.name or self.id

    def _repr_html_(self) -> str:
        return render_html("artifact", self)

    def components_with_role(self, role: Role) -> list[Component]:
        """The components that play ``role``, in manifest order."""
        return [c for c in self.components if c.role is role]


class Manifest(_Model):
    """A manifest file: one or many artifacts."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_: str | None = Field(
        default=None, alias="$schema", description="Optional: the JSON Schema URL, for editors."
    )
    artifacts: list[Artifact] = Field(default_factory=list)
