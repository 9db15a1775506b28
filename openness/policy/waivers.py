"""Waivers: findings an organisation has accepted, with a reason, who accepted them and until
when, applied after evaluation.

A waiver names a rule, an artifact and optionally a subject (``components[0]``). It applies to
every top-level finding of that rule on that artifact (and subject) that fails or is unknown:
the finding keeps its outcome and message and is marked ``waived`` with the reason, and no
longer decides the verdict, whose outcome is computed again from the findings that are not
waived (a level is never raised by a waiver: it stays what the policy computed). A waiver past
its ``expires`` day is not applied: its findings get a note saying that it expired, and still
decide. A waiver that matches no finding is reported, so that stale waivers are noticed.

Pure functions of verdicts and waivers (the day is an argument): no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from openness.policy.verdict import Finding, FindingSeverity, Outcome, Verdict

__all__ = ["Waiver", "WaiverResult", "apply_waivers"]


@dataclass(frozen=True, slots=True)
class Waiver:
    """One accepted finding: ``rule`` on ``artifact`` (and ``subject``), with why and by whom."""

    rule: str
    artifact: str
    reason: str
    by: str | None = None
    expires: dt.date | None = None
    subject: str | None = None
    source: str | None = None
    line: int | None = None

    def matches(self, artifact: str, finding: Finding) -> bool:
        """True when this waiver is about ``finding`` of ``artifact``."""
        return (
            self.artifact == artifact
            and self.rule == finding.rule
            and (self.subject is None or self.subject == finding.subject)
        )

    def expired(self, today: dt.date) -> bool:
        """True when the waiver's last day is before ``today``."""
        return self.expires is not None and self.expires < today

    def words(self) -> str:
        """``research use only (by legal, until 2027-06-30)``."""
        parts = [
            f"by {self.by}" if self.by else "",
            f"until {self.expires}" if self.expires else "",
        ]
        extra = ", ".join(p for p in parts if p)
        return self.reason + (f" ({extra})" if extra else "")

    def where(self) -> str:
        """The waiver's file and line, for messages."""
        if self.source is None:
            return "a waiver"
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass(frozen=True, slots=True)
class WaiverResult:
    """The verdicts with waivers applied, and the waivers that matched nothing or expired."""

    verdicts: tuple[Verdict, ...]
    unmatched: tuple[Waiver, ...]
    expired: tuple[Waiver, ...]
    applied: int


_BAD = (Outcome.FAIL, Outcome.UNKNOWN)


def _outcome(verdict: Verdict, findings: Sequence[Finding]) -> Outcome:
    """The verdict's outcome once waived findings no longer decide it: fail when an error
    finding that is not waived fails; else unknown when one is unknown (or the verdict was
    unknown for a reason no finding carries); else pass."""
    deciding = [f for f in findings if f.severity is FindingSeverity.ERROR and f.waived is None]
    if any(f.outcome is Outcome.FAIL for f in deciding):
        return Outcome.FAIL
    if any(f.outcome is Outcome.UNKNOWN for f in deciding):
        return Outcome.FAIL if verdict.strict else Outcome.UNKNOWN
    if verdict.outcome is Outcome.NOT_APPLICABLE:
        return Outcome.NOT_APPLICABLE
    waived_any = any(f.waived is not None for f in findings)
    return Outcome.PASS if waived_any else verdict.outcome


def apply_waivers(
    verdicts: Iterable[Verdict], waivers: Sequence[Waiver], today: dt.date
) -> WaiverResult:
    """``verdicts`` with ``waivers`` applied on ``today`` (see the module docstring)."""
    by_artifact: dict[str, list[Waiver]] = {}
    for waiver in waivers:
        by_artifact.setdefault(waiver.artifact, []).append(waiver)
    used: set[int] = set()
    out: list[Verdict] = []
    applied = 0
    for verdict in verdicts:
        mine = by_artifact.get(verdict.artifact)
        if not mine:
            out.append(verdict)
            continue
        findings: list[Finding] = []
        changed = False
        for finding in verdict.findings:
            match = next((w for w in mine if w.matches(verdict.artifact, finding)), None)
            if match is None or finding.outcome not in _BAD:
                findings.append(finding)
                continue
            used.add(id(match))
            changed = True
            if match.expired(today):
                note = (
                    f" (the waiver at {match.where()} expired on {match.expires}: "
                    f"{match.reason}; renew it or fix the finding)"
                )
                findings.append(replace(finding, message=finding.message + note))
            else:
                applied += 1
                findings.append(replace(finding, waived=match.words()))
        if not changed:
            out.append(verdict)
            continue
        outcome = _outcome(verdict, findings)
        out.append(replace(verdict, findings=tuple(findings), outcome=outcome))
    unmatched = tuple(w for w in waivers if id(w) not in used)
    expired = tuple(w for w in waivers if id(w) in used and w.expired(today))
    return WaiverResult(tuple(out), unmatched, expired, applied)
