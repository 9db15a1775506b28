"""Model-card facts: what a card says about an artifact's task, uses, limits and results.

Pure pydantic v2 models (no I/O). A reader fills them from a Hugging Face card, a CycloneDX
``modelCard`` or the SPDX 3 AI profile; an exporter writes them back. Every field is optional:
``None`` or an empty list means the source did not say.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["EvalResult"]


class EvalResult(BaseModel):
    """One evaluation result, as a card's ``model-index`` or a CycloneDX
    ``performanceMetrics`` entry reports it."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)

    metric: str = Field(
        min_length=1, description="The metric's type, e.g. accuracy, f1, exact_match."
    )
    value: float | str = Field(
        description="The measured value: a number, or text where the source writes one."
    )
    metric_name: str | None = Field(default=None, description="The metric's display name.")
    task: str | None = Field(default=None, description="The task evaluated, e.g. text-generation.")
    dataset: str | None = Field(default=None, description="The dataset's id, e.g. cais/mmlu.")
    dataset_name: str | None = Field(default=None, description="The dataset's display name.")
    split: str | None = Field(default=None, description="The split evaluated, e.g. test.")
    config: str | None = Field(default=None, description="The dataset configuration (subset).")
    verified: bool | None = Field(
        default=None, description="Whether the publisher of the results verified them."
    )
    source: str | None = Field(
        default=None, description="Where the result was published (a URL or leaderboard)."
    )
