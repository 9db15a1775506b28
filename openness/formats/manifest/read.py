"""The openness manifest format (YAML, JSON or TOML): ``artifacts: [...]``."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, ValidationError

from openness.documents import Document
from openness.errors import Problem, short_repr
from openness.formats.importer import ImportResult, Origin, Unbuilt
from openness.model import (
    Artifact,
    Component,
    Compute,
    Evidence,
    Facts,
    FileRef,
    LineageEdge,
    Manifest,
    Recipe,
)

__all__ = ["ManifestImporter", "pydantic_problems"]

# Which model a mapping under a given key is, to list valid fields for an unknown one.
_MODEL_AT: dict[str, type[BaseModel]] = {
    "artifacts": Artifact,
    "components": Component,
    "lineage": LineageEdge,
    "evidence": Evidence,
    "files": FileRef,
    "facts": Facts,
    "training": Compute,
    "recipe": Recipe,
}


def _fields(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def pydantic_problems(
    document: Document,
    error: ValidationError,
    root: type[BaseModel],
    prefix: tuple[str | int, ...] = (),
) -> list[Problem]:
    """Turn every error of a pydantic validation into a :class:`Problem` with path and line."""
    problems: list[Problem] = []
    for err in error.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            parent = next((p for p in reversed(loc[:-1]) if isinstance(p, str)), None)
            model = _MODEL_AT.get(parent, root) if parent else root
            allowed = _fields(model)
            name = str(loc[-1])
            close = difflib.get_close_matches(name, allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            message = f"unknown field {name!r}{hint}; valid fields: {', '.join(allowed)}"
        elif kind == "missing":
            message = f"required field {loc[-1]!r} is missing"
        elif kind in ("license_expression", "license_expression_type"):
            message = err["msg"]
        elif kind == "enum":
            message = (
                f"{short_repr(err['input'])} is not valid; expected one of {err['ctx']['expected']}"
            )
        elif kind == "value_error":
            # Our own validators' messages say what was wrong and what they got already.
            message = str(err["msg"]).removeprefix("Value error, ")
        else:
            message = f"{err['msg']}, got {short_repr(err['input'])}"
        problems.append(document.problem(loc, message))
    return problems


class ManifestImporter:
    """Reads openness manifests: a mapping with an ``artifacts`` list."""

    name = "manifest"
    description = "openness manifest (YAML, JSON or TOML) with an 'artifacts' list"

    def detect(self, document: Document) -> bool:
        """A mapping with an ``artifacts`` key."""
        return isinstance(document.data, dict) and "artifacts" in document.data

    def load(self, document: Document) -> ImportResult:
        """Validate the whole document at once, reporting every problem found."""
        result = ImportResult()
        try:
            manifest = Manifest.model_validate(document.data)
            pairs = list(enumerate(manifest.artifacts))
        except ValidationError as exc:
            result.problems.extend(pydantic_problems(document, exc, Manifest))
            pairs = self._salvage(document, result.unbuilt)
        for index, artifact in pairs:
            result.artifacts.append(artifact)
            result.origins.append(Origin(document, ("artifacts", index)))
        return result

    @staticmethod
    def _salvage(document: Document, unbuilt: list[Unbuilt]) -> list[tuple[int, Artifact]]:
        """The artifacts that are valid on their own, so that cross-file checks (duplicate
        ids, lineage targets) still see them after an error elsewhere in the file; and the id
        and lineage of each one that is not (into ``unbuilt``), checked in the same pass."""
        raw = document.data.get("artifacts") if isinstance(document.data, dict) else None
        good: list[tuple[int, Artifact]] = []
        if isinstance(raw, list):
            for index, item in enumerate(raw):
                try:
                    good.append((index, Artifact.model_validate(item)))
                except ValidationError:
                    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"]:
                        origin = Origin(document, ("artifacts", index))
                        unbuilt.append(Unbuilt(item["id"], origin, _raw_lineage(item)))
        return good


def _raw_lineage(item: dict[str, object]) -> tuple[tuple[int, str, str], ...]:
    """The edges of a raw artifact that name a target: ``(index, target, relation)``."""
    edges = item.get("lineage")
    if not isinstance(edges, list):
        return ()
    return tuple(
        (i, e["target"], e["relation"] if isinstance(e.get("relation"), str) else "?")
        for i, e in enumerate(edges)
        if isinstance(e, dict) and isinstance(e.get("target"), str)
    )
