"""Organisation license lists: ``allow``, ``deny`` and ``review``, as a policy.

An organisation's governance classifies licenses, as ORT's license classifications do: by id
(``MIT``, a knowledge-base alias such as ``llama3.1``), by knowledge-base category
(``category:non-commercial``) or by fact (``fact:non-commercial``, ``fact:copyleft``,
``fact:use-restricted``, ``fact:outputs-restricted``, ``fact:no-derivatives``). A license on
``deny`` fails, on ``review`` is unknown (a person must decide; ``--strict`` makes it fail), on
``allow`` passes. A license named by its id is classified by that entry; else by the categories
and facts it matches, the strictest list first; a license on no list takes the ``default``
(``review`` unless set). ``A AND B`` needs both, ``A OR B`` the better branch
(the licensee chooses). The lists apply to the declared license, to every component's license
(its own, or the release's it takes), and through lineage: an artifact derived from one whose
licenses are denied (or need review) is too, with the upstream named.

Pure: the policy reads the model, the knowledge base and the upstream verdicts the engine
gives it; parsing a policy file is :func:`parse_license_lists`'s job, given the parsed data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from openness.errors import Problem
from openness.licenses.expression import Node, parse_expression
from openness.licenses.facts import LicenseFacts
from openness.licenses.knowledge_base import knowledge_base
from openness.model import Artifact
from openness.policy.base import Context, OptionInfo, RuleInfo
from openness.policy.rules.components import effective_license
from openness.policy.verdict import Citation, Finding, FindingSeverity, Outcome, Verdict

__all__ = ["FACTS", "LicenseListPolicy", "LicenseLists", "parse_license_lists"]

#: Facts a list entry may name (``fact:NAME``), each a test of the knowledge base's facts.
FACTS: dict[str, Callable[[LicenseFacts], bool]] = {
    "non-commercial": lambda f: f.non_commercial,
    "copyleft": lambda f: f.share_alike or f.category in ("copyleft", "weak-copyleft"),
    "use-restricted": lambda f: f.use_restrictions or f.field_of_use or f.user_cap is not None,
    "outputs-restricted": lambda f: f.outputs_restricted,
    "no-derivatives": lambda f: f.no_derivatives,
    "proprietary": lambda f: f.category == "proprietary",
}
_RANK = {"allow": 0, "review": 1, "deny": 2}
_OUTCOME = {"allow": Outcome.PASS, "review": Outcome.UNKNOWN, "deny": Outcome.FAIL}


@dataclass(frozen=True, slots=True)
class LicenseLists:
    """The three lists, each a tuple of entries (an id, ``category:X`` or ``fact:X``)."""

    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    review: tuple[str, ...] = ()
    default: str = "review"

    def classify(self, license_id: str) -> tuple[str, str | None]:
        """``(list, entry)``: the strictest list naming the license and the entry that does,
        else ``(default, None)``."""
        facts = knowledge_base().get(license_id)
        canonical = facts.id.lower() if facts else license_id.lower()
        for exact in (True, False):  # a license named by its id, before categories and facts
            for name in ("deny", "review", "allow"):
                for entry in getattr(self, name):
                    if (":" not in entry) is exact and _matches(entry, canonical, facts):
                        return name, entry
        return self.default, None


def _matches(entry: str, canonical: str, facts: LicenseFacts | None) -> bool:
    kind, _, value = entry.partition(":")
    if value and kind == "category":
        return facts is not None and facts.category == value
    if value and kind == "fact":
        return facts is not None and FACTS[value](facts)
    resolved = knowledge_base().resolve(entry)
    return (resolved or entry).lower() == canonical


def _fold(node: Node, lists: LicenseLists) -> tuple[str, list[tuple[str, str, str | None]]]:
    """The list an expression falls in, with ``(id, list, entry)`` for the ids that decide."""
    if node.op in ("AND", "OR"):
        parts = [_fold(child, lists) for child in node.children]
        if node.op == "AND":
            worst = max(_RANK[p[0]] for p in parts)
            return next(p[0] for p in parts if _RANK[p[0]] == worst), [
                i for p in parts for i in p[1]
            ]
        return min(parts, key=lambda p: _RANK[p[0]])
    name, entry = lists.classify(str(node.key))
    return name, [(str(node.key), name, entry)]


class LicenseListPolicy:
    """A policy of license lists (see the module docstring); made by a policy file with a
    ``[licenses]`` table. Immutable after construction; nothing is kept between artifacts."""

    levels: tuple[str, ...] = ()

    def __init__(
        self,
        id: str,
        version: str,
        title: str,
        summary: str,
        citation: Citation,
        lists: LicenseLists,
        data: bytes = b"",
    ) -> None:
        self.id, self.version, self.title, self.summary = id, version, title, summary
        self.citation, self.lists = citation, lists
        digest = hashlib.sha256(data or repr(lists).encode())
        digest.update(knowledge_base().version.encode())
        self._hash = digest.hexdigest()[:16]
        self._rules = (
            RuleInfo(
                f"{id}/licenses",
                "Licenses the organisation allows",
                citation,
                "Every license of the release is on the allow list (none denied or to review).",
                FindingSeverity.ERROR,
            ),
            RuleInfo(
                f"{id}/lineage",
                "Licenses inherited through lineage",
                citation,
                "Every artifact it derives from passes the same lists.",
                FindingSeverity.ERROR,
            ),
        )

    def rules(self) -> Sequence[RuleInfo]:
        """The two rules: the release's own licenses, and those inherited."""
        return self._rules

    def options(self) -> Mapping[str, OptionInfo]:
        """No options."""
        return {}

    def data_hash(self) -> str:
        """A digest of the lists and the knowledge base's version."""
        return self._hash

    def _finding(self, subject: str, what: str, expression: str) -> Finding:
        parsed = parse_expression(expression)
        rule = f"{self.id}/licenses"
        if parsed.tree is None:
            message = f"{what} states no license ({parsed.canonical})"
            return Finding(
                rule,
                subject,
                Outcome.UNKNOWN,
                message,
                how_to_fix=f"state the license of {what} as an SPDX expression",
                citation=self.citation,
            )
        name, deciding = _fold(parsed.tree, self.lists)
        shown = [
            f"{lid} is on {lst}" + (f" ({entry})" if entry else " (on no list)")
            for lid, lst, entry in deciding
            if lst == name
        ]
        message = f"{what} is '{parsed.canonical}': " + "; ".join(shown)
        fix: str | None = None
        if name == "deny":
            fix = (
                f"replace '{parsed.canonical}' with a license on {self.id}'s allow list, or "
                "record an exception (check --waivers)"
            )
        elif name == "review":
            fix = f"have '{parsed.canonical}' reviewed, then add it to allow or deny in {self.id}"
        return Finding(
            rule, subject, _OUTCOME[name], message, how_to_fix=fix, citation=self.citation
        )

    def evaluate(self, artifact: Artifact, context: Context) -> Verdict:
        """Judge the artifact's licenses and, through the upstream verdicts, its lineage."""
        findings: list[Finding] = []
        if artifact.license is not None:
            findings.append(
                self._finding("artifact", "the declared license", str(artifact.license))
            )
        for index, component in enumerate(artifact.components):
            license_, _ = effective_license(artifact, index, component)
            if license_ is not None:
                what = f"the {component.role} component"
                findings.append(self._finding(f"components[{index}]", what, str(license_)))
        positions = {id(edge): i for i, edge in enumerate(artifact.lineage)}
        for upstream in context.upstream:
            if not upstream.edge.relation.derives:
                continue
            inherited: Outcome = upstream.verdict.outcome
            if inherited in (Outcome.PASS, Outcome.NOT_APPLICABLE):
                continue
            subject = f"lineage[{positions.get(id(upstream.edge), 0)}]"
            message = (
                f"{artifact.id} is {upstream.edge.relation.value} {upstream.artifact.id}, whose "
                f"licenses are {'denied' if inherited is Outcome.FAIL else 'to review'} here"
            )
            findings.append(
                Finding(
                    f"{self.id}/lineage",
                    subject,
                    inherited,
                    message,
                    how_to_fix=f"see {upstream.artifact.id}'s findings under {self.id}",
                    citation=self.citation,
                )
            )
        outcome: Outcome = (
            Outcome.combine([f.outcome for f in findings]) if findings else Outcome.UNKNOWN
        )
        if not findings:
            findings.append(
                Finding(
                    f"{self.id}/licenses",
                    "artifact",
                    Outcome.UNKNOWN,
                    "no license is stated anywhere in the release",
                    how_to_fix="declare the release's license",
                    citation=self.citation,
                )
            )
        return Verdict(
            artifact.id, self.id, self.version, outcome, None, tuple(findings), self._hash
        )


