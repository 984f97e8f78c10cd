"""GraphQL inputs of orders and gift lists."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import UNSET

from schema.enums import GiftListStatus, OrderStatus


@strawberry.input(description="A line of an order.")
class OrderItemInput:
    name: str = strawberry.field(description="What was ordered (≤ 200, one line).")
    quantity: int = strawberry.field(default=1, description="How many, 1 to 10,000.")
    unit_price: Decimal = strawberry.field(description="Price of one, up to 2 decimals.")


@strawberry.input(description="An order to record.")
class RecordOrderInput:
    client_id: strawberry.ID = strawberry.field(
        description="The client; a merged record's id records on its survivor."
    )
    status: OrderStatus = strawberry.field(description="Where the order is.")
    total: Decimal = strawberry.field(description="Total, 0 to 9,999,999,999.99, 2 decimals.")
    currency: str = strawberry.field(description="ISO 4217 code, e.g. EUR.")
    ordered_at: datetime = strawberry.field(description="When the client ordered.")
    items: list[OrderItemInput] = strawberry.field(
        default_factory=list, description="Its lines, at most 50."
    )
    external_id: str | None = strawberry.field(
        default=None,
        description="The partner's id (≤ 100); the same id again returns the first order.",
    )


@strawberry.input(description="A new status for an order.")
class UpdateOrderStatusInput:
    id: strawberry.ID = strawberry.field(description="The order.")
    status: OrderStatus = strawberry.field(
        description="The new status; a cancelled order is final."
    )


@strawberry.input(description="An item of a gift list.")
class GiftListItemInput:
    name: str = strawberry.field(description="What is wished for (≤ 200, one line).")
    quantity: int = strawberry.field(default=1, description="How many, 1 to 10,000.")
    link: str | None = strawberry.field(
        default=None, description="Where to find it: an http(s) address (≤ 500)."
    )


@strawberry.input(description="A new gift list; it starts open.")
class CreateGiftListInput:
    client_id: strawberry.ID = strawberry.field(
        description="The client; a merged record's id creates on its survivor."
    )
    name: str = strawberry.field(description="Its name, e.g. the occasion (≤ 200, one line).")
    event_date: date | None = strawberry.field(default=None, description="Day of the occasion.")
    items: list[GiftListItemInput] = strawberry.field(
        default_factory=list, description="What is on it, at most 100."
    )
    external_id: str | None = strawberry.field(
        default=None,
        description="The partner's id (≤ 100); the same id again returns the first list.",
    )


@strawberry.input(description="Changes to a gift list; omitted fields are left as they are.")
class UpdateGiftListInput:
    id: strawberry.ID = strawberry.field(description="The gift list.")
    name: str | None = strawberry.field(default=UNSET, description="A new name (≤ 200).")
    event_date: date | None = strawberry.field(
        default=UNSET, description="A new day of the occasion; null clears it."
    )
    status: GiftListStatus | None = strawberry.field(
        default=UNSET, description="Open or close the list."
    )
    items: list[GiftListItemInput] | None = strawberry.field(
        default=UNSET, description="The whole new list of items (replaces the old), at most 100."
    )
