"""Orders and gift lists that a shop's integration pushes about a client (seed 004)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import UNSET

import models
from resolvers.loyalty import gift_lists, record_order
from resolvers.loyalty.order_fields import GiftItemSpec, OrderItemSpec
from schema.clients.types import Client
from schema.common import orm, public_id, readable
from schema.context import Info
from schema.enums import GiftListStatus, OrderStatus
from schema.errors import ERRORS, INPUT, UserError, user_errors
from schema.sources import from_sources


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


@from_sources
@strawberry.type(description="An order a partner recorded for the client.")
class Order:
    external_id: str | None = strawberry.field(description="The partner's id.")
    status: OrderStatus = strawberry.field(description="Where it is.")
    total: Decimal = strawberry.field(description="Total amount.")
    currency: str = strawberry.field(description="ISO 4217 currency.")
    ordered_at: datetime = strawberry.field(description="When the client ordered.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Order]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
    @staticmethod
    def items(parent: strawberry.Parent[models.Order]) -> list[OrderItem]:
        return [_order_item(item) for item in parent.items]


@from_sources
@strawberry.type(description="A gift (wish) list of the client.")
class GiftList:
    external_id: str | None = strawberry.field(description="The partner's id.")
    name: str = strawberry.field(description="Its name, e.g. the occasion.")
    event_date: date | None = strawberry.field(description="Day of the occasion, if given.")
    status: GiftListStatus = strawberry.field(description="Open or closed.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.GiftList]) -> strawberry.ID:
        return public_id(parent)

    @strawberry.field
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
    order_id: strawberry.ID = strawberry.field(description="The order.")
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
    gift_list_id: strawberry.ID = strawberry.field(description="The gift list.")
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


@strawberry.type(description="Result of recordOrder or updateOrderStatus.")
class OrderPayload:
    order: Order | None = strawberry.field(description="The order (the first one, on a retry).")
    client: Client | None = strawberry.field(
        description="Its client (when the caller may read it)."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of createGiftList or updateGiftList.")
class GiftListPayload:
    gift_list: GiftList | None = strawberry.field(description="The gift list as it is now.")
    client: Client | None = strawberry.field(
        description="Its client (when the caller may read it)."
    )
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


def _order(info: Info, result: record_order.OrderResult) -> OrderPayload:
    return OrderPayload(
        order=orm(result.order),
        client=readable(info, result.client),
        user_errors=user_errors(result.errors),
    )


def _gift_list(info: Info, result: gift_lists.GiftListResult) -> GiftListPayload:
    return GiftListPayload(
        gift_list=orm(result.gift_list),
        client=readable(info, result.client),
        user_errors=user_errors(result.errors),
    )


@strawberry.type(description="Order and gift-list mutations.")
class OrderMutation:
    @strawberry.mutation(description="Record an order of a client; a retry returns the first.")
    async def record_order(
        self, info: Info, input: Annotated[RecordOrderInput, INPUT]
    ) -> OrderPayload:
        result = await record_order.record_order(
            info.context.actor,
            str(input.client_id),
            status=input.status,
            total=input.total,
            currency=input.currency,
            ordered_at=input.ordered_at,
            items=[OrderItemSpec(i.name, i.quantity, i.unit_price) for i in input.items],
            external_id=input.external_id,
        )
        return _order(info, result)

    @strawberry.mutation(description="Move an order on (paid, shipped, delivered, cancelled).")
    async def update_order_status(
        self, info: Info, input: Annotated[UpdateOrderStatusInput, INPUT]
    ) -> OrderPayload:
        result = await record_order.update_order_status(
            info.context.actor, str(input.order_id), input.status
        )
        return _order(info, result)

    @strawberry.mutation(description="Create a gift list of a client; a retry returns the first.")
    async def create_gift_list(
        self, info: Info, input: Annotated[CreateGiftListInput, INPUT]
    ) -> GiftListPayload:
        result = await gift_lists.create_gift_list(
            info.context.actor,
            str(input.client_id),
            name=input.name,
            event_date=input.event_date,
            items=[GiftItemSpec(i.name, i.quantity, i.link) for i in input.items],
            external_id=input.external_id,
        )
        return _gift_list(info, result)

    @strawberry.mutation(
        description="Rename, re-date, open or close a gift list, or set its items."
    )
    async def update_gift_list(
        self, info: Info, input: Annotated[UpdateGiftListInput, INPUT]
    ) -> GiftListPayload:
        changes: dict[str, Any] = {
            name: value
            for name, value in (
                ("name", input.name),
                ("event_date", input.event_date),
                ("status", input.status),
            )
            if value is not UNSET
        }
        if input.items is not UNSET:
            changes["items"] = (
                None
                if input.items is None
                else [GiftItemSpec(i.name, i.quantity, i.link) for i in input.items]
            )
        result = await gift_lists.update_gift_list(
            info.context.actor, str(input.gift_list_id), changes
        )
        return _gift_list(info, result)
