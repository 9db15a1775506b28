"""The ``json`` format: a list of verdict objects (the schema is :func:`report_schema`).

Verdicts are ordered by artifact (input order) then policy (order given); keys are sorted.
"""

from __future__ import annotations

import json

from openness.reporters.report import Report

__all__ = ["JsonReporter"]


class JsonReporter:
    """Machine-readable verdicts, valid against ``docs/schema/report.schema.json``."""

    name = "json"
    media_type = "application/json"
    suffix = ".json"

    def render(self, report: Report, *, color: bool = False) -> str:
        """Indented JSON with sorted keys and a final newline."""
        data = [verdict.to_dict() for verdict in report.ordered()]
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
