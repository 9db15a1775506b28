"""Notebook display without upward imports.

The types that show as HTML in a notebook (artifacts, verdicts, comparisons) name a renderer
key; the package root (``openness/__init__.py``) maps each key to the function of
:mod:`openness.display` that renders it, loaded on first display. The model and the policy
engine so never import the display layer: the display functions take model objects, not the
other way round. The table is filled once, when the package is imported, and only read after.
"""

from __future__ import annotations

from importlib.metadata import EntryPoint

__all__ = ["register", "render_html"]

_RENDERERS: dict[str, EntryPoint] = {}


def register(key: str, target: str) -> None:
    """Render objects of ``key`` with ``target`` (``"module:function"``)."""
    _RENDERERS[key] = EntryPoint(name=key, value=target, group="openness.display")


def render_html(key: str, obj: object) -> str:
    """The HTML of ``obj`` from the renderer registered for ``key``."""
    render = _RENDERERS[key].load()
    html = render(obj)
    assert isinstance(html, str)
    return html
