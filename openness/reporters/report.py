"""The report every reporter renders: verdicts plus what is needed to explain them.

A :class:`Report` holds the verdicts of a run, the artifacts they judge (by id), where each
artifact came from (for file and line locations) and the policies used (for rule metadata).
Its methods order everything deterministically, so that every format gives the same bytes for
the same input.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from openness.formats.importer import Origin
from openness.model import Artifact
from openness.policy.base import Policy, RuleInfo
from openness.policy.verdict import Finding, FindingSeverity, Outcome, Verdict

if TYPE_CHECKING:
    from openness.loading import LoadResult

__all__ = ["FAIL_ON", "Issue", "Location", "Report"]

#: The values of ``--fail-on``: what makes a run exit 1.
FAIL_ON = ("error", "warning")

_SUBJECT_PART = re.compile(r"([A-Za-z_][\w-]*)|\[(\d+)\]")
_BAD = (Outcome.FAIL, Outcome.UNKNOWN)
_SEVERITY_RANK = {FindingSeverity.ERROR: 0, FindingSeverity.WARNING: 1, FindingSeverity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an input file: the path as shown to the user, and the 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(frozen=True, slots=True)
class Issue:
    """A finding worth reporting (failing or unknown), with its verdict and location."""

    verdict: Verdict
    finding: Finding
    location: Location | None

    @property
    def level(self) -> str:
        """The CI level: ``error`` (an error finding that fails), ``warning`` (unknown, or a
        warning finding) or ``note`` (an info finding, or a waived one)."""
        if self.finding.severity is FindingSeverity.INFO or self.finding.waived is not None:
            return "note"
        if self.finding.severity is FindingSeverity.WARNING:
            return "warning"
        return "error" if self.finding.outcome is Outcome.FAIL else "warning"


@dataclass
class Report:
    """Verdicts with the artifacts, origins and policies that explain them.

    ``base`` is the folder file paths are shown relative to (paths outside it stay as given);
    ``None`` shows paths as given.
    """

    verdicts: Sequence[Verdict]
    artifacts: Mapping[str, Artifact] = field(default_factory=dict)
    origins: Mapping[str, Origin] = field(default_factory=dict)
    policies: Mapping[str, Policy] = field(default_factory=dict)
    base: str | None = None
    _paths: dict[tuple[str | None, str], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_load(
        cls,
        verdicts: Iterable[Verdict],
        result: LoadResult,
        policies: Iterable[Policy] = (),
        base: str | None = None,
    ) -> Report:
        """A report for verdicts on the artifacts of a :func:`openness.loading.load` run."""
        return cls(
            verdicts=tuple(verdicts),
            artifacts={a.id: a for a in result.artifacts},
            origins=dict(result.origins),
            policies={p.id: p for p in policies},
            base=base,
        )

    # ordering ---------------------------------------------------------------------------

    def artifact_ids(self) -> list[str]:
        """Artifacts in input order, then any judged artifact not among them."""
        ids = list(self.artifacts)
        seen = set(ids)
        for verdict in self.verdicts:
            if verdict.artifact not in seen:
                seen.add(verdict.artifact)
                ids.append(verdict.artifact)
        judged = {v.artifact for v in self.verdicts}
        return [i for i in ids if i in judged] if judged else ids

    def policy_ids(self) -> list[str]:
        """Policies in the order given, then any policy a verdict names that is not among them;
        only policies with verdicts are listed."""
        ids = list(self.policies)
        seen = set(ids)
        for verdict in self.verdicts:
            if verdict.policy not in seen:
                seen.add(verdict.policy)
                ids.append(verdict.policy)
        judged = {v.policy for v in self.verdicts}
        return [i for i in ids if i in judged]

    def ordered(self) -> list[Verdict]:
        """The verdicts by artifact (input order), then policy (order given)."""
        arts = {a: i for i, a in enumerate(self.artifact_ids())}
        pols = {p: i for i, p in enumerate(self.policy_ids())}
        return sorted(self.verdicts, key=lambda v: (arts[v.artifact], pols[v.policy]))

    def matrix(self) -> dict[tuple[str, str], Verdict]:
        """``(artifact id, policy id) -> verdict``."""
        return {(v.artifact, v.policy): v for v in self.verdicts}

    def display_name(self, artifact_id: str) -> str:
        """The artifact's name, or its id when it has none or is not in the report."""
        artifact = self.artifacts.get(artifact_id)
        return artifact.display_name if artifact is not None else artifact_id

    def policy_title(self, policy_id: str) -> str:
        """The policy's title, or its id."""
        policy = self.policies.get(policy_id)
        return policy.title if policy is not None else policy_id

    # rules ------------------------------------------------------------------------------

    def rule(self, policy_id: str, rule_id: str) -> RuleInfo | None:
        """The metadata of a policy's rule, or None when the policy does not list it."""
        policy = self.policies.get(policy_id)
        if policy is None:
            return None
        for info in policy.rules():
            if info.id == rule_id:
                return info
        return None

    # findings ---------------------------------------------------------------------------

    def issues(self, *, info: bool = False) -> list[Issue]:
        """Every top-level finding that fails or is unknown: by verdict in report order, then
        errors before warnings (before info findings, which are left out unless ``info``: they
        say what a higher level would need, not what is wrong), each in the policy's order."""
        return list(self.iter_issues(info=info))

    def iter_issues(self, *, info: bool = False) -> Iterator[Issue]:
        """:meth:`issues` one at a time, made as they are read (a large report has hundreds
        of thousands)."""
        for verdict in self.ordered():
            bad = [
                f
                for f in verdict.findings
                if f.outcome in _BAD and (info or f.severity is not FindingSeverity.INFO)
            ]
            bad.sort(key=lambda f: _SEVERITY_RANK[f.severity])
            for f in bad:
                yield Issue(verdict, f, self.location(verdict, f))

    def counts(self) -> dict[Outcome, int]:
        """How many verdicts have each outcome (every outcome present, zero or not)."""
        counts = dict.fromkeys(Outcome, 0)
        for verdict in self.verdicts:
            counts[verdict.outcome] += 1
        return counts

    def summary(self) -> str:
        """One line: how many verdicts, and how many of each outcome."""
        counts = self.counts()
        parts = [f"{n} {o.value}" for o, n in counts.items() if n]
        return f"{len(self.verdicts)} verdict(s)" + (": " + ", ".join(parts) if parts else "")

    def exit_code(self, fail_on: str = "error") -> int:
        """1 when the run fails, else 0.

        ``error``: any verdict fails (unknown counts as fail only for verdicts made strict).
        ``warning``: also any unknown verdict, and any failing or unknown warning finding.
        """
        if fail_on not in FAIL_ON:
            raise ValueError(f"unknown fail-on level {fail_on!r}; choose from {', '.join(FAIL_ON)}")
        for verdict in self.verdicts:
            if verdict.outcome is Outcome.FAIL:
                return 1
            if fail_on == "warning":
                if verdict.outcome is Outcome.UNKNOWN:
                    return 1
                if any(
                    f.outcome in _BAD and f.severity is FindingSeverity.WARNING
                    for f in verdict.all_findings()
                ):
                    return 1
        return 0

    # locations --------------------------------------------------------------------------

    def show_path(self, path: str) -> str:
        """A file path as shown in reports: relative to ``base`` when inside it, with ``/``."""
        key = (self.base, path)
        shown = self._paths.get(key)
        if shown is None:
            shown = self._paths[key] = self._show_path(path)
        return shown

    def _show_path(self, path: str) -> str:
        if self.base is None or path.startswith("<"):
            return path.replace(os.sep, "/")
        absolute = os.path.abspath(path)
        try:
            rel = os.path.relpath(absolute, self.base)
        except ValueError:  # pragma: no cover - another drive on Windows
            return path.replace(os.sep, "/")
        if rel.startswith(".."):
            return path.replace(os.sep, "/")
        return rel.replace(os.sep, "/")

    def artifact_location(self, artifact_id: str) -> Location | None:
        """Where an artifact is defined, or None when its origin is unknown."""
        origin = self.origins.get(artifact_id)
        if origin is None:
            return None
        return Location(self.show_path(origin.document.path), origin.document.line_of(origin.path))

    def location(self, verdict: Verdict, finding: Finding) -> Location | None:
        """Where a finding's subject is written: the line of the component, lineage edge or
        license field in the artifact's input file; a line the finding's evidence gives in
        that same file wins."""
        origin = self.origins.get(verdict.artifact)
        if origin is None:
            return None
        document = origin.document
        shown = self.show_path(document.path)
        for evidence in finding.evidence:
            if evidence.line is not None and evidence.source == document.path:
                return Location(shown, evidence.line)
        path: list[str | int] = list(origin.path)
        path.extend(subject_path(finding.subject))
        if "license" in finding.rule and (not path or path[-1] != "license"):
            path.append("license")
        return Location(shown, document.line_of(path))


def subject_path(subject: str) -> list[str | int]:
    """A finding subject (``artifact``, ``components[2]``, ``lineage[0].target``) as a field path
    relative to the artifact."""
    parts: list[str | int] = []
    for match in _SUBJECT_PART.finditer(subject):
        name, index = match.groups()
        if index is not None:
            parts.append(int(index))
        elif name != "artifact" or parts:
            parts.append(name)
    return parts
