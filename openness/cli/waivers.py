"""Reading a waivers file (``check --waivers FILE``) into :class:`~openness.policy.waivers.Waiver`
objects, every problem with its file, line and field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from openness.documents import read_document
from openness.errors import InputError, Problem
from openness.policy.waivers import Waiver

__all__ = ["read_waivers"]

_EXAMPLE = (
    "waivers: [{rule: osd/parameters-license, artifact: nc-model, reason: research use only, "
    "by: legal, expires: 2027-06-30}]"
)


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)

    rule: str = Field(min_length=1, pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")
    artifact: str = Field(min_length=1)
    subject: str | None = Field(default=None, min_length=1)
    reason: str = Field(min_length=1)
    by: str | None = None
    expires: dt.date | None = None


def read_waivers(path: str) -> list[Waiver]:
    """The waivers of a YAML, JSON or TOML file with a top-level ``waivers`` list (or of a
    ``pyproject.toml`` with one under ``[tool.openness]``); raises
    :class:`InputError` with every problem (file, line, field, what would be right)."""
    document = read_document(path)
    data: Any = document.data
    prefix: list[str | int] = []
    if isinstance(data, dict) and "waivers" not in data:  # pyproject.toml: [tool.openness]
        tool = data.get("tool")
        section = tool.get("openness") if isinstance(tool, dict) else None
        if isinstance(section, dict) and "waivers" in section:
            data, prefix = section, ["tool", "openness"]
    if not isinstance(data, dict) or not isinstance(data.get("waivers"), list):
        raise InputError(
            [
                Problem(
                    path,
                    "waivers",
                    "expected a list of waivers under 'waivers' (in pyproject.toml under "
                    f"[tool.openness]), as {_EXAMPLE}",
                    1,
                )
            ]
        )
    problems: list[Problem] = []
    out: list[Waiver] = []
    for index, raw in enumerate(data["waivers"]):
        where: list[str | int] = [*prefix, "waivers", index]
        try:
            row = _Row.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                field = [*where, *error["loc"]]
                problems.append(
                    document.problem(field, error["msg"] + f" (a waiver looks like {_EXAMPLE})")
                )
            continue
        out.append(
            Waiver(
                rule=row.rule,
                artifact=row.artifact,
                reason=row.reason,
                by=row.by,
                expires=row.expires,
                subject=row.subject,
                source=path,
                line=document.line_of(where),
            )
        )
    if problems:
        raise InputError(problems)
    return out
