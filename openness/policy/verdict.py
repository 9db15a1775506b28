"""Verdict types: the values every policy returns.

``Finding`` is one rule's result on one subject; ``Verdict`` is one policy's result on one
artifact. Both are frozen slotted dataclasses (cheap to build by the million, shareable
between artifacts with the same facts); subjects are relative to the verdict's artifact
(``artifact``, ``components[2]``, ``lineage[0]``), so identical findings can be reused.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from openness._repr import render_html
from openness.model import Evidence

__all__ = ["Citation", "Finding", "FindingSeverity", "Outcome", "UpstreamRef", "Verdict"]


def _fast_init(cls: type) -> None:
    """Give a frozen slotted dataclass a faster ``__init__``, with the same parameters,
    defaults and ``__post_init__``.

    ``dataclass(frozen=True)`` generates an ``__init__`` that sets each field with
    ``object.__setattr__`` (the class's own ``__setattr__`` refuses), a function call per
    field. A check over 100,000 artifacts and nine policies makes close to a million verdicts,
    and that cost about 0.8 microseconds each (benchmarks/bench_policy.py). The generated
    ``__init__`` instead lends the instance, for the time of the assignments, a plain class
    with the same slots (so the same memory layout; CPython allows assigning ``__class__``
    between such classes), assigns the fields as ordinary attributes, and gives the instance
    its class back: about a third of the cost. Instances stay frozen (assigning an attribute
    afterwards raises ``FrozenInstanceError``); a subclass is served by setting each slot
    through its descriptor.
    """
    slots = cls.__dict__["__slots__"]
    draft = type(f"_{cls.__name__}Draft", (), {"__slots__": slots, "__module__": cls.__module__})
    names: list[str] = []
    params: list[str] = []
    namespace: dict[str, Any] = {"_cls": cls, "_draft": draft, "_lend": object.__setattr__}
    for f in fields(cls):
        assert f.init and f.default_factory is MISSING, f"{cls.__name__}.{f.name}"
        names.append(f.name)
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
    assert tuple(names) == tuple(slots), cls.__name__
    body = [
        "    if type(self) is _cls:",
        "        _lend(self, '__class__', _draft)",
        *[f"        self.{name} = {name}" for name in names],
        "        self.__class__ = _cls",
        "    else:",
        *[f"        _set_{name}(self, {name})" for name in names],
    ]
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(source, namespace)  # generated from the field names, as dataclasses does
    init = namespace["__init__"]
    generated = cls.__dict__["__init__"]
    init.__qualname__ = generated.__qualname__
    init.__annotations__ = generated.__annotations__
    init.__doc__ = generated.__doc__
    setattr(cls, "__init__", init)  # noqa: B010 - mypy does not allow assigning a method


class Outcome(StrEnum):
    """A rule's or policy's outcome. Missing facts give ``unknown``, never ``fail``."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not-applicable"

    @staticmethod
    def combine(outcomes: list[Outcome]) -> Outcome:
        """All must pass: any fail fails, else any unknown is unknown, else pass (rules that
        do not apply are ignored; with nothing applicable the result is not-applicable)."""
        applicable = [o for o in outcomes if o is not Outcome.NOT_APPLICABLE]
        if not applicable:
            return Outcome.NOT_APPLICABLE
        if Outcome.FAIL in applicable:
            return Outcome.FAIL
        if Outcome.UNKNOWN in applicable:
            return Outcome.UNKNOWN
        return Outcome.PASS


class FindingSeverity(StrEnum):
    """How much a finding matters: ``error`` findings decide the outcome, ``warning`` ones are
    recommendations (MOF's type-appropriate license), ``info`` is context."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Citation:
    """The clause a rule implements."""

    document: str
    section: str | None = None
    url: str | None = None
    clause: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict without empty values."""
        return {
            k: v
            for k, v in (
                ("document", self.document),
                ("section", self.section),
                ("url", self.url),
                ("clause", self.clause),
            )
            if v is not None
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule's result on one subject.

    ``how_to_fix`` is required whenever the outcome is fail or unknown (the constructor checks).
    ``findings`` holds sub-findings: the operands of a license expression, the upstream artifact
    whose terms are inherited. ``waived`` is set, with the waiver's reason, by
    :func:`openness.policy.waivers.apply_waivers`: the finding no longer decides the verdict.
    """

    rule: str
    subject: str
    outcome: Outcome
    message: str
    severity: FindingSeverity = FindingSeverity.ERROR
    how_to_fix: str | None = None
    citation: Citation | None = None
    evidence: tuple[Evidence, ...] = ()
    findings: tuple[Finding, ...] = ()
    waived: str | None = None

    def __post_init__(self) -> None:
        if self.outcome in (Outcome.FAIL, Outcome.UNKNOWN) and not self.how_to_fix:
            raise ValueError(f"finding {self.rule} is {self.outcome.value} but has no how_to_fix")

    def walk(self) -> list[Finding]:
        """This finding and every sub-finding, depth first."""
        out = [self]
        for sub in self.findings:
            out.extend(sub.walk())
        return out

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``check --format json`` shape)."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "subject": self.subject,
            "outcome": self.outcome.value,
            "severity": self.severity.value,
            "message": self.message,
            "how_to_fix": self.how_to_fix,
            "citation": self.citation.to_dict() if self.citation else None,
            "evidence": [e.model_dump(mode="json", exclude_defaults=True) for e in self.evidence],
        }
        if self.findings:
            data["findings"] = [f.to_dict() for f in self.findings]
        if self.waived is not None:
            data["waived"] = self.waived
        return data


@dataclass(frozen=True, slots=True)
class UpstreamRef:
    """A reference from a verdict to the upstream verdict it depends on."""

    artifact: str
    relation: str
    outcome: Outcome
    level: str | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One policy's result on one artifact.

    ``data_hash`` identifies the policy's requirement tables and the license knowledge base the
    verdict was computed with, so that a stored verdict can be told stale.
    """

    artifact: str
    policy: str
    policy_version: str
    outcome: Outcome
    level: str | None = None
    findings: tuple[Finding, ...] = ()
    data_hash: str = ""
    upstream: tuple[UpstreamRef, ...] = ()
    strict: bool = False
    levels: tuple[str, ...] = field(default=(), compare=False)

    @property
    def passed(self) -> bool:
        """True when the outcome is pass (or not-applicable)."""
        return self.outcome in (Outcome.PASS, Outcome.NOT_APPLICABLE)

    def all_findings(self) -> list[Finding]:
        """Every finding and sub-finding, depth first."""
        out: list[Finding] = []
        for finding in self.findings:
            out.extend(finding.walk())
        return out

    def _repr_html_(self) -> str:
        return render_html("verdict", self)

    def as_strict(self) -> Verdict:
        """This verdict with unknown counted as fail (for CI gates)."""
        if self.outcome is Outcome.UNKNOWN:
            return replace(self, outcome=Outcome.FAIL, strict=True)
        return replace(self, strict=True)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``check --format json`` shape); a verdict of a policy graded by
        per-level requirements (MOF) also has ``progress``, one item per level, lowest first."""
        from openness.policy.progress import level_progress

        out: dict[str, Any] = {
            "artifact": self.artifact,
            "policy": self.policy,
            "policy_version": self.policy_version,
            "data_hash": self.data_hash,
            "outcome": self.outcome.value,
            "level": self.level,
            "strict": self.strict,
            "upstream": [
                {
                    "artifact": u.artifact,
                    "relation": u.relation,
                    "outcome": u.outcome.value,
                    "level": u.level,
                }
                for u in self.upstream
            ],
            "findings": [f.to_dict() for f in self.findings],
        }
        progress = level_progress(self) if self.levels else ()
        if progress:
            out["progress"] = [p.to_dict() for p in progress]
        return out


for _cls in (Finding, UpstreamRef, Verdict):
    _fast_init(_cls)
del _cls
