"""Line numbers for field paths: in a YAML (or JSON) node tree, and in TOML text (the TOML index
lives in :mod:`openness._toml_lines`, a base module the policy tables use too)."""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from openness._toml_lines import TomlLineIndex

__all__ = ["LineIndex", "TomlLineIndex"]


class LineIndex:
    """Finds the line of a field path in a YAML (or JSON) node tree."""

    def __init__(self, root: yaml.Node | None):
        self._root = root

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The 1-based line of the deepest part of ``path`` found, or None."""
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                        line = key.start_mark.line + 1
                        node = value
                        break
                else:
                    return line
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line
