"""Safe YAML: plain tags only, an alias-expansion guard, duplicate keys refused."""

from __future__ import annotations

from typing import Any

import yaml

from openness.errors import InputError, Problem, format_path

__all__ = ["ALIAS_EXPANSION_SLACK", "Loader", "parse_yaml", "value_error"]

#: An alias-heavy YAML document may expand to at most this many nodes beyond ten times the
#: nodes it actually contains (a "billion laughs" document is refused, not expanded).
ALIAS_EXPANSION_SLACK = 100_000

Loader: type[yaml.SafeLoader]
try:
    Loader = yaml.CSafeLoader  # type: ignore[assignment,unused-ignore]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    Loader = yaml.SafeLoader

_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _Builder:
    """Turns a composed YAML node tree into Python data, refusing alias bombs and duplicate
    keys (PyYAML would silently keep the last value)."""

    def __init__(self, loader: yaml.SafeLoader, path: str):
        self.loader = loader
        self.path = path
        self.visits = 0
        self.seen: set[int] = set()
        self.active: set[int] = set()  # the collections being built (a path from the root)
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, where: list[str | int]) -> Any:
        self.visits += 1
        self.seen.add(id(node))
        if self.visits > ALIAS_EXPANSION_SLACK and self.visits > 10 * len(self.seen):
            raise InputError(
                [
                    Problem(
                        self.path,
                        "",
                        f"YAML aliases expand this document to more than {self.visits:,} nodes "
                        f"from {len(self.seen):,} written ones; refusing it (an alias bomb?)",
                        node.start_mark.line + 1,
                    )
                ]
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            raise InputError(
                [
                    Problem(
                        self.path,
                        _fmt(where),
                        f"YAML tag {node.tag!r} is not allowed: only plain YAML is accepted "
                        "(no language-specific tags)",
                        node.start_mark.line + 1,
                    )
                ]
            )
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            if id(node) in self.active:
                raise InputError(
                    [
                        Problem(
                            self.path,
                            _fmt(where),
                            "a YAML alias refers to a mapping or list that contains it (a "
                            "recursive structure): write the value out instead",
                            node.start_mark.line + 1,
                        )
                    ]
                )
            self.active.add(id(node))
            try:
                return self._collection(node, where)
            finally:
                self.active.discard(id(node))
        return self.loader.construct_object(node, deep=True)

    def _collection(
        self, node: yaml.MappingNode | yaml.SequenceNode, where: list[str | int]
    ) -> Any:
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str | int | float | bool) and key is not None:
                    self.problems.append(
                        Problem(
                            self.path,
                            _fmt(where),
                            "mapping keys must be scalars",
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                if key in out:
                    self.problems.append(
                        Problem(
                            self.path,
                            _fmt([*where, str(key)]),
                            f"duplicate key {key!r}: each key may appear once",
                            key_node.start_mark.line + 1,
                        )
                    )
                    continue
                out[key] = self.build(value_node, [*where, str(key)])
            return out
        return [self.build(child, [*where, i]) for i, child in enumerate(node.value)]


def _fmt(where: list[str | int]) -> str:
    return format_path(where)


def parse_yaml(path: str, text: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML text safely: its data, its node tree (for line numbers) and the problems
    found while building (duplicate keys, non-scalar keys); raises :class:`InputError` for
    text that does not parse or that is refused."""
    loader = Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None, []
        builder = _Builder(loader, path)
        data = builder.build(root, [])
        return data, root, builder.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or str(exc)
        if "could not determine a constructor" in str(exc):
            what = f"{exc.problem}: only plain YAML is accepted (no language-specific tags)"
        raise InputError([Problem(path, "", f"invalid YAML: {what}", line)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(path, "", f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(path, "", "invalid YAML: nested too deeply")]) from None
    except ValueError as exc:
        raise InputError([Problem(path, "", f"invalid YAML: {value_error(exc)}")]) from None
    finally:
        loader.dispose()


def value_error(exc: ValueError) -> str:
    """What a parser's ``ValueError`` means, in a line: almost always an integer with more
    digits than Python converts (4,300)."""
    text = str(exc)
    if "integer string conversion" in text:
        return "a number has more digits than can be read (at most 4,300); write it as text"
    return text.splitlines()[0][:200] if text else type(exc).__name__
