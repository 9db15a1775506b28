"""``LicenseExpression``: an SPDX license expression as a pydantic-aware string type."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from openness.licenses.expression import (
    InvalidLicenseExpression,
    ParsedExpression,
    parse_expression,
)

__all__ = ["InvalidLicenseExpression", "LicenseExpression"]

_DESCRIPTION = (
    "An SPDX license expression (SPDX 2.3 Annex D), such as 'Apache-2.0', "
    "'MIT OR Apache-2.0' or 'GPL-2.0-or-later WITH Classpath-exception-2.0'. "
    "Ids are matched case-insensitively and normalised; deprecated ids are rewritten "
    "(GPL-2.0 becomes GPL-2.0-only). Use LicenseRef-<name> for a license without an SPDX id, "
    "NOASSERTION when nothing is stated and NONE when no license is granted."
)


class LicenseExpression(str):
    """An SPDX license expression, stored in its canonical form.

    It *is* the canonical string (``LicenseExpression("apache-2.0 or mit") == "Apache-2.0 OR
    MIT"``) and carries the parse in :attr:`parsed`: the raw text, the rewrites made, the ids,
    and the ids the knowledge base does not know. Construct with :meth:`of` to share cached
    instances. A malformed expression raises :class:`InvalidLicenseExpression`, which names the
    offending token.
    """

    parsed: ParsedExpression

    def __new__(cls, raw: str) -> LicenseExpression:
        parsed = parse_expression(raw)
        obj = super().__new__(cls, parsed.canonical)
        obj.parsed = parsed
        return obj

    @classmethod
    def of(cls, raw: str) -> LicenseExpression:
        """Return the (cached) expression for ``raw``."""
        return _cached(raw)

    @property
    def raw(self) -> str:
        """The text as written."""
        return self.parsed.raw

    @property
    def rewrites(self) -> tuple[tuple[str, str], ...]:
        """``(written, canonical)`` for every id the normalisation changed."""
        return self.parsed.rewrites

    @property
    def ids(self) -> tuple[str, ...]:
        """The license ids in the expression, in order of appearance."""
        return self.parsed.ids

    @property
    def unknown_ids(self) -> tuple[str, ...]:
        """Ids (and exceptions) the knowledge base has no facts for."""
        return self.parsed.unknown

    @property
    def is_noassertion(self) -> bool:
        """True for ``NOASSERTION``."""
        return self.parsed.is_noassertion

    @property
    def is_none(self) -> bool:
        """True for ``NONE``."""
        return self.parsed.is_none

    def __repr__(self) -> str:
        return f"LicenseExpression({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (LicenseExpression, (self.parsed.raw,))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "title": "LicenseExpression",
            "description": _DESCRIPTION,
            "minLength": 1,
            "examples": [
                "Apache-2.0",
                "MIT OR Apache-2.0",
                "LicenseRef-scancode-llama-3.1-license-2024",
            ],
        }


@lru_cache(maxsize=65536)
def _cached(raw: str) -> LicenseExpression:
    return LicenseExpression(raw)


def _validate(value: Any) -> LicenseExpression:
    if isinstance(value, LicenseExpression):
        return value
    if isinstance(value, str):
        try:
            return _cached(value)
        except InvalidLicenseExpression as exc:
            raise PydanticCustomError(
                "license_expression",
                "{detail}",
                {"detail": str(exc), "token": exc.token, "position": exc.position},
            ) from None
    raise PydanticCustomError(
        "license_expression_type",
        "expected an SPDX license expression as a string, got {kind}",
        {"kind": type(value).__name__},
    )
