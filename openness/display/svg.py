"""The lineage graph as an inline SVG: upstream artifacts on the left, derivatives to the right.

A layered layout computed in linear time: an artifact's column is one more than the deepest of
its upstream artifacts (those without lineage in the graph are in column 0). Pure function,
every label escaped, no script, no external reference; marker ids derive from the content so
that two diagrams on one page never clash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from openness.display.escape import h, shorten
from openness.model import Artifact
from openness.policy.verdict import Outcome

__all__ = ["MAX_NODES", "lineage_svg"]

#: Larger graphs are not drawn (the diagram would be unreadable and the page huge).
MAX_NODES = 400

_W, _H, _GAP_X, _GAP_Y, _PAD = 190, 40, 70, 14, 10


def _columns(artifacts: Sequence[Artifact]) -> dict[str, int]:
    by_id = {a.id: a for a in artifacts}
    depth: dict[str, int] = {}
    for root in by_id:
        if root in depth:
            continue
        stack: list[tuple[str, bool]] = [(root, False)]
        on_path: set[str] = set()
        while stack:
            node, done = stack.pop()
            if done:
                on_path.discard(node)
                targets = [e.target for e in by_id[node].lineage if e.target in by_id]
                depth[node] = 1 + max((depth.get(t, 0) for t in targets), default=-1)
                continue
            if node in depth or node in on_path:
                continue  # a cycle (loading reports those) is cut here
            on_path.add(node)
            stack.append((node, True))
            for edge in by_id[node].lineage:
                if edge.target in by_id and edge.target not in depth:
                    stack.append((edge.target, False))
    return depth


def lineage_svg(
    artifacts: Sequence[Artifact],
    status: Mapping[str, Outcome] | None = None,
    labels: Mapping[str, str] | None = None,
    *,
    max_nodes: int = MAX_NODES,
) -> str:
    """An ``<svg>`` of the lineage edges between ``artifacts``.

    ``status`` colours each node by an outcome; ``labels`` adds a second line under a node's
    name (for example ``3/9 pass``). Returns a short note instead when there are more than
    ``max_nodes`` artifacts.
    """
    if not artifacts:
        return '<p class="oness-muted">No artifacts.</p>'
    if len(artifacts) > max_nodes:
        return (
            f'<p class="oness-muted">Lineage graph not drawn: {len(artifacts):,} artifacts '
            f"(the limit is {max_nodes:,}).</p>"
        )
    status = status or {}
    labels = labels or {}
    column = _columns(artifacts)
    rows: dict[int, int] = {}
    place: dict[str, tuple[int, int]] = {}
    for artifact in artifacts:
        col = column[artifact.id]
        row = rows.get(col, 0)
        rows[col] = row + 1
        place[artifact.id] = (_PAD + col * (_W + _GAP_X), _PAD + row * (_H + _GAP_Y))
    width = _PAD * 2 + (max(rows) + 1) * _W + max(rows) * _GAP_X
    height = _PAD * 2 + max(rows.values()) * (_H + _GAP_Y) - _GAP_Y
    key = hashlib.sha256("\x1f".join(a.id for a in artifacts).encode()).hexdigest()[:10]
    marker = f"oness-arrow-{key}"
    out = [
        f'<svg class="oness-lineage" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Lineage graph of {len(artifacts)} artifact(s)">',
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">'
        '<path class="oness-arrow" d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>',
    ]
    for artifact in artifacts:
        ax, ay = place[artifact.id]
        for edge in artifact.lineage:
            if edge.target not in place:
                continue
            tx, ty = place[edge.target]
            x1, y1, x2, y2 = tx + _W, ty + _H // 2, ax, ay + _H // 2
            if x2 <= x1:  # same column (a cut cycle): route around the left side
                x1, x2 = tx, ax
                mid = min(x1, x2) - _GAP_X // 2
                d = f"M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2} {y2}"
            else:
                mid = (x1 + x2) // 2
                d = f"M {x1} {y1} C {mid} {y1}, {mid} {y2}, {x2 - 2} {y2}"
            rel = h(edge.relation.value)
            out.append(
                f'<g class="oness-link"><title>{h(artifact.id)} {rel} {h(edge.target)}</title>'
                f'<path class="oness-edge" d="{d}" marker-end="url(#{marker})"/>'
                f'<text class="oness-rel" x="{(x1 + x2) // 2}" y="{(y1 + y2) // 2 - 3}" '
                f'text-anchor="middle">{rel}</text></g>'
            )
    for artifact in artifacts:
        x, y = place[artifact.id]
        outcome = status.get(artifact.id)
        css = f" oness-{outcome.value}" if outcome is not None else ""
        name = shorten(artifact.display_name, 26)
        second = labels.get(artifact.id, artifact.kind.value)
        out.append(
            f'<g class="oness-node{css}"><title>{h(artifact.display_name)} ({h(artifact.id)})'
            f"</title>"
            f'<rect x="{x}" y="{y}" width="{_W}" height="{_H}" rx="6" ry="6"/>'
            f'<text x="{x + 8}" y="{y + 16}">{h(name)}</text>'
            f'<text class="oness-rel" x="{x + 8}" y="{y + 32}">{h(shorten(second, 32))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
