"""Saved, named client filters that marketing tools count, page and export (R6.3)."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from models.organization import Organization


class Segment(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="segments", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    name_key = fields.CharField(max_length=100)
    # The filter as plain data (resolvers.clients.client_filter.ClientFilter.to_data()).
    conditions: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    organization_id: int

    class Meta:
        table = "segment"
        unique_together = (("organization", "name_key"),)
