"""A card's ``license`` field: Hub keywords through ``data/hf_licenses.yaml``, ``other``
with ``license_name`` / ``license_link`` and anything else through the license normaliser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from openness.formats.huggingface.read.card import Card
from openness.licenses.normalize import normalize
from openness.model import Evidence, EvidenceKind, LicenseExpression

__all__ = ["card_license", "hub_license"]


@dataclass(frozen=True, slots=True)
class _HubLicense:
    license_id: str | None
    reason: str | None = None
    candidates: tuple[str, ...] = ()


@cache
def _hub_licenses() -> dict[str, _HubLicense]:
    raw = files("openness.formats.huggingface").joinpath("data/hf_licenses.yaml").read_text("utf-8")
    table: dict[str, _HubLicense] = {}
    for key, value in (yaml.safe_load(raw) or {}).items():
        if isinstance(value, str):
            table[str(key)] = _HubLicense(value)
        else:
            table[str(key)] = _HubLicense(
                value.get("id"),
                value.get("reason"),
                tuple(str(c) for c in value.get("candidates") or ()),
            )
    return table


def hub_license(keyword: str) -> tuple[str | None, str | None, tuple[str, ...]] | None:
    """The id a Hub license keyword maps to, with the reason and candidates when there is no
    id; None for a keyword the Hub does not define."""
    entry = _hub_licenses().get(keyword.strip().lower())
    if entry is None:
        return None
    return entry.license_id, entry.reason, entry.candidates


def card_license(
    card: Card, meta: Mapping[str, Any]
) -> tuple[LicenseExpression | None, list[Evidence]]:
    if not meta:
        return None, []  # no metadata: already reported once
    raw = meta.get("license")
    if raw is None:
        if "license" not in meta:
            card.warn(("license",), "no license field: the license is unknown")
        else:
            card.warn(("license",), "license is empty: the license is unknown")
        return None, []
    values: list[tuple[tuple[str | int, ...], Any]]
    if isinstance(raw, list):
        values = [(("license", i), v) for i, v in enumerate(raw)]
        if len(raw) > 1:
            card.warn(
                ("license",),
                f"license is a list of {len(raw)} keywords; the Hub expects one. Read as all "
                "of them applying (AND), the stricter reading; write one keyword, or "
                "license: other with an SPDX expression in license_name",
            )
    else:
        values = [(("license",), raw)]
    ids: list[str] = []
    evidence: list[Evidence] = []
    for path, value in values:
        text = card.text(path, value)
        if text is None:
            return None, evidence
        evidence.append(card.evidence(path, f"license: {text}"))
        found = _one_license(card, path, text, meta)
        if found is None:
            return None, evidence
        lic_id, note = found
        if note:
            evidence.append(card.evidence(path, note, EvidenceKind.NORMALISED))
        ids.append(lic_id)
    ids = list(dict.fromkeys(ids))
    if not ids:
        return None, evidence
    if "NOASSERTION" in ids:
        return LicenseExpression.of("NOASSERTION"), evidence
    expression = " AND ".join(f"({i})" if " " in i else i for i in ids)
    return LicenseExpression.of(expression), evidence


def _one_license(
    card: Card, path: tuple[str | int, ...], text: str, meta: Mapping[str, Any]
) -> tuple[str, str | None] | None:
    mapped = hub_license(text)
    if mapped is not None:
        lic_id, reason, candidates = mapped
        if lic_id is not None:
            note = (
                None
                if lic_id.lower() == text.lower()
                else (f"Hub keyword {text!r} read as {lic_id} (hf_licenses.yaml)")
            )
            return lic_id, note
        if text.lower() == "other":
            return _other_license(card, meta)
        could = f"; it could mean {', '.join(candidates)}" if candidates else ""
        card.warn(path, f"license {text!r}: {reason}{could}; the license is unknown")
        return None
    result = normalize(text)
    if result.confident and result.license_id is not None:
        card.warn(
            path,
            f"license {text!r} is not a Hugging Face license keyword; {result.describe()}",
        )
        return result.license_id, f"normalised: {result.describe()}"
    card.warn(
        path,
        f"license {text!r} is not a Hugging Face license keyword and {result.describe()}; "
        "the license is unknown (use a Hub keyword, or license: other with license_name)",
    )
    return None


def _other_license(card: Card, meta: Mapping[str, Any]) -> tuple[str, str | None] | None:
    name = card.text(("license_name",), meta.get("license_name"))
    link = card.text(("license_link",), meta.get("license_link"))
    if name is None and link is None:
        card.warn(
            ("license",),
            "license: other without license_name or license_link: the license is unknown; "
            "name it in license_name",
        )
        return None
    texts = [name] if name is not None else []
    if link is not None and not _is_relative(link):
        texts.append(link)
    results = [normalize(t) for t in texts]
    confident = {r.license_id for r in results if r.confident}
    if len(confident) == 1:
        lic_id = confident.pop()
        assert lic_id is not None
        described = "; ".join(r.describe() for r in results if r.confident)
        return lic_id, f"license: other, normalised: {described}"
    if len(confident) > 1:
        card.warn(
            ("license_name",),
            f"license_name {name!r} and license_link {link!r} name different licenses "
            f"({', '.join(sorted(i or '' for i in confident))}); the license is unknown",
        )
        return None
    said = "; ".join(r.describe() for r in results) or f"license_link {link!r} is a local file"
    card.warn(
        ("license_name",),
        f"license: other: {said}; the license is unknown (the knowledge base has no id for it, "
        "or the name is ambiguous)",
    )
    return None


def _is_relative(link: str) -> bool:
    return "://" not in link and not link.startswith("www.")
