"""Webhooks (PRODUCT.md §10): endpoints, the events written with each change, and their
deliveries with every attempt.

An `WebhookEvent` row is written in the transaction of the change that causes it, with a
`WebhookDelivery` row for every endpoint subscribed to it at that moment: the deliveries
are the outbox the webhook worker drains after commit. The event's `uuid` is the
`webhook-id` a receiver sees, the same on every attempt and replay (R10.3).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.indexes import Index
from tortoise.models import Model

from models.bulk_rows import insert_rows
from models.organization import Organization

URL_LENGTH = 2000
# Why an endpoint is off: a day of failures (R10.3), or staff switched it off.
FAILING = "failing"
BY_STAFF = "by_staff"
ERROR_LENGTH = 500


class WebhookEventType(StrEnum):
    """What a partner can subscribe to (R10.2); the value is the payload's `type`."""

    CLIENT_CREATED = "client.created"
    CLIENT_UPDATED = "client.updated"
    CLIENT_MERGED = "client.merged"
    CLIENT_STATUS_CHANGED = "client.status_changed"
    CLIENT_DELETED = "client.deleted"
    POINTS_CHANGED = "points.changed"
    TAGS_CHANGED = "tags.changed"
    PURCHASE_RECORDED = "purchase.recorded"
    ORDER_RECORDED = "order.recorded"
    ORDER_UPDATED = "order.updated"
    BOOKING_RECORDED = "booking.recorded"
    CONSENT_CHANGED = "consent.changed"
    NOTIFICATION_FAILED = "notification.failed"
    # Sent only by sendTestWebhook, to the one endpoint it names; nobody subscribes to it.
    TEST = "webhook.test"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its first attempt or its next retry
    SENDING = "sending"  # leased by a worker
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # retried for a day without success


class WebhookEndpoint(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="webhook_endpoints", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=URL_LENGTH)
    description = fields.CharField(max_length=500, default="")
    # WebhookEventType values.
    events: list[str] = fields.JSONField(default=list)
    enabled = fields.BooleanField(default=True)
    # The signing secrets (`whsec_` + base64), sealed under SECRET_KEY (AES-GCM,
    # clientela/infra/sealing.py): the worker opens them to sign; they are never shown
    # again after creation or rotation.
    secret = fields.CharField(max_length=200)
    previous_secret = fields.CharField(max_length=200, null=True)
    # The permissions of whoever created or last changed the endpoint: an event's data
    # never carries more than they could read (R10.2; resolvers/webhooks/scopes.py).
    scopes: list[str] = fields.JSONField(default=list)
    previous_secret_until = fields.DatetimeField(null=True)
    # Since when every attempt has failed (None: the last one succeeded); a day of it
    # switches the endpoint off (R10.3).
    failing_since = fields.DatetimeField(null=True)
    disabled_reason = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    organization_id: int

    class Meta:
        table = "webhook_endpoint"
        indexes = (Index(fields=("organization_id", "enabled")),)

    def __repr__(self) -> str:
        return f"<WebhookEndpoint {self.uuid}>"


class WebhookEvent(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="webhook_events", on_delete=fields.CASCADE
    )
    # The client the event is about (internal id; None for events about no client): the
    # key of the per-client order and of erasure (R8.3).
    client_id = fields.BigIntField(null=True)
    type = fields.CharEnumField(WebhookEventType, max_length=32)
    # The `data` of the body: public ids and API-visible values, never secrets.
    data: dict[str, Any] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int

    class Meta:
        table = "webhook_event"
        indexes = (Index(fields=("client_id",)), Index(fields=("created_at",)))


