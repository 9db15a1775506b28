"""Whole numbers as people write them: ``8000000000``, ``8e9``, ``8.5e9``.

YAML 1.1 (PyYAML) reads ``8e9`` as text and ``8.0e9`` as a float; JSON and TOML read both as
floats. :data:`WholeNumber` takes all of them when the value is exactly whole, and says how to
write it when it is not (``1.5``, ``8B``).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

__all__ = ["MAX_EXPONENT", "Count", "WholeNumber", "whole_number"]

#: The largest power of ten scientific notation may give (10^18 fits a signed 64-bit
#: integer): ``1e999999999`` would otherwise make a number with a billion digits.
MAX_EXPONENT = 18

_HOW = "write it in digits (8000000000) or in scientific notation (8e9; 8.5e9 is 8500000000)"


def whole_number(value: Any) -> Any:
    """``value`` as an int when it is a float or text that is exactly a whole number; other
    values pass through unchanged (to the integer validation that follows). Raises
    ``ValueError`` saying how to write it otherwise."""
    if isinstance(value, bool) or not isinstance(value, str | float):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = value.strip().replace("_", "") if isinstance(value, str) else repr(value)
    if isinstance(value, str) and text.lstrip("+-").isdigit():
        return value  # plain digits: the integer validation reads them
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number; {_HOW}") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number; {_HOW}")
    if number.adjusted() > MAX_EXPONENT:
        raise ValueError(f"{value!r} is larger than 10^{MAX_EXPONENT}, the largest we take")
    if number != number.to_integral_value():
        raise ValueError(
            f"{value!r} is not a whole number: a count has no fraction; write it in digits "
            "(8000000000) or in scientific notation (8e9, 8.5e9), so 1.5 billion is 1.5e9"
        )
    return int(number)


#: An integer that may also be written in scientific notation (``8e9``), or as a float that
#: is exactly whole (``8.0e9``).
WholeNumber = Annotated[int, BeforeValidator(whole_number)]

#: A count (zero or more), written as a :data:`WholeNumber`.
Count = Annotated[int, Field(ge=0), BeforeValidator(whole_number)]
