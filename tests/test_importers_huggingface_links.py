"""What a card links to: arXiv papers (tags, links, citations) and GitHub repositories as
components of kind ``detected`` with no license asserted, read from the test Hub's cards (which
reproduce public cards) and from card shapes seen on the Hub."""

from __future__ import annotations

from pathlib import Path

import pytest

from openness.documents import Document, read_document
from openness.formats.huggingface.read import HuggingFaceImporter
from openness.formats.huggingface.read.links import (
    LIBRARY_REPOS,
    arxiv_id,
    code_role,
    github_repo,
)
from openness.loading import load
from openness.model import Artifact, Component, EvidenceKind, Role
from openness.policy import Outcome, check
from openness.policy.registry import resolve_policies

HUB = Path(__file__).parent / "data" / "hub"
HF = Path(__file__).parent / "data" / "hf"
NOTES = {"arXiv tag", "linked from the card text", "cited in the card text"}


def read(path: Path) -> Artifact:
    result = HuggingFaceImporter().load(read_document(str(path)))
    assert not [p for p in result.problems if p.severity.value == "error"]
    return result.artifacts[0]


def linked(artifact: Artifact) -> list[Component]:
    return [c for c in artifact.components if c.evidence and c.evidence[0].note in NOTES]


def card(text: str, name: str = "acme--demo.md") -> list[Component]:
    result = HuggingFaceImporter().load(Document(path=name, text=text, format="text"))
    return linked(result.artifacts[0])


def test_an_arxiv_tag_and_a_github_link_in_the_text() -> None:
    """acme/mistral-7b-helpsteer2: ``tags: [arxiv:2406.08673, ...]`` and "Training code:
    https://github.com/NVIDIA/NeMo-Aligner" in the text."""
    path = HUB / "acme" / "mistral-7b-helpsteer2" / "README.md"
    paper, code = linked(read(path))
    assert (paper.role, paper.name, paper.location) == (
        Role.RESEARCH_PAPER,
        "arXiv:2406.08673",
        "https://arxiv.org/abs/2406.08673",
    )
    assert [(e.kind, e.locator, e.line, e.note) for e in paper.evidence] == [
        (EvidenceKind.DETECTED, "tags[0]", 11, "arXiv tag")
    ]
    assert (code.role, code.name, code.location) == (
        Role.TRAINING_CODE,
        "NVIDIA/NeMo-Aligner",
        "https://github.com/NVIDIA/NeMo-Aligner",
    )
    lines = path.read_text("utf-8").splitlines()
    assert code.evidence[0].line is not None
    assert "github.com/NVIDIA/NeMo-Aligner" in lines[code.evidence[0].line - 1]
    assert all(str(c.license) == "NOASSERTION" for c in (paper, code))
    assert all(c.availability is None and c.revision is None for c in (paper, code))
    assert all(e.source == str(path) for c in (paper, code) for e in c.evidence)


@pytest.mark.parametrize(
    ("repo", "paper", "line"),
    [
        ("mistralai/Mistral-7B-v0.1", "2310.06825", 21),  # [paper](https://arxiv.org/abs/...)
        ("datasets/nvidia/HelpSteer2", "2406.08673", 16),  # [title](http://arxiv.org/abs/...)
        ("allenai/OLMo-2-1124-7B", "2501.00656", 56),  # a bare https://arxiv.org/abs/ link
    ],
)
def test_arxiv_links_in_the_text(repo: str, paper: str, line: int) -> None:
    papers = [c for c in linked(read(HUB / repo / "README.md")) if c.role is Role.RESEARCH_PAPER]
    assert [(c.name, c.location) for c in papers] == [
        (f"arXiv:{paper}", f"https://arxiv.org/abs/{paper}")
    ]
    assert [(e.line, e.locator, e.note) for e in papers[0].evidence] == [
        (line, None, "linked from the card text")
    ]


def test_a_code_link_without_a_word_for_what_it_is_is_source_code() -> None:
    """OLMo 2: "The code is at https://github.com/allenai/OLMo": no word says training or
    inference, so no model requirement is filled by a guess."""
    code = linked(read(HUB / "allenai" / "OLMo-2-1124-7B" / "README.md"))
    assert [(c.role, c.location) for c in code if c.role is not Role.RESEARCH_PAPER] == [
        (Role.SOURCE_CODE, "https://github.com/allenai/OLMo")
    ]


def test_license_links_libraries_and_tools_are_not_code() -> None:
    """The Llama 3.1 card links its LICENSE file on GitHub (not code) and the model's README
    repository; the merge card links mergekit, the tool that made it."""
    llama = linked(read(HF / "cards" / "meta-llama--Llama-3.1-8B.md"))
    assert llama == []  # blob/main/models/llama3_1/LICENSE is the license text
    hub_llama = linked(read(HUB / "meta-llama" / "Llama-3.1-8B" / "README.md"))
    assert [c.location for c in hub_llama] == ["https://github.com/meta-llama/llama3"]
    assert linked(read(HF / "cards" / "mergekit-community--olmo-llama-slerp.md")) == []
    assert linked(read(HUB / "mergekit-community" / "Mistral-OpenHermes-slerp" / "README.md")) == []


