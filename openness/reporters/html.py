"""The ``html`` format: one self-contained page (styles inline, no external asset, no script).

The artifact by policy matrix side by side, the lineage graph as inline SVG, then every
verdict's findings in ``<details>`` (failing and unknown ones open). A Content-Security-Policy
meta tag forbids scripts and remote loads, as a second line of defence behind the escaping of
every value (:mod:`openness.display.escape`). Works offline; deterministic.
"""

from __future__ import annotations

from functools import partial

from openness import __version__
from openness.display.escape import h
from openness.display.html import badge, css, matrix_body, verdict_body
from openness.display.svg import lineage_svg
from openness.policy.verdict import Finding, Outcome, Verdict
from openness.reporters.report import Report

__all__ = ["CSP", "HtmlReporter"]

#: No script, no remote resource, no form, no frame; inline styles and data: images only.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_RANK = {Outcome.FAIL: 0, Outcome.UNKNOWN: 1, Outcome.PASS: 2, Outcome.NOT_APPLICABLE: 3}


def _anchor(index: int) -> str:
    return f"verdict-{index}"


def _locate(report: Report, verdict: Verdict, finding: Finding) -> str | None:
    found = report.location(verdict, finding)
    return str(found) if found is not None else None


def _worst(verdicts: list[Verdict]) -> Outcome | None:
    applicable = [v.outcome for v in verdicts if v.outcome is not Outcome.NOT_APPLICABLE]
    return min(applicable, key=_RANK.__getitem__) if applicable else None


class HtmlReporter:
    """A report page to archive with a release or open in a browser."""

    name = "html"
    media_type = "text/html"
    suffix = ".html"

    def render(self, report: Report, *, color: bool = False) -> str:
        """A complete HTML5 document."""
        artifacts = report.artifact_ids()
        policies = report.policy_ids()
        ordered = report.ordered()
        anchors = {(v.artifact, v.policy): _anchor(i) for i, v in enumerate(ordered)}
        names = {a: report.display_name(a) for a in artifacts}
        titles = {p: report.policy_title(p) for p in policies}
        matrix = matrix_body(
            artifacts, policies, report.matrix(), names=names, titles=titles, anchors=anchors
        )
        by_artifact: dict[str, list[Verdict]] = {}
        for verdict in ordered:
            by_artifact.setdefault(verdict.artifact, []).append(verdict)
        status: dict[str, Outcome] = {}
        labels: dict[str, str] = {}
        for artifact, verdicts in by_artifact.items():
            worst = _worst(verdicts)
            if worst is not None:
                status[artifact] = worst
            applicable = [v for v in verdicts if v.outcome is not Outcome.NOT_APPLICABLE]
            passed = sum(1 for v in applicable if v.outcome is Outcome.PASS)
            labels[artifact] = (
                f"{passed}/{len(applicable)} pass" if applicable else "no policy applies"
            )
        graph = [report.artifacts[a] for a in artifacts if a in report.artifacts]
        svg = lineage_svg(graph, status, labels)
        sections = []
        for artifact in artifacts:
            verdicts = by_artifact.get(artifact, [])
            open_ = any(v.outcome in (Outcome.FAIL, Outcome.UNKNOWN) for v in verdicts)
            badges = " ".join(badge(v.outcome, v.level) for v in verdicts)
            where = report.artifact_location(artifact)
            loc = f' <span class="oness-muted">{h(where)}</span>' if where else ""
            parts = [
                f"<details{' open' if open_ else ''}><summary><strong>"
                f"{h(names[artifact])}</strong> {badges}{loc}</summary>"
            ]
            for verdict in verdicts:
                parts.append(
                    verdict_body(
                        verdict,
                        title=h(titles[verdict.policy]),
                        rule=partial(report.rule, verdict.policy),
                        locate=partial(_locate, report, verdict),
                        anchor=anchors[(verdict.artifact, verdict.policy)],
                    )
                )
            parts.append("</details>")
            sections.append("".join(parts))
        footer = ", ".join(
            f"{h(p)} {h(report.policies[p].version)}" for p in policies if p in report.policies
        )
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="referrer" content="no-referrer">'
            "<title>openness report</title>"
            f"<style>{css()}\nbody{{margin:24px;}} section{{margin-bottom:24px;}}</style>"
            '</head><body class="oness">'
            "<h1>Openness report</h1>"
            f'<p id="summary">{h(report.summary())}</p>'
            f'<section id="matrix"><h2>Verdicts</h2>{matrix}</section>'
            f'<section id="lineage"><h2>Lineage</h2>{svg}</section>'
            f'<section id="findings"><h2>Findings</h2>{"".join(sections)}</section>'
            f'<footer class="oness-muted">openness {h(__version__)}'
            f"{'; policies: ' + footer if footer else ''}</footer>"
            "</body></html>\n"
        )
