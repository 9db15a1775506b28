"""``openness check``: judge artifacts under policies, side by side; exit 0 when every verdict
passes, 1 when one fails (or is unknown under ``--strict``), 2 on bad input."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from openness.cli.hub import depth_option
from openness.cli.main import EXIT_FAIL, EXIT_INPUT, EXIT_OK
from openness.cli.output import (
    echo_problems,
    nothing_to_judge,
    write_atomic,
    write_json,
    write_stdout,
)
from openness.cli.partial import judgeable, report_problems
from openness.cli.progress import quiet_option
from openness.errors import InputError
from openness.loading import artifacts_from, load
from openness.model import Artifact
from openness.policy import Outcome, Verdict
from openness.policy import check as judge
from openness.policy.registry import parse_option_args, resolve_policies
from openness.policy.verdict import Finding, FindingSeverity

if TYPE_CHECKING:
    from openness.policy.waivers import Waiver
    from openness.reporters.baseline import FindingKey

__all__ = ["check", "exit_code", "render_findings", "render_table", "subject_text"]


def exit_code(verdicts: Sequence[Verdict], fail_on: str = "error") -> int:
    """1 when any verdict fails (strict verdicts already count unknown as fail), else 0. With
    ``fail_on="warning"`` also when a verdict is unknown or a warning finding fails or is
    unknown."""
    for verdict in verdicts:
        if verdict.outcome is Outcome.FAIL:
            return EXIT_FAIL
        if fail_on == "warning" and (
            verdict.outcome is Outcome.UNKNOWN
            or any(
                f.severity is FindingSeverity.WARNING
                and f.outcome in (Outcome.FAIL, Outcome.UNKNOWN)
                for f in verdict.all_findings()
            )
        ):
            return EXIT_FAIL
    return EXIT_OK


def _report_formats() -> list[str]:
    """The formats of ``--format``: text and json, then every report format installed."""
    try:
        from openness.reporters import reporter_names
    except ImportError:  # pragma: no cover - the reporters are optional here
        return ["text", "json"]
    return ["text", "json", *(n for n in reporter_names() if n not in ("text", "json"))]


class _FormatChoice(click.Choice):  # type: ignore[type-arg]
    """Choices read from the reporter registry when the command runs."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> list[str]:
        return _report_formats()

    @choices.setter
    def choices(self, value: object) -> None:
        pass


def render_table(rows: list[list[str]]) -> str:
    """Rows of cells as aligned plain-text columns (the first row is the header)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def subject_text(artifact: Artifact | None, subject: str) -> str:
    """A finding's subject, with the target id of a lineage edge (``lineage[0] (org/base)``)."""
    if artifact is not None and subject.startswith("lineage["):
        end = subject.find("]")
        try:
            edge = artifact.lineage[int(subject[8:end])]
        except (ValueError, IndexError):
            return subject
        return f"{subject} ({edge.target})"
    return subject


def _finding_lines(finding: Finding, artifact: Artifact | None) -> list[str]:
    lines = [
        f"  {finding.outcome.value:<8} {finding.rule}  [{subject_text(artifact, finding.subject)}]",
        f"           {finding.message}",
    ]
    if finding.how_to_fix:
        lines.append(f"           how to fix: {finding.how_to_fix}")
    if finding.citation is not None:
        cite = finding.citation
        where = ", ".join(x for x in (cite.document, cite.section) if x)
        lines.append(f"           clause: {where}" + (f" <{cite.url}>" if cite.url else ""))
    return lines


