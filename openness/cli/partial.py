"""Judging what can be judged when some inputs have errors (``check`` and ``compare``).

An error is confined to its file: a file with an error is not judged (none of its artifacts);
an id defined twice is not judged under either definition, since which one is meant is not
known; and an artifact whose lineage reaches one that is not judged (or one that could not be
built) is not judged either, since its verdicts depend on it. Everything else is judged and
reported as usual, a line for each input left out says why, and the command still exits 2.
See docs/cli.md ("Inputs with errors").
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field

from openness.cli.output import echo, echo_problems
from openness.errors import Severity
from openness.loading import LoadResult

__all__ = ["Judgeable", "judgeable", "report_problems"]


@dataclass
class Judgeable:
    """The part of a load that can be judged, and why the rest cannot."""

    #: The load restricted to the artifacts that can be judged (every problem kept).
    result: LoadResult
    #: One line for each input (or artifact) left out, saying why.
    left_out: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        """True when the inputs have errors (the command exits 2 whatever it judged)."""
        return not self.result.ok


def judgeable(result: LoadResult) -> Judgeable:
    """Split ``result`` into what can be judged and what cannot (see the module's doc)."""
    if result.ok:
        return Judgeable(result)
    bad_files = list(dict.fromkeys(p.file for p in result.errors))
    bad = set(bad_files)
    reasons: dict[str, str] = {}  # artifact id -> why it is not judged
    for artifact in result.artifacts:
        if result.origins[artifact.id].document.path in bad:
            reasons[artifact.id] = "its file has errors"
        elif artifact.id in result.duplicate_ids:
            reasons[artifact.id] = "its id is defined more than once"
    blocked = deque([*reasons, *(u.id for u in result.unbuilt), *result.duplicate_ids])
    children: dict[str, list[str]] = defaultdict(list)
    for artifact in result.artifacts:
        for edge in artifact.lineage:
            children[edge.target].append(artifact.id)
    while blocked:
        parent = blocked.popleft()
        for child in children.get(parent, ()):
            if child not in reasons:
                reasons[child] = f"its lineage reaches {parent!r}, which is not judged"
                blocked.append(child)
    kept = [a for a in result.artifacts if a.id not in reasons]
    kept_ids = {a.id for a in kept}
    part = LoadResult(
        artifacts=kept,
        origins={aid: o for aid, o in result.origins.items() if aid in kept_ids},
        problems=result.problems,
        hub_inputs={
            name: [aid for aid in ids if aid in kept_ids] for name, ids in result.hub_inputs.items()
        },
        unbuilt=result.unbuilt,
        duplicate_ids=result.duplicate_ids,
    )
    lines = [f"{file}: not judged: it has errors" for file in bad_files]
    others = [
        f"{result.origins[a.id].document.path}: {a.id}: not judged: {reasons[a.id]}"
        for a in result.artifacts
        if reasons.get(a.id, "its file has errors") != "its file has errors"
    ]
    lines.extend(others[:_LISTED])
    if len(others) > _LISTED:
        lines.append(f"... and {len(others) - _LISTED} more artifact(s) not judged")
    return Judgeable(part, lines)


#: How many artifacts left out for their lineage or their id are named one by one.
_LISTED = 20


def report_problems(found: Judgeable, *, quiet: bool) -> None:
    """Print the errors first, then the inputs left out and why, then (unless ``quiet``) the
    warnings, and, when inputs were left out, a closing count (the errors may be far above)."""
    result = found.result
    errors, warnings = result.errors, result.warnings
    echo_problems(errors)
    for line in found.left_out:
        echo(line, err=True)
    if not quiet:
        echo_problems(p for p in result.problems if p.severity is Severity.WARNING)
    if found.left_out:
        shown = "" if quiet else f", {len(warnings)} warning(s)"
        echo(
            f"{len(errors)} error(s) (listed first){shown}; {len(found.left_out)} input(s) not "
            f"judged (listed after the errors), {len(result.artifacts)} artifact(s) judged; "
            "exit 2",
            err=True,
        )
