"""Amounts of money and currencies, checked the same way by every record that carries them
(purchases, orders, gift cards)."""

from __future__ import annotations

import re
from decimal import Decimal

from resolvers.errors import ErrorCode, UserError, error

MAX_MONEY = Decimal("9999999999.99")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def money(value: Decimal, *field: str, positive: bool = False) -> list[UserError]:
    """0 (or more than 0) to MAX_MONEY with at most 2 decimals. NaN and infinities, which
    the GraphQL Decimal scalar lets through, are refused here rather than failing later."""
    if not value.is_finite() or not (value > 0 if positive else value >= 0):
        bad = True
    else:
        bad = value > MAX_MONEY or _exponent(value) < -2
    if bad:
        lowest = "0.01" if positive else "0"
        message = f"Use {lowest} to 9,999,999,999.99 with 2 decimals"
        return [error(ErrorCode.OUT_OF_RANGE, message, *field)]
    return []


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def currency(value: str, *field: str) -> tuple[str, list[UserError]]:
    """The ISO 4217 code, upper-cased."""
    code = value.strip().upper()
    if not _CURRENCY.match(code):
        return code, [error(ErrorCode.INVALID, "Use an ISO 4217 code such as EUR", *field)]
    return code, []
