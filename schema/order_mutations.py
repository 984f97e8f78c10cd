"""Mutations of orders and gift lists (seed 004): partner integrations push them."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import UNSET

from resolvers.loyalty import gift_lists, record_order
from resolvers.loyalty.order_fields import GiftItemSpec, OrderItemSpec
from schema.context import Info
from schema.errors import UserError, user_errors
from schema.order_inputs import (
    CreateGiftListInput,
    RecordOrderInput,
    UpdateGiftListInput,
    UpdateOrderStatusInput,
)
from schema.order_types import GiftList, Order
from schema.types import Client, orm, readable

_ERRORS = "Expected failures; empty on success."
_INPUT = strawberry.argument(description="What to do; see the input type.")


@strawberry.type(description="Result of recordOrder or updateOrderStatus.")
class OrderPayload:
    order: Order | None = strawberry.field(description="The order (the first one, on a retry).")
    client: Client | None = strawberry.field(
        description="Its client (when the caller may read it)."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Result of createGiftList or updateGiftList.")
class GiftListPayload:
    gift_list: GiftList | None = strawberry.field(description="The gift list as it is now.")
    client: Client | None = strawberry.field(
        description="Its client (when the caller may read it)."
    )
    user_errors: list[UserError] = strawberry.field(description=_ERRORS)


@strawberry.type(description="Order and gift-list mutations.")
class OrderMutation:
    @strawberry.mutation(description="Record an order of a client; a retry returns the first.")
    async def record_order(
        self, info: Info, input: Annotated[RecordOrderInput, _INPUT]
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
        self, info: Info, input: Annotated[UpdateOrderStatusInput, _INPUT]
    ) -> OrderPayload:
        result = await record_order.update_order_status(
            info.context.actor, str(input.id), input.status
        )
        return _order(info, result)

    @strawberry.mutation(description="Create a gift list of a client; a retry returns the first.")
    async def create_gift_list(
        self, info: Info, input: Annotated[CreateGiftListInput, _INPUT]
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
        self, info: Info, input: Annotated[UpdateGiftListInput, _INPUT]
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
        result = await gift_lists.update_gift_list(info.context.actor, str(input.id), changes)
        return _gift_list(info, result)


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
