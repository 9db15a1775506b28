"""Compatibility path: ``openness.exporters.spdx2.validate`` re-exports the names that now live in
:mod:`openness.formats.spdx2.validate`. Existing imports keep working; new code imports the new
path."""

from openness.formats.spdx2.validate import SUPPORTED_VERSIONS, validate_document

__all__ = ["SUPPORTED_VERSIONS", "validate_document"]
