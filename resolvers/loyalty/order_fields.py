"""Validation of orders and gift lists (seed 004), pure: no database.

Money follows recordPurchase: 0 to 9,999,999,999.99 with at most 2 decimals, in an
ISO 4217 code. Item lists are small and bounded, every text is one line without
control characters, links are http(s). Errors name the field path of the input
(`items`, `3`, `name`), so a console can point at the item.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from resolvers.clients.client_fields import Invalid, required_line, single_line
from resolvers.errors import ErrorCode, UserError, error
from resolvers.loyalty.money import currency as _currency
from resolvers.loyalty.money import money

MAX_ORDER_ITEMS = 50
MAX_GIFT_ITEMS = 100
MAX_QUANTITY = 10_000
MAX_LINK = 500


@dataclass(frozen=True)
class OrderItemSpec:
    name: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class GiftItemSpec:
    name: str
    quantity: int = 1
    link: str | None = None


def currency(value: str) -> tuple[str, list[UserError]]:
    return _currency(value, "currency")


def external_id(value: str | None) -> tuple[str | None, list[UserError]]:
    try:
        return single_line(100)(value), []
    except Invalid as exc:
        return None, [error(exc.code, exc.message, "externalId")]


def _quantity(value: int, *field: str) -> list[UserError]:
    if not 1 <= value <= MAX_QUANTITY:
        return [error(ErrorCode.OUT_OF_RANGE, f"Use 1 to {MAX_QUANTITY}", *field, "quantity")]
    return []


def _count(items: list[Any], most: int) -> list[UserError]:
    if len(items) > most:
        return [error(ErrorCode.OUT_OF_RANGE, f"At most {most} items", "items")]
    return []


def order_items(items: list[OrderItemSpec]) -> tuple[list[dict[str, Any]], list[UserError]]:
    """The items as stored (prices as strings, exact), or the errors about them."""
    errors = _count(items, MAX_ORDER_ITEMS)
    stored: list[dict[str, Any]] = []
    for i, item in enumerate(items if not errors else []):
        at = ("items", str(i))
        name, problem = required_line(item.name, 200, "name", "An item")
        found = [error(problem.code, problem.message, *at, "name")] if problem else []
        found += _quantity(item.quantity, *at) + money(item.unit_price, *at, "unitPrice")
        errors += found
        if not found:
            price = str(item.unit_price.quantize(Decimal("0.01")))
            stored.append({"name": name, "quantity": item.quantity, "unitPrice": price})
    return stored, errors


def gift_items(items: list[GiftItemSpec]) -> tuple[list[dict[str, Any]], list[UserError]]:
    errors = _count(items, MAX_GIFT_ITEMS)
    stored: list[dict[str, Any]] = []
    for i, item in enumerate(items if not errors else []):
        at = ("items", str(i))
        name, problem = required_line(item.name, 200, "name", "An item")
        found = [error(problem.code, problem.message, *at, "name")] if problem else []
        found += _quantity(item.quantity, *at)
        link, link_error = _link(item.link)
        if link_error:
            found.append(error(link_error.code, link_error.message, *at, "link"))
        errors += found
        if not found:
            stored.append({"name": name, "quantity": item.quantity, "link": link})
    return stored, errors


def _link(value: str | None) -> tuple[str | None, Invalid | None]:
    try:
        link: str | None = single_line(MAX_LINK)(value)
    except Invalid as exc:
        return None, exc
    if link is None:
        return None, None
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in link:
        return None, Invalid(ErrorCode.INVALID, "Use an http(s) address")
    return link, None


def gift_list_name(value: str) -> tuple[str | None, list[UserError]]:
    name, problem = required_line(value, 200, "name", "A gift list")
    return name, [problem] if problem else []
