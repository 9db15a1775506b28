"""The headed sections of a card's Markdown body that the Hugging Face model card template
(``huggingface_hub/templates/modelcard_template.md``) names: uses, out-of-scope uses, bias,
risks and limitations, training procedure, environmental impact and contact.

Template placeholders (``[More Information Needed]``, ``{{ ... }}``, HTML comments) are not
facts and are skipped. Headings inside fenced code blocks are not headings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Section", "SectionFacts", "card_sections", "section_facts"]


_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BULLET = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+(.*)$")
# The template's placeholders, each found by a literal first (a pattern that may start with
# optional brackets or spaces is tried at every position: 30 times slower on a long card).
_MORE_INFO = re.compile(r"more\s+information\s+needed(?:[ \t]*\])?\.?", re.IGNORECASE)
_JINJA = re.compile(r"\{\{.*?\}\}")
_OPTIONAL_MARK = re.compile(r"\[optional\]", re.IGNORECASE)
_TODO = re.compile(r"TODO\b[^\n]*")
_CUT = "\x01"
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_FIELD = re.compile(r"^\s*(?:[-*+][ \t]+)?\*\*([^*:]+):?\*\*:?\s*(.*)$")


_OPTIONAL = re.compile(r"\[optional\]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _key(title: str) -> str:
    """A heading's words, lower case, without ``[optional]``, markup or punctuation."""
    return _NOT_WORD.sub(" ", _OPTIONAL.sub(" ", title.lower())).strip()


#: Heading words -> the fact the section's text states.
_HEADINGS: dict[str, str] = {
    "uses": "intended_uses",
    "direct use": "intended_uses",
    "direct uses": "intended_uses",
    "downstream use": "intended_uses",
    "downstream uses": "intended_uses",
    "intended use": "intended_uses",
    "intended uses": "intended_uses",
    "intended use cases": "intended_uses",
    "intended uses limitations": "intended_uses",
    "out of scope use": "out_of_scope_uses",
    "out of scope uses": "out_of_scope_uses",
    "misuse and out of scope use": "out_of_scope_uses",
    "misuse malicious use and out of scope use": "out_of_scope_uses",
    "bias risks and limitations": "risks",
    "bias risks limitations": "risks",
    "risks and limitations": "risks",
    "bias and risks": "risks",
    "risks": "risks",
    "ethical considerations": "risks",
    "ethical considerations and limitations": "risks",
    "limitations": "limitations",
    "known limitations": "limitations",
    "technical limitations": "limitations",
    "limitations and bias": "limitations",
    "training procedure": "training_information",
    "training details": "training_information",
    "environmental impact": "environment",
    "model card contact": "contact",
    "contact": "contact",
}


@dataclass(frozen=True, slots=True)
class Section:
    """One heading: its level, title, line (0-based, in the body), the lines under it up to
    the next heading, and those up to the next heading of its level or higher."""

    level: int
    title: str
    line: int
    lines: tuple[str, ...]
    subtree: tuple[str, ...]


@dataclass
class SectionFacts:
    """What the headed sections say, each with the section it was read from."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    environment: dict[str, str] = field(default_factory=dict)
    where: dict[str, Section] = field(default_factory=dict)


def _clean_lines(body: str) -> list[str]:
    """The body's lines with HTML comments blanked (line numbers kept); the lines of fenced
    code blocks start with NUL."""
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body) if "<!--" in body else body
    if "```" not in text and "~~~" not in text:
        return text.splitlines()
    out: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if fence is None and match is not None:
            fence = match.group(1)[0] * 3
            out.append("\0" + line)
        elif fence is not None:
            if line.strip().startswith(fence):
                fence = None
            out.append("\0" + line)
        else:
            out.append(line)
    return out


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """Each heading's line, level and title."""
    heads: list[tuple[int, int, str]] = []
    for number, line in enumerate(lines):
        if "#" in line[:4]:
            match = _HEADING.match(line)
            if match is not None:
                heads.append((number, len(match.group(1)), match.group(2)))
    return heads


