"""License facts: what the knowledge base knows about one license id."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["RESTRICTED_CATEGORIES", "ExceptionFacts", "LicenseFacts"]

#: Categories that by themselves mean the license does not grant the four freedoms.
RESTRICTED_CATEGORIES = frozenset(
    {"restricted-model", "non-commercial", "no-derivatives", "source-available", "proprietary"}
)


@dataclass(frozen=True, slots=True)
class LicenseFacts:
    """Facts about one license, each from a recorded source.

    Booleans that a source may leave unstated are ``bool | None``: ``None`` means nobody we
    trust has said, which makes judgements that depend on it *unknown*, not false.
    """

    id: str
    name: str
    url: str | None = None
    osi_approved: bool | None = None
    fsf_libre: bool | None = None
    open_data: bool | None = None
    deprecated: bool = False
    category: str | None = None
    kinds: tuple[str, ...] = ()
    mof_types: tuple[str, ...] = ()
    share_alike: bool = False
    use_restrictions: bool = False
    non_commercial: bool = False
    no_derivatives: bool = False
    field_of_use: bool = False
    user_cap: int | None = None
    outputs_restricted: bool = False
    derivative_obligations: tuple[str, ...] = ()
    derivative_name_prefix: str | None = None
    attribution_text: str | None = None
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    #: The day (ISO 8601) the curated facts were last checked against the publisher's current
    #: text, or None when they never were.
    checked: str | None = None
    sources: tuple[str, ...] = field(default=())

    @property
    def restrictions(self) -> tuple[str, ...]:
        """Human-readable names of the restrictions that deny one of the four freedoms."""
        found: list[str] = []
        if self.use_restrictions:
            found.append("use-based restrictions")
        if self.non_commercial:
            found.append("non-commercial only")
        if self.no_derivatives:
            found.append("no derivatives")
        if self.field_of_use:
            found.append("field-of-use restrictions")
        if self.user_cap is not None:
            found.append(f"a cap of {self.user_cap:,} monthly active users")
        if self.outputs_restricted:
            found.append("restrictions on the use of outputs")
        if not found and self.category in RESTRICTED_CATEGORIES:
            found.append(f"category {self.category}")
        return tuple(found)

    @property
    def restricted(self) -> bool:
        """True when the license denies one of the four freedoms (use, study, modify, share)."""
        return bool(self.restrictions)


@dataclass(frozen=True, slots=True)
class ExceptionFacts:
    """Facts about an SPDX license exception (the right-hand side of ``WITH``).

    Every SPDX-listed exception adds permissions; ``restricts`` marks one that takes some away.
    """

    id: str
    name: str
    deprecated: bool = False
    restricts: bool = False
    sources: tuple[str, ...] = ()
