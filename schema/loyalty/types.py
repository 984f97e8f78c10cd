"""Loyalty records of a client (R5.1, R5.4, seed 004): points entries, purchases, bookings,
memberships and gift cards."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

import models
from schema.common import public_id
from schema.enums import ActorType, BookingStatus, PointsSource, PurchaseStatus
from schema.sources import from_sources


@from_sources
@strawberry.type(description="An entry of the append-only points ledger.")
class PointsEntry:
    amount: int = strawberry.field(description="Points added (positive) or taken (negative).")
    balance_after: int = strawberry.field(description="The balance right after this entry.")
    reason: str = strawberry.field(description="Why.")
    source: PointsSource = strawberry.field(description="Where it comes from.")
    actor_type: ActorType = strawberry.field(description="Who made it.")
    actor_name: str = strawberry.field(description="Name of the staff user, key or system.")
    expires_at: datetime | None = strawberry.field(description="When these points expire.")
    remaining: int | None = strawberry.field(description="Of an expiring credit, what is left.")
    idempotency_key: str | None = strawberry.field(description="The caller's idempotency key.")
    created_at: datetime = strawberry.field(description="When.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.PointsEntry]) -> strawberry.ID:
        return public_id(parent)


@from_sources
@strawberry.type(description="A purchase a partner recorded.")
class Purchase:
    external_id: str | None = strawberry.field(description="The partner's id.")
    description: str = strawberry.field(description="What was bought.")
    amount: Decimal = strawberry.field(description="Amount.")
    currency: str = strawberry.field(description="ISO 4217 currency.")
    status: PurchaseStatus = strawberry.field(description="Paid or pending payment.")
    value_date: date = strawberry.field(description="Value date.")
    points_earned: int = strawberry.field(description="Points it earned.")
    created_at: datetime = strawberry.field(description="When it was recorded.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Purchase]) -> strawberry.ID:
        return public_id(parent)


@from_sources
@strawberry.type(description="A booking a partner recorded.")
class Booking:
    external_id: str | None = strawberry.field(description="The partner's id.")
    activity: str = strawberry.field(description="The activity.")
    starts_at: datetime = strawberry.field(description="When it starts.")
    status: BookingStatus = strawberry.field(description="Where it is.")
    created_at: datetime = strawberry.field(description="When it was recorded.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Booking]) -> strawberry.ID:
        return public_id(parent)


@from_sources
@strawberry.type(description="A membership of the client.")
class Membership:
    name: str = strawberry.field(description="What it is.")
    starts_on: date = strawberry.field(description="First day.")
    ends_on: date | None = strawberry.field(description="Last day, if any.")
    created_at: datetime = strawberry.field(description="When it was given.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.Membership]) -> strawberry.ID:
        return public_id(parent)


@from_sources
@strawberry.type(description="A gift card of the client.")
class GiftCard:
    code: str = strawberry.field(description="The code to redeem it.")
    amount: Decimal = strawberry.field(description="Its value.")
    currency: str = strawberry.field(description="ISO 4217 currency.")
    expires_on: date | None = strawberry.field(description="Last day it can be used.")
    created_at: datetime = strawberry.field(description="When it was given.")

    @strawberry.field
    @staticmethod
    def id(parent: strawberry.Parent[models.GiftCard]) -> strawberry.ID:
        return public_id(parent)
