"""Notifications: the per-client log (R7.4), the email outbox (R7.3) and the in-app inbox (R7.5).

A `Notification` row is both the log entry and, for email, the outbox row: it is
written in the transaction of the change that caused it, and the delivery worker
moves the same row from queued to sent or failed.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from models.account import Account
from models.client import Client
from models.enums import Channel, NotificationStatus, NotificationType, SkipReason
from models.organization import Organization

LAST_ERROR_LENGTH = 500


class Notification(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="notifications", on_delete=fields.CASCADE
    )
    client: fields.ForeignKeyNullableRelation[Client] = fields.ForeignKeyField(
        "models.Client", related_name="notifications", null=True, on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="notifications", null=True, on_delete=fields.SET_NULL
    )
    type = fields.CharEnumField(NotificationType, max_length=32)
    channel = fields.CharEnumField(Channel, max_length=8)
    status = fields.CharEnumField(NotificationStatus, max_length=8)
    skip_reason = fields.CharEnumField(SkipReason, max_length=20, null=True)
    to_address = fields.CharField(max_length=254, null=True)
    locale = fields.CharField(max_length=5)
    params: dict[str, Any] = fields.JSONField(default=dict)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    lease_until = fields.DatetimeField(null=True)
    last_error = fields.CharField(max_length=LAST_ERROR_LENGTH, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    failed_at = fields.DatetimeField(null=True)

    organization_id: int
    client_id: int | None
    account_id: int | None

    class Meta:
        table = "notification"
        indexes = (
            Index(fields=("status", "next_attempt_at")),
            Index(fields=("client_id", "created_at")),
        )


class InboxMessage(Model):
    """An in-app notification, in the inbox of the account the client app reads."""

    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="inbox", on_delete=fields.CASCADE
    )
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="inbox_messages", on_delete=fields.CASCADE
    )
    notification: fields.ForeignKeyRelation[Notification] = fields.ForeignKeyField(
        "models.Notification", related_name="inbox_messages", on_delete=fields.CASCADE
    )
    type = fields.CharEnumField(NotificationType, max_length=32)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    account_id: int

    class Meta:
        table = "inbox_message"
        indexes = (Index(fields=("account_id", "created_at")),)
