"""Progress toward each level of a graded policy: the share of a level's requirements met.

A policy grades by levels (``Verdict.levels``, best first: MOF's ``class-1``, ``class-2``,
``class-3``) when each level has a rule named ``<policy>/<level>`` with one finding per required
component. Levels are cumulative, as in the Model Openness Tool's ``ModelEvaluator``: Class II
asks for everything of Class III and its own components, so its progress counts both. A
component counted once is not counted again: where the research paper stands in for the
technical report in Class III, it is not a second requirement in Class I (MOT's own progress for
its conformance fixtures, ``tests/test_mof_progress.py``). Missing facts are not met: an
``unknown`` requirement counts in the denominator only.

Pure functions of a verdict; policies and reporters stay unchanged by it.
"""

from __future__ import annotations

from dataclasses import dataclass

from openness.policy.verdict import Outcome, Verdict

__all__ = ["LevelProgress", "level_progress"]


@dataclass(frozen=True, slots=True)
class LevelProgress:
    """How much of one level (cumulative with the levels below it) a verdict meets."""

    level: str
    met: int
    required: int

    @property
    def percent(self) -> int:
        """The share met, as a whole percentage rounded down (99% until every item is met)."""
        return self.met * 100 // self.required if self.required else 0

    @property
    def reached(self) -> bool:
        """Every requirement of the level (and of those below it) is met."""
        return self.required > 0 and self.met == self.required

    def __str__(self) -> str:
        return f"{self.level} {self.percent}% ({self.met}/{self.required})"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the ``progress`` items of ``check --format json``)."""
        return {
            "level": self.level,
            "met": self.met,
            "required": self.required,
            "percent": self.percent,
        }


def level_progress(verdict: Verdict) -> tuple[LevelProgress, ...]:
    """The progress toward each level of ``verdict``, lowest level first (``class-3``, then
    ``class-2``, then ``class-1``); empty for a policy that does not grade by per-level
    requirement rules, and for a verdict whose rules did not apply."""
    out: list[LevelProgress] = []
    seen: set[str] = set()
    met = required = 0
    for level in reversed(verdict.levels):
        rule = f"{verdict.policy}/{level}"
        findings = [f for f in verdict.findings if f.rule == rule]
        if not findings:
            continue
        for finding in findings:
            if finding.subject.startswith("components["):
                if finding.subject in seen:
                    continue
                seen.add(finding.subject)
            required += 1
            met += finding.outcome is Outcome.PASS
        out.append(LevelProgress(level, met, required))
    return tuple(out)
