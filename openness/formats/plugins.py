"""Objects named by entry points (built-in ones too), loaded with
:meth:`importlib.metadata.EntryPoint.load`; a plugin that cannot be loaded, or is not what its
group needs, gives a :class:`PluginError` that names it, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import EntryPoint
from typing import TypeGuard, TypeVar

from openness.errors import InputError, Problem

__all__ = ["PluginError", "builtin", "load_plugin"]

T = TypeVar("T")


class PluginError(InputError):
    """A plugin (an entry point) that cannot be loaded or is not what its group needs."""


def builtin(name: str, value: str, group: str) -> EntryPoint:
    """The entry point of a built-in (``value`` is ``"module:attribute"``)."""
    return EntryPoint(name=name, value=value, group=group)


def _where(entry: EntryPoint) -> str:
    dist = getattr(entry, "dist", None)
    source = f", installed by {dist.name}" if dist is not None else ""
    return f"plugin {entry.name!r} ({entry.group} entry point {entry.value!r}{source})"


def load_plugin(entry: EntryPoint, fits: Callable[[object], TypeGuard[T]], needs: str) -> T:
    """The object ``entry`` names (a class is instantiated with no arguments), checked with
    ``fits`` (such as an ``isinstance`` test of a runtime-checkable protocol); ``needs`` says
    what fitting takes."""
    where = _where(entry)
    try:
        obj = entry.load()
    except Exception as exc:  # whatever the plugin's own import raises
        raise PluginError(
            [
                Problem(
                    where,
                    "",
                    f"cannot be loaded: {type(exc).__name__}: {exc}; install what it needs, "
                    "fix its entry point, or uninstall it",
                )
            ]
        ) from exc
    try:
        made = obj() if isinstance(obj, type) else obj
    except Exception as exc:  # its constructor failed
        raise PluginError(
            [Problem(where, "", f"cannot be made: {type(exc).__name__}: {exc}")]
        ) from exc
    if not fits(made):
        raise PluginError([Problem(where, "", f"is a {type(made).__name__}, not an {needs}")])
    return made
