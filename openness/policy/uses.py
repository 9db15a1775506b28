"""May I use it for X? Answers from the license knowledge base, through the lineage.

A *use* is one of :data:`USES` (``commercial-use``, ``redistribution``, ``fine-tuning`` ...).
The answer for an artifact is ``yes``, ``no``, ``conditional`` (with the conditions) or
``unknown``, decided by the terms that govern the artifact itself (the license of its weights or
data files, else the release's license) and, transitively, the terms of every artifact it
derives from (fine-tuned, quantised, merged, distilled, adapted from): a fine-tune carries its
base's terms. Datasets it was trained on are reported, but their terms change the answer only
where the knowledge base says so: a license of data rarely says what binds a model trained on
it, and we do not invent that conclusion.

Every reason names the license, the artifact it comes from (and the relation it travelled
along), the fact of the knowledge base that decided it and the clause as the knowledge base
records it, with the license's URL. Missing facts are not failures: an id the knowledge base
does not know, no stated license or an upstream artifact that is not loaded gives ``unknown``.

Pure functions of the model and the knowledge base: no I/O, no state between calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from openness._gc import gc_paused
from openness.licenses.expression import Node, parse_expression
from openness.licenses.facts import LicenseFacts
from openness.licenses.knowledge_base import knowledge_base
from openness.lineage import LineageGraph
from openness.model import Artifact, ArtifactKind, Role
from openness.policy.rules.components import release_terms
from openness.policy.use_terms import RANK, Answer, clause, terms_answers

__all__ = ["USES", "Answer", "Reason", "Use", "UseAnswer", "cite", "may", "may_all"]


@dataclass(frozen=True, slots=True)
class Use:
    """One use a user may ask about."""

    id: str
    meaning: str


USES: tuple[Use, ...] = (
    Use("commercial-use", "use it in a commercial product, service or business"),
    Use("redistribution", "share copies of it (the weights or the data) with others"),
    Use("modification", "change it and share what you changed (a derivative)"),
    Use("fine-tuning", "train a derivative model from it and share that model"),
    Use("use-outputs-to-train", "use what it generates to train or improve another model"),
    Use("serve-as-a-service", "offer it to others over a network (an API, a hosted app)"),
    Use("use-in-eu", "use it in the European Union (where a license restricts territory)"),
)
_USE_IDS = {u.id for u in USES}


@dataclass(frozen=True, slots=True)
class Reason:
    """One license's answer for the use, and where it comes from."""

    answer: Answer
    text: str
    license: str
    artifact: str
    relation: str | None = None
    via: str | None = None
    license_name: str | None = None
    url: str | None = None
    clause: str | None = None
    fact: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "answer": self.answer.value,
            "text": self.text,
            "license": self.license,
            "license_name": self.license_name,
            "artifact": self.artifact,
            "relation": self.relation,
            "via": self.via,
            "fact": self.fact,
            "clause": self.clause,
            "url": self.url,
        }


