"""Hub ids as the command line and ``load`` take them: ``hf:ORG/NAME[@REVISION]`` for a model,
``hf:datasets/ORG/NAME[@REVISION]`` for a dataset. Parsing only; nothing here touches the
network or imports huggingface_hub."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openness.errors import InputError, Problem

__all__ = ["PREFIX", "HubId", "is_hub_id", "parse_hub_id"]

#: What marks an input as a Hub id rather than a file.
PREFIX = "hf:"

# The Hub's own rule for a repository name part (huggingface_hub.utils.validate_repo_id):
# letters, digits, ``-``, ``_`` and ``.``, not starting or ending with ``-`` or ``.``, no
# ``--`` or ``..``, at most 96 characters.
_PART = re.compile(r"^(?!.*(?:--|\.\.))[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?$")
_REVISION = re.compile(r"^[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*$")
_EXAMPLE = "hf:ORG/NAME, hf:ORG/NAME@REVISION or hf:datasets/ORG/NAME"


@dataclass(frozen=True, slots=True, order=True)
class HubId:
    """One repository on the Hub: ``kind`` is ``model`` or ``dataset``; ``revision`` is a
    branch, tag or commit (None: the default branch)."""

    kind: str
    repo_id: str
    revision: str | None = None

    @property
    def text(self) -> str:
        """The id as it is written (``hf:datasets/org/name@rev``)."""
        prefix = "datasets/" if self.kind == "dataset" else ""
        at = f"@{self.revision}" if self.revision else ""
        return f"{PREFIX}{prefix}{self.repo_id}{at}"

    @property
    def key(self) -> tuple[str, str]:
        """What makes two ids the same repository (the Hub ignores the case of names)."""
        return self.kind, self.repo_id.lower()

    def at(self, revision: str | None) -> HubId:
        """The same repository at another revision."""
        return HubId(self.kind, self.repo_id, revision)

    def __str__(self) -> str:
        return self.text


def is_hub_id(value: object) -> bool:
    """True for a string that names a Hub repository (starts with ``hf:``)."""
    return isinstance(value, str) and value.startswith(PREFIX)


def _bad(text: str, why: str) -> InputError:
    return InputError([Problem(text, "", f"malformed Hub id: {why}; write {_EXAMPLE}")])


def parse_hub_id(text: str) -> HubId:
    """The repository ``text`` names; a malformed id raises :class:`InputError` saying what is
    wrong and what would be right."""
    if not is_hub_id(text):
        raise _bad(text, f"it does not start with {PREFIX!r}")
    body = text[len(PREFIX) :]
    if body.startswith(("https://", "http://")):
        raise _bad(text, "a URL is not an id")
    name, at, revision = body.partition("@")
    if at and not revision:
        raise _bad(text, "nothing follows '@' (the revision: a branch, tag or commit)")
    if at and (not _REVISION.match(revision) or ".." in revision.split("/")):
        raise _bad(text, f"{revision!r} is not a branch, tag or commit name")
    kind = "model"
    parts = name.split("/")
    if parts[0] in ("datasets", "models") and len(parts) == 3:
        kind = "dataset" if parts[0] == "datasets" else "model"
        parts = parts[1:]
    elif parts[0] == "spaces":
        raise _bad(text, "Spaces are applications, not models or datasets")
    if not name:
        raise _bad(text, "the repository name is missing")
    if len(parts) > 2:
        raise _bad(text, f"{name!r} has {len(parts)} parts; a repository is ORG/NAME")
    for part in parts:
        if not _PART.match(part):
            raise _bad(
                text,
                f"{part!r} is not a repository name part (letters, digits, '-', '_' and '.', "
                "not starting or ending with '-' or '.', at most 96 characters)",
            )
    return HubId(kind, "/".join(parts), revision or None)
