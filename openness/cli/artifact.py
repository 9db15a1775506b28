"""The inputs of a command about one artifact (``what-if``, ``may``, ``notice``, ``badge``):
ARTIFACT and its FILES loaded, a Hub id resolved to its artifact, an unknown id a usage error
with a did-you-mean."""

from __future__ import annotations

import difflib

import click

from openness.cli.compare import load_or_exit
from openness.hub.ids import is_hub_id
from openness.loading import LoadResult

__all__ = ["artifact_or_exit"]


def artifact_or_exit(
    artifact_id: str, files: tuple[str, ...], quiet: bool, depth: int | None
) -> tuple[LoadResult, str]:
    """The loaded inputs and the id of ARTIFACT in them. ARTIFACT may be a Hub id, read alone
    when there are no FILES; bad input exits 2 (see :func:`~openness.cli.compare.load_or_exit`)
    and an id that is in no input is a usage error naming the closest one."""
    if not files and not is_hub_id(artifact_id):
        raise click.UsageError("give the FILES that define ARTIFACT (or a Hub id as ARTIFACT)")
    result = load_or_exit(files or (artifact_id,), quiet, depth)
    if is_hub_id(artifact_id) and result.hub_inputs.get(artifact_id):
        artifact_id = result.hub_inputs[artifact_id][0]
    ids = [a.id for a in result.artifacts]
    if artifact_id not in ids:
        close = difflib.get_close_matches(artifact_id, ids, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise click.BadParameter(
            f"no artifact {artifact_id!r} in the inputs{hint} (artifacts: {', '.join(ids[:10])})",
            param_hint="'ARTIFACT'",
        )
    return result, artifact_id
