"""The points ledger (R5.1) and what partners push about a client (seeds 001, 004).

The ledger is append-only: a client's balance is the sum of its entries, kept on
the client row (`Client.points`) in the same transaction as each entry. Credits
that expire remember how much of them is left (`remaining`); redemptions use the
credits that expire first, and what is left of a credit when it expires leaves the
balance through an entry of its own.
"""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.client import Client
from models.enums import ActorType, BookingStatus, PointsSource, PurchaseStatus
from models.organization import Organization


class PointsEntry(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="points_entries", on_delete=fields.CASCADE
    )
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="points_entries", on_delete=fields.CASCADE
    )
    # 64-bit: sums of points never overflow in the database (resolvers/loyalty/ledger.py).
    amount = fields.BigIntField()
    balance_after = fields.BigIntField()
    reason = fields.CharField(max_length=200)
    source = fields.CharEnumField(PointsSource, max_length=10)
    actor_type = fields.CharEnumField(ActorType, max_length=10)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200)
    expires_at = fields.DatetimeField(null=True)
    # For expiring credits: how much of the credit is still in the balance.
    remaining = fields.BigIntField(null=True)
    idempotency_key = fields.CharField(max_length=100, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int
    client_id: int

    class Meta:
        table = "points_entry"
        unique_together = (("organization", "idempotency_key"),)
        indexes = (
            Index(fields=("client_id", "created_at")),
            Index(fields=("expires_at",)),
        )


class Purchase(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="purchases", on_delete=fields.CASCADE
    )
    external_id = fields.CharField(max_length=100, null=True)
    description = fields.CharField(max_length=200, default="")
    amount = fields.DecimalField(max_digits=12, decimal_places=2)
    currency = fields.CharField(max_length=3)
    status = fields.CharEnumField(PurchaseStatus, max_length=16)
    value_date = fields.DateField()
    points_earned = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    client_id: int

    class Meta:
        table = "purchase"
        # A partner retrying with its own id gets the first record back, not a second one.
        unique_together = (("client", "external_id"),)
        indexes = (Index(fields=("client_id", "created_at")),)


class Booking(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="bookings", on_delete=fields.CASCADE
    )
    external_id = fields.CharField(max_length=100, null=True)
    activity = fields.CharField(max_length=200)
    starts_at = fields.DatetimeField()
    status = fields.CharEnumField(BookingStatus, max_length=20)
    created_at = fields.DatetimeField(auto_now_add=True)

    client_id: int

    class Meta:
        table = "booking"
        # A partner retrying with its own id gets the first record back, not a second one.
        unique_together = (("client", "external_id"),)
        indexes = (Index(fields=("client_id", "created_at")),)


class Membership(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="memberships", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    starts_on = fields.DateField()
    ends_on = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    client_id: int

    class Meta:
        table = "membership"
        indexes = (Index(fields=("client_id", "created_at")),)


class GiftCard(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="gift_cards", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=32, unique=True)
    amount = fields.DecimalField(max_digits=12, decimal_places=2)
    currency = fields.CharField(max_length=3)
    expires_on = fields.DateField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    client_id: int

    class Meta:
        table = "gift_card"
        indexes = (Index(fields=("client_id", "created_at")),)