def render_findings(verdicts: Sequence[Verdict], artifacts: dict[str, Artifact]) -> str:
    """The failing and unknown findings (errors, then warnings) of every verdict that does not
    pass, with how to fix each."""
    blocks: list[str] = []
    for verdict in verdicts:
        bad = [
            f
            for f in verdict.findings
            if f.outcome in (Outcome.FAIL, Outcome.UNKNOWN)
            and f.severity is not FindingSeverity.INFO
        ]
        if not bad:
            continue
        artifact = artifacts.get(verdict.artifact)
        name = artifact.display_name if artifact is not None else verdict.artifact
        level = f" ({verdict.level})" if verdict.level else ""
        head = f"{name} under {verdict.policy}: {verdict.outcome.value}{level}"
        lines = [head]
        bad.sort(key=lambda f: (f.severity is not FindingSeverity.ERROR, f.outcome.value))
        for finding in bad:
            lines.extend(_finding_lines(finding, artifact))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _summary(verdicts: Sequence[Verdict]) -> str:
    counts = dict.fromkeys(Outcome, 0)
    for verdict in verdicts:
        counts[verdict.outcome] += 1
    parts = [f"{counts[o]} {o.value}" for o in Outcome if counts[o]]
    return f"{len(verdicts)} verdict(s): " + ", ".join(parts)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option(
    "-p",
    "--policy",
    "policy_ids",
    multiple=True,
    metavar="ID",
    help="A policy id or a policy file (.toml/.yaml); repeat for several. Default: every "
    "built-in policy but the documentation profiles (see 'openness policies').",
)
@click.option("--strict", is_flag=True, help="Count unknown as fail (for CI gates).")
@click.option(
    "--format",
    "fmt",
    type=_FormatChoice(),
    default="text",
    show_default=True,
    help="text: a table and the findings to fix; json: a list of verdict objects; or another "
    "report format (markdown, html, sarif, junit, github, ...).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="error: exit 1 when a verdict fails; warning: also when one is unknown or a warning "
    "finding fails.",
)
@click.option(
    "--option",
    "option_args",
    multiple=True,
    metavar="POLICY.KEY=VALUE",
    help="A policy option, such as cost-aware.budget_flop=1e22; repeat for several.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the report here (atomically) instead of standard output.",
)
@click.option(
    "--with",
    "context",
    multiple=True,
    metavar="PATH",
    type=click.Path(allow_dash=False),
    help="Also read PATH (a file or folder) for the lineage of the artifacts in FILES (the "
    "base model a fine-tune names, in another manifest); its own artifacts are judged as "
    "upstream, not reported. Repeat for several.",
)
@click.option(
    "--summary",
    is_flag=True,
    default=False,
    help="Text format: only the table and the counts, without the findings.",
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False),
    metavar="REPORT.json",
    help="A JSON report of an earlier run (check --format json): exit 1 only for failing "
    "findings it does not hold.",
)
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="Accepted findings (YAML with a 'waivers' list: rule, artifact, subject, reason, by, "
    "expires): a waived finding no longer decides its verdict.",
)
@depth_option
@quiet_option
def check(
    files: tuple[str, ...],
    policy_ids: tuple[str, ...],
    strict: bool,
    fmt: str,
    fail_on: str,
    option_args: tuple[str, ...],
    output: str | None,
    context: tuple[str, ...],
    summary: bool,
    baseline: str | None,
    waivers_file: str | None,
    depth: int | None,
    quiet: bool,
) -> None:
    """Judge the artifacts in FILES under each policy, side by side: does each have a freely
    licensed preferred form for modification? Exit 0 when every verdict passes, 1 when any
    fails (or is unknown with --strict), 2 on bad input: the inputs without errors are still
    judged and reported, and those left out are named on stderr.

    FILES may be Hub ids (hf:ORG/NAME[@REVISION], hf:datasets/ORG/NAME): each is resolved
    with its lineage into the Hugging Face cache (metadata files only) and judged with it.

    Choose the policies with -p (repeat it for several; by default every built-in policy but
    the documentation-completeness profiles); `openness policies` lists them."""
    held = _read_baseline(baseline) if baseline is not None else set()
    waivers = _read_waivers(waivers_file) if waivers_file is not None else []
    found = judgeable(load([*files, *context], depth=depth, quiet=quiet))
    report_problems(found, quiet=quiet)
    result = found.result
    if not result.artifacts and not result.ok:
        sys.exit(EXIT_INPUT)
    if not result.artifacts:
        echo_problems([nothing_to_judge(files)])
        sys.exit(EXIT_INPUT)
    try:
        chosen = resolve_policies(list(policy_ids))
        options = parse_option_args(option_args)
        verdicts = judge(result.artifacts, chosen, strict=strict, options=options)
    except InputError as exc:
        echo_problems(exc.problems)
        sys.exit(EXIT_INPUT)
    if waivers:
        verdicts = _waive(verdicts, waivers, quiet)
    if context:
        mine = artifacts_from(result, files)
        verdicts = [v for v in verdicts if v.artifact in mine]
        if not verdicts:
            if result.ok:  # (with errors, the inputs left out are named already)
                echo_problems([nothing_to_judge(files)])
            sys.exit(EXIT_INPUT)
    try:
        from openness.cli.reporting import emit
        from openness.reporters import Report
    except ImportError:  # pragma: no cover - without the report formats: text and json here
        _write_plain(verdicts, result.artifacts, fmt, output, strict)
        sys.exit(exit_code(verdicts, fail_on) if result.ok else EXIT_INPUT)
    report = Report.from_load(verdicts, result, chosen)
    code = emit(report, fmt, output, fail_on, summary=summary)
    if baseline is not None:
        code = _against_baseline(verdicts, baseline, held, fail_on, code)
    sys.exit(code if result.ok else EXIT_INPUT)


