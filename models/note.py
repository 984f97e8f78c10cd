"""Free-text notes staff keep on a client."""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.client import Client
from models.enums import ActorType

NOTE_MAX_LENGTH = 5000


class Note(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    client: fields.ForeignKeyRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="notes", on_delete=fields.CASCADE
    )
    body = fields.TextField()
    author_type = fields.CharEnumField(ActorType, max_length=10)
    author_id = fields.IntField(null=True)
    author_name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    client_id: int

    class Meta:
        table = "note"
        indexes = (Index(fields=("client_id", "created_at")),)
