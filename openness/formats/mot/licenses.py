"""MOT license names (free text) read as SPDX ids or expressions through the license
normaliser, ``LicenseRef-MOT-<name>`` otherwise; ``unlicensed``, ``License not specified`` and
``Component not included`` have meanings of their own."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from openness.formats.mot.vocab import fold_name
from openness.licenses.normalize import normalize
from openness.model import Availability, InvalidLicenseExpression, LicenseExpression

__all__ = ["NOT_INCLUDED", "LicenseReading", "read_license_name"]


NOT_INCLUDED = re.compile(r"^component\s+(?:component\s+)?not\s+includ", re.IGNORECASE)


_NOASSERTION_NAMES = frozenset({"license not specified", "pending evaluation", "undisclosed"})


@dataclass(frozen=True, slots=True)
class LicenseReading:
    """What a MOT license name says.

    ``expression`` is None when the name says nothing about a license (the component is not
    included); ``availability`` is set when the name speaks of it; ``how`` is one of ``spdx``
    (written as SPDX), ``normalised`` (rewritten where the normaliser is confident),
    ``free-text`` (kept as a LicenseRef: its freedom is unknown), ``none`` (no license
    granted), ``noassertion`` or ``not-included``; ``note`` says what was done.
    """

    expression: LicenseExpression | None
    how: str
    note: str
    availability: Availability | None = None


def _license_ref(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", text).strip("-.") or "unnamed"
    if len(slug) > 60 or re.search(r"[^A-Za-z0-9.\- ]", text.strip()):
        digest = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[:60].rstrip('-.')}-{digest}"
    return f"LicenseRef-MOT-{slug}"


def read_license_name(raw: str) -> LicenseReading:
    """Read one MOT license name (free text) as an SPDX expression, conservatively."""
    text = raw.strip()
    folded = fold_name(text)
    if not text or folded == "unlicensed":
        return LicenseReading(
            LicenseExpression.of("NONE"),
            "none",
            f"{raw!r}: MOT's 'unlicensed', the component is released without a license",
        )
    if folded in _NOASSERTION_NAMES:
        return LicenseReading(
            LicenseExpression.of("NOASSERTION"), "noassertion", f"{raw!r}: no license is stated"
        )
    if NOT_INCLUDED.match(text):
        return LicenseReading(
            None,
            "not-included",
            f"{raw!r}: MOT's 'Component not included'",
            Availability.NOT_RELEASED,
        )
    found = normalize(text)
    expression: LicenseExpression | None = None
    if found.confident and found.license_id is not None:
        try:
            expression = LicenseExpression.of(found.license_id)
        except InvalidLicenseExpression:  # pragma: no cover - the normaliser gives valid ids
            expression = None
    if expression is not None:
        if str(expression) == text:
            return LicenseReading(expression, "spdx", f"license {text!r}")
        return LicenseReading(
            expression,
            "normalised",
            f"{found.describe()}; MOT compares license names exactly and would not recognise "
            f"{raw!r}",
        )
    ref = _license_ref(text)
    return LicenseReading(
        LicenseExpression.of(ref),
        "free-text",
        f"{found.describe()}; kept as {ref} (its freedom is unknown)",
    )
