"""exportClientData (R8.4): a copy of everything the organization holds about a person, for a
data-subject request (GDPR art. 15 and 20), as one JSON document streamed in constant memory.

Owner and admin (`clients:export`). The export itself is audited: an activity entry on the
client says who took a copy, when. The document holds the record (with its tags, level,
generic-field labels and the ids of records merged into it), the account view (never its
password hash or tokens), and every related table row by row in keyset batches: notes,
activity, points ledger, purchases, orders, gift lists, bookings, memberships, gift cards,
notifications, the account's inbox messages from this organization, consent (current and
history), the webhook events about the client (R10.2) and the address's undeliverable
mark. Nothing of another client is read: every query names this client (or its account
and organization).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import (
    Account,
    ActivityEntry,
    Booking,
    Client,
    ClientConsent,
    ClientTag,
    ConsentEvent,
    FieldLabel,
    GiftCard,
    GiftList,
    InboxMessage,
    Level,
    Membership,
    Note,
    Notification,
    Order,
    Organization,
    PointsEntry,
    Purchase,
    UndeliverableAddress,
)
from models.access import Permission
from models.webhook import WebhookEvent
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.lookup import find_client

BATCH = 500
FORMAT = "clientela.client-data/1"
# Internal keys that mean nothing outside the database; public ids (uuid) stay.
_INTERNAL = {"id", "client_id", "organization_id", "account_id", "notification_id", "level_id"}
_ACCOUNT = (
    "uuid",
    "email",
    "first_name",
    "last_name",
    "locale",
    "verified_at",
    "email_notifications",
    "in_app_notifications",
    "created_at",
)
# Per-client tables, in the order the document lists them.
_SECTIONS: tuple[tuple[str, type[Model]], ...] = (
    ("notes", Note),
    ("activity", ActivityEntry),
    ("pointsHistory", PointsEntry),
    ("purchases", Purchase),
    ("orders", Order),
    ("giftLists", GiftList),
    ("bookings", Booking),
    ("memberships", Membership),
    ("giftCards", GiftCard),
    ("notifications", Notification),
    ("consentHistory", ConsentEvent),
    ("consents", ClientConsent),
    ("webhookEvents", WebhookEvent),
)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if type(value).__name__ == "UUID":  # asyncpg's own UUID type (PostgreSQL)
        return str(value)
    raise TypeError


def _json(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=orjson.OPT_NON_STR_KEYS)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    public = {key: value for key, value in row.items() if key not in _INTERNAL}
    if isinstance(public.get("params"), dict) and "action_url" in public["params"]:
        # A queued account mail's link carries a live one-time token: never hand it out.
        public["params"] = {k: v for k, v in public["params"].items() if k != "action_url"}
    return public


async def prepare_export(actor: Actor | None, client_id: str) -> Client | None:
    """The client whose data the caller may export (an absorbed id leads to its survivor),
    or None; checks the permission first."""
    actor = require(actor, Permission.CLIENTS_EXPORT)
    return await find_client(actor, client_id)


async def _rows(
    model: type[Model], field: str, value: Any, **more: Any
) -> AsyncIterator[dict[str, Any]]:
    last_id = 0
    while True:
        batch = (
            await model.filter(**{field: value}, **more, id__gt=last_id)
            .order_by("id")
            .limit(BATCH)
            .values()
        )
        if not batch:
            return
        last_id = batch[-1]["id"]
        for row in batch:
            yield _public(row)


async def _record(client: Client) -> dict[str, Any]:
    row = (await Client.filter(id=client.id).values())[0]
    record = _public(row)
    for derived in ("email_key", "birthday_md", "merged_into_id", "referred_by_id"):
        record.pop(derived, None)
    record["tags"] = sorted(
        await ClientTag.filter(client_id=client.id).values_list("tag__name", flat=True)
    )
    level = await Level.filter(id=client.level_id).first() if client.level_id else None
    record["level"] = level.name if level else None
    record["fieldLabels"] = dict(
        await FieldLabel.filter(organization_id=client.organization_id).values_list(
            "field", "label"
        )
    )
    record["mergedFrom"] = [
        str(u) for u in await Client.filter(merged_into_id=client.id).values_list("uuid", flat=True)
    ]
    return record


async def export_client_data(actor: Actor, client: Client) -> AsyncIterator[bytes]:
    """The document, in pieces; the audit entry is written before the first byte."""
    async with in_transaction("default") as conn:
        await log_activity(actor, client, "client.data_exported", {}, using_db=conn)
    organization = await Organization.get(id=client.organization_id)
    yield b'{"format":' + _json(FORMAT)
    yield b',"exportedAt":' + _json(datetime.now(UTC))
    yield b',"organization":' + _json({"id": organization.uuid, "name": organization.name})
    yield b',"client":' + _json(await _record(client))
    account = (
        await Account.filter(id=client.account_id).values(*_ACCOUNT) if client.account_id else []
    )
    yield b',"account":' + _json(account[0] if account else None)
    for name, model in _SECTIONS:
        yield b',"' + name.encode() + b'":['
        first = True
        async for row in _rows(model, "client_id", client.id):
            yield (b"" if first else b",") + _json(row)
            first = False
        yield b"]"
    yield b',"inbox":['
    if client.account_id:
        first = True
        async for row in _rows(
            InboxMessage, "account_id", client.account_id, organization_id=client.organization_id
        ):
            yield (b"" if first else b",") + _json(row)
            first = False
    yield b"]"
    mark = (
        await UndeliverableAddress.filter(
            organization_id=client.organization_id, email_key=client.email_key
        ).values("email_key", "reply", "created_at")
        if client.email_key
        else []
    )
    yield b',"undeliverableEmail":' + _json(mark[0] if mark else None)
    yield b"}"
