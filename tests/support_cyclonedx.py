"""Shared by the CycloneDX tests: a BOM is valid when our validator, cyclonedx-python-lib's
``JsonStrictValidator`` (the official schemas) and license-expression's SPDX licensing (every
``licenses[].expression`` a valid SPDX expression) all accept it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from license_expression import get_spdx_licensing

from openness.formats.cyclonedx.schema import validate
from openness.formats.cyclonedx.vocab import SpecVersion

LIBRARY_VERSION = {
    SpecVersion.V1_5: SchemaVersion.V1_5,
    SpecVersion.V1_6: SchemaVersion.V1_6,
    SpecVersion.V1_7: SchemaVersion.V1_7,
}
_LICENSE_REF = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")


def expressions(value: Any) -> Iterator[str]:
    """Every ``expression`` of a ``licenses`` list anywhere in ``value``."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "licenses" and isinstance(item, list):
                yield from (e["expression"] for e in item if "expression" in e)
            else:
                yield from expressions(item)
    elif isinstance(value, list):
        for item in value:
            yield from expressions(item)


def invalid_expressions(bom: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The expressions license-expression's SPDX licensing rejects, with why; an id it does
    not know is accepted only as a ``LicenseRef-``."""
    licensing = get_spdx_licensing()
    bad: list[tuple[str, list[str]]] = []
    for text in expressions(bom):
        info = licensing.validate(text, strict=True)
        unknown = [s for s in info.invalid_symbols if not _LICENSE_REF.match(s)]
        if unknown or (info.errors and not info.invalid_symbols):
            bad.append((text, info.errors))
    return bad


def assert_valid(data: bytes, version: SpecVersion) -> dict[str, Any]:
    """Valid for our validator, the library's strict validator and SPDX; the parsed BOM."""
    bom: dict[str, Any] = json.loads(data)
    assert validate(bom, version) == []
    library = JsonStrictValidator(LIBRARY_VERSION[version])
    assert library.validate_str(data.decode("utf-8")) is None
    assert invalid_expressions(bom) == []
    return bom
