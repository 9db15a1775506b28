"""Targeted edits of a YAML manifest that keep everything else byte for byte.

PyYAML's composer gives each node its start and end position in the text. To set a key we
replace the text of its old entry, or insert a new entry after the mapping's last one, at the
indentation of the mapping's first key; comments, quoting, key order and blank lines outside
the edited entries stay as written. No round-trip YAML library is needed.

Positions come from the pure-Python loader, whose marks index characters of the decoded text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

__all__ = ["YamlEditor", "scalar"]


def scalar(value: Any) -> str:
    """``value`` as a YAML flow scalar, quoted only when a plain scalar would read back as
    something else (``'0123'``, ``'true'``, ``'a: b'``)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 30)
    text = text.rstrip("\n")
    if text.endswith("\n..."):
        text = text[: -len("\n...")]
    return text


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value)


def _block(key: str, value: Any, indent: int, nl: str) -> str:
    """``key: value`` as block YAML lines at ``indent``, each ending with ``nl``."""
    pad = " " * indent
    if isinstance(value, Mapping) and value:
        lines = [f"{pad}{scalar(key)}:{nl}"]
        for k, v in value.items():
            lines.append(_block(k, v, indent + 2, nl))
        return "".join(lines)
    if isinstance(value, list | tuple) and value:
        lines = [f"{pad}{scalar(key)}:{nl}"]
        for item in value:
            if isinstance(item, Mapping) and item:
                entries = [_block(k, v, indent + 4, nl) for k, v in item.items()]
                first = entries[0][indent + 4 :]
                lines.append(f"{pad}  - {first}")
                lines.extend(entries[1:])
            else:
                lines.append(f"{pad}  - {_flow(item)}{nl}")
        return "".join(lines)
    return f"{pad}{scalar(key)}: {_flow(value)}{nl}"


def _end(node: yaml.Node) -> int:
    """Where a node's own text ends: block collections end with their last child (their own
    end mark would swallow the comments and blank lines that follow)."""
    if (
        isinstance(node, yaml.MappingNode | yaml.SequenceNode)
        and not node.flow_style
        and node.value
    ):
        last = node.value[-1]
        return _end(last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)


@dataclass
class YamlEditor:
    """Collects edits to a YAML text and applies them at once."""

    text: str
    root: yaml.Node | None = None
    _edits: list[tuple[int, int, str]] = field(default_factory=list)
    _seen: set[tuple[int, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.root is None:
            loader = yaml.SafeLoader(self.text)  # pure Python: marks index characters
            try:
                self.root = loader.get_single_node()
            finally:
                loader.dispose()
        self.newline = "\r\n" if "\r\n" in self.text else "\n"

    def node(self, path: Sequence[str | int]) -> yaml.Node | None:
        """The node at a field path (mapping keys and sequence indexes), or None."""
        node = self.root
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                node = next(
                    (
                        v
                        for k, v in node.value
                        if isinstance(k, yaml.ScalarNode) and k.value == part
                    ),
                    None,
                )
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                node = node.value[part] if 0 <= part < len(node.value) else None
            else:
                return None
        return node

    def set(self, mapping: yaml.MappingNode, key: str, value: Any) -> None:
        """Set ``key`` of ``mapping`` to ``value`` (a scalar, mapping or list)."""
        marker = (id(mapping), key)
        if marker in self._seen:  # an anchored node reached twice through aliases
            return
        self._seen.add(marker)
        for k, v in mapping.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                self._replace(mapping, k, v, key, value)
                return
        self._insert(mapping, key, value)

    def _replace(
        self, mapping: yaml.MappingNode, k: yaml.Node, v: yaml.Node, key: str, value: Any
    ) -> None:
        block = isinstance(v, yaml.MappingNode | yaml.SequenceNode) and not v.flow_style
        if mapping.flow_style or not block or not isinstance(value, Mapping | list | tuple):
            # The old value was a scalar or a flow collection: the new one takes its place,
            # in flow style, leaving the rest of the line (a comment) as it was.
            self._edits.append((v.start_mark.index, _end(v), _flow(value)))
            return
        # A block collection becomes block lines: replace from the key to the end of its value.
        column = k.start_mark.column
        text = _block(key, value, column, self.newline)[column:].rstrip("\r\n")
        self._edits.append((k.start_mark.index, _end(v), text))

    def _insert(self, mapping: yaml.MappingNode, key: str, value: Any) -> None:
        if mapping.flow_style or not mapping.value:
            close = mapping.end_mark.index - 1  # the closing brace
            if not mapping.value:
                self._edits.append((close, close, f"{scalar(key)}: {_flow(value)}"))
                return
            at = _end(mapping.value[-1][1])
            self._edits.append((at, at, f", {scalar(key)}: {_flow(value)}"))
            return
        column = mapping.value[0][0].start_mark.column
        at = _end(mapping.value[-1][1])
        # After the end of the last entry's line, so that a trailing comment stays with it.
        if at > 0 and self.text[at - 1] in "\r\n":
            prefix = ""
        else:
            eol = self.text.find("\n", at)
            if eol < 0:
                at, prefix = len(self.text), self.newline
            else:
                at, prefix = eol + 1, ""
        self._edits.append((at, at, prefix + _block(key, value, column, self.newline)))

    def apply(self) -> str:
        """The text with every edit applied."""
        # From the end backwards; of two insertions at one place the later-made goes in first,
        # so that they read in the order they were made.
        ordered = sorted(
            ((start, end, seq, text) for seq, (start, end, text) in enumerate(self._edits)),
            reverse=True,
        )
        out = self.text
        for start, end, _, replacement in ordered:
            out = out[:start] + replacement + out[end:]
        return out