def _read_waivers(path: str) -> list[Waiver]:
    """The waivers of ``path``; exit 2 (before anything is judged) when the file is bad."""
    from openness.cli.waivers import read_waivers

    try:
        return read_waivers(path)
    except InputError as exc:
        echo_problems(exc.problems)
    sys.exit(EXIT_INPUT)


def _waive(verdicts: Sequence[Verdict], waivers: list[Waiver], quiet: bool) -> list[Verdict]:
    """The verdicts with the waivers applied today; warnings for waivers that matched no
    finding and for expired ones."""
    import datetime as dt

    from openness.policy.waivers import apply_waivers

    applied = apply_waivers(verdicts, waivers, dt.datetime.now(dt.UTC).date())
    if not quiet:
        for waiver in applied.unmatched:
            click.echo(
                f"{waiver.where()}: warning: the waiver of {waiver.rule} on {waiver.artifact}"
                + (f" ({waiver.subject})" if waiver.subject else "")
                + " matches no failing or unknown finding; remove it if it is no longer needed",
                err=True,
            )
        for waiver in applied.expired:
            click.echo(
                f"{waiver.where()}: warning: the waiver of {waiver.rule} on {waiver.artifact} "
                f"expired on {waiver.expires}; its findings decide again",
                err=True,
            )
    return list(applied.verdicts)


def _read_baseline(path: str) -> set[FindingKey]:
    """The failing findings of a baseline report; exit 2 (before anything is judged or
    written) when it cannot be read or is not a report."""
    from openness.reporters.baseline import failing_keys, read_report

    try:
        with open(path, encoding="utf-8") as handle:
            return failing_keys(read_report(handle.read(), path))
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"{path}: error: cannot read the baseline: {exc}", err=True)
    except InputError as exc:
        echo_problems(exc.problems)
    sys.exit(EXIT_INPUT)


def _against_baseline(
    verdicts: Sequence[Verdict], path: str, held: set[FindingKey], fail_on: str, code: int
) -> int:
    """The exit code when only findings the baseline does not hold may fail the run."""
    from openness.reporters.baseline import new_failures

    fresh = new_failures(verdicts, held, fail_on)
    if code == EXIT_FAIL or fresh:
        click.echo(
            f"baseline {path}: {len(fresh)} failing finding(s) it does not hold"
            + "".join(f"\n  {v.artifact} [{v.policy}] {f.rule} on {f.subject}" for v, f in fresh),
            err=True,
        )
    return EXIT_FAIL if fresh else (EXIT_OK if code == EXIT_FAIL else code)


def _write_plain(
    verdicts: Sequence[Verdict],
    artifacts: Sequence[Artifact],
    fmt: str,
    output: str | None,
    strict: bool,
) -> None:
    """The text table and findings, or the JSON list of verdicts, without the report layer."""
    if fmt == "json":
        write_json([v.to_dict() for v in verdicts], output)
        return
    by_id = {a.id: a for a in artifacts}
    policies = list(dict.fromkeys(v.policy for v in verdicts))
    cells = {(v.artifact, v.policy): v for v in verdicts}
    rows = [["artifact", *policies]]
    for aid in dict.fromkeys(v.artifact for v in verdicts):
        name = by_id[aid].display_name if aid in by_id else aid
        rows.append([name, *(_cell(cells[(aid, p)]) for p in policies)])
    text = render_table(rows)
    details = render_findings(verdicts, by_id)
    if details:
        text += "\n" + details
    text += (
        "\n" + _summary(verdicts) + ("  (strict: unknown counts as fail)" if strict else "") + "\n"
    )
    if output and output != "-":
        write_atomic(output, text)
    else:
        write_stdout(text)


def _cell(verdict: Verdict) -> str:
    if verdict.outcome is Outcome.NOT_APPLICABLE:
        return "n/a"
    return f"{verdict.outcome.value} ({verdict.level})" if verdict.level else verdict.outcome.value
