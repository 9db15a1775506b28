"""The entries: the components written for artifacts, that is their views (:mod:`.view`)
merged with the native CycloneDX fields kept from an imported document (``extra["cyclonedx"]``),
by these rules:

- ``properties`` and ``externalReferences`` kept from the document are appended to ours;
- ``modelCard``, ``data`` and ``pedigree`` are merged: the kept object is the base, single
  values we generate replace its values, lists it has are kept as they are;
- a field mapped to the model (``type``, ``name``, ``licenses``, ``hashes``, ...) is written
  from the kept value when reading it back gives the same model value (a richer original,
  such as a license given by name and URL), else from the model;
- any other field is written natively when the target version has it;
- what cannot be written natively travels in the ``openness:extra`` property as JSON, as
  does every extra key other than ``cyclonedx``.

Export then import gives back the same artifact, extra included.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from openness.formats.cyclonedx.fields import (
    json_value,
    prop,
    read_hashes,
    read_licenses,
    read_supplier,
)
from openness.formats.cyclonedx.schema import component_fields
from openness.formats.cyclonedx.view import (
    EXTRA_KEY,
    Context,
    artifact_view,
    component_view,
    read_files,
)
from openness.formats.cyclonedx.vocab import (
    ARTIFACT_URL_REF,
    HASH_ALG,
    LOCATION_REF,
    PREFIX,
    TYPE_KIND,
    P,
)
from openness.model import Artifact, ArtifactKind, Component, LicenseExpression

__all__ = ["artifact_entry", "component_entry"]

_APPEND = ("properties", "externalReferences")
_MERGE = ("modelCard", "data", "pedigree")


def _overlay(base: Any, top: Any) -> Any:
    """``base`` with ``top`` laid over it: objects merge, single values of ``top`` win, lists
    of ``base`` are kept."""
    if isinstance(base, dict) and isinstance(top, dict):
        out = dict(base)
        for key, value in top.items():
            out[key] = _overlay(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(top, list):
        return base
    return top


def _without_architecture(card: Any) -> Any:
    """A model card without ``architectureFamily`` (for a model whose type is unstated)."""
    params = card.get("modelParameters") if isinstance(card, dict) else None
    if not isinstance(params, dict) or "architectureFamily" not in params:
        return card
    params = {k: v for k, v in params.items() if k != "architectureFamily"}
    return {**card, "modelParameters": params}


SameCheck = Callable[[str, Any], bool]


def _appendable(key: str, value: Any, view: Mapping[str, Any], ref_type: str) -> bool:
    """Whether kept ``properties`` / ``externalReferences`` can follow ours natively and be
    read back as they are: a non-empty list, with no ``openness:`` property, and no reference
    the importer would take for the url or location the model does not have."""
    if not isinstance(value, list) or not value:
        return False
    if key == "properties":
        return not any(
            isinstance(item, Mapping) and str(item.get("name", "")).startswith(PREFIX)
            for item in value
        )
    if key in view:
        return True
    return not any(
        isinstance(item, Mapping)
        and item.get("type") == ref_type
        and isinstance(item.get("url"), str)
        for item in value
    )


def _artifact_same(artifact: Artifact, view: Mapping[str, Any]) -> SameCheck:
    def same(key: str, value: Any) -> bool:
        if key == "type":
            kind = TYPE_KIND.get(str(value), ArtifactKind.SOFTWARE)
            return kind is artifact.kind or artifact.kind is ArtifactKind.SYSTEM
        if key == "supplier":
            return read_supplier(value) == artifact.supplier
        if key == "licenses":
            return _licenses_same(value, artifact.license)
        return bool(view.get(key) == value)

    return same


def _licenses_same(value: Any, license: LicenseExpression | None) -> bool:
    if license is not None and (license.is_noassertion or license.is_none):
        return False
    return read_licenses(value).license == license


def _component_same(part: Component, view: Mapping[str, Any]) -> SameCheck:
    def same(key: str, value: Any) -> bool:
        if key in ("type", "bom-ref"):
            return isinstance(value, str) and bool(value)
        if key == "licenses":
            return _licenses_same(value, part.license)
        if key == "hashes":
            mapped = {a: d for a, d in part.digests.items() if a in HASH_ALG}
            digests, _ = read_hashes(value)
            return digests == mapped
        if key == "components":
            return read_files(value) == part.files
        return bool(view.get(key) == value)

    return same


Fix = Callable[[str, Any], Any]


def _no_fix(key: str, value: Any) -> Any:
    return value


def _merge(
    view: dict[str, Any],
    extra: Mapping[str, Any],
    same: SameCheck,
    ctx: Context,
    native: bool,
    ref_type: str,
    fix: Fix = _no_fix,
) -> dict[str, Any]:
    """The view with the extra metadata merged in (see the module docstring). ``ref_type`` is
    the external reference type the importer reads the url or location from; ``fix`` adjusts
    a native value that would otherwise be read back as something the model does not say."""
    kept = extra.get(EXTRA_KEY)
    rest = {k: v for k, v in extra.items() if k != EXTRA_KEY}
    out = dict(view)
    if isinstance(kept, Mapping):
        leftover: dict[str, Any] = {}
        fields = component_fields(ctx.version) if native else {}
        for key, value in kept.items():
            if key not in fields:
                leftover[key] = value
            elif key in _APPEND:
                if _appendable(key, value, view, ref_type):
                    out[key] = [*out.get(key, []), *value]
                else:
                    leftover[key] = value
            elif key in _MERGE:
                written = fix(key, _overlay(value, view[key]) if key in view else value)
                out[key] = written
                if written != value:
                    leftover[key] = value
            elif key in view:
                if same(key, value):
                    out[key] = value
                else:
                    leftover[key] = value
            elif key == "components":
                leftover[key] = value
            else:
                out[key] = value
        if leftover or not kept:
            rest[EXTRA_KEY] = leftover
    elif kept is not None:
        rest[EXTRA_KEY] = kept
    if rest:
        props = list(out.get("properties", []))
        props.insert(len(view.get("properties", [])), prop(P.EXTRA, json_value(rest)))
        out["properties"] = props
    order = component_fields(ctx.version)
    return dict(sorted(out.items(), key=lambda kv: order.get(kv[0], len(order))))


def _model_fix(artifact: Artifact) -> Fix:
    if artifact.kind is not ArtifactKind.MODEL or artifact.facts.type_of_model is not None:
        return _no_fix

    def fix(key: str, value: Any) -> Any:
        return _without_architecture(value) if key == "modelCard" else value

    return fix


def artifact_entry(artifact: Artifact, ctx: Context, *, native: bool = True) -> dict[str, Any]:
    """The component written for an artifact: its view merged with its extra metadata
    (``native=False`` keeps all of it in the ``openness:extra`` property)."""
    parts = [
        component_entry(part, artifact.id, index, ctx, native=native)
        for index, part in enumerate(artifact.components)
    ]
    view = artifact_view(artifact, ctx, parts)
    if not artifact.extra:
        return view
    return _merge(
        view,
        artifact.extra,
        _artifact_same(artifact, view),
        ctx,
        native,
        ARTIFACT_URL_REF,
        _model_fix(artifact),
    )


def component_entry(
    part: Component, owner: str, index: int, ctx: Context, *, native: bool = True
) -> dict[str, Any]:
    """The nested component written for one of an artifact's components."""
    view = component_view(part, owner, index, ctx)
    if not part.extra:
        return view
    ref_type = LOCATION_REF[part.role.content_type]
    return _merge(view, part.extra, _component_same(part, view), ctx, native, ref_type)
