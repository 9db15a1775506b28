"""A card's text: the YAML front matter, the title, and the problem collector of the card
being read (field paths and lines for its warnings and evidence)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openness.documents import Document, parse_text
from openness.errors import InputError, Problem, Severity, format_path
from openness.model import Evidence, EvidenceKind

__all__ = [
    "DATASET_KEYS",
    "FRONT_MATTER",
    "GATED_KEYS",
    "MAPPED_KEYS",
    "MODEL_KEYS",
    "Card",
    "card_title",
    "parse_metadata",
    "plain_value",
    "split_card",
]


# The Hub's own pattern for the metadata block (huggingface_hub.repocard.REGEX_YAML_BLOCK).
FRONT_MATTER = re.compile(r"^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))")


_HTML = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")


# Metadata keys mapped into the model; everything else goes to Artifact.extra.
MAPPED_KEYS = frozenset(
    {
        "license",
        "license_name",
        "license_link",
        "base_model",
        "base_model_relation",
        "datasets",
        "model-index",
        "model_name",
        "pretty_name",
    }
)


DATASET_KEYS = frozenset(
    {
        "task_categories",
        "size_categories",
        "annotations_creators",
        "language_creators",
        "multilinguality",
        "source_datasets",
        "pretty_name",
        "dataset_info",
        "configs",
        "task_ids",
        "paperswithcode_id",
        "train-eval-index",
    }
)


MODEL_KEYS = frozenset(
    {"library_name", "pipeline_tag", "base_model", "model-index", "model_name", "inference"}
)


GATED_KEYS = ("gated", "extra_gated_prompt", "extra_gated_fields", "extra_gated_heading")


def split_card(text: str) -> tuple[str | None, int, str]:
    """Split a card into its YAML metadata block, the number of lines before the block's
    first line, and the Markdown body. The metadata is None when there is no block."""
    match = FRONT_MATTER.search(text)
    if match is None:
        return None, 0, text
    offset = match.group(1).count("\n") or match.group(1).count("\r")
    return match.group(2), offset, text[match.end() :]


def card_title(body: str) -> str | None:
    for line in body.splitlines():
        stripped = line.strip()
        if stripped.startswith("# "):
            return _HTML.sub("", stripped[2:]).strip() or None
    return None


def plain_value(value: Any) -> Any:
    """YAML values as JSON-ready data (dates become ISO strings)."""
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass
class Card:
    """One card being read: where problems and evidence go."""

    document: Document
    offset: int
    meta_doc: Document | None
    problems: list[Problem] = field(default_factory=list)

    def line(self, path: Sequence[str | int]) -> int | None:
        if self.meta_doc is None:
            return None
        line = self.meta_doc.line_of(tuple(path))
        return line + self.offset if line is not None else None

    def warn(self, path: Sequence[str | int], message: str) -> None:
        self.problems.append(
            Problem(
                self.document.path,
                format_path(path),
                message,
                self.line(path),
                Severity.WARNING,
            )
        )

    def evidence(
        self,
        path: Sequence[str | int],
        note: str,
        kind: EvidenceKind = EvidenceKind.DECLARED,
    ) -> Evidence:
        return Evidence(
            source=self.document.path,
            locator=format_path(path) or None,
            line=self.line(path),
            kind=kind,
            note=note,
        )

    def text(self, path: Sequence[str | int], value: Any) -> str | None:
        """A string field, with HTML markup removed (and reported)."""
        if value is None:
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.warn(path, f"expected text, got {type(value).__name__}; the field is ignored")
            return None
        text = str(value).strip()
        if _HTML.search(text):
            cleaned = re.sub(r"\s+", " ", _HTML.sub(" ", text)).strip()
            self.warn(path, f"HTML markup in {text[:60]!r} removed; read as {cleaned!r}")
            text = cleaned
        return text or None


def parse_metadata(
    document: Document, block: str, offset: int
) -> tuple[dict[str, Any], Document | None, list[Problem]]:
    try:
        meta_doc = parse_text(document.path, block, "yaml")
    except InputError as exc:
        problems = [
            Problem(
                document.path,
                p.path,
                f"{p.message}; the metadata block is ignored, the rest of the card is read",
                p.line + offset if p.line is not None else None,
                Severity.WARNING,
            )
            for p in exc.problems
        ]
        return {}, None, problems
    data = meta_doc.data
    if data is None:
        return {}, meta_doc, []
    if not isinstance(data, dict):
        problem = Problem(
            document.path,
            "",
            f"the metadata block is a {type(data).__name__}, not a mapping of fields; ignored",
            offset + 1,
            Severity.WARNING,
        )
        return {}, None, [problem]
    return data, meta_doc, []