@dataclass(frozen=True, slots=True)
class UseAnswer:
    """The answer for one artifact and one use, with its conditions and every reason."""

    artifact: str
    use: str
    answer: Answer
    conditions: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    notes: tuple[Reason, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The ``may --format json`` shape."""
        return {
            "artifact": self.artifact,
            "use": self.use,
            "answer": self.answer.value,
            "conditions": list(self.conditions),
            "reasons": [r.to_dict() for r in self.reasons],
            "notes": [r.to_dict() for r in self.notes],
        }

    def to_markdown(self) -> str:
        """The answer as Markdown (also the notebook display)."""
        lines = [f"**{self.artifact}**: may I *{self.use}*? **{self.answer.value}**", ""]
        if self.conditions:
            lines += ["Conditions:", "", *(f"- {c}" for c in self.conditions), ""]
        if self.reasons or self.notes:
            lines += ["Reasons:", ""]
            lines += [f"- {cite(r, where)}" for r, where in _grouped((*self.reasons, *self.notes))]
        return "\n".join(lines).rstrip() + "\n"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def cite(reason: Reason, where: Sequence[str] = ()) -> str:
    """One reason as a line: the answer, what the license says, the license, the artifacts it
    comes from (and how they are upstream), the clause and the license's URL."""
    artifacts = list(where) or [reason.artifact]
    origin = " and ".join(artifacts)
    if reason.relation and reason.via and len(artifacts) == 1:
        origin += f", which {reason.via} is {reason.relation}"
    name = reason.license_name or reason.license
    clause = f"; clause: {reason.clause}" if reason.clause else ""
    url = f" <{reason.url}>" if reason.url else ""
    return f"{reason.answer.value}: {reason.text} [{name}; from {origin}{clause}]{url}"


# --- expressions ------------------------------------------------------------------------------

_Found = tuple[Answer, list[tuple[Answer, str, str, LicenseFacts | None, str]]]


def _worst(answers: Iterable[Answer]) -> Answer:
    return max(answers, key=RANK.__getitem__, default=Answer.YES)


def _node(node: Node, use: str) -> _Found:
    """The answer of an expression tree: AND takes every operand's terms, OR the best branch
    (the licensee chooses), WITH the license's own terms."""
    if node.op == "AND":
        parts = [_node(child, use) for child in node.children]
        return _worst(a for a, _ in parts), [item for _, items in parts for item in items]
    if node.op == "OR":
        parts = [_node(child, use) for child in node.children]
        return min(parts, key=lambda part: (RANK[part[0]], len(part[1])))
    key = str(node.key)
    facts = knowledge_base().get(key)
    if facts is None:
        text = f"the knowledge base has no facts for {key}"
        return Answer.UNKNOWN, [(Answer.UNKNOWN, text, "", None, key)]
    found = terms_answers(facts, use)
    return _worst(a for a, _, _ in found), [(a, t, f, facts, key) for a, t, f in found]


def _governing(artifact: Artifact) -> str | None:
    """The expression that governs using the artifact itself: for a dataset, its data files'
    license where they state one; else the terms a derivative would inherit (the final
    parameters' license, else the declared one: :func:`~openness.policy.rules.release_terms`)."""
    if artifact.kind is ArtifactKind.DATASET:
        for component in artifact.components:
            if component.role is Role.DATA_FILES and component.license is not None:
                return str(component.license)
    license_, _ = release_terms(artifact)
    return None if license_ is None else str(license_)


def _reasons(
    artifact: Artifact, use: str, relation: str | None, via: str | None
) -> tuple[Answer, list[Reason]]:
    expression = _governing(artifact)
    if expression is None:
        text = "no license is stated for it"
        reason = Reason(Answer.UNKNOWN, text, "NOASSERTION", artifact.id, relation, via)
        return Answer.UNKNOWN, [reason]
    parsed = parse_expression(expression)
    if parsed.tree is None:
        none = parsed.is_none
        answer = Answer.NO if none else Answer.UNKNOWN
        text = "NONE: no license grants any right" if none else "no license is stated for it"
        return answer, [Reason(answer, text, parsed.canonical, artifact.id, relation, via)]
    answer, items = _node(parsed.tree, use)
    reasons = [
        Reason(
            answer=item_answer,
            text=text,
            license=key,
            artifact=artifact.id,
            relation=relation,
            via=via,
            license_name=facts.name if facts else None,
            url=facts.url if facts else None,
            clause=clause(facts, fact) if facts and item_answer is not Answer.YES else None,
            fact=fact or None,
        )
        for item_answer, text, fact, facts, key in items
    ]
    return answer, reasons


_Own = dict[str, tuple[Answer, list[Reason]]]


def may(use: str, artifact_id: str, artifacts: Iterable[Artifact] | LineageGraph) -> UseAnswer:
    """May ``artifact_id`` (an artifact of ``artifacts``) be used for ``use`` (an id of
    :data:`USES`)? Raises ``ValueError`` for an unknown use or artifact id. Linear in the
    artifacts upstream of it."""
    if use not in _USE_IDS:
        raise ValueError(f"unknown use {use!r}; choose from {', '.join(sorted(_USE_IDS))}")
    graph = artifacts if isinstance(artifacts, LineageGraph) else LineageGraph.build(artifacts)
    root = graph.get(artifact_id)
    if root is None:
        raise ValueError(f"no artifact {artifact_id!r} in the inputs")
    return _answer(use, root, graph, {})


def may_all(use: str, artifacts: Iterable[Artifact] | LineageGraph) -> list[UseAnswer]:
    """:func:`may` for every artifact, in input order, reading each artifact's own terms once
    (the memo lives in this call only)."""
    if use not in _USE_IDS:
        raise ValueError(f"unknown use {use!r}; choose from {', '.join(sorted(_USE_IDS))}")
    graph = artifacts if isinstance(artifacts, LineageGraph) else LineageGraph.build(artifacts)
    memo: _Own = {}
    with gc_paused():  # acyclic answers, many of them: no collection needed meanwhile
        return [_answer(use, artifact, graph, memo) for artifact in graph]


def _answer(use: str, root: Artifact, graph: LineageGraph, memo: _Own) -> UseAnswer:
    def own(
        artifact: Artifact, relation: str | None, via: str | None
    ) -> tuple[Answer, list[Reason]]:
        found = memo.get(artifact.id)
        if found is None:
            found = memo[artifact.id] = _reasons(artifact, use, None, None)
        if relation is None:
            return found
        return found[0], [replace(r, relation=relation, via=via) for r in found[1]]

    answers: list[Answer] = []
    reasons: list[Reason] = []
    notes: list[Reason] = []
    seen = {root.id}
    stack: list[tuple[Artifact, str | None, str | None]] = [(root, None, None)]
    while stack:  # the artifact, then everything it derives from, each once
        artifact, relation, via = stack.pop()
        answer, found = own(artifact, relation, via)
        answers.append(answer)
        reasons.extend(found)
        for edge in reversed(artifact.lineage):
            target = graph.get(edge.target)
            if edge.relation.derives:
                if target is None:
                    text = f"{edge.target}, which it is {edge.relation.value}, is not loaded"
                    answers.append(Answer.UNKNOWN)
                    reasons.append(
                        Reason(
                            Answer.UNKNOWN,
                            text + ": give its file too, or its hf: id",
                            "NOASSERTION",
                            edge.target,
                            edge.relation.value,
                            artifact.id,
                        )
                    )
                elif target.id not in seen:
                    seen.add(target.id)
                    stack.append((target, edge.relation.value, artifact.id))
            elif edge.relation.value == "trained-on" and target is not None:
                note_answer, found = own(target, "trained-on", artifact.id)
                if note_answer is not Answer.YES:
                    notes.extend(
                        Reason(
                            r.answer,
                            f"{r.text}; the dataset's license does not say whether this binds "
                            "models trained on it",
                            r.license,
                            r.artifact,
                            r.relation,
                            r.via,
                            r.license_name,
                            r.url,
                            r.clause,
                            r.fact,
                        )
                        for r in found
                        if r.answer is not Answer.YES
                    )
    final = _worst(answers)
    conditions = _conditions(reasons) if final is Answer.CONDITIONAL else ()
    return UseAnswer(root.id, use, final, conditions, tuple(reasons), tuple(notes))


def _grouped(reasons: Iterable[Reason]) -> list[tuple[Reason, list[str]]]:
    """Reasons that say the same of the same license, once, with every artifact they come
    from (a fine-tune and its base under the same license)."""
    groups: dict[tuple[Answer, str, str], tuple[Reason, list[str]]] = {}
    for reason in reasons:
        key = (reason.answer, reason.text, reason.license)
        if key in groups:
            groups[key][1].append(reason.artifact)
        else:
            groups[key] = (reason, [reason.artifact])
    return list(groups.values())


def _conditions(reasons: Iterable[Reason]) -> tuple[str, ...]:
    return tuple(
        f"{r.text} ({r.license_name or r.license}; from {' and '.join(where)})"
        for r, where in _grouped(r for r in reasons if r.answer is Answer.CONDITIONAL)
    )
