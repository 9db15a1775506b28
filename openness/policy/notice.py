"""What a release must carry: the attribution and notice text for everything in its lineage.

For the artifact and every artifact it derives from (transitively), and for the datasets it was
trained on, the knowledge base's duties of each license that applies: the license texts to
include (with their URLs), attribution texts to display ("Built with Llama"), naming rules (a
derivative's name must begin with "Llama"), notices of changes, the attribution of CC BY data,
and the NOTICE files the releases list. Rendered as Markdown or plain text, in a stable order
and with no date, so that the same lineage gives the same bytes.

Pure functions of the model and the knowledge base: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from openness.licenses.expression import parse_expression
from openness.licenses.knowledge_base import knowledge_base
from openness.lineage import LineageGraph
from openness.model import Artifact, Role

__all__ = ["Notice", "NoticeEntry", "notice"]

_NOTICE_STEMS = ("notice", "use_policy", "acceptable_use")


@dataclass(frozen=True, slots=True)
class NoticeEntry:
    """The duties one artifact of the lineage brings."""

    artifact: str
    name: str
    how: str
    licenses: tuple[tuple[str, str, str | None], ...]
    duties: tuple[str, ...]
    notice_files: tuple[str, ...]
    unknown: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """Every entry, the release first, then upstream in lineage order, then datasets."""

    artifact: str
    name: str
    entries: tuple[NoticeEntry, ...]

    def to_markdown(self) -> str:
        """The notice as Markdown."""
        lines = [f"# Notices for {self.name}", ""]
        lines.append(
            f"What a release of {self.name} must carry for everything in its lineage, from "
            "the license terms recorded by openness's knowledge base. Check the license texts "
            "themselves before you rely on it."
        )
        for entry in self.entries:
            lines += ["", f"## {entry.name}", "", f"*{entry.how}*", ""]
            for lid, lname, url in entry.licenses:
                where = f" <{url}>" if url else ""
                lines.append(f"- License: {lname} (`{lid}`){where}")
            lines += [f"- {duty}" for duty in entry.duties]
            lines += [f"- Carry its notice file: `{path}`" for path in entry.notice_files]
            lines += [
                f"- `{lid}`: the knowledge base does not know this license; read its text for "
                "what it requires"
                for lid in entry.unknown
            ]
        return "\n".join(lines) + "\n"

    def to_text(self) -> str:
        """The notice as plain text."""
        lines = [f"NOTICES FOR {self.name.upper()}", ""]
        for entry in self.entries:
            lines += [entry.name, f"  ({entry.how})"]
            for lid, lname, url in entry.licenses:
                lines.append(f"  License: {lname} ({lid})" + (f" {url}" if url else ""))
            lines += [f"  - {duty}" for duty in entry.duties]
            lines += [f"  - Carry its notice file: {path}" for path in entry.notice_files]
            lines += [f"  - {lid}: unknown license; read its text" for lid in entry.unknown]
            lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


def _licenses(artifact: Artifact) -> list[str]:
    """Every license id that the artifact or one of its components states, in order."""
    ids: list[str] = []
    expressions = [artifact.license, *(c.license for c in artifact.components)]
    for expression in expressions:
        if expression is None:
            continue
        for lid in parse_expression(str(expression)).ids:
            if lid not in ids:
                ids.append(lid)
    return ids


def _notice_files(artifact: Artifact) -> tuple[str, ...]:
    out: list[str] = []
    for component in artifact.components:
        if component.role is not Role.LICENSE_TEXT:
            continue
        for ref in component.files:
            if ref.path.replace("\\", "/").rsplit("/", 1)[-1].lower().startswith(_NOTICE_STEMS):
                where = (
                    f"{component.location.rstrip('/')}/{ref.path}"
                    if component.location
                    else ref.path
                )
                out.append(where)
    return tuple(dict.fromkeys(out))


def _entry(artifact: Artifact, how: str, dataset: bool) -> NoticeEntry:
    kb = knowledge_base()
    licenses: list[tuple[str, str, str | None]] = []
    duties: list[str] = []
    unknown: list[str] = []
    attributed: list[str] = []
    who = artifact.supplier or "its authors"
    for lid in _licenses(artifact):
        facts = kb.get(lid)
        if facts is None:
            unknown.append(lid)
            continue
        licenses.append((facts.id, facts.name, facts.url))
        obligations = facts.derivative_obligations
        if "include-license" in obligations:
            duties.append(f"Include a copy of the {facts.name} with what you distribute")
        if facts.attribution_text:
            duties.append(f'Display or include: "{facts.attribution_text}"')
        if "attribution-notice" in obligations:
            attributed.append(facts.id)
        if "notice-of-changes" in obligations:
            duties.append("State that you changed it, where you did")
        if facts.derivative_name_prefix:
            duties.append(
                f'The name of a model made with it must begin with "{facts.derivative_name_prefix}"'
            )
        if "pass-through-use-restrictions" in obligations:
            duties.append(
                "Pass its use restrictions on, as an enforceable provision, to those you give "
                "it or a derivative to"
            )
        if facts.share_alike or "same-license" in obligations:
            duties.append(
                f"Share what you derive from it under {facts.id} (or a compatible license)"
            )
    if attributed:
        credit = f"{artifact.display_name} by {who}"
        if artifact.url:
            credit += f" ({artifact.url})"
        verb = "Attribute" if dataset else "Keep the copyright and attribution notices of"
        duties.insert(0, f"{verb} {credit} (required by {', '.join(attributed)})")
    if dataset and attributed:
        duties.insert(
            1,
            "The dataset's license asks for this where what you share is adapted from it; "
            "whether a trained model is, the license does not say",
        )
    return NoticeEntry(
        artifact=artifact.id,
        name=artifact.display_name
        if artifact.display_name == artifact.id
        else f"{artifact.display_name} ({artifact.id})",
        how=how,
        licenses=tuple(licenses),
        duties=tuple(dict.fromkeys(duties)),
        notice_files=_notice_files(artifact),
        unknown=tuple(unknown),
    )


def notice(artifact_id: str, artifacts: Iterable[Artifact] | LineageGraph) -> Notice:
    """The notice for ``artifact_id``: its own duties, those of every artifact it derives from
    (each once, upstream order of discovery) and of the datasets it (or they) were trained on.
    Raises ``ValueError`` for an unknown artifact id. Linear in the artifacts upstream."""
    graph = artifacts if isinstance(artifacts, LineageGraph) else LineageGraph.build(artifacts)
    root = graph.get(artifact_id)
    if root is None:
        raise ValueError(f"no artifact {artifact_id!r} in the inputs")
    entries = [_entry(root, "the release itself", dataset=False)]
    datasets: list[NoticeEntry] = []
    seen = {root.id}
    queue = [root]
    missing: list[str] = []
    while queue:
        artifact = queue.pop(0)
        for edge in artifact.lineage:
            target = graph.get(edge.target)
            how = f"{artifact.id} is {edge.relation.value} it"
            if target is None:
                if edge.relation.derives or edge.relation.value == "trained-on":
                    missing.append(
                        f"{edge.target} ({how}) is not loaded: its duties are not listed"
                    )
                continue
            if target.id in seen:
                continue
            if edge.relation.derives:
                seen.add(target.id)
                entries.append(_entry(target, how, dataset=False))
                queue.append(target)
            elif edge.relation.value == "trained-on":
                seen.add(target.id)
                datasets.append(_entry(target, how, dataset=True))
    if missing:
        entries.append(
            NoticeEntry("", "Not loaded", "lineage not read", (), tuple(missing), (), ())
        )
    return Notice(root.id, root.display_name, (*entries, *datasets))
