"""Untrusted metadata renders inert (issue 6, "Security and bad input"): a model named
``<script>...</script>``, an ``<img onerror>``, a ``javascript:`` license link, Markdown and
rich markup, terminal escapes and line breaks that would start a new CI command.

HTML is checked by parsing it; Markdown by rendering it with a CommonMark renderer whose link
validation is switched off (so the escaping, not the renderer, must stop the link)."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from support_reporting import JS_URL, make_report

from openness.reporters import get_reporter

DANGEROUS_TAGS = {"script", "img", "iframe", "object", "embed", "form", "base", "link", "meta"}


class Elements(HTMLParser):
    """Collects every start tag with its attributes (and the title text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title" and not any(t == "title" for t, _ in self.tags[:-1])

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def assert_inert_html(markup: str, allowed_meta: int = 0) -> Elements:
    parser = Elements()
    parser.feed(markup)
    metas = 0
    for tag, attrs in parser.tags:
        if tag == "meta":
            metas += 1
            continue
        assert tag not in DANGEROUS_TAGS, f"<{tag}> in output"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name in ("href", "src", "xlink:href", "action"):
                assert value is not None
                assert value.startswith(("https://", "http://", "#", "url(#")), value
    assert metas <= allowed_meta
    return parser


def render(fmt: str) -> str:
    return get_reporter(fmt).render(make_report())


def test_html_report_is_inert() -> None:
    page = render("html")
    parser = assert_inert_html(page, allowed_meta=4)
    assert parser.title == "openness report"
    assert "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt;" in page
    # the hostile link is shown as text, never as an href
    assert 'href="javascript' not in page.lower()
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def markdown_to_html(text: str) -> str:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md.render(text)


def test_markdown_is_inert_when_rendered() -> None:
    text = render("markdown")
    html = markdown_to_html(text)
    assert_inert_html(html)
    assert "<script>" not in text
    assert "](javascript" not in text  # brackets are escaped: no inline link can form
    # every hostile value survived as visible text
    assert "&lt;script&gt;document.title=" in html


def test_sarif_markdown_fields_are_inert_and_links_safe() -> None:
    log = json.loads(render("sarif"))
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) == 3
    for rule in rules:
        assert_inert_html(markdown_to_html(rule["help"]["markdown"]))
        assert rule.get("helpUri", "https://").startswith("https://")
    # the hostile citation (javascript: URL) is in the rule's help text, never a link
    evil = next(r for r in rules if r["id"] == "graded/type-appropriate")
    assert "helpUri" not in evil
    assert "](javascript" not in evil["help"]["markdown"]
    assert JS_URL not in json.dumps(evil["help"]["markdown"])
    for result in run["results"]:
        assert set(result["message"]) == {"text"}  # untrusted values only in plain text


def test_github_commands_cannot_be_injected() -> None:
    lines = render("github").splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert len(lines) == 4
    assert not any("\n::error::injected" in line for line in lines)
    assert "%0A::error::injected" in lines[1]


def test_text_has_no_terminal_escapes() -> None:
    for fmt in ("text", "junit", "github", "markdown"):
        assert "\x1b" not in render(fmt), fmt
        assert "\r" not in render(fmt), fmt


def test_rich_markup_in_names_is_printed_as_written() -> None:
    assert "Base [bold red]model[/]" in get_reporter("text").render(make_report(), color=True)
