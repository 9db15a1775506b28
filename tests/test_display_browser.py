"""The HTML report and notebook output in a real browser (issue 6): headless Chromium opens
them, the matrix and findings are visible, and no script from the (hostile) metadata runs.

Two checks per page: the DOM Chromium builds (``--dump-dom``) must keep the title and hold no
``<script>``/``<img>`` element; and a copy of the page with the Content-Security-Policy removed
and one test-owned script appended reports what is visible and whether the title changed (the
hostile name tries ``document.title='pwned'`` through a script tag and an ``onerror``), so the
escaping alone, not the CSP, is what keeps the page inert. Screenshots go to ``tmp_path`` and,
when missing or with ``OPENNESS_UPDATE_SCREENSHOTS=1``, to ``docs/img/`` for the docs.

Skipped when no Chromium is installed (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support_reporting import DATA, EVIL

from openness.display import artifact_html, comparison_html, lineage_html, verdict_html
from openness.loading import load
from openness.policy import check, compare, get_policy
from openness.reporters import Report, get_reporter

REPO = Path(__file__).parent.parent
BROWSER = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium is not installed")

PROBE = """<pre id="probe-result"></pre><script>
(function () {
  function visible(el) {
    if (!el) return false;
    var r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.display !== "none" && s.visibility !== "hidden";
  }
  function all(sel, want) {
    var els = document.querySelectorAll(sel);
    if (!els.length) return null;
    for (var i = 0; i < els.length; i++) if (visible(els[i]) !== want) return false;
    return true;
  }
  document.getElementById("probe-result").textContent = JSON.stringify({
    title: document.title,
    scripts: document.scripts.length,
    images: document.images.length,
    matrix: visible(document.querySelector("table.oness-matrix")),
    failing: visible(document.querySelector(".oness-finding.oness-fail")),
    wrapVisible: all(".oness-wrap", true),
    fallbackHidden: all(".oness-fallback", false),
    fallbackVisible: all(".oness-fallback", true)
  });
})();
</script>"""


def chromium(*args: str, profile: Path) -> str:
    assert BROWSER is not None
    proc = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def dump_dom(page: Path, tmp_path: Path) -> str:
    return chromium("--dump-dom", page.as_uri(), profile=tmp_path / "profile")


def probe(markup: str, tmp_path: Path, name: str) -> dict[str, object]:
    """Open ``markup`` (CSP removed, probe appended) and return what the probe saw."""
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", markup)
    if "</body>" in without_csp:
        page_text = without_csp.replace("</body>", PROBE + "</body>")
    else:
        page_text = without_csp + PROBE
    page = tmp_path / f"{name}-probe.html"
    page.write_text(page_text, encoding="utf-8")
    dom = dump_dom(page, tmp_path)
    found = re.search(r'<pre id="probe-result">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    result: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return result


def screenshot(page: Path, tmp_path: Path, docs_name: str, size: str = "1280,900") -> Path:
    shot = tmp_path / docs_name
    chromium(
        f"--screenshot={shot}", f"--window-size={size}", page.as_uri(), profile=tmp_path / "p2"
    )
    assert shot.stat().st_size > 10_000  # a real rendering, not a blank page
    target = REPO / "docs" / "img" / docs_name
    if not target.exists() or os.environ.get("OPENNESS_UPDATE_SCREENSHOTS") == "1":
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)
    return shot


def evil_report() -> tuple[str, list[object]]:
    result = load([EVIL])
    assert result.ok
    policies = [get_policy("mof"), get_policy("osaid")]
    verdicts = check(result.artifacts, policies)
    report = Report.from_load(verdicts, result, policies, base=str(REPO))
    return get_reporter("html").render(report), result.artifacts  # type: ignore[return-value]


def test_html_report_dom_keeps_title_and_has_no_script(tmp_path: Path) -> None:
    markup, _ = evil_report()
    page = tmp_path / "report.html"
    page.write_text(markup, encoding="utf-8")
    dom = dump_dom(page, tmp_path)
    assert "<title>openness report</title>" in dom
    assert "<script" not in dom.lower() and "<img" not in dom.lower()
    assert 'class="oness-matrix"' in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom  # shown as text


def test_html_report_matrix_and_findings_visible_and_no_script_runs(tmp_path: Path) -> None:
    markup, _ = evil_report()
    seen = probe(markup, tmp_path, "report")
    assert seen["title"] == "openness report"  # the hostile scripts never ran
    assert seen["scripts"] == 1  # only the probe
    assert seen["images"] == 0  # the <img onerror> is text
    assert seen["matrix"] is True
    assert seen["failing"] is True  # failing findings are open


def test_notebook_output_visible_inert_and_falls_back(tmp_path: Path) -> None:
    result = load([EVIL])
    comparison = compare(result.artifacts, ["mof", "osaid", "debian-ml"])
    verdict = comparison.verdict("evil-model", "mof")
    outputs = [
        comparison_html(comparison),
        verdict_html(verdict),
        artifact_html(result.artifacts[0]),
        lineage_html(result.artifacts, [comparison.verdict(a.id, "mof") for a in result.artifacts]),
    ]
    # as a notebook front end shows them: each output in its own cell-output element
    cells = "".join(f'<div class="output_html">{o}</div>' for o in outputs)
    page_text = (
        f"<!DOCTYPE html><html><head><title>notebook</title></head><body>{cells}</body></html>"
    )
    seen = probe(page_text, tmp_path, "notebook")
    assert seen["title"] == "notebook"
    assert seen["scripts"] == 1 and seen["images"] == 0
    assert seen["matrix"] is True and seen["failing"] is True
    assert seen["wrapVisible"] is True and seen["fallbackHidden"] is True
    # a viewer that strips <style> (GitHub's notebook preview) shows the plain-text fallback
    stripped = re.sub(r"<style>.*?</style>", "", page_text, flags=re.S)
    plain = probe(stripped, tmp_path, "stripped")
    assert plain["fallbackVisible"] is True and plain["wrapVisible"] is False


def nice_inputs():  # type: ignore[no-untyped-def]
    files = [DATA / "manifests" / "pythia.yaml", DATA / "reporters" / "almost-open.yaml"]
    result = load(files)
    assert result.ok
    return result


def test_notebook_screenshot_for_the_docs(tmp_path: Path) -> None:
    result = nice_inputs()
    comparison = compare(result.artifacts, ["osaid", "mof", "debian-ml", "fsf"])
    outputs = [
        comparison_html(comparison),
        verdict_html(comparison.verdict("almost-open", "osaid")),
        lineage_html(result.artifacts, [comparison.verdict(a.id, "mof") for a in result.artifacts]),
    ]
    cells = "".join(f'<div class="output_html">{o}</div>' for o in outputs)
    page = tmp_path / "notebook.html"
    page.write_text(
        f"<!DOCTYPE html><html><head><title>notebook</title></head><body>{cells}</body></html>",
        encoding="utf-8",
    )
    seen = probe(page.read_text(encoding="utf-8"), tmp_path, "nice")
    assert seen["matrix"] is True and seen["wrapVisible"] is True
    screenshot(page, tmp_path, "notebook-output.png", size="1000,900")


def test_screenshot_for_the_docs(tmp_path: Path) -> None:
    result = nice_inputs()
    policies = [get_policy(p) for p in ("osaid", "mof", "debian-ml", "fsf", "weights-as-source")]
    report = Report.from_load(check(result.artifacts, policies), result, policies, base=str(REPO))
    page = tmp_path / "report.html"
    page.write_text(get_reporter("html").render(report), encoding="utf-8")
    screenshot(page, tmp_path, "html-report.png")
