"""The notebook under docs/ runs (issue 6): executed with nbclient on the python3 kernel of
this environment; its rich outputs are HTML with the package's styles and no script."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_reporters_security import assert_inert_html

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebook.ipynb"


def test_notebook_runs_and_displays_html(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    html_cells = []
    texts = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            data = output.get("data", {})
            if "text/html" in data:
                html_cells.append(cell.source)
                markup = data["text/html"]
                assert_inert_html(markup)
                if "lineage_html" not in cell.source and "to_dataframe" not in cell.source:
                    assert markup.startswith('<div class="oness"><style>')
                assert "text/plain" in data  # the plain-text half
            if output.output_type == "stream":
                texts.append(output.text)
    # artifact, comparison, verdict (their _repr_html_), lineage, DataFrame
    assert len(html_cells) == 5, (
        "expected HTML from the artifact, comparison and verdict cells (their _repr_html_), "
        f"the lineage and the DataFrame; got {html_cells}"
    )
    assert any(cell.strip().endswith("comparison") for cell in html_cells)
    printed = "".join(texts)
    assert "class-3 -> class-2" in printed
    assert "release the training code" in printed
    assert "verdict(s)" in printed


def test_model_verdict_and_comparison_display_themselves() -> None:
    """``_repr_html_`` on Artifact, Verdict and Comparison delegates to openness.display."""
    from openness.display import artifact_html, comparison_html, verdict_html
    from openness.model import Artifact
    from openness.policy import compare

    artifact = Artifact(id="m", kind="model", name="<b>M</b>")
    comparison = compare([artifact], ["mof"])
    verdict = comparison.verdict("m", "mof")
    assert artifact._repr_html_() == artifact_html(artifact)  # type: ignore[attr-defined]
    assert verdict._repr_html_() == verdict_html(verdict)  # type: ignore[attr-defined]
    assert comparison._repr_html_() == comparison_html(comparison)  # type: ignore[attr-defined]