def parse_license_lists(
    raw: Any, where: Callable[[Sequence[str | int]], int | None], source: str
) -> tuple[LicenseLists | None, list[Problem]]:
    """The ``licenses`` table of a policy file, or the problems with it (file, field, line)."""
    problems: list[Problem] = []

    def problem(path: Sequence[str | int], message: str) -> None:
        dotted = ".".join(str(p) for p in path)
        problems.append(Problem(source, dotted, message, where(path)))

    if not isinstance(raw, dict):
        problem(["licenses"], "licenses must be a table with allow, deny and review lists")
        return None, problems
    known = {"allow", "deny", "review", "default"}
    for key in raw:
        if key not in known:
            problem(["licenses", key], f"unknown key {key!r}; a license list has {sorted(known)}")
    lists: dict[str, tuple[str, ...]] = {}
    categories = {f.category for f in knowledge_base() if f.category}
    for name in ("allow", "deny", "review"):
        entries = raw.get(name, [])
        if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
            problem(["licenses", name], f"{name} must be a list of strings")
            continue
        for index, entry in enumerate(entries):
            kind, _, value = entry.partition(":")
            if value and kind == "category" and value not in categories:
                problem(
                    ["licenses", name, index],
                    f"unknown category {value!r}; choose from {', '.join(sorted(categories))}",
                )
            elif value and kind == "fact" and value not in FACTS:
                problem(
                    ["licenses", name, index],
                    f"unknown fact {value!r}; choose from {', '.join(FACTS)}",
                )
            elif (
                not value
                and knowledge_base().resolve(entry) is None
                and not entry.startswith("LicenseRef-")
            ):
                problem(
                    ["licenses", name, index],
                    f"unknown license {entry!r}: give an SPDX id, a LicenseRef- id, "
                    "category:NAME or fact:NAME",
                )
        lists[name] = tuple(entries)
    default = raw.get("default", "review")
    if default not in _RANK:
        problem(["licenses", "default"], f"default must be allow, deny or review, got {default!r}")
        default = "review"
    if problems:
        return None, problems
    return LicenseLists(
        lists.get("allow", ()), lists.get("deny", ()), lists.get("review", ()), default
    ), []
