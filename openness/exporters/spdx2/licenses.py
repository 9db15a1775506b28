"""Compatibility path: ``openness.exporters.spdx2.licenses`` re-exports the names that now live in
:mod:`openness.formats.spdx2.licenses`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.licenses import (
    RenderedLicense,
    extracted_info,
    render,
    restore,
    spdx_value,
    stood_for,
)

__all__ = ["RenderedLicense", "extracted_info", "render", "restore", "spdx_value", "stood_for"]
