"""The words of ``mof``'s findings: the open-license properties, lists and capitals, and how a
how-to-fix names the class it reaches."""

from __future__ import annotations

from openness.policy.builtin.mof.table import MofClass

__all__ = ["PROPERTY_WORDS", "and_list", "cap", "reach"]

#: How a finding names each open-license property.
PROPERTY_WORDS = {
    "osi-approved": "OSI-approved",
    "fsf-libre": "FSF-libre",
    "open-data": "an open data license",
    "mot-typed": "on MOT's license list",
}


def and_list(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def cap(text: str) -> str:
    """``text`` with its first letter upper-case."""
    return text[:1].upper() + text[1:]


def reach(mof_class: MofClass) -> str:
    """The end of a how-to-fix: the class that doing it reaches."""
    return f" to reach {mof_class.level} ({mof_class.label})"
