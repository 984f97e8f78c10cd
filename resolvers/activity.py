"""Activity-log entries (R8.2): written by every change, in the change's transaction.

Each entry is also handed to the webhook events (R10.2): what partners are told is
derived here, on the same connection, so every write path emits its events.

`activity_values` is the one description of an entry's columns: `log_activity` creates it
through the ORM, and the lean writes (`resolvers/loyalty/ledger_write.py`, `add_note`) insert
the same values in a statement of their own (`ACTIVITY_COLUMNS`), then hand them to
`emit_written` for their events.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from models import ActivityEntry, Client
from models.bulk_rows import insert_rows
from resolvers.access.actor import Actor
from resolvers.clients.client_fields import camel
from resolvers.webhooks.events import Change, emit_for_changes


def json_value(value: Any) -> Any:
    if value is None or type(value) is str:  # most values: no isinstance chain
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    return value


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{graphqlFieldName: [old, new]} for every field whose value changes."""
    return {
        camel(name): [json_value(before.get(name)), json_value(value)]
        for name, value in after.items()
        if before.get(name) != value
    }


ACTIVITY_COLUMNS = (
    "organization_id",
    "client_id",
    "action",
    "actor_type",
    "actor_id",
    "actor_name",
    "changes",
    "created_at",
)


def activity_values(
    actor: Actor,
    organization_id: int,
    client_id: int,
    action: str,
    changes: Mapping[str, Any],
    now: datetime | None = None,
) -> dict[str, Any]:
    """The columns of one entry (`ACTIVITY_COLUMNS`, database values)."""
    return {
        "organization_id": organization_id,
        "client_id": client_id,
        "action": action,
        "actor_type": actor.type.value,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "changes": dict(changes),
        "created_at": now or datetime.now(UTC),
    }


async def emit_written(
    entries: Sequence[Mapping[str, Any]],
    client_uuid: UUID,
    *,
    using_db: BaseDBAsyncClient,
    subscribers: list[tuple[int, frozenset[str]]] | None = None,
) -> None:
    """The webhook events of entries a lean writer inserted itself (`activity_values`), in
    its transaction, as `log_activity` emits them. `subscribers`: the organization's, when
    the writer read them with its locking read (`models.webhook.subscribers_sql`): no
    statement more unless an event is written."""
    known = None
    if subscribers is not None and entries:
        known = {entries[0]["organization_id"]: subscribers}
    await emit_for_changes(
        [
            Change(e["organization_id"], e["client_id"], client_uuid, e["action"], e["changes"])
            for e in entries
        ],
        using_db=using_db,
        known=known,
    )


async def log_activity(
    actor: Actor,
    client: Client,
    action: str,
    changes: Mapping[str, Any],
    *,
    using_db: BaseDBAsyncClient,
) -> ActivityEntry:
    entry = await ActivityEntry.create(
        organization_id=client.organization_id,
        client_id=client.id,
        action=action,
        actor_type=actor.type,
        actor_id=actor.id,
        actor_name=actor.name,
        changes=dict(changes),
        using_db=using_db,
    )
    change = Change(client.organization_id, client.id, client.uuid, action, entry.changes)
    await emit_for_changes([change], using_db=using_db)
    return entry


async def log_activities(
    actor: Actor,
    entries: Sequence[tuple[int, str, Mapping[str, Any]]],
    *,
    using_db: BaseDBAsyncClient,
) -> None:
    """Many entries at once, (client id, action, changes) each: a bulk change's log."""
    if not entries:
        return
    uuids = dict(
        await Client.filter(id__in=sorted({client_id for client_id, _, _ in entries}))
        .using_db(using_db)
        .values_list("id", "uuid")
    )
    await insert_activities(
        actor,
        [(client_id, uuids[client_id], action, changes) for client_id, action, changes in entries],
        using_db=using_db,
    )


async def insert_activities(
    actor: Actor,
    entries: Sequence[tuple[int, UUID, str, Mapping[str, Any]]],
    *,
    using_db: BaseDBAsyncClient,
) -> None:
    """The bulk writers' log (imports, upserts): (client id, client uuid, action, changes)
    each, inserted in one statement without ORM objects, then their webhook events, as
    `log_activity` emits them."""
    if not entries:
        return
    now = datetime.now(UTC)
    head = (actor.organization_id,)
    tail = (actor.type.value, actor.id, actor.name)
    await insert_rows(
        using_db,
        ActivityEntry,
        ACTIVITY_COLUMNS,
        [(*head, cid, action, *tail, dict(changes), now) for cid, _, action, changes in entries],
    )
    await emit_for_changes(
        [
            Change(actor.organization_id, client_id, uuid, action, changes)
            for client_id, uuid, action, changes in entries
        ],
        using_db=using_db,
    )
