"""What a card links to: the research papers (``arxiv:`` tags, arXiv and Hugging Face paper
links, ``arXiv:ID`` citations) and the GitHub repositories of its Markdown text, as components
of kind ``detected``.

Nothing here says what the linked things are licensed under: a card does not say, and the
card's own ``license`` is the model's, not the paper's or the code's. Every component found
has the license ``NOASSERTION`` (nothing is asserted), so that policies read it as unknown
rather than as covered by the card's license; a reviewer who knows the license states it.

A link to a repository's code is a code component. Its role comes from the words just before
the link in the same sentence: "training" gives ``training-code``, "inference" (or serving)
``inference-code``, "evaluation" ``evaluation-code``, "preprocessing" ``data-preprocessing-code``;
otherwise it is ``source-code``, which no model policy counts as any of the model's code, so a
guess never fills a requirement. Links that are not a repository's code are left out: GitHub's
own pages (``/features``, ``/orgs/...``), profiles, gists, issue trackers and discussions, links
to a license file, and the well-known libraries and runtimes a card links to say how to run
the model (:data:`LIBRARY_REPOS`). See docs/importers/huggingface.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from openness.formats.huggingface.read.card import Card
from openness.model import Component, Evidence, EvidenceKind, LicenseExpression, Role

__all__ = ["LIBRARY_REPOS", "arxiv_id", "card_links", "code_role", "github_repo"]

# A new-style id (2310.06825, with an optional version) or an old-style one (hep-th/9901001).
_ID = r"(?:\d{4}\.\d{4,5}|[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ID_ONLY = re.compile(rf"^({_ID})$")
_ARXIV_LINK = re.compile(
    rf"(?<![\w.])(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/({_ID})(?:\.pdf)?"
    rf"|(?<![\w.])(?:https?://)?(?:www\.)?huggingface\.co/papers/(\d{{4}}\.\d{{4,5}})",
    re.IGNORECASE,
)
_ARXIV_CITED = re.compile(rf"\barXiv:\s?({_ID})", re.IGNORECASE)
_VERSION = re.compile(r"v\d+$")

_GITHUB = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]+)"
    r"((?:/[^\s)\]>\"'`<]*)?)",
    re.IGNORECASE,
)

#: First path segments of github.com that are GitHub's own pages, not an owner.
_NOT_OWNERS = frozenset(
    {
        "about", "apps", "collections", "contact", "customer-stories", "enterprise", "events",
        "explore", "features", "github", "join", "login", "marketplace", "new",
        "notifications", "orgs", "pricing", "readme", "resources", "security", "settings",
        "site", "solutions", "sponsors", "team", "topics", "trending", "users",
    }
)  # fmt: skip

#: Second-level pages of a repository that are not its code: feedback channels and the like.
_NOT_CODE_PAGES = frozenset(
    {"issues", "pulls", "pull", "discussions", "security", "stargazers", "network", "sponsors"}
)

_LICENSE_FILE = re.compile(r"^(?:LICEN[CS]E|COPYING|NOTICE|USE_POLICY)", re.IGNORECASE)

#: Repositories of libraries, frameworks and runtimes that cards link to say how to install,
#: run, quantise or merge a model; they are not the model's own code (lower case).
LIBRARY_REPOS = frozenset(
    {
        "huggingface/transformers", "huggingface/peft", "huggingface/trl",
        "huggingface/accelerate", "huggingface/datasets", "huggingface/diffusers",
        "huggingface/tokenizers", "huggingface/huggingface_hub", "huggingface/optimum",
        "huggingface/text-generation-inference", "huggingface/candle",
        "pytorch/pytorch", "tensorflow/tensorflow", "google/jax", "jax-ml/jax",
        "vllm-project/vllm", "sgl-project/sglang", "nvidia/tensorrt-llm",
        "ggerganov/llama.cpp", "ggml-org/llama.cpp", "ggerganov/ggml", "ggml-org/ggml",
        "ollama/ollama", "lmstudio-ai/lms", "mlc-ai/mlc-llm", "turboderp/exllamav2",
        "oobabooga/text-generation-webui", "lostruins/koboldcpp", "abetlen/llama-cpp-python",
        "casper-hansen/autoawq", "autogptq/autogptq", "bitsandbytes-foundation/bitsandbytes",
        "timdettmers/bitsandbytes", "dao-ailab/flash-attention", "microsoft/deepspeed",
        "cg123/mergekit", "arcee-ai/mergekit", "unslothai/unsloth",
    }
)  # fmt: skip

_CODE_WORDS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (re.compile(r"\b(?:pre-?process\w*|data[- ](?:processing|pipeline|curation))\b", re.I),
     Role.DATA_PREPROCESSING_CODE),
    (re.compile(r"\b(?:train\w*|fine-?tun\w*|pre-?train\w*)\b", re.I), Role.TRAINING_CODE),
    (re.compile(r"\b(?:eval\w*|benchmark\w*)\b", re.I), Role.EVALUATION_CODE),
    (re.compile(r"\b(?:inference|serv(?:e|ing))\b", re.I), Role.INFERENCE_CODE),
)  # fmt: skip

_SENTENCE_END = re.compile(r"(?:[.!?](?:\s|$)|[|;]|^\s*[-*+]\s|^#+\s)")
_LINK_TEXT = re.compile(r"\[([^\[\]]*)\]\($")
_CONTEXT = 300  # characters before a link that may say what it is

_NOASSERTION = LicenseExpression.of("NOASSERTION")
_TAG_NOTE = "arXiv tag"
_LINK_NOTE = "linked from the card text"
_CITED_NOTE = "cited in the card text"


def arxiv_id(value: str) -> str | None:
    """The arXiv id in ``value`` without its version (``2310.06825v2`` gives
    ``2310.06825``), or None when it is not one."""
    match = _ID_ONLY.match(value.strip())
    return _VERSION.sub("", match.group(1)) if match else None


def github_repo(url: str) -> str | None:
    """``OWNER/REPO`` of a github.com link to a repository's code (``.git``, ``/tree/...``,
    ``/blob/...`` stripped), or None for a link that is not one: GitHub's own pages, a
    profile, an issue tracker, a license file, or a library in :data:`LIBRARY_REPOS`."""
    match = _GITHUB.fullmatch(url.strip())
    return _repo_of(match) if match else None


def _repo_of(match: re.Match[str]) -> str | None:
    owner, repo, rest = match.group(1), match.group(2), match.group(3)
    repo = repo.rstrip(".")
    repo = repo[: -len(".git")] if repo.lower().endswith(".git") else repo
    if not repo or owner.lower() in _NOT_OWNERS or repo.startswith("."):
        return None
    parts = [p for p in rest.split("/") if p]
    if parts and parts[0].lower() in _NOT_CODE_PAGES:
        return None
    if len(parts) >= 3 and parts[0] in ("blob", "raw") and _LICENSE_FILE.match(parts[-1]):
        return None
    if f"{owner}/{repo}".lower() in LIBRARY_REPOS:
        return None
    return f"{owner}/{repo}"


def code_role(before: str) -> Role:
    """The code role the words before a link (in its sentence) name: training, inference,
    evaluation or preprocessing code; else ``source-code``."""
    for pattern, role in _CODE_WORDS:
        if pattern.search(before):
            return role
    return Role.SOURCE_CODE


def _sentence_before(line: str, start: int) -> str:
    """The text of ``line`` from the start of the sentence that holds ``start`` up to it
    (at most :data:`_CONTEXT` characters), with the text of a Markdown link that ends there."""
    head = line[max(0, start - _CONTEXT) : start]
    cut = 0
    for match in _SENTENCE_END.finditer(head):
        cut = match.end()
    words = head[cut:]
    label = _LINK_TEXT.search(head)
    return f"{words} {label.group(1)}" if label else words


@dataclass
class _Found:
    role: Role
    name: str
    location: str
    evidence: list[Evidence] = field(default_factory=list)


def _add(found: dict[str, _Found], key: str, item: _Found, evidence: Evidence) -> None:
    known = found.get(key)
    if known is None:
        item.evidence.append(evidence)
        found[key] = item
    elif all(e.note != evidence.note for e in known.evidence):
        known.evidence.append(evidence)  # one occurrence of each kind is enough


def _tags(card: Card, tags: Any, found: dict[str, _Found]) -> None:
    items = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
    for index, tag in enumerate(items):
        if not isinstance(tag, str) or not tag.lower().startswith("arxiv:"):
            continue
        paper = arxiv_id(tag[len("arxiv:") :])
        if paper is None:
            continue
        path = ("tags", index) if isinstance(tags, list) else ("tags",)
        evidence = card.evidence(path, _TAG_NOTE, EvidenceKind.DETECTED)
        _add(found, f"arxiv:{paper}", _paper(paper), evidence)


def _paper(paper: str) -> _Found:
    return _Found(Role.RESEARCH_PAPER, f"arXiv:{paper}", f"https://arxiv.org/abs/{paper}")


_WORTH_A_LOOK = ("arxiv", "github.com", "huggingface.co/papers")
_WORTH_A_LOOK_RE = re.compile("|".join(map(re.escape, _WORTH_A_LOOK)), re.IGNORECASE)


def _lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """The lines of ``body`` that may hold a link, with their numbers in the file, in one pass
    (str.find on the lower-cased text is many times faster than a case-insensitive pattern;
    the pattern serves when lower case would shift the offsets)."""
    lower = body.lower()
    fast = len(lower) == len(body)
    ahead = [lower.find(word) for word in _WORTH_A_LOOK] if fast else []
    number, counted, end = first_line, 0, 0
    while True:
        if fast:
            for k, word in enumerate(_WORTH_A_LOOK):
                if 0 <= ahead[k] < end:  # (each word is looked for again only once passed)
                    ahead[k] = lower.find(word, end)
            at = min((i for i in ahead if i >= 0), default=-1)
        else:
            match = _WORTH_A_LOOK_RE.search(body, end)
            at = -1 if match is None else match.start()
        if at < 0:
            return
        begin = body.rfind("\n", 0, at) + 1
        end = body.find("\n", at)
        end = len(body) if end < 0 else end
        number += body.count("\n", counted, begin)
        counted = begin
        yield number, body[begin:end]


def _text(card: Card, body: str, first_line: int, found: dict[str, _Found]) -> None:
    source = card.document.path
    for number, line in _lines(body, first_line):

        def seen(note: str, line: int = number) -> Evidence:
            return Evidence(source=source, line=line, kind=EvidenceKind.DETECTED, note=note)

        linked: set[str] = set()
        for match in _ARXIV_LINK.finditer(line):
            paper = _VERSION.sub("", match.group(1) or match.group(2))
            linked.add(paper)
            _add(found, f"arxiv:{paper}", _paper(paper), seen(_LINK_NOTE))
        for match in _ARXIV_CITED.finditer(line):
            paper = _VERSION.sub("", match.group(1))
            if paper not in linked:
                _add(found, f"arxiv:{paper}", _paper(paper), seen(_CITED_NOTE))
        for match in _GITHUB.finditer(line):
            repo = _repo_of(match)
            if repo is not None:
                role = code_role(_sentence_before(line, match.start()))
                item = _Found(role, repo, f"https://github.com/{repo}")
                _add(found, f"github:{repo.lower()}", item, seen(_LINK_NOTE))


def card_links(card: Card, meta: Mapping[str, Any], body: str) -> list[Component]:
    """The research papers and code repositories ``card`` links to, in the order first met
    (tags first, then the text): one component each, of unknown license (``NOASSERTION``),
    with evidence of kind ``detected`` naming the tag or the line."""
    found: dict[str, _Found] = {}
    _tags(card, meta.get("tags"), found)
    text = card.document.text
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    _text(card, body, first_line, found)
    return [
        Component(
            role=item.role,
            name=item.name,
            license=_NOASSERTION,
            location=item.location,
            evidence=item.evidence,
        )
        for item in found.values()
    ]