class WebhookDelivery(Model):
    id = fields.BigIntField(primary_key=True)
    uuid = fields.UUIDField(unique=True, default=uuid4)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyRelation[WebhookEvent] = fields.ForeignKeyField(
        "models.WebhookEvent", related_name="deliveries", on_delete=fields.CASCADE
    )
    # Copied from the event: deliveries of one client to one endpoint go out in id order.
    client_id = fields.BigIntField(null=True)
    status = fields.CharEnumField(DeliveryStatus, max_length=10, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField()
    # Retries stop a day after the first attempt (not after queueing: a worker that was
    # down for a day must not give up on what it never tried).
    first_attempt_at = fields.DatetimeField(null=True)
    lease_until = fields.DatetimeField(null=True)
    response_code = fields.IntField(null=True)
    last_error = fields.CharField(max_length=ERROR_LENGTH, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    delivered_at = fields.DatetimeField(null=True)

    endpoint_id: int
    event_id: int
    attempt_log: fields.ReverseRelation[WebhookAttempt]

    class Meta:
        table = "webhook_delivery"
        indexes = (
            Index(fields=("status", "next_attempt_at")),
            Index(fields=("endpoint_id", "client_id", "status")),
            Index(fields=("endpoint_id", "created_at")),
        )


class WebhookAttempt(Model):
    """One POST of a delivery (R10.4): what the receiver answered, and how fast."""

    id = fields.BigIntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[WebhookDelivery] = fields.ForeignKeyField(
        "models.WebhookDelivery", related_name="attempt_log", on_delete=fields.CASCADE
    )
    started_at = fields.DatetimeField()
    duration_ms = fields.IntField()
    response_code = fields.IntField(null=True)
    # A fixed description (timeout, refused address, ...), never the receiver's body.
    error = fields.CharField(max_length=ERROR_LENGTH, null=True)
    succeeded = fields.BooleanField()

    delivery_id: int

    class Meta:
        table = "webhook_attempt"
        indexes = (Index(fields=("delivery_id", "started_at")),)


async def subscribers(
    organization_id: int, using_db: BaseDBAsyncClient
) -> list[tuple[int, frozenset[str]]]:
    """The endpoints that take the organization's events, with the types each wants: the
    enabled ones, and those switched off for failing (their events wait for them, so
    nothing is lost when the receiver is repaired; staff switching one off stops that)."""
    rows = await (
        WebhookEndpoint.filter(
            Q(enabled=True) | Q(disabled_reason=FAILING), organization_id=organization_id
        )
        .using_db(using_db)
        .values_list("id", "events")
    )
    return [(endpoint_id, frozenset(events)) for endpoint_id, events in rows]


@dataclass(frozen=True)
class Pending:
    """An event to write: about which client (internal id, or None), of which type."""

    organization_id: int
    client_id: int | None
    type: WebhookEventType
    data: dict[str, Any]


def subscribers_sql(organization: str, postgres: bool) -> str:
    """`subscribers` as a sub-select of a statement that reads something else (a lean write's
    locking read), `organization` its SQL: a JSON array of [id, events] pairs."""
    pairs = "json_build_array(w.id, w.events)" if postgres else "json_array(w.id, json(w.events))"
    agg = "json_agg" if postgres else "json_group_array"
    enabled = "w.enabled" if postgres else "w.enabled = 1"
    return (
        f"(SELECT coalesce({agg}({pairs}), '[]') FROM webhook_endpoint w "  # noqa: S608
        f"WHERE w.organization_id = {organization} AND ({enabled} "
        f"OR w.disabled_reason = '{FAILING}'))"
    )


def read_subscribers(raw: Any) -> list[tuple[int, frozenset[str]]]:
    """The value of `subscribers_sql` as `subscribers` returns it."""
    found = json.loads(raw) if isinstance(raw, str | bytes) else raw
    return [(int(endpoint_id), frozenset(events or ())) for endpoint_id, events in found]


async def emit(
    pending: Sequence[Pending],
    *,
    using_db: BaseDBAsyncClient,
    known: dict[int, list[tuple[int, frozenset[str]]]] | None = None,
) -> int:
    """Write events and their deliveries, on the caller's connection (its transaction).
    Returns how many deliveries were queued. `known`: subscribers the caller already read
    (by organization), in its transaction."""
    if not pending:
        return 0
    by_org: dict[int, list[tuple[int, frozenset[str]]]] = dict(known or {})
    for item in pending:
        if item.organization_id not in by_org:
            by_org[item.organization_id] = await subscribers(item.organization_id, using_db)
    wanted = [
        (item, [eid for eid, types in by_org[item.organization_id] if item.type.name in types])
        for item in pending
    ]
    wanted = [(item, endpoints) for item, endpoints in wanted if endpoints]
    if not wanted:
        return 0
    now = datetime.now(UTC)
    # Written without ORM objects (an import emits thousands per batch).
    uuids = [uuid4() for _ in wanted]
    written = await insert_rows(
        using_db,
        WebhookEvent,
        ("uuid", "organization_id", "client_id", "type", "data", "created_at"),
        [
            (uuid, item.organization_id, item.client_id, item.type, item.data, now)
            for uuid, (item, _) in zip(uuids, wanted, strict=True)
        ],
        returning=("id", "uuid"),
    )
    ids = {UUID(str(uuid)): event_id for event_id, uuid in written}
    deliveries = [
        (uuid4(), endpoint_id, ids[uuid], item.client_id, DeliveryStatus.PENDING, 0, now, now)
        for uuid, (item, endpoints) in zip(uuids, wanted, strict=True)
        for endpoint_id in endpoints
    ]
    await insert_rows(
        using_db,
        WebhookDelivery,
        (
            "uuid",
            "endpoint_id",
            "event_id",
            "client_id",
            "status",
            "attempts",
            "next_attempt_at",
            "created_at",
        ),
        deliveries,
    )
    return len(deliveries)
