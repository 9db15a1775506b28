"""The ``junit`` format: JUnit XML, one test suite per policy and one test case per artifact.

A failing verdict is a ``<failure>`` whose text lists the failing and unknown findings with
how to fix them; an unknown verdict is ``<skipped>`` (facts are missing: it is neither a pass
nor a failure unless the run is strict, in which case the verdict is already a failure); a
policy that does not apply is ``<skipped>`` too. No timestamps or durations, so the output is
deterministic. Characters XML 1.0 cannot hold are replaced.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from openness.display.escape import clean
from openness.display.text import cell_text, finding_text
from openness.policy.verdict import Outcome, Verdict
from openness.reporters.report import Report

__all__ = ["JunitReporter"]

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(value: object) -> str:
    return _NOT_XML.sub("\ufffd", clean(value))


def _details(verdict: Verdict, report: Report) -> str:
    lines = []
    for finding in verdict.findings:
        bad = finding.outcome in (Outcome.FAIL, Outcome.UNKNOWN)
        if bad and finding.severity.value != "info" and finding.waived is None:
            lines.extend(finding_text(finding, ""))
            where = report.location(verdict, finding)
            if where is not None:
                lines.append(f"  at {where}")
    return "\n".join(lines)


class JunitReporter:
    """JUnit XML for CI test report viewers."""

    name = "junit"
    media_type = "application/xml"
    suffix = ".xml"

    def render(self, report: Report, *, color: bool = False) -> str:
        """A ``<testsuites>`` document with an XML declaration."""
        cells = report.matrix()
        root = ET.Element("testsuites", name="openness")
        totals = {"tests": 0, "failures": 0, "skipped": 0}
        for policy in report.policy_ids():
            suite = ET.SubElement(root, "testsuite", name=_x(policy))
            counts = {"tests": 0, "failures": 0, "skipped": 0}
            for artifact in report.artifact_ids():
                verdict = cells.get((artifact, policy))
                if verdict is None:
                    continue
                counts["tests"] += 1
                case = ET.SubElement(
                    suite,
                    "testcase",
                    name=_x(artifact),
                    classname=_x(f"openness.{policy}"),
                    time="0",
                )
                where = report.artifact_location(artifact)
                if where is not None:
                    case.set("file", _x(where.file))
                    if where.line:
                        case.set("line", str(where.line))
                summary = f"{report.display_name(artifact)}: {cell_text(verdict)} under {policy}"
                if verdict.outcome is Outcome.FAIL:
                    counts["failures"] += 1
                    failure = ET.SubElement(
                        case, "failure", message=_x(summary), type=f"{policy}:fail"
                    )
                    failure.text = _x(_details(verdict, report))
                elif verdict.outcome in (Outcome.UNKNOWN, Outcome.NOT_APPLICABLE):
                    counts["skipped"] += 1
                    skipped = ET.SubElement(case, "skipped", message=_x(summary))
                    details = _details(verdict, report)
                    if details:
                        skipped.text = _x(details)
                notes = [f"level: {verdict.level}"] if verdict.level else []
                notes += [
                    f"waived: {f.rule} on {f.subject}: {f.waived}"
                    for f in verdict.findings
                    if f.waived is not None
                ]
                if notes:
                    out = ET.SubElement(case, "system-out")
                    out.text = _x("\n".join(notes))
            for key, value in counts.items():
                suite.set(key, str(value))
                totals[key] += value
            suite.set("errors", "0")
            suite.set("time", "0")
        for key, value in totals.items():
            root.set(key, str(value))
        root.set("errors", "0")
        root.set("time", "0")
        ET.indent(root)
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
