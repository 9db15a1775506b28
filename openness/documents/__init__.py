"""Reading input files safely: size limits, safe YAML with an alias-expansion guard, JSON and
TOML, and line numbers for field paths (computed only when a problem needs one).

Importers receive a :class:`Document`: the parsed data (for YAML, JSON and TOML), the text,
and a way to find the line of a field path. The package keeps one job per module:
:mod:`~openness.documents.read` (files and limits), :mod:`~openness.documents.parse`
(formats), :mod:`~openness.documents.safe_yaml` (the guarded YAML reader) and
:mod:`~openness.documents.lines` (line numbers).
"""

from __future__ import annotations

from openness.documents.lines import LineIndex, TomlLineIndex
from openness.documents.parse import Document, guess_format, parse_text
from openness.documents.read import DEFAULT_MAX_BYTES, STDIN_NAME, max_input_bytes, read_document
from openness.documents.safe_yaml import ALIAS_EXPANSION_SLACK

__all__ = [
    "ALIAS_EXPANSION_SLACK",
    "DEFAULT_MAX_BYTES",
    "STDIN_NAME",
    "Document",
    "LineIndex",
    "TomlLineIndex",
    "guess_format",
    "max_input_bytes",
    "parse_text",
    "read_document",
]
