"""Loyalty levels: ordered per organization by their point threshold (R5.2)."""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from models.organization import Organization


class Level(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="levels", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=64)
    name_key = fields.CharField(max_length=64)
    threshold = fields.BigIntField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "level"
        unique_together = (("organization", "name_key"), ("organization", "threshold"))
        ordering = ("threshold",)
