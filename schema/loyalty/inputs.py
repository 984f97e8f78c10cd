"""Inputs of the loyalty mutations (R5.1-R5.4)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from schema.enums import (
    BookingStatus,
    PurchaseStatus,
)


@strawberry.input(description="Points to add, or with a negative amount to redeem.")
class AddPointsInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    amount: int = strawberry.field(description="Non-zero; negative redeems.")
    reason: str = strawberry.field(description="Why (≤ 200).")
    idempotency_key: str | None = strawberry.field(
        default=None, description="The same key again changes nothing and returns the first result."
    )
    expires_at: datetime | None = strawberry.field(
        default=None, description="When credited points expire (credits only)."
    )


@strawberry.input(description="A level set by hand, or none to follow the points again.")
class ChangeLevelInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    level_id: strawberry.ID | None = strawberry.field(
        description="The level; null hands back to points."
    )


@strawberry.input(description="A purchase to record.")
class RecordPurchaseInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    amount: Decimal = strawberry.field(description="Amount, up to 2 decimals.")
    currency: str = strawberry.field(description="ISO 4217 code, e.g. EUR.")
    status: PurchaseStatus = strawberry.field(description="Paid or pending payment.")
    value_date: date = strawberry.field(description="Value date.")
    description: str = strawberry.field(default="", description="What was bought (≤ 200).")
    points_earned: int = strawberry.field(default=0, description="Points earned (paid only).")
    external_id: str | None = strawberry.field(default=None, description="The partner's id.")


@strawberry.input(description="A booking to record.")
class RecordBookingInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    activity: str = strawberry.field(description="The activity (≤ 200).")
    starts_at: datetime = strawberry.field(description="When it starts.")
    status: BookingStatus = strawberry.field(description="Where it is.")
    external_id: str | None = strawberry.field(default=None, description="The partner's id.")


@strawberry.input(description="A gift card to give.")
class GiftCardInput:
    amount: Decimal = strawberry.field(description="Its value.")
    currency: str = strawberry.field(description="ISO 4217 code.")
    expires_on: date | None = strawberry.field(default=None, description="Last valid day.")


@strawberry.input(description="A membership to give.")
class MembershipInput:
    name: str = strawberry.field(description="What it is (≤ 200).")
    starts_on: date = strawberry.field(description="First day.")
    ends_on: date | None = strawberry.field(default=None, description="Last day.")


@strawberry.input(description="A gift: exactly one of points, giftCard, membership.")
class SendGiftInput:
    client_id: strawberry.ID = strawberry.field(description="The client.")
    points: int | None = strawberry.field(default=None, description="Points to give.")
    gift_card: GiftCardInput | None = strawberry.field(default=None, description="A gift card.")
    membership: MembershipInput | None = strawberry.field(default=None, description="A membership.")
    message: str | None = strawberry.field(
        default=None, description="A note for the client (≤ 1000)."
    )


@strawberry.input(description="A new loyalty level.")
class CreateLevelInput:
    name: str = strawberry.field(description="Name, unique in the organization (≤ 64).")
    threshold: int = strawberry.field(description="Points from which a client reaches it (≥ 0).")
