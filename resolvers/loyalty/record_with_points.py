"""Recording a partner's record about a client (a purchase, a booking, an order) with the
points it earns, on the ledger's lean path (`ledger_lock`, `ledger_plan`, `ledger_write`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import Client
from models.db import is_postgres, stable_plans_connection
from models.enums import PointsSource
from resolvers.access.actor import Actor
from resolvers.activity import activity_values
from resolvers.clients.lookup import parse_id
from resolvers.loyalty.as_model import as_model
from resolvers.loyalty.ledger_lock import Locked, lock
from resolvers.loyalty.ledger_plan import Plan, plan
from resolvers.loyalty.ledger_write import Stale, write, write_unlocked

M = TypeVar("M", bound=Model)


async def record_with_points(
    actor: Actor,
    client_id: str,
    model: type[M],
    reference: str | None,
    values: dict[str, Any],
    action: str,
    *,
    points: int = 0,
    reason: Callable[[UUID], str] = str,
) -> tuple[M, Client]:
    """A record a partner sends about a client (a purchase, a booking), its activity entry
    and the points it earns: on PostgreSQL without webhook subscribers, one read and one
    guarded write (`write_unlocked`); otherwise (or when the client changed between the
    two) BEGIN, one locking read, one write, COMMIT. A retry with the
    partner's id returns the first record (R: seeds 001, 004). Raises `LookupError` when the
    organization has no such client.

    The locking read finds the earlier record in its snapshot, taken before a contended
    lock was granted: a racing retry that wrote it meanwhile (without changing the client's
    row, so `lock` does not read again) makes this insert break the unique (client,
    external id); the second pass, a new snapshot, returns that record."""
    uuid = parse_id(client_id)
    if uuid is None:
        raise LookupError(client_id)
    optimistic = await _record_unlocked(
        actor, uuid, client_id, model, reference, values, action, points, reason
    )
    if optimistic is not None:
        return optimistic
    try:
        return await _record_with_points(
            actor, uuid, client_id, model, reference, values, action, points, reason
        )
    except IntegrityError:
        if reference is None:
            raise
    return await _record_with_points(
        actor, uuid, client_id, model, reference, values, action, points, reason
    )


def _record_plan(
    actor: Actor,
    locked: Locked,
    model: type[Model],
    values: dict[str, Any],
    action: str,
    points: int,
    reason: Callable[[UUID], str],
) -> Plan:
    """What recording this record writes: the record, its activity entry, its points."""
    now = datetime.now(UTC)
    record_uuid = uuid4()
    row = {"uuid": record_uuid, "client_id": locked.client["id"], **values, "created_at": now}
    if "updated_at" in row:  # a record that keeps when it last changed: now, too
        row["updated_at"] = now
    if points:
        text = reason(record_uuid)
        found = plan(actor, locked, points, text, source=PointsSource.PURCHASE, now=now)
    else:
        found = Plan(locked.client["id"], None, locked.client["points"], locked.client["level_id"])
    found.record = (model._meta.db_table, row)
    noun = action.split(".")[0]
    found.activity.insert(
        0,
        activity_values(
            actor, locked.client["organization_id"], locked.client["id"], action,
            {noun: [None, str(record_uuid)]}, now,
        ),
    )  # fmt: skip
    return found


def _earlier(model: type[M], first: dict[str, Any]) -> M | None:
    """The record a retry already wrote, when the row read holds it (PostgreSQL)."""
    return None if set(first) == {"id"} else as_model(model, first)


async def _record_unlocked(
    actor: Actor,
    uuid: UUID,
    client_id: str,
    model: type[M],
    reference: str | None,
    values: dict[str, Any],
    action: str,
    points: int,
    reason: Callable[[UUID], str],
) -> tuple[M, Client] | None:
    """PostgreSQL, no webhook subscriber: the read without a lock and the write as one
    statement that checks the client is still as read (two round trips, no transaction
    block). None when it must go the locking way."""
    conn = stable_plans_connection()
    if not is_postgres(conn):
        return None
    locked = await lock(
        conn, actor.organization_id, uuid, None, (model, reference), for_update=False
    )
    if locked is None:
        raise LookupError(client_id)
    client = as_model(Client, locked.client)
    if locked.earlier is not None:
        first = _earlier(model, locked.earlier)
        return None if first is None else (first, client)
    if locked.subscribers or locked.version is None:
        return None
    found = _record_plan(actor, locked, model, values, action, points, reason)
    try:
        _, written = await write_unlocked(conn, found, locked.version)
    except (Stale, IntegrityError):
        return None
    client = as_model(Client, {**locked.client, "points": found.points, "level_id": found.level_id})
    return as_model(model, written), client


async def _record_with_points(
    actor: Actor,
    uuid: UUID,
    client_id: str,
    model: type[M],
    reference: str | None,
    values: dict[str, Any],
    action: str,
    points: int,
    reason: Callable[[UUID], str],
) -> tuple[M, Client]:
    async with in_transaction("default") as conn:
        locked = await lock(conn, actor.organization_id, uuid, None, (model, reference))
        if locked is None:
            raise LookupError(client_id)
        client = as_model(Client, locked.client)
        if locked.earlier is not None:
            first = locked.earlier
            if set(first) == {"id"}:  # SQLite says which; the ORM reads it
                return await model.filter(id=first["id"]).using_db(conn).get(), client
            return as_model(model, first), client
        found = _record_plan(actor, locked, model, values, action, points, reason)
        _, written = await write(conn, found, UUID(str(locked.client["uuid"])), locked.subscribers)
    client = as_model(Client, {**locked.client, "points": found.points, "level_id": found.level_id})
    return as_model(model, written), client
