"""Compatibility path: ``openness.exporters.spdx2.writers`` re-exports the names that now live in
:mod:`openness.formats.spdx2.write.writers`. Existing imports keep working; new code imports the
new path."""

from openness.formats.spdx2.write.writers import write_json, write_tag_value, write_yaml

__all__ = ["write_json", "write_tag_value", "write_yaml"]
