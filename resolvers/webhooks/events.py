"""Webhook events (R10.2, R10.3), derived from the activity log.

Every change to a client writes an activity entry in its transaction (R8.2); the
activity writer hands each entry here, and this module turns it into an event and
one delivery row per endpoint subscribed to it, on the same connection: the event
commits or rolls back with the change, whatever path made it (a mutation, a merge,
points expiry, an import, the system). No write path has code of its own for events.

The body's `data` names the client by its public id and carries what the API shows
about the change: the changed field names (never their values), statuses, balances,
tag names, the ids of the records involved. Never a secret, never a free text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client, WebhookEvent
from models.webhook import Pending, emit, subscribers
from models.webhook import WebhookEventType as Type

_EXACT: dict[str, Type] = {
    "client.created": Type.CLIENT_CREATED,
    "client.registered": Type.CLIENT_CREATED,
    "client.merged": Type.CLIENT_MERGED,
    "client.deleted_permanently": Type.CLIENT_DELETED,
    "tags.added": Type.TAGS_CHANGED,
    "tags.removed": Type.TAGS_CHANGED,
    "purchase.recorded": Type.PURCHASE_RECORDED,
    "booking.recorded": Type.BOOKING_RECORDED,
    "order.recorded": Type.ORDER_RECORDED,
    "order.status_changed": Type.ORDER_UPDATED,
}
_PREFIXES: dict[str, Type] = {"points.": Type.POINTS_CHANGED, "consent.": Type.CONSENT_CHANGED}
# Actions that change fields of the record the API shows (besides `client.*`).
_RECORD_PREFIXES = ("client.", "level.", "account.linked", "account.unlinked")
# Keys of a merge's activity entry that describe the merge, not a changed field.
_MERGE_KEYS = frozenset({"mergedFrom", "moved", "dropped"})
_IDS = {"purchase": "purchaseId", "booking": "bookingId", "order": "orderId"}


@dataclass(frozen=True)
class Change:
    """What the activity writer knows about one change."""

    organization_id: int
    client_id: int
    client_uuid: UUID
    action: str
    changes: Mapping[str, Any]


def event_type(action: str, changes: Mapping[str, Any]) -> Type | None:
    """The event an activity entry means, or None for changes partners are not told of
    (notes, gift lists, mails sent)."""
    if action in _EXACT:
        return _EXACT[action]
    for prefix, kind in _PREFIXES.items():
        if action.startswith(prefix):
            return kind
    if action.startswith("client.") and "status" in changes:
        return Type.CLIENT_STATUS_CHANGED
    if action.startswith(_RECORD_PREFIXES) and changes:
        return Type.CLIENT_UPDATED
    return None


def _new(changes: Mapping[str, Any], key: str) -> Any:
    pair = changes.get(key)
    return pair[1] if isinstance(pair, list | tuple) and len(pair) == 2 else None


def _old(changes: Mapping[str, Any], key: str) -> Any:
    pair = changes.get(key)
    return pair[0] if isinstance(pair, list | tuple) and len(pair) == 2 else None


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def event_data(kind: Type, change: Change) -> dict[str, Any]:
    changes = change.changes
    data: dict[str, Any] = {"clientId": str(change.client_uuid)}
    if kind in (Type.CLIENT_UPDATED, Type.CONSENT_CHANGED):
        data["changedFields"] = sorted(changes)
    elif kind is Type.CLIENT_CREATED:
        data["fields"] = sorted(changes)
    elif kind is Type.CLIENT_MERGED:
        data["survivorId"] = str(change.client_uuid)
        data["absorbedId"] = _new(changes, "mergedFrom")
        data["changedFields"] = sorted(set(changes) - _MERGE_KEYS)
    elif kind is Type.CLIENT_STATUS_CHANGED:
        data["status"] = _upper(_new(changes, "status"))
        data["previousStatus"] = _upper(_old(changes, "status"))
    elif kind is Type.POINTS_CHANGED:
        data["points"] = _new(changes, "points")
        data["previousPoints"] = _old(changes, "points")
        data["source"] = change.action.partition(".")[2].upper()
    elif kind is Type.TAGS_CHANGED:
        data["added"] = _new(changes, "tagsAdded") or []
        data["removed"] = _new(changes, "tagsRemoved") or []
    elif kind in (Type.PURCHASE_RECORDED, Type.BOOKING_RECORDED, Type.ORDER_RECORDED):
        record = change.action.partition(".")[0]
        data[_IDS[record]] = _new(changes, record)
    elif kind is Type.ORDER_UPDATED:
        data["orderId"] = _new(changes, "order")
        data["status"] = _upper(_new(changes, "status"))
        data["previousStatus"] = _upper(_old(changes, "status"))
    return data


async def emit_for_changes(
    changes: Sequence[Change],
    *,
    using_db: BaseDBAsyncClient,
    known: dict[int, list[tuple[int, frozenset[str]]]] | None = None,
) -> int:
    """Write the events these activity entries mean (only if someone subscribes; `known`:
    the subscribers the caller already read, by organization)."""
    if not changes:
        return 0
    by_org = dict(known or {})
    pending = []
    for change in changes:
        if change.action == "client.deleted_permanently":
            await erase_client_events(change.client_id, using_db=using_db)
        kind = event_type(change.action, change.changes)
        if kind is None:
            continue  # no event (a note, say): no subscriber to look up
        org = change.organization_id
        if org not in by_org:
            by_org[org] = await subscribers(org, using_db)
        if by_org[org]:  # nobody subscribes: no event data to build (an import: 1,000s)
            pending.append(Pending(org, change.client_id, kind, event_data(kind, change)))
    return await emit(pending, using_db=using_db, known=by_org)


def ids_only(data: Mapping[str, Any]) -> dict[str, Any]:
    """What may stay of an event body after the client is erased (R8.3): its ids."""
    return {key: value for key, value in data.items() if key.endswith("Id")}


async def erase_client_events(client_id: int, *, using_db: BaseDBAsyncClient) -> None:
    """R8.3: the events (and so every delivery's payload) about an erased client, and about
    the records merged into it, keep nothing but ids."""
    merged = (
        await Client.filter(merged_into_id=client_id)
        .using_db(using_db)
        .values_list("id", flat=True)
    )
    rows = await (
        WebhookEvent.filter(client_id__in=[client_id, *merged])
        .using_db(using_db)
        .values_list("id", "data")
    )
    for event_id, data in rows:
        trimmed = ids_only(data)
        if trimmed != data:
            await WebhookEvent.filter(id=event_id).using_db(using_db).update(data=trimmed)
