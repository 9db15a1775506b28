"""README badges: a verdict as a small self-contained SVG (``MOF | Class II``, ``OSAID | pass``).

Flat two-part badges in the style READMEs already show, drawn with no external resource (no
font, image, link or script: a README viewer fetches nothing), every text escaped, the same
verdict giving the same bytes. Text widths are estimated from a per-character table of Verdana
at 11 px (the font badge services use), so no font file is needed.
"""

from __future__ import annotations

from openness.display.escape import h
from openness.policy.progress import level_progress
from openness.policy.verdict import Outcome, Verdict

__all__ = ["badge_svg", "verdict_badge"]

_COLOURS = {
    Outcome.PASS: "#2e7d32",
    Outcome.FAIL: "#c62828",
    Outcome.UNKNOWN: "#6d6d6d",
    Outcome.NOT_APPLICABLE: "#9e9e9e",
}
#: Graded levels, best first, by how many levels a policy has below the best.
_LEVEL_COLOURS = ("#2e7d32", "#558b2f", "#827717")
_LABELS = {"osaid": "OSAID", "mof": "MOF", "debian-ml": "Debian ML", "osd": "OSD", "fsf": "FSF"}
_ROMAN = {"class-1": "Class I", "class-2": "Class II", "class-3": "Class III"}

_NARROW = set("fijlrtI.,:;'|!() ")
_WIDE = set("mwMW@%")


def _width(text: str) -> int:
    """Estimated width in pixels of ``text`` in 11 px Verdana."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += 4.0
        elif char in _WIDE:
            total += 10.5
        elif char.isupper() or char.isdigit():
            total += 7.5
        else:
            total += 6.6
    return int(total + 0.5)


def badge_svg(label: str, message: str, colour: str) -> str:
    """A two-part badge: ``label`` on grey, ``message`` on ``colour`` (a ``#rrggbb`` value)."""
    if not (
        len(colour) == 7
        and colour[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in colour[1:])
    ):
        raise ValueError(f"colour must be #rrggbb, got {colour!r}")
    left, right = _width(label) + 12, _width(message) + 12
    total = left + right
    title = h(f"{label}: {message}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{colour}"/>'
        '<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" '
        'font-size="11">'
        f'<text x="{left / 2:g}" y="14">{h(label)}</text>'
        f'<text x="{left + right / 2:g}" y="14">{h(message)}</text>'
        "</g></svg>\n"
    )


def verdict_badge(verdict: Verdict, label: str | None = None) -> str:
    """``verdict`` as a badge: the policy (``MOF``, ``OSAID``) and its level when it has one
    (``Class II``; ``no class`` with the lowest class's progress when it has none), else its
    outcome (``pass``, ``fail``, ``unknown``, ``n/a``); ``label`` replaces the policy's name."""
    name = label if label is not None else _LABELS.get(verdict.policy, verdict.policy)
    colour = _COLOURS[verdict.outcome]
    if verdict.level is not None:
        message = _ROMAN.get(verdict.level, verdict.level)
        if verdict.level in verdict.levels:
            rank = verdict.levels.index(verdict.level)
            colour = _LEVEL_COLOURS[min(rank, len(_LEVEL_COLOURS) - 1)]
    elif verdict.outcome is Outcome.NOT_APPLICABLE:
        message = "n/a"
    else:
        message = verdict.outcome.value
        progress = level_progress(verdict)
        if progress:
            lowest = progress[0]
            word = "no class" if verdict.outcome is Outcome.FAIL else message
            message = f"{word} ({_ROMAN.get(lowest.level, lowest.level)} {lowest.percent}%)"
    return badge_svg(name, message, colour)
