"""HTML fragments for artifacts, verdicts, findings and the artifact by policy matrix.

Pure functions returning strings. Every value from metadata is escaped with
:func:`~openness.display.escape.h`; links are made only from ``http``/``https`` URLs
(:func:`~openness.display.escape.safe_url`) and carry ``rel="noopener noreferrer nofollow"``.
No JavaScript: details collapse with ``<details>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from importlib.resources import files

from openness.display.escape import h, safe_url
from openness.display.text import cell_text
from openness.model import Artifact, Component, Evidence
from openness.policy.base import RuleInfo
from openness.policy.progress import level_progress
from openness.policy.verdict import Citation, Finding, FindingSeverity, Outcome, Verdict

__all__ = [
    "artifact_body",
    "badge",
    "citation_html",
    "css",
    "finding_badge",
    "finding_html",
    "link",
    "matrix_body",
    "verdict_body",
    "wrap",
]

_SEVERITY_RANK = {FindingSeverity.ERROR: 0, FindingSeverity.WARNING: 1, FindingSeverity.INFO: 2}

#: ``(finding) -> "file:line"`` or None: where a finding's subject is written.
Locate = Callable[[Finding], str | None]
#: ``(rule id) -> RuleInfo`` or None, for the policy of the verdict shown.
RuleLookup = Callable[[str], RuleInfo | None]


@cache
def css() -> str:
    """The stylesheet shipped with the package (``openness/display/static/openness.css``)."""
    return files("openness.display").joinpath("static/openness.css").read_text(encoding="utf-8")


def wrap(body: str, fallback: str) -> str:
    """A notebook output: the styles, a plain-text fallback shown only where the styles are
    stripped (a sanitising viewer), and the HTML body shown only where they apply."""
    return (
        f'<div class="oness"><style>{css()}</style>'
        f'<pre class="oness-fallback">{h(fallback)}</pre>'
        f'<div class="oness-wrap" style="display:none">{body}</div></div>'
    )


def link(text: str, url: object) -> str:
    """``text`` (already HTML) as a link to ``url`` when that is a safe http(s) URL, else the
    text followed by the URL as plain escaped text."""
    safe = safe_url(url)
    if safe is not None:
        return f'<a href="{h(safe)}" rel="noopener noreferrer nofollow">{text}</a>'
    if url:
        return f'{text} <span class="oness-muted">({h(url)})</span>'
    return text


def badge(outcome: Outcome, level: str | None = None) -> str:
    """An outcome as a coloured badge, with the level if any."""
    label = "n/a" if outcome is Outcome.NOT_APPLICABLE else outcome.value
    lvl = f'<span class="oness-level">{h(level)}</span>' if level else ""
    return f'<span class="oness-badge oness-{outcome.value}">{h(label)}{lvl}</span>'


def finding_badge(finding: Finding) -> str:
    """A finding's outcome as a badge; a failing warning or info finding gets a badge of its
    own (``warning``, ``info``), not the red ``fail`` of a finding that decides the verdict; a
    waived finding is ``waived``."""
    if finding.waived is not None:
        return '<span class="oness-badge oness-waived">waived</span>'
    if finding.outcome is Outcome.FAIL and finding.severity.value != "error":
        kind = h(finding.severity.value)
        return f'<span class="oness-badge oness-{kind}">{kind}</span>'
    return badge(finding.outcome)


def _finding_class(finding: Finding) -> str:
    if finding.outcome is Outcome.FAIL and finding.severity.value != "error":
        return finding.severity.value
    return finding.outcome.value


def citation_html(citation: Citation) -> str:
    """A citation: document and section (linked when the URL is safe), then the clause."""
    text = h(citation.document)
    if citation.section:
        text += f" §{h(citation.section)}"
    out = link(text, citation.url)
    if citation.clause:
        out += f": <q>{h(citation.clause)}</q>"
    return out


def _evidence_html(evidence: Evidence) -> str:
    where = h(evidence.source)
    if evidence.line is not None:
        where += f":{evidence.line}"
    elif evidence.locator:
        where += f" ({h(evidence.locator)})"
    text = link(where, evidence.source) if safe_url(evidence.source) else where
    note = f": {h(evidence.note)}" if evidence.note else ""
    return f'<li>{text} <span class="oness-muted">{h(evidence.kind.value)}</span>{note}</li>'


def finding_html(
    finding: Finding,
    rule: RuleInfo | None = None,
    where: str | None = None,
) -> str:
    """One finding: outcome, rule, subject, message, how to fix, citation, evidence, and its
    sub-findings collapsed."""
    out = [
        f'<div class="oness-finding oness-{_finding_class(finding)}">',
        f"<div>{finding_badge(finding)} <code>{h(finding.rule)}</code>",
        f' <span class="oness-muted">on {h(finding.subject)}',
    ]
    if finding.severity.value != "error" and finding.outcome is not Outcome.FAIL:
        out.append(f" ({h(finding.severity.value)})")
    if where:
        out.append(f" at <code>{h(where)}</code>")
    out.append("</span></div>")
    out.append(f'<div class="oness-msg">{h(finding.message)}</div>')
    if finding.waived is not None:
        out.append(f'<div class="oness-fix">Waived: {h(finding.waived)}</div>')
    elif finding.how_to_fix and finding.outcome is not Outcome.PASS:
        out.append(f'<div class="oness-fix">{h(finding.how_to_fix)}</div>')
    citation = finding.citation or (rule.citation if rule else None)
    if citation is not None:
        out.append(f'<div class="oness-cite">Source: {citation_html(citation)}</div>')
    if rule is not None:
        out.append(f'<div class="oness-muted">Passes when: {h(rule.passes)}</div>')
    if finding.evidence:
        items = "".join(_evidence_html(e) for e in finding.evidence)
        out.append(f"<details><summary>Evidence ({len(finding.evidence)})</summary>")
        out.append(f"<ul>{items}</ul></details>")
    if finding.findings:
        subs = "".join(finding_html(s) for s in finding.findings)
        out.append(f"<details><summary>Details ({len(finding.findings)})</summary>")
        out.append(f'<div class="oness-sub">{subs}</div></details>')
    out.append("</div>")
    return "".join(out)


def verdict_body(
    verdict: Verdict,
    *,
    title: str | None = None,
    rule: RuleLookup | None = None,
    locate: Locate | None = None,
    anchor: str | None = None,
) -> str:
    """A verdict: a heading line, its failing and unknown findings open (errors first), the
    passing ones, those that do not apply and the upstream verdicts it depends on collapsed."""
    head = title if title is not None else f"{h(verdict.artifact)} under {h(verdict.policy)}"
    ident = f' id="{h(anchor)}"' if anchor else ""
    strict = " (strict)" if verdict.strict else ""
    out = [
        f'<div class="oness-verdict"{ident}>',
        f"<div><strong>{head}</strong> {badge(verdict.outcome, verdict.level)}",
        f' <span class="oness-muted">{h(verdict.policy)} {h(verdict.policy_version)}{strict}'
        "</span></div>",
    ]
    progress = level_progress(verdict)
    if progress:
        out.append('<ul class="oness-progress">')
        out.extend(
            f"<li>{h(p.level)} {p.percent}% ({p.met}/{p.required}) "
            f'<progress value="{p.met}" max="{p.required}"></progress></li>'
            for p in progress
        )
        out.append("</ul>")
    bad = [f for f in verdict.findings if f.outcome in (Outcome.FAIL, Outcome.UNKNOWN)]
    bad.sort(key=lambda f: _SEVERITY_RANK[f.severity])
    good = [f for f in verdict.findings if f.outcome is Outcome.PASS]
    other = [f for f in verdict.findings if f.outcome is Outcome.NOT_APPLICABLE]

    def one(finding: Finding) -> str:
        info = rule(finding.rule) if rule else None
        return finding_html(finding, info, locate(finding) if locate else None)

    out.extend(one(f) for f in bad)
    if good:
        out.append(f"<details><summary>Passing findings ({len(good)})</summary>")
        out.extend(one(f) for f in good)
        out.append("</details>")
    if other:
        out.append(f"<details><summary>Rules that do not apply ({len(other)})</summary>")
        out.extend(one(f) for f in other)
        out.append("</details>")
    if verdict.upstream:
        items = "".join(
            f"<li><code>{h(u.relation)}</code> {h(u.artifact)}: {badge(u.outcome, u.level)}</li>"
            for u in verdict.upstream
        )
        out.append(f"<details><summary>Upstream ({len(verdict.upstream)})</summary>")
        out.append(f"<ul>{items}</ul></details>")
    if verdict.data_hash:
        out.append(
            f'<div class="oness-muted">data hash <code>{h(verdict.data_hash[:16])}</code></div>'
        )
    out.append("</div>")
    return "".join(out)


def _component_row(index: int, component: Component) -> str:
    lic = f"<code>{h(component.license)}</code>" if component.license else "unstated"
    state = h(component.availability.value) if component.availability else "unstated"
    name = h(component.name) if component.name else ""
    where = link(h(component.location), component.location) if component.location else ""
    return (
        f"<tr><td>{index}</td><td>{h(component.role.value)}</td><td>{name}</td>"
        f"<td>{lic}</td><td>{state}</td><td>{where}</td></tr>"
    )


def artifact_body(artifact: Artifact) -> str:
    """An artifact: its fields, components and lineage, with the long parts collapsed."""
    fields = [("id", f'<span class="oness-id">{h(artifact.id)}</span>')]
    fields.append(("kind", h(artifact.kind.value)))
    if artifact.version:
        fields.append(("version", h(artifact.version)))
    lic = f"<code>{h(artifact.license)}</code>" if artifact.license else "unstated"
    fields.append(("license", lic))
    for kind, expr in artifact.release_licenses.items():
        fields.append((f"{kind.value} license", f"<code>{h(expr)}</code>"))
    if artifact.supplier:
        fields.append(("supplier", h(artifact.supplier)))
    if artifact.url:
        fields.append(("url", link(h(artifact.url), artifact.url)))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in fields)
    out = [
        f'<div class="oness-artifact"><div><strong>{h(artifact.display_name)}</strong></div>',
        f'<dl class="oness-fields">{dl}</dl>',
    ]
    if artifact.description:
        out.append(f"<p>{h(artifact.description)}</p>")
    if artifact.components:
        rows = "".join(_component_row(i, c) for i, c in enumerate(artifact.components))
        out.append(
            f"<details open><summary>Components ({len(artifact.components)})</summary><table>"
            "<thead><tr><th>#</th><th>role</th><th>name</th><th>license</th>"
            f"<th>availability</th><th>location</th></tr></thead><tbody>{rows}</tbody>"
            "</table></details>"
        )
    if artifact.lineage:
        items = "".join(
            f"<li><code>{h(e.relation.value)}</code> {h(e.target)}</li>" for e in artifact.lineage
        )
        out.append(f"<details><summary>Lineage ({len(artifact.lineage)})</summary>")
        out.append(f"<ul>{items}</ul></details>")
    out.append("</div>")
    return "".join(out)


def matrix_body(
    artifacts: Sequence[str],
    policies: Sequence[str],
    cells: Mapping[tuple[str, str], Verdict],
    *,
    names: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
    anchors: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """The artifact by policy table: a row per artifact, a column per policy, each cell the
    outcome badge (linked to ``anchors[(artifact, policy)]`` when given)."""
    names = names or {}
    titles = titles or {}
    anchors = anchors or {}
    head = "".join(f'<th title="{h(titles.get(p, p))}"><code>{h(p)}</code></th>' for p in policies)
    rows = []
    for artifact in artifacts:
        name = names.get(artifact, artifact)
        first = f"<th>{h(name)}"
        if name != artifact:
            first += f'<br><span class="oness-id oness-muted">{h(artifact)}</span>'
        first += "</th>"
        tds = []
        for policy in policies:
            verdict = cells.get((artifact, policy))
            if verdict is None:
                tds.append('<td class="oness-muted">-</td>')
                continue
            cell = badge(verdict.outcome, verdict.level)
            target = anchors.get((artifact, policy))
            if target:
                cell = f'<a href="#{h(target)}">{cell}</a>'
            tds.append(f'<td title="{h(cell_text(verdict))}">{cell}</td>')
        rows.append(f"<tr>{first}{''.join(tds)}</tr>")
    return (
        f'<table class="oness-matrix"><thead><tr><th>artifact</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
