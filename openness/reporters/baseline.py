"""Reading a ``check --format json`` report back: the verdicts of an earlier run.

For ``check --baseline`` and ``diff``. The report is validated against its own published schema
(:func:`~openness.reporters.schema.report_schema`) before any verdict is built, so a file that
is not such a report is bad input naming the first wrong field, never a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

import jsonschema

from openness.errors import InputError, Problem
from openness.model import Evidence
from openness.policy.verdict import (
    Citation,
    Finding,
    FindingSeverity,
    Outcome,
    UpstreamRef,
    Verdict,
)
from openness.reporters.schema import report_schema

__all__ = ["FindingKey", "failing_keys", "is_report", "new_failures", "read_report"]

#: A finding as a baseline knows it: artifact, policy, rule, subject, outcome.
FindingKey = tuple[str, str, str, str, str]


@cache
def _validator() -> jsonschema.protocols.Validator:
    validator: jsonschema.protocols.Validator = jsonschema.Draft202012Validator(report_schema())
    return validator


def is_report(data: Any) -> bool:
    """True when ``data`` (parsed JSON) looks like a report: a list of verdict objects."""
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(v, dict) and {"artifact", "policy", "outcome"} <= set(v) for v in data)
    )


def _finding(raw: dict[str, Any]) -> Finding:
    citation = raw.get("citation")
    return Finding(
        rule=raw["rule"],
        subject=raw["subject"],
        outcome=Outcome(raw["outcome"]),
        message=raw["message"],
        severity=FindingSeverity(raw["severity"]),
        how_to_fix=raw.get("how_to_fix"),
        citation=Citation(**citation) if citation else None,
        evidence=tuple(Evidence.model_validate(e) for e in raw.get("evidence", ())),
        findings=tuple(_finding(f) for f in raw.get("findings", ())),
        waived=raw.get("waived"),
    )


def read_report(text: str, source: str) -> list[Verdict]:
    """The verdicts of a JSON report read from ``source``; :class:`InputError` when it is not
    JSON or not a valid report (the path in the document and what the schema expected)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError([Problem(source, "", f"not JSON: {exc}")]) from None
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.absolute_path)
        raise InputError(
            [
                Problem(
                    source,
                    where.lstrip(".") or "(document)",
                    f"not an openness JSON report (check --format json): {first.message}",
                )
            ]
        )
    return [
        Verdict(
            artifact=v["artifact"],
            policy=v["policy"],
            policy_version=v["policy_version"],
            outcome=Outcome(v["outcome"]),
            level=v["level"],
            findings=tuple(_finding(f) for f in v["findings"]),
            data_hash=v["data_hash"],
            upstream=tuple(
                UpstreamRef(u["artifact"], u["relation"], Outcome(u["outcome"]), u["level"])
                for u in v["upstream"]
            ),
            strict=v["strict"],
        )
        for v in data
    ]


def _key(verdict: Verdict, finding: Finding) -> FindingKey:
    return verdict.artifact, verdict.policy, finding.rule, finding.subject, finding.outcome.value


def failing_keys(verdicts: Iterable[Verdict]) -> set[FindingKey]:
    """Every failing or unknown finding (sub-findings included) as a baseline key."""
    return {
        _key(verdict, finding)
        for verdict in verdicts
        for finding in verdict.all_findings()
        if finding.outcome in (Outcome.FAIL, Outcome.UNKNOWN)
    }


def new_failures(
    verdicts: Iterable[Verdict], baseline: set[FindingKey], fail_on: str = "error"
) -> list[tuple[Verdict, Finding]]:
    """The findings that fail the run (``fail_on`` as in ``check``: error findings that fail,
    or are unknown under ``--strict``; with ``warning``, warning findings and unknown ones too)
    and that the baseline does not hold."""
    out: list[tuple[Verdict, Finding]] = []
    for verdict in verdicts:
        for finding in verdict.all_findings():
            if finding.outcome not in (Outcome.FAIL, Outcome.UNKNOWN):
                continue
            counts = fail_on == "warning" and finding.severity is not FindingSeverity.INFO
            if finding.severity is FindingSeverity.ERROR:
                counts = counts or finding.outcome is Outcome.FAIL or verdict.strict
            if not counts:
                continue
            if _key(verdict, finding) not in baseline:
                out.append((verdict, finding))
    return out