def test_cards_without_links_get_no_components() -> None:
    for path in [*sorted((HF / "cards").glob("*.md")), HUB / "google" / "gemma-2-2b" / "README.md"]:
        if path.name != "meta-llama--Llama-3.1-8B.md":
            assert linked(read(path)) == [], path


def test_one_component_per_paper_and_per_repository() -> None:
    """The same paper as a tag, an abs link, a pdf link, a versioned link, a Hugging Face paper
    page and a BibTeX citation; the same repository with .git, /tree/main, /blob/... and in
    another case."""
    found = card(
        "---\nlicense: mit\ntags:\n- text-generation\n- arxiv:2310.06825\n---\n\n# Demo\n\n"
        "Read the [paper](https://arxiv.org/abs/2310.06825v2) or the\n"
        "[PDF](https://arxiv.org/pdf/2310.06825.pdf), or https://huggingface.co/papers/2310.06825.\n"
        "Inference code: https://github.com/acme/demo-lm.git\n"
        "See https://github.com/acme/demo-lm/tree/main/scripts and\n"
        "https://github.com/ACME/Demo-LM/blob/main/train.py.\n\n"
        "```bibtex\n@article{demo, journal={arXiv preprint arXiv:2310.06825}}\n```\n"
    )
    paper, code = found
    assert paper.name == "arXiv:2310.06825"
    assert [(e.locator, e.line, e.note) for e in paper.evidence] == [
        ("tags[1]", 5, "arXiv tag"),
        (None, 10, "linked from the card text"),
        (None, 17, "cited in the card text"),
    ]
    assert (code.role, code.name, code.location) == (
        Role.INFERENCE_CODE,
        "acme/demo-lm",
        "https://github.com/acme/demo-lm",
    )
    assert [e.line for e in code.evidence] == [12]


def test_old_style_ids_and_citations_without_a_link() -> None:
    found = card(
        "---\nlicense: mit\n---\n# Demo\n\nBased on hep-th/9901001 (https://arxiv.org/abs/"
        "hep-th/9901001) and on arXiv:1706.03762.\n"
    )
    assert [(c.name, c.evidence[0].note) for c in found] == [
        ("arXiv:hep-th/9901001", "linked from the card text"),
        ("arXiv:1706.03762", "cited in the card text"),
    ]


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://github.com/allenai/OLMo", "allenai/OLMo"),
        ("https://github.com/allenai/OLMo.git", "allenai/OLMo"),
        ("https://github.com/allenai/OLMo/", "allenai/OLMo"),
        ("https://www.github.com/allenai/OLMo/tree/v0.5.0/configs", "allenai/OLMo"),
        ("http://github.com/allenai/OLMo/blob/main/README.md", "allenai/OLMo"),
        ("https://github.com/allenai/OLMo/releases/tag/v0.5.0", "allenai/OLMo"),
        ("github.com/allenai/OLMo", "allenai/OLMo"),  # no scheme, as text often has it
        ("https://github.com/EleutherAI/lm-evaluation-harness", "EleutherAI/lm-evaluation-harness"),
        ("https://github.com/features/copilot", None),  # GitHub's own page
        ("https://github.com/orgs/allenai/repositories", None),
        ("https://github.com/allenai", None),  # a profile, no repository
        ("https://gist.github.com/someone/0123abcd", None),
        ("https://github.com/meta-llama/llama-models/issues", None),  # a feedback channel
        ("https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/LICENSE", None),
        ("https://github.com/acme/demo/blob/main/USE_POLICY.md", None),
        ("https://github.com/huggingface/transformers", None),  # a library
        ("https://github.com/ggerganov/llama.cpp/tree/master/examples", None),
        ("https://github.com/vllm-project/vllm", None),
        ("https://github.com/pytorch/pytorch", None),
    ],
)
def test_github_links(url: str, repo: str | None) -> None:
    assert github_repo(url) == repo


def test_the_library_list_is_lower_case_owner_and_name() -> None:
    assert all(r == r.lower() and r.count("/") == 1 for r in LIBRARY_REPOS)


@pytest.mark.parametrize(
    ("before", "role"),
    [
        ("Training code: ", Role.TRAINING_CODE),
        ("This model was fine-tuned with ", Role.TRAINING_CODE),
        ("Evaluated with ", Role.EVALUATION_CODE),
        ("For inference, use ", Role.INFERENCE_CODE),
        ("The data preprocessing pipeline is at ", Role.DATA_PREPROCESSING_CODE),
        ("The code is at ", Role.SOURCE_CODE),
        ("", Role.SOURCE_CODE),
    ],
)
def test_the_words_before_a_link_name_its_code_role(before: str, role: Role) -> None:
    assert code_role(before) is role


