"""The activity log of a client (R8.2): who changed what, when, field by field."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.client import Client
from models.enums import ActorType
from models.organization import Organization


class ActivityEntry(Model):
    id = fields.BigIntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="activity", on_delete=fields.CASCADE
    )
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="activity", on_delete=fields.CASCADE
    )
    action = fields.CharField(max_length=64)
    actor_type = fields.CharEnumField(ActorType, max_length=10)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200)
    # {field: [old, new]}; values are JSON-safe strings or numbers, never secrets.
    changes: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    client_id: int

    class Meta:
        table = "activity_entry"
        indexes = (Index(fields=("client_id", "created_at")),)
