"""Tags: per organization, unique case-insensitively (R6.1)."""

from __future__ import annotations

from uuid import uuid4

from tortoise import fields
from tortoise.models import Model

from models.organization import Organization

TAG_MAX_LENGTH = 64


def tag_key(name: str) -> str:
    """The case-insensitive identity of a tag name."""
    return " ".join(name.split()).casefold()


class Tag(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="tags", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=TAG_MAX_LENGTH)
    key = fields.CharField(max_length=TAG_MAX_LENGTH * 2)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tag"
        unique_together = (("organization", "key"),)
