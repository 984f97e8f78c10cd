"""Loyalty mutations: points, levels, gifts, purchases and bookings (R5.1-R5.4)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.loyalty import add_points, change_level, record_purchase, send_gift
from resolvers.loyalty.create_level import create_level
from schema.access.types import Level
from schema.clients.types import Client
from schema.common import orm, readable
from schema.context import Info
from schema.errors import ERRORS, INPUT, UserError, user_errors
from schema.loyalty.inputs import (
    AddPointsInput,
    ChangeLevelInput,
    CreateLevelInput,
    RecordBookingInput,
    RecordPurchaseInput,
    SendGiftInput,
)
from schema.loyalty.types import Booking, PointsEntry, Purchase


@strawberry.type(description="Result of addPoints.")
class AddPointsPayload:
    entry: PointsEntry | None = strawberry.field(
        description="The ledger entry (the first one, on a retry)."
    )
    client: Client | None = strawberry.field(description="The client, with the new balance.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of a change to one client.")
class ClientPayload:
    client: Client | None = strawberry.field(description="The client as it is now.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of recordPurchase.")
class RecordPurchasePayload:
    purchase: Purchase | None = strawberry.field(description="The purchase.")
    client: Client | None = strawberry.field(description="The client.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of recordBooking.")
class RecordBookingPayload:
    booking: Booking | None = strawberry.field(description="The booking.")
    client: Client | None = strawberry.field(description="The client.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Result of createLevel.")
class CreateLevelPayload:
    level: Level | None = strawberry.field(description="The new level.")
    user_errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type(description="Points, levels, gifts, purchases and bookings.")
class LoyaltyMutation:
    @strawberry.mutation(description="Add or redeem points (R5.1).")
    async def add_points(
        self, info: Info, input: Annotated[AddPointsInput, INPUT]
    ) -> AddPointsPayload:
        result = await add_points.add_points(
            info.context.actor,
            str(input.client_id),
            input.amount,
            input.reason,
            idempotency_key=input.idempotency_key,
            expires_at=input.expires_at,
        )
        return AddPointsPayload(
            entry=orm(result.entry),
            client=readable(info, result.client),
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Set a client's level by hand (R5.2).")
    async def change_level(
        self, info: Info, input: Annotated[ChangeLevelInput, INPUT]
    ) -> ClientPayload:
        result = await change_level.change_level(
            info.context.actor,
            str(input.client_id),
            None if input.level_id is None else str(input.level_id),
        )
        return ClientPayload(
            client=readable(info, result.client), user_errors=user_errors(result.errors)
        )

    @strawberry.mutation(description="Create a loyalty level.")
    async def create_level(
        self, info: Info, input: Annotated[CreateLevelInput, INPUT]
    ) -> CreateLevelPayload:
        result = await create_level(info.context.actor, input.name, input.threshold)
        return CreateLevelPayload(level=result.level, user_errors=user_errors(result.errors))  # type: ignore[arg-type]

    @strawberry.mutation(description="Record a purchase; a paid one may earn points.")
    async def record_purchase(
        self, info: Info, input: Annotated[RecordPurchaseInput, INPUT]
    ) -> RecordPurchasePayload:
        result = await record_purchase.record_purchase(
            info.context.actor,
            str(input.client_id),
            amount=input.amount,
            currency=input.currency,
            status=input.status,
            value_date=input.value_date,
            description=input.description,
            points_earned=input.points_earned,
            external_id=input.external_id,
        )
        return RecordPurchasePayload(
            purchase=orm(result.record),
            client=readable(info, result.client),
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(description="Record a booking.")
    async def record_booking(
        self, info: Info, input: Annotated[RecordBookingInput, INPUT]
    ) -> RecordBookingPayload:
        result = await record_purchase.record_booking(
            info.context.actor,
            str(input.client_id),
            activity=input.activity,
            starts_at=input.starts_at,
            status=input.status,
            external_id=input.external_id,
        )
        return RecordBookingPayload(
            booking=orm(result.record),
            client=readable(info, result.client),
            user_errors=user_errors(result.errors),
        )

    @strawberry.mutation(
        description="Give points, a gift card or a membership, and tell the client (R5.4)."
    )
    async def send_gift(self, info: Info, input: Annotated[SendGiftInput, INPUT]) -> ClientPayload:
        card = input.gift_card
        membership = input.membership
        result = await send_gift.send_gift(
            info.context.actor,
            str(input.client_id),
            points=input.points,
            gift_card=send_gift.GiftCardSpec(card.amount, card.currency, card.expires_on)
            if card
            else None,
            membership=(
                send_gift.MembershipSpec(membership.name, membership.starts_on, membership.ends_on)
                if membership
                else None
            ),
            message=input.message,
        )
        return ClientPayload(
            client=readable(info, result.client), user_errors=user_errors(result.errors)
        )