def _section(lines: list[str], heads: list[tuple[int, int, str]], i: int) -> Section:
    number, level, title = heads[i]
    end = heads[i + 1][0] if i + 1 < len(heads) else len(lines)
    stop = next((n for n, lv, _ in heads[i + 1 :] if lv <= level), len(lines))
    return Section(
        level, title, number, tuple(lines[number + 1 : end]), tuple(lines[number + 1 : stop])
    )


def card_sections(body: str) -> Iterator[Section]:
    """Every heading of the body with its own lines and its subtree's (sub-headings too)."""
    lines = _clean_lines(body)
    heads = _headings(lines)
    for i in range(len(heads)):
        yield _section(lines, heads, i)


def _prose(line: str) -> bool:
    """True for a line neither of code nor a heading."""
    return not line.startswith("\0") and ("#" not in line[:4] or _HEADING.match(line) is None)


def _strip(text: str) -> str:
    """The text without the template's placeholders (``[More Information Needed]``,
    ``{{ ... }}``, ``[optional]``, ``TODO ...``)."""
    if "nformation" in text or "NFORMATION" in text:
        text = _MORE_INFO.sub(_CUT, text).replace("[" + _CUT, "").replace(_CUT, "")
    if "{{" in text:
        text = _JINJA.sub("", text)
    if "[" in text:
        text = _OPTIONAL_MARK.sub("", text)
    if "TODO" in text:
        text = _TODO.sub("", text)
    return text.strip()


def _items(lines: tuple[str, ...]) -> list[str]:
    """The section's statements: each bullet (with its continuation lines) when it has
    bullets, else each paragraph; placeholders and code left out."""
    prose = [line for line in lines if _prose(line)]
    bullets = any(_BULLET.match(line) for line in prose)
    items: list[list[str]] = []
    current: list[str] | None = None
    blank = False
    for line in prose:
        if not line.strip():
            blank = True
            continue
        match = _BULLET.match(line) if bullets else None
        if match is not None:
            current = [match.group(1).strip()]
            items.append(current)
        elif current is not None and not (blank and not line.startswith((" ", "\t"))):
            current.append(line.strip())
        else:
            current = [line.strip()]
            items.append(current)
        blank = False
    out = [_strip(" ".join(parts)) for parts in items]
    return [item for item in out if re.search(r"\w", item)]  # "*" left of "*TODO ...*"


def _text(lines: tuple[str, ...]) -> str | None:
    """The section's text as written (its sub-sections' too), without their headings,
    placeholders and code."""
    kept = [line for line in lines if _prose(line)]
    text = _strip("\n".join(kept))
    paragraphs = (p.strip() for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p) or None


def _environment(lines: tuple[str, ...]) -> dict[str, str]:
    """The template's ``- **Hardware Type:** value`` lines, by lower-case label."""
    out: dict[str, str] = {}
    for line in lines:
        match = _FIELD.match(line)
        if match is not None:
            value = _strip(match.group(2))
            if value:
                out[match.group(1).strip().lower()] = value
    return out


def section_facts(body: str) -> SectionFacts:
    """The facts the body's template sections state (the first section of each kind that
    says something wins; uses gather the direct and downstream sections)."""
    facts = SectionFacts()
    if "#" not in body:  # no heading, no section
        return facts
    lines = _clean_lines(body)
    heads = _headings(lines)
    for i, (_, _, title) in enumerate(heads):
        fact = _HEADINGS.get(_key(title))
        if fact is None:
            continue
        section = _section(lines, heads, i)
        if fact == "environment":
            found = _environment(section.subtree)
            if found and fact not in facts.where:
                facts.environment = found
                facts.where[fact] = section
        elif fact in ("training_information", "contact"):
            text = _text(section.subtree if fact == "training_information" else section.lines)
            if text is not None and fact not in facts.texts:
                facts.texts[fact] = text
                facts.where[fact] = section
        else:
            items = _items(section.lines)
            if items:
                facts.lists.setdefault(fact, []).extend(items)
                facts.where.setdefault(fact, section)
    return facts
