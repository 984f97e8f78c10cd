"""GraphQL types of orders and gift lists (seed 004): what the console shows of them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry

import models
from schema.enums import GiftListStatus, OrderStatus
from schema.types import public_id


@strawberry.type(description="A line of an order.")
class OrderItem:
    name: str = strawberry.field(description="What was ordered.")
    quantity: int = strawberry.field(description="How many.")
    unit_price: Decimal = strawberry.field(description="Price of one, in the order's currency.")


@strawberry.type(description="An item of a gift list.")
class GiftListItem:
    name: str = strawberry.field(description="What is wished for.")
    quantity: int = strawberry.field(description="How many.")
    link: str | None = strawberry.field(description="Where to find it (http or https), if given.")


@strawberry.type(description="An order a partner recorded for the client.")
class Order:
    external_id: str | None = strawberry.field(description="The partner's id.")
    status: OrderStatus = strawberry.field(description="Where it is.")
    total: Decimal = strawberry.field(description="Total amount.")
    currency: str = strawberry.field(description="ISO 4217 currency.")
    ordered_at: datetime = strawberry.field(description="When the client ordered.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @strawberry.field(description="Public id.")
    @staticmethod
    def id(parent: strawberry.Parent[models.Order]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field(description="Its lines, as recorded.")
    @staticmethod
    def items(parent: strawberry.Parent[models.Order]) -> list[OrderItem]:
        return [_order_item(item) for item in parent.items]


@strawberry.type(description="A gift (wish) list of the client.")
class GiftList:
    external_id: str | None = strawberry.field(description="The partner's id.")
    name: str = strawberry.field(description="Its name, e.g. the occasion.")
    event_date: date | None = strawberry.field(description="Day of the occasion, if given.")
    status: GiftListStatus = strawberry.field(description="Open or closed.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @strawberry.field(description="Public id.")
    @staticmethod
    def id(parent: strawberry.Parent[models.GiftList]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field(description="What is on it.")
    @staticmethod
    def items(parent: strawberry.Parent[models.GiftList]) -> list[GiftListItem]:
        return [
            GiftListItem(name=i["name"], quantity=i["quantity"], link=i.get("link"))
            for i in parent.items
        ]


def _order_item(item: dict[str, Any]) -> OrderItem:
    return OrderItem(
        name=item["name"], quantity=item["quantity"], unit_price=Decimal(item["unitPrice"])
    )
