"""Notebook display (issue 6): pure functions returning HTML, every value escaped, CSS from
package data, collapsible details, a plain-text fallback, no JavaScript, no IPython."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import yaml
from support_reporting import EVIL, verdicts
from test_reporters_security import assert_inert_html

from openness.display import (
    artifact_html,
    comparison_html,
    comparison_text,
    css,
    lineage_html,
    to_dataframe,
    verdict_html,
)
from openness.display.escape import clean, h, safe_url
from openness.display.svg import lineage_svg
from openness.model import Artifact
from openness.policy import compare


def artifacts() -> list[Artifact]:
    data = yaml.safe_load(EVIL.read_text())
    return [Artifact.model_validate(a) for a in data["artifacts"]]


def test_css_is_package_data() -> None:
    text = css()
    assert ".oness" in text and "oness-fallback" in text
    assert "url(" not in text and "@import" not in text  # no external asset


@pytest.mark.parametrize(
    "render",
    [
        lambda: artifact_html(artifacts()[0]),
        lambda: verdict_html(verdicts()[0]),
        lambda: comparison_html(verdicts(), artifacts()),
        lambda: lineage_html(artifacts(), verdicts()[:1]),
    ],
    ids=["artifact", "verdict", "comparison", "lineage"],
)
def test_outputs_are_inert_with_styles_and_fallback(render) -> None:  # type: ignore[no-untyped-def]
    html = render()
    assert_inert_html(html)
    assert html.startswith('<div class="oness"><style>')
    assert '<pre class="oness-fallback">' in html
    assert '<div class="oness-wrap" style="display:none">' in html
    assert "<script" not in html.lower()


def test_artifact_html_escapes_and_collapses() -> None:
    html = artifact_html(artifacts()[0])
    assert "&lt;script&gt;document.title=" in html
    assert 'href="javascript' not in html
    assert "<details open><summary>Components (2)</summary>" in html
    assert "<details><summary>Lineage (1)</summary>" in html
    assert "not-released" in html


def test_verdict_html_open_failures_collapsed_passes() -> None:
    html = verdict_html(verdicts()[0])
    assert html.index("toy/training-code") < html.index("Passing findings (1)")
    assert "How to fix" in css()  # the label comes from CSS, the text from the finding
    assert "release it, see [here](javascript:document.title=&#x27;pwned&#x27;)" in html
    assert '<a href="https://example.org/toy#2.1" rel="noopener noreferrer nofollow">' in html


def test_comparison_from_the_engine() -> None:
    comparison = compare(artifacts(), ["mof", "osaid"])
    html = comparison_html(comparison)
    assert "<code>mof</code>" in html and "<code>osaid</code>" in html
    text = comparison_text(comparison)
    assert text.splitlines()[0].split() == ["artifact", "mof", "osaid"]
    assert "<script>document.title" in text  # plain text: as written (escaped when in HTML)
    assert "&lt;script&gt;document.title" in html


def test_plain_text_fallback_is_escaped_inside_html() -> None:
    html = comparison_html(verdicts(), artifacts())
    fallback = html.split('<pre class="oness-fallback">', 1)[1].split("</pre>", 1)[0]
    assert "<" not in fallback
    assert "&lt;script&gt;" in fallback


def test_lineage_svg_is_well_formed_and_labelled() -> None:
    svg = lineage_svg(artifacts())
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    titles = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    assert "evil-model fine-tuned-from base-model" in titles
    # upstream on the left of its derivative
    rects = {
        g.find("{http://www.w3.org/2000/svg}title").text.split(" (")[-1]: float(  # type: ignore[union-attr]
            g.find("{http://www.w3.org/2000/svg}rect").get("x")  # type: ignore[union-attr,arg-type]
        )
        for g in root.iter("{http://www.w3.org/2000/svg}g")
        if g.get("class", "").startswith("oness-node")
    }
    assert rects["base-model)"] < rects["evil-model)"]


def test_large_graphs_are_not_drawn() -> None:
    many = [Artifact(id=f"a{i}", kind="dataset") for i in range(5)]
    assert "not drawn: 5 artifacts" in lineage_svg(many, max_nodes=4)


def test_dataframe_wide_and_long() -> None:
    pytest.importorskip("pandas")
    wide = to_dataframe(verdicts(), artifacts())
    assert list(wide.columns) == ["toy", "graded"]
    assert wide.loc["base-model", "graded"] == "pass (gold)"
    long = to_dataframe(compare(artifacts(), ["mof"]), long=True)
    assert list(long.columns) == [
        "artifact",
        "name",
        "policy",
        "outcome",
        "level",
        "failing",
        "unknown",
    ]
    assert len(long) == 2


def test_escape_helpers() -> None:
    assert h("<a href='x'>&") == "&lt;a href=&#x27;x&#x27;&gt;&amp;"
    assert clean("a\x1b[2Jb\u202ec") == "a\\x1b[2Jb\\u202ec"
    assert clean("a\r\nb", single_line=True) == "a b"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:x", "data:text/html,x", "//evil", "http://a b"):
        assert safe_url(bad) is None, bad
    assert safe_url("https://example.org/x?y=1#z") == "https://example.org/x?y=1#z"


def test_display_never_imports_ipython() -> None:
    code = "import sys, openness.display as d; d.css(); print('IPython' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
