"""The ``sarif`` format: SARIF 2.1.0 for GitHub code scanning.

One run; the tool's rules are the policy rules that reported a failing or unknown finding,
each with its title, what passes, the citation as help text and ``helpUri``; one result per
such finding, located at the manifest (or card) line of its subject, relative to the folder
the report was made in (``%SRCROOT%``). Values from metadata appear only in plain ``text``
fields; the ``markdown`` fields are built from rule metadata and escaped, and only
``http``/``https`` URLs are written as ``helpUri``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any
from urllib.parse import quote

from openness import __version__
from openness.display.escape import clean, safe_url, sentence
from openness.policy.base import RuleInfo
from openness.policy.verdict import Finding
from openness.reporters.markdown import md, md_link
from openness.reporters.report import Issue, Report

__all__ = ["SARIF_SCHEMA", "SarifReporter"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_INFO_URI = "https://openness.dev/"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str) -> tuple[str, bool]:
    """A file path as a SARIF URI; True when it is relative (to ``%SRCROOT%``)."""
    if path.startswith("/"):
        return "file://" + quote(path, safe="/"), False
    return quote(path, safe="/"), True


def _rule(rule_id: str, policy: str, info: RuleInfo | None, finding: Finding) -> dict[str, Any]:
    citation = info.citation if info is not None else finding.citation
    title = info.title if info is not None else rule_id
    passes = info.passes if info is not None else None
    help_text = [f"{title}."]
    help_md = [f"**{md(title)}**"]
    if passes:
        help_text.append(f"Passes when: {passes}")
        help_md.append(f"Passes when: {md(passes)}")
    if citation is not None:
        where = citation.document + (f" §{citation.section}" if citation.section else "")
        cite_md = md(citation.document) + (f" §{md(citation.section)}" if citation.section else "")
        help_text.append(f"Source: {where}" + (f': "{citation.clause}"' if citation.clause else ""))
        help_md.append(
            f"Source: {md_link(cite_md, citation.url)}"
            + (f": “{md(citation.clause)}”" if citation.clause else "")
        )
    help_text.append(
        "Each result says how to fix it; 'openness explain' shows the full finding tree."
    )
    severity = (info.severity if info is not None else finding.severity).value
    rule: dict[str, Any] = {
        "id": rule_id,
        "name": "".join(p.capitalize() for p in rule_id.replace("/", "-").split("-") if p),
        "shortDescription": {"text": clean(title, single_line=True)},
        "fullDescription": {"text": clean(passes or title, single_line=True)},
        "help": {"text": clean("\n".join(help_text)), "markdown": "\n\n".join(help_md)},
        "defaultConfiguration": {"level": _LEVEL[severity]},
        "properties": {"tags": ["openness", "license", policy], "precision": "high"},
    }
    url = safe_url(citation.url) if citation is not None else None
    if url is not None:
        rule["helpUri"] = url
    return rule


#: Input names that are not files (standard input): such a finding gets a logical location.
_NO_FILE = frozenset({"<stdin>", "-"})


def _result(issue: Issue, rule_index: int, report: Report, fingerprint: str) -> dict[str, Any]:
    verdict, finding = issue.verdict, issue.finding
    text = f"{report.display_name(verdict.artifact)} ({verdict.artifact}, {finding.subject}) "
    text += f"under {verdict.policy}: {sentence(finding.message)}"
    if finding.how_to_fix:
        text += f" How to fix: {sentence(finding.how_to_fix)}"
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": issue.level,
        "message": {"text": clean(text, single_line=True)},
        "properties": {
            "artifact": verdict.artifact,
            "policy": verdict.policy,
            "outcome": finding.outcome.value,
            "subject": finding.subject,
        },
    }
    if issue.location is not None and issue.location.file not in _NO_FILE:
        uri, relative = _uri(issue.location.file)
        artifact_location: dict[str, Any] = {"uri": uri}
        if relative:
            artifact_location["uriBaseId"] = "%SRCROOT%"
        physical: dict[str, Any] = {"artifactLocation": artifact_location}
        if issue.location.line:
            physical["region"] = {"startLine": issue.location.line}
        result["locations"] = [{"physicalLocation": physical}]
    else:
        result["locations"] = [{"logicalLocations": [{"name": verdict.artifact, "kind": "module"}]}]
    result["partialFingerprints"] = {"openness/v1": fingerprint}
    if finding.waived is not None:
        result["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": clean(finding.waived, single_line=True),
            }
        ]
    return result


def _fingerprints(issues: list[Issue]) -> list[str]:
    """One fingerprint per result, stable across runs: a hash of the artifact, policy, rule and
    subject, and, where several results share those (``mof/class-3`` on ``artifact`` for each
    missing component), of the message too (and, for identical messages, the occurrence), so
    that code scanning never merges two different findings into one alert."""
    keys = [
        (i.verdict.artifact, i.verdict.policy, i.finding.rule, i.finding.subject) for i in issues
    ]
    shared = Counter(keys)
    seen: Counter[tuple[str, ...]] = Counter()
    out = []
    for key, issue in zip(keys, issues, strict=True):
        parts: tuple[str, ...] = key
        if shared[key] > 1:
            parts = (*key, issue.finding.message)
            seen[parts] += 1
            if seen[parts] > 1:
                parts = (*parts, str(seen[parts]))
        text = "\x1f".join(parts)
        out.append(hashlib.sha256(text.encode("utf-8")).hexdigest()[:32])
    return out


class SarifReporter:
    """SARIF 2.1.0 (valid against the OASIS schema) for code scanning."""

    name = "sarif"
    media_type = "application/sarif+json"
    suffix = ".sarif"

    def render(self, report: Report, *, color: bool = False) -> str:
        """One SARIF log with one run, as indented JSON."""
        rules: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        results = []
        issues = list(report.issues())
        for issue, fingerprint in zip(issues, _fingerprints(issues), strict=True):
            rule_id = issue.finding.rule
            if rule_id not in index:
                index[rule_id] = len(rules)
                info = report.rule(issue.verdict.policy, rule_id)
                rules.append(_rule(rule_id, issue.verdict.policy, info, issue.finding))
            results.append(_result(issue, index[rule_id], report, fingerprint))
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "openness",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": _INFO_URI,
                            "rules": rules,
                        }
                    },
                    "automationDetails": {"id": "openness/"},
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                }
            ],
        }
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