def test_only_the_sentence_of_the_link_counts() -> None:
    found = card(
        "---\nlicense: mit\n---\n# Demo\n\nWe trained it for a week. The code is at "
        "https://github.com/acme/a. See the [evaluation code](https://github.com/acme/b).\n"
        "- trained on the web\n- https://github.com/acme/c\n"
    )
    assert [(c.name, c.role) for c in found] == [
        ("acme/a", Role.SOURCE_CODE),
        ("acme/b", Role.EVALUATION_CODE),
        ("acme/c", Role.SOURCE_CODE),
    ]


@pytest.mark.parametrize(
    ("value", "paper"),
    [("2310.06825", "2310.06825"), ("2310.06825v3", "2310.06825"), ("cs/0112017", "cs/0112017")],
)
def test_arxiv_ids(value: str, paper: str) -> None:
    assert arxiv_id(value) == paper


@pytest.mark.parametrize("value", ["", "2310", "23.10.06825", "see 2310.06825"])
def test_not_arxiv_ids(value: str) -> None:
    assert arxiv_id(value) is None


def test_odd_tags_are_skipped_quietly() -> None:
    found = card("---\nlicense: mit\ntags: arxiv:2106.09685\n---\n# Demo\n")
    assert [(c.name, c.evidence[0].locator) for c in found] == [("arXiv:2106.09685", "tags")]
    assert card("---\nlicense: mit\ntags:\n- arxiv:not-an-id\n- 12\n- {a: 1}\n---\n") == []


def test_a_detected_paper_does_not_take_the_cards_license() -> None:
    """Mistral 7B's card says apache-2.0, and links its paper: the paper's license is unknown,
    so OSAID's data information stays unknown instead of passing on the card's license."""
    result = load([str(HUB / "mistralai" / "Mistral-7B-v0.1" / "README.md")], quiet=True)
    mistral = next(a for a in result.artifacts if a.id.endswith("Mistral-7B-v0.1"))
    verdict = next(
        v for v in check([mistral], resolve_policies(["osaid"])) if v.artifact == mistral.id
    )
    index = next(i for i, c in enumerate(mistral.components) if c.role is Role.RESEARCH_PAPER)
    data_info = [f for f in verdict.all_findings() if f.rule == "osaid/data-information"]
    assert data_info and all(f.outcome is Outcome.UNKNOWN for f in data_info)
    paper = next(f for f in data_info if f.subject == f"components[{index}]")
    assert "NOASSERTION" in paper.message
    name = mistral.components[index].name
    assert paper.how_to_fix == (
        f"state the license of the research-paper component '{name}' as an SPDX expression"
    )


def _without_links(artifact: Artifact) -> Artifact:
    kept = [c for c in artifact.components if c not in linked(artifact)]
    return artifact.model_copy(update={"components": kept})


def test_the_detected_links_change_no_verdict_of_the_test_cards() -> None:
    """Every built-in policy on the test cards with links (and their lineage), with the link
    components and without them: the same outcome and level everywhere; no rule fails that did
    not (missing facts are not failures), and none passes on a link whose license is unknown."""
    files = [
        str(HUB / repo / "README.md")
        for repo in (
            "acme/mistral-7b-helpsteer2",
            "mistralai/Mistral-7B-v0.1",
            "datasets/nvidia/HelpSteer2",
            "allenai/OLMo-2-1124-7B",
            "datasets/allenai/olmo-mix-1124",
            "meta-llama/Llama-3.1-8B",
        )
    ]
    result = load(files, quiet=True)
    assert result.ok, result.errors
    assert sum(len(linked(a)) for a in result.artifacts) == 7
    policies = resolve_policies(None)
    with_links = check(result.artifacts, policies)
    without = check([_without_links(a) for a in result.artifacts], policies)
    assert [(v.artifact, v.policy, v.outcome, v.level) for v in with_links] == [
        (v.artifact, v.policy, v.outcome, v.level) for v in without
    ]
    # (the link components come last: the other components keep their places)
    before = {(v.artifact, f.rule, f.subject): f.outcome for v in without for f in v.findings}
    for verdict in with_links:
        for finding in verdict.findings:
            if finding.outcome in (Outcome.FAIL, Outcome.PASS):  # neither worse nor better
                key = (verdict.artifact, finding.rule, finding.subject)
                assert before.get(key) is finding.outcome, finding


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("odd", ["", "İstanbul "])  # "İ" is two characters in lower case
def test_line_numbers_are_the_files(newline: str, odd: str) -> None:
    text = newline.join(
        [
            "---",
            "license: mit",
            "---",
            f"# {odd}Demo",
            "",
            "See ARXIV.ORG/ABS/2106.09685 and",  # (upper case: links are read case-insensitively)
            "",
            f"{odd}Training code: [here](https://GitHub.com/acme/demo).",
            "",
        ]
    )
    found = card(text)
    assert [(c.name, c.role, c.evidence[0].line) for c in found] == [
        ("arXiv:2106.09685", Role.RESEARCH_PAPER, 6),
        ("acme/demo", Role.TRAINING_CODE, 8),
    ]
