"""Signatures: the facts a table policy reads of an artifact, as small hashable values, so that
the engine can share verdict bodies between artifacts with the same facts.

An artifact's facts are cut into parts (kind, declared license and evidence, lineage relations,
naming-rule matches, training compute, and one part per component role, with each component's
effective license), each interned to an int on first use and shared by every table policy (the
engine judges an artifact under every policy before moving on, so a one-entry cache in the
:class:`~openness.policy.run.Run` suffices). Interned ids are shared by every run: the
interner is keyed by content and hands out ids under a lock, so that two threads never give
one id to two values.
A rule's cache key, and a policy's signature, are tuples of the parts they read: ``osaid``
never looks at training compute or datasets, so those do not split its caches.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from itertools import count
from typing import Any

from openness.model import Artifact, Component, LicenseExpression, Role, covered_by_declared_license
from openness.policy.rules.naming import name_head, naming_prefixes
from openness.policy.run import Run

__all__ = [
    "Parts",
    "clear_signature_caches",
    "facts_signature",
    "intern",
    "parts_of",
]


class _Interner:
    """Hashable values to ints. Ids are never reused: when the table is dropped to bound
    memory, counting goes on, so an old id can only miss, never match a new value. A value
    seen before is found without a lock; a new one gets its id under the lock (two threads
    interning at once never get one id for two values, nor two ids for one)."""

    def __init__(self, limit: int = 1_000_000):
        self._ids: dict[Hashable, int] = {}
        self._count = count(1)
        self._limit = limit
        self._lock = threading.Lock()

    def __call__(self, value: Hashable) -> int:
        found = self._ids.get(value)
        if found is None:
            with self._lock:
                found = self._ids.get(value)
                if found is None:
                    if len(self._ids) >= self._limit:
                        self._ids.clear()
                    found = self._ids[value] = next(self._count)
        return found


#: The interner every signature part goes through.
intern = _Interner()


class Parts:
    """An artifact's facts, cut into interned parts. ``whole`` identifies all of them at once
    (it is all an engine needs when an artifact with the same facts was judged before); the
    parts themselves are computed on first use."""

    __slots__ = ("_artifact", "_raw", "_roles", "pins", "whole")

    def __init__(self, artifact: Artifact):
        training = artifact.facts.training
        license_ = artifact.license
        evidence = artifact.evidence
        raw = (
            artifact.kind,
            None if license_ is None else str(license_),
            tuple(evidence) if evidence else (),
            tuple([e.relation for e in artifact.lineage]),
            _head_matches(name_head(artifact)),
            None if training is None else (training.training_flop, tuple(training.evidence)),
        )
        self._artifact = artifact
        self._raw = raw
        self._roles: dict[Role, int] | None = None
        # Every fact at once, cheaply: the components as written (their effective licenses
        # follow from them and the release-wide licenses).
        release = artifact.release_licenses
        components = []
        pinned = False
        for c in artifact.components:
            components.append(
                (
                    c.role,
                    c.availability,
                    c.license,
                    bool(c.location),
                    tuple(c.evidence) if c.evidence else (),
                    c.name,  # messages name components by it
                )
            )
            if c.name or c.revision or c.digests or c.files:
                pinned = True
        self.whole = intern((*raw, tuple(release.items()) if release else (), tuple(components)))
        #: What names or pins each component (name, revision, digest algorithms, number of
        #: files, whether every file has digests), or None when no component has any of them:
        #: what the ``reproducible`` policy reads besides ``whole``. Read while the components
        #: are at hand, and kept out of ``whole`` (files differ between artifacts whose
        #: table-policy verdicts are the same; names are in both, as messages quote them).
        self.pins: tuple[Any, ...] | None = (
            tuple(
                [
                    (
                        c.name,
                        c.revision,
                        tuple(c.digests),
                        len(c.files),
                        all(f.digests for f in c.files),
                    )
                    for c in artifact.components
                ]
            )
            if pinned
            else None
        )

    @property
    def kind(self) -> int:
        """The artifact's kind."""
        return intern(self._raw[0])

    @property
    def license(self) -> int:
        """The declared license."""
        return intern(self._raw[1])

    @property
    def declared(self) -> int:
        """The declared license and the artifact's own evidence."""
        return intern((self._raw[1], self._raw[2])) if self._raw[2] else intern(self._raw[1])

    @property
    def relations(self) -> int:
        """The relation of each lineage edge, in order."""
        return intern(self._raw[3])

    @property
    def head(self) -> int:
        """Which naming-rule prefixes the name begins with."""
        return intern(self._raw[4])

    @property
    def compute(self) -> int:
        """The training compute and its evidence (0 when not stated)."""
        return 0 if self._raw[5] is None else intern(self._raw[5])

    @property
    def roles(self) -> dict[Role, int]:
        """Per role, each component's (index, availability, effective license, where that
        license came from, location?, evidence): see
        :func:`openness.policy.rules.components.effective_license`."""
        roles = self._roles
        if roles is None:
            artifact = self._artifact
            grouped: dict[Role, list[tuple[Any, ...]]] = {}
            for index, component in enumerate(artifact.components):
                grouped.setdefault(component.role, []).append(
                    _component_key(index, component, artifact)
                )
            roles = self._roles = {role: intern(tuple(keys)) for role, keys in grouped.items()}
        return roles


#: Keyed by content (a name head): shared by every run and thread, each filling in the same
#: value for the same head.
_HEAD_MATCHES: dict[str, tuple[bool, ...]] = {}


def _head_matches(head: str) -> tuple[bool, ...]:
    """``name_matches(artifact).values()`` for an artifact whose name begins with ``head``."""
    found = _HEAD_MATCHES.get(head)
    if found is None:
        if len(_HEAD_MATCHES) >= 100_000:
            _HEAD_MATCHES.clear()
        found = _HEAD_MATCHES[head] = tuple([head.startswith(p) for p in naming_prefixes()])
    return found


def clear_signature_caches() -> None:
    """Forget the naming-rule matches of name heads (for cold benchmarks)."""
    _HEAD_MATCHES.clear()


def _component_key(index: int, c: Component, artifact: Artifact) -> tuple[Any, ...]:
    license_: LicenseExpression | None = c.license
    source = "own"
    if license_ is None:
        license_ = artifact.release_licenses.get(c.role.content_type)
        source = "release"
        if license_ is None:  # the declared license, or only quoted where it does not cover
            license_, source = (
                artifact.license,
                ("artifact" if covered_by_declared_license(artifact.kind, c.role) else "uncovered"),
            )
    return (
        index,
        c.availability,
        None if license_ is None else str(license_),
        source,
        bool(c.location),
        tuple(c.evidence) if c.evidence else (),
        c.name,
    )


def parts_of(artifact: Artifact, run: Run | None = None) -> Parts:
    """The artifact's parts (in ``run``, cached for the last artifact asked about: every
    policy judging it asks in turn)."""
    if run is None:
        return Parts(artifact)
    last = run.last
    if last[0] is artifact:
        parts: Parts = last[1]
        return parts
    parts = Parts(artifact)
    run.last = (artifact, parts)
    return parts


def facts_signature(artifact: Artifact) -> tuple[Any, ...]:
    """Every fact of an artifact any table rule reads, as one hashable value (used for the
    upstream datasets a ``training-data`` rule judges)."""
    return (
        artifact.kind,
        artifact.license,
        tuple(artifact.release_licenses.items()),
        tuple((*_component_key(i, c, artifact), c.role) for i, c in enumerate(artifact.components)),
        tuple(e.relation for e in artifact.lineage),
        tuple(artifact.evidence),
        bool(artifact.url),
    )
