"""The ``json`` format: a list of verdict objects (the schema is :func:`report_schema`).

Verdicts are ordered by artifact (input order) then policy (order given); keys are sorted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from openness.reporters.report import Report

__all__ = ["JsonReporter"]


class JsonReporter:
    """Machine-readable verdicts, valid against ``docs/schema/report.schema.json``."""

    name = "json"
    media_type = "application/json"
    suffix = ".json"

    def render(self, report: Report, *, color: bool = False) -> str:
        """Indented JSON with sorted keys and a final newline."""
        return "".join(self.chunks(report, color=color))

    def chunks(self, report: Report, *, color: bool = False) -> Iterator[str]:
        """:meth:`render` in pieces, a few hundred verdicts each, made as they are written
        (the same bytes as ``json.dumps`` of the whole list): the verdicts of a large graph as
        dictionaries all at once took several times the size of the text in memory."""
        encoder = json.JSONEncoder(indent=2, sort_keys=True, ensure_ascii=False)
        batch: list[str] = []
        size = 0
        separator = "[\n  "
        for verdict in report.ordered():
            # One element of an indented list: its own indented text, one level deeper (JSON
            # strings hold no raw newline, so every newline here is the layout's).
            text = encoder.encode(verdict.to_dict()).replace("\n", "\n  ")
            batch += (separator, text)
            separator = ",\n  "
            size += len(text)
            if size >= _CHUNK_CHARS:
                yield "".join(batch)
                batch, size = [], 0
        yield "".join(batch) + "\n]\n" if separator != "[\n  " else "[]\n"


#: :meth:`JsonReporter.chunks` gives pieces of about this many characters.
_CHUNK_CHARS = 1 << 16
