"""Evidence that names the repository's web page at the commit rather than a path in the
local cache: every ``source`` text inside the snapshot folder (at any depth of the artifact,
as a model field or a key of its free-form metadata) becomes
``https://huggingface.co/ORG/NAME/blob/COMMIT/FILE``, the folder itself ``.../tree/COMMIT``.

The artifact is what dumping it to JSON, changing those texts and validating it again gives;
it is built by copying only what changes (the fields of each model that can hold a ``source``,
a license expression or a float are found once, from the model's annotations), and the trip
itself is taken for a value the copy cannot vouch for."""

from __future__ import annotations

import math
import os
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

from pydantic import BaseModel

from openness.model import Artifact, InvalidLicenseExpression, LicenseExpression

__all__ = ["repoint_data", "repointed"]

_PLAIN = (str, int, bool, type(None))


def repoint_data(data: Any, folder: str, page: str, tree: str) -> None:
    """Every ``source`` key's text in the dumped artifact ``data`` (at any depth) that names
    ``folder`` or a path inside it, as the web address: changed in place."""
    inside = folder + os.sep
    pending = [data]
    while pending:
        value = pending.pop()
        if type(value) is list:
            pending.extend(item for item in value if type(item) is dict or type(item) is list)
            continue
        for key, item in value.items():
            kind = type(item)
            if kind is dict or kind is list:
                pending.append(item)
            elif key == "source" and isinstance(item, str):
                if item == folder:
                    value[key] = tree
                elif item.startswith(inside):
                    value[key] = page + item[len(inside) :].replace(os.sep, "/")


def repointed(artifact: Artifact, folders: list[str], page: str, tree: str) -> Artifact:
    """``artifact`` with the sources inside each of ``folders`` (absolute; the first that
    holds a source wins) as web addresses, as :func:`repoint_data` on its JSON dump and
    validation give it."""
    fast = _copied(artifact, _web_address(folders, page, tree))
    if fast is not None:
        return fast
    data = artifact.model_dump(mode="json", exclude_defaults=True, by_alias=True)
    for folder in folders:
        repoint_data(data, folder, page, tree)
    return Artifact.model_validate(data)


def _web_address(folders: list[str], page: str, tree: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        for folder in folders:
            if text == folder:
                return tree
            if text.startswith(folder + os.sep):
                return page + text[len(folder) + 1 :].replace(os.sep, "/")
        return text

    return change


class _Unsure(Exception):
    """A value whose trip through JSON and validation may not give it back as it is."""


def _copied(artifact: Artifact, change: Callable[[str], str]) -> Artifact | None:
    try:
        fresh = _fresh(artifact, change)
    except (_Unsure, InvalidLicenseExpression):
        return None
    parameters = fresh.facts.parameters  # (a weight header's count, not validated yet)
    if parameters is not None and (type(parameters) is not int or parameters < 0):
        return None
    return fresh  # type: ignore[no-any-return]


def _fresh(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` after the trip: itself when nothing in it changes."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        if not math.isfinite(value):  # (not JSON: the trip itself says what it becomes)
            raise _Unsure
        return value
    if kind is list:
        out = None
        for index, item in enumerate(value):
            new = _fresh(item, change)
            if new is not item:
                if out is None:
                    out = list(value)
                out[index] = new
        return value if out is None else out
    if kind is dict:
        changed: dict[Any, Any] | None = None
        for key, item in value.items():
            if type(key) is not str and not isinstance(key, Enum):
                raise _Unsure  # (the trip makes the key text)
            if key == "source" and isinstance(item, str):
                if type(item) is not str:
                    raise _Unsure
                new = change(item)
            else:
                new = _fresh(item, change)
            if new is not item:
                if changed is None:
                    changed = dict(value)
                changed[key] = new
        return value if changed is None else changed
    if isinstance(value, LicenseExpression):
        return LicenseExpression.of(str(value))  # validation reads it from its text again
    if isinstance(value, Enum):
        return value
    if isinstance(value, BaseModel):
        names = _VISIT.get(kind)
        if names is None:  # a model the annotations were not read for: every field
            names = tuple(kind.__pydantic_fields__)
        updates: dict[str, Any] = {}
        for name in names:
            item = getattr(value, name)
            new = change(item) if name == "source" and type(item) is str else _fresh(item, change)
            if new is not item:
                updates[name] = new
        return value.model_copy(update=updates) if updates else value
    raise _Unsure


def _needs(annotation: Any, seen: dict[type, tuple[str, ...]]) -> bool:
    """True when a value of ``annotation`` may hold something the trip changes (a ``source``
    key or field, a license expression, a float, a value of an unknown type)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _needs(typing.get_args(annotation)[0], seen)
    if origin is typing.Union or origin is types.UnionType or origin is list:
        return any(_needs(arg, seen) for arg in typing.get_args(annotation))
    if origin is dict:
        key, item = typing.get_args(annotation)
        if not (isinstance(key, type) and issubclass(key, Enum)):
            return True  # (a text key may be "source")
        return any(m.value == "source" for m in key) or _needs(item, seen)
    if annotation in _PLAIN or annotation is None:
        return False
    if isinstance(annotation, type):
        if issubclass(annotation, LicenseExpression):
            return True
        if issubclass(annotation, Enum):
            return False
        if issubclass(annotation, BaseModel):
            return bool(_fields_to_visit(annotation, seen))
    return True


def _fields_to_visit(model: type[BaseModel], seen: dict[type, tuple[str, ...]]) -> tuple[str, ...]:
    if model in seen:
        return seen[model]
    seen[model] = tuple(model.__pydantic_fields__)  # (while being read: every field)
    names = tuple(
        name
        for name, info in model.__pydantic_fields__.items()
        if name == "source" or _needs(info.annotation, seen)
    )
    seen[model] = names
    return names


def _models(root: type[BaseModel]) -> dict[type, tuple[str, ...]]:
    seen: dict[type, tuple[str, ...]] = {}
    _fields_to_visit(root, seen)
    return seen


#: Per model class reachable from :class:`Artifact`, the fields that may hold something the
#: trip changes (read once, from the annotations; never changed after).
_VISIT: typing.Mapping[type, tuple[str, ...]] = types.MappingProxyType(_models(Artifact))
