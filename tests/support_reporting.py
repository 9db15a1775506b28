"""Shared by the reporter and display tests: a report built from a manifest and hand-made
verdicts (independent of the policy engine), with hostile strings in every field."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openness.loading import load
from openness.model import Artifact, Evidence
from openness.policy.base import Context, OptionInfo, RuleInfo
from openness.policy.verdict import (
    Citation,
    Finding,
    FindingSeverity,
    Outcome,
    UpstreamRef,
    Verdict,
)
from openness.reporters import Report

DATA = Path(__file__).parent / "data"
EVIL = DATA / "reporters" / "evil.yaml"
XSS = "<img src=x onerror=\"document.title='pwned'\">"
JS_URL = "javascript:document.title='pwned'"

CITE = Citation("Toy Definition 1.0", "2.1", "https://example.org/toy#2.1", "the source code")
EVIL_CITE = Citation(f"Evil {XSS}", "§<b>1</b>", JS_URL, "[x](javascript:alert(1))")


@dataclass
class ToyPolicy:
    """A minimal object satisfying the Policy protocol, for rule metadata."""

    id: str
    title: str
    version: str = "1.0"
    summary: str = "toy"
    levels: tuple[str, ...] = ()
    rule_infos: tuple[RuleInfo, ...] = field(default_factory=tuple)

    def rules(self) -> Sequence[RuleInfo]:
        return self.rule_infos

    def options(self) -> Mapping[str, OptionInfo]:
        return {}

    def data_hash(self) -> str:
        return "0" * 64

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:  # pragma: no cover
        raise NotImplementedError


TOY = ToyPolicy(
    "toy",
    "Toy definition",
    rule_infos=(
        RuleInfo("toy/training-code", "Training code is released", CITE, "training code is free"),
        RuleInfo(
            "toy/parameters-license", "Parameters are openly licensed", CITE, "an open license"
        ),
    ),
)
GRADED = ToyPolicy("graded", "Graded <definition>", levels=("gold", "silver"))


def verdicts() -> list[Verdict]:
    evidence = (Evidence(source=str(EVIL), line=12, note=XSS),)
    missing = Finding(
        rule="toy/training-code",
        subject="components[1]",
        outcome=Outcome.FAIL,
        message=f"training code is not released {XSS}",
        how_to_fix=f"release it, see [here]({JS_URL}) <script>alert(1)</script>",
        citation=CITE,
        findings=(
            Finding(
                rule="toy/training-code-operand",
                subject="components[1]",
                outcome=Outcome.UNKNOWN,
                message="operand ** of `x`",
                how_to_fix="state it",
            ),
        ),
    )
    ok = Finding(
        rule="toy/parameters-license",
        subject="components[0]",
        outcome=Outcome.PASS,
        message="Apache-2.0 is open",
        evidence=evidence,
    )
    warn = Finding(
        rule="graded/type-appropriate",
        subject="components[0]",
        outcome=Outcome.FAIL,
        severity=FindingSeverity.WARNING,
        message="open, but not a data license",
        how_to_fix="prefer CDLA-Permissive-2.0",
        citation=EVIL_CITE,
    )
    unknown = Finding(
        rule="graded/upstream",
        subject="lineage[0]",
        outcome=Outcome.UNKNOWN,
        message="the upstream's terms are unknown\nwith a second line\r\n::error::injected",
        how_to_fix="state the license of base-model",
    )
    return [
        Verdict(
            "evil-model", "toy", "1.0", Outcome.FAIL, findings=(missing, ok), data_hash="ab" * 32
        ),
        Verdict(
            "evil-model",
            "graded",
            "1.0",
            Outcome.UNKNOWN,
            level="silver",
            findings=(warn, unknown),
            upstream=(UpstreamRef("base-model", "fine-tuned-from", Outcome.PASS, "gold"),),
        ),
        Verdict("base-model", "toy", "1.0", Outcome.PASS, findings=(ok,)),
        Verdict("base-model", "graded", "1.0", Outcome.PASS, level="gold"),
    ]


def make_report(base: str | None = None, **kw: Any) -> Report:
    result = load([EVIL])
    assert result.ok, result.problems
    return Report.from_load(verdicts(), result, [TOY, GRADED], base=base, **kw)


def run(
    *args: str,
    stdin: str | None = None,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the ``openness`` console script of this environment (or ``$OPENNESS_EXE``), with
    the colour variables cleared, then ``env`` applied."""
    exe = os.environ.get("OPENNESS_EXE") or (
        shutil.which("openness", path=str(Path(sys.executable).parent)) or "openness"
    )
    full_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [exe, *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
        timeout=120,
        cwd=cwd,
        env=full_env,
    )
