"""The checks of every input together: duplicate ids, lineage targets and cycles, license ids.

They run once, after every input is read, over the artifacts that were built and what can be
read of those that could not be (:class:`~openness.formats.importer.Unbuilt`), so that one
``validate`` shows every problem at once: fixing a field error never reveals a lineage error
that was there all along.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from openness.errors import Problem, Severity
from openness.importers import Origin
from openness.licenses.suggest import expression_notes
from openness.model import Artifact, LicenseExpression

if TYPE_CHECKING:
    from openness.loading import LoadResult

__all__ = ["check_graph", "check_licenses", "check_unbuilt", "duplicate", "is_stub"]


def is_stub(artifact: Artifact) -> bool:
    """Importers create stub artifacts (``extra["stub"]``) for references no input defines."""
    return bool(artifact.extra.get("stub"))


def duplicate(aid: str, origin: Origin, other: Origin, how: str) -> Problem:
    """The error of a second definition of ``aid`` (at ``origin``; the other at ``other``)."""
    where = f"{other.document.path} at line {other.document.line_of(other.path)}"
    return origin.document.problem(
        (*origin.path, "id"), f"duplicate artifact id {aid!r}: {how} {where}"
    )


def check_unbuilt(result: LoadResult) -> None:
    """An artifact that could not be built still takes its id: a second definition of it is
    reported now, not once its fields are fixed."""
    if not result.unbuilt:
        return
    defined = {a.id: result.origins[a.id] for a in result.artifacts if not is_stub(a)}
    seen: dict[str, Origin] = {}
    for unbuilt in result.unbuilt:
        other = defined.get(unbuilt.id) or seen.get(unbuilt.id)
        if other is not None:
            result.problems.append(duplicate(unbuilt.id, unbuilt.origin, other, "also defined in"))
            result.duplicate_ids.add(unbuilt.id)
        seen.setdefault(unbuilt.id, unbuilt.origin)


def check_graph(result: LoadResult, unread: Sequence[str] = ()) -> None:
    """Lineage targets and cycles, of the built artifacts and of those that could not be built
    (a target whose definition has errors is not reported as undefined: its errors are)."""
    graph = result.graph()
    unbuilt = {u.id for u in result.unbuilt}
    by_lower: dict[str, str] | None = None  # each id by its lower case (the first), when needed
    missing = [
        (result.origins[artifact.id], index, edge.target, edge.relation.value)
        for artifact, index, edge in graph.missing_targets()
        if edge.target not in unbuilt
    ]
    missing.extend(
        (u.origin, index, target, relation)
        for u in result.unbuilt
        for index, target, relation in u.lineage
        if target not in graph.artifacts and target not in unbuilt
    )
    for origin, index, target, relation in missing:
        if by_lower is None:
            by_lower = {}
            for known in [*graph.artifacts, *unbuilt]:
                by_lower.setdefault(known.lower(), known)
        close = by_lower.get(target.lower())
        if close is not None:
            hint = f" (did you mean {close!r}?)"
        else:
            hint = (
                "; add an artifact with that id, or give the file that defines it too (check "
                "--with FILE reads it for lineage only)"
            )
            if unread:
                hint += f"; {_listed(unread)} could not be read and may define it"
        result.problems.append(
            origin.document.problem(
                (*origin.path, "lineage", index, "target"),
                f"lineage target {target!r} ({relation}) is not defined in any input{hint}",
            )
        )
    for cycle in graph.find_cycles():
        origin = result.origins[cycle[0]]
        result.problems.append(
            origin.document.problem(
                (*origin.path, "lineage"),
                "lineage cycle: " + " -> ".join(cycle) + "; an artifact cannot descend from itself",
            )
        )


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _license_warnings(
    expression: LicenseExpression, origin: Origin, path: tuple[str | int, ...]
) -> Iterable[Problem]:
    for note in expression_notes(expression.parsed):
        yield origin.document.problem(path, note, severity=Severity.WARNING)


def check_licenses(result: LoadResult) -> None:
    """Warnings for license ids outside the SPDX list and ids rewritten to their case."""
    noisy: dict[str, bool] = {}

    def needs(expr: LicenseExpression) -> bool:
        flag = noisy.get(expr)
        if flag is None:
            flag = noisy[expr] = bool(expr.unknown_ids) or any(
                w.lower() != c.lower() for w, c in expr.rewrites
            )
        return flag

    for artifact in result.artifacts:
        origin = result.origins[artifact.id]
        if artifact.license is not None and needs(artifact.license):
            result.problems.extend(
                _license_warnings(artifact.license, origin, (*origin.path, "license"))
            )
        for kind, expr in artifact.release_licenses.items():
            if needs(expr):
                path = (*origin.path, "release_licenses", kind.value)
                result.problems.extend(_license_warnings(expr, origin, path))
        for index, component in enumerate(artifact.components):
            if component.license is not None and needs(component.license):
                path = (*origin.path, "components", index, "license")
                result.problems.extend(_license_warnings(component.license, origin, path))
