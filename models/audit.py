"""The organization's audit log (R8.2, R9.3): changes that belong to no single client.

Staff management, levels and tags are the organization's, not a client's; who changed
them, what and when is written here in the change's transaction (a client's own
changes go to its activity log).
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.enums import ActorType
from models.organization import Organization


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="audit", on_delete=fields.CASCADE
    )
    action = fields.CharField(max_length=64)
    # What the change was about: "staff", "level", "tag"..., and its public id.
    subject_type = fields.CharField(max_length=16)
    subject_id = fields.CharField(max_length=36)
    actor_type = fields.CharEnumField(ActorType, max_length=10)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200)
    # {field: [old, new]}; never secrets.
    changes: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int

    class Meta:
        table = "audit_entry"
        indexes = (Index(fields=("organization_id", "created_at")),)
