"""Orders and gift lists: what a shop's integration pushes about a client (seed 004:
"ver pedidos", "ver lista de regalos").

Both belong to one client and move with it when clients are unified (R4.1). Their few
items are stored on the row as a small JSON list (bounded by the resolvers), since
nothing queries inside them: the console shows them with the order or the list.
An order is an accounting record and stays when a client is deleted permanently
(it holds no personal text: no addresses, no notes); a gift list is a personal wish
and is deleted with the client's personal data (R8.1).
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.client import Client
from models.enums import GiftListStatus, OrderStatus


class Order(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="orders", on_delete=fields.CASCADE
    )
    external_id = fields.CharField(max_length=100, null=True)
    status = fields.CharEnumField(OrderStatus, max_length=16)
    total = fields.DecimalField(max_digits=12, decimal_places=2)
    currency = fields.CharField(max_length=3)
    ordered_at = fields.DatetimeField()
    # [{"name": str, "quantity": int, "unitPrice": "12.50"}], at most 50.
    items: list[dict[str, Any]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    client_id: int

    class Meta:
        table = "client_order"  # "order" is an SQL keyword
        # A partner retrying with its own id gets the first record back, not a second one.
        unique_together = (("client", "external_id"),)
        indexes = (Index(fields=("client_id", "created_at")),)


class GiftList(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="gift_lists", on_delete=fields.CASCADE
    )
    external_id = fields.CharField(max_length=100, null=True)
    name = fields.CharField(max_length=200)
    event_date = fields.DateField(null=True)
    status = fields.CharEnumField(GiftListStatus, max_length=8)
    # [{"name": str, "quantity": int, "link": str | None}], at most 100.
    items: list[dict[str, Any]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    client_id: int

    class Meta:
        table = "gift_list"
        unique_together = (("client", "external_id"),)
        indexes = (Index(fields=("client_id", "created_at")),)
