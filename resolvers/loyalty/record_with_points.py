"""Recording a partner's record about a client (a purchase, a booking, an order) with the
points it earns, on the ledger's lean path (`ledger_lock`, `ledger_plan`, `ledger_write`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
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


@dataclass(frozen=True)
class _Recording(Generic[M]):
    """One record to write: who sends it, about which client, and what it earns."""

    actor: Actor
    uuid: UUID
    client_id: str
    model: type[M]
    reference: str | None
    values: dict[str, Any]
    action: str
    points: int
    reason: Callable[[UUID], str]


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
    given = _Recording(actor, uuid, client_id, model, reference, values, action, points, reason)
    optimistic = await _record_unlocked(given)
    if optimistic is not None:
        return optimistic
    try:
        return await _record_with_points(given)
    except IntegrityError:
        if reference is None:
            raise
    return await _record_with_points(given)


def _record_plan(given: _Recording[Any], locked: Locked) -> Plan:
    """What recording this record writes: the record, its activity entry, its points."""
    now = datetime.now(UTC)
    record_uuid = uuid4()
    row = {"uuid": record_uuid, "client_id": locked.client["id"], **given.values, "created_at": now}
    if "updated_at" in row:  # a record that keeps when it last changed: now, too
        row["updated_at"] = now
    if given.points:
        text = given.reason(record_uuid)
        found = plan(given.actor, locked, given.points, text, source=PointsSource.PURCHASE, now=now)
    else:
        found = Plan(locked.client["id"], None, locked.client["points"], locked.client["level_id"])
    found.record = (given.model._meta.db_table, row)
    noun = given.action.split(".")[0]
    found.activity.insert(
        0,
        activity_values(
            given.actor, locked.client["organization_id"], locked.client["id"], given.action,
            {noun: [None, str(record_uuid)]}, now,
        ),
    )  # fmt: skip
    return found


def _written(given: _Recording[M], locked: Locked, found: Plan, row: Any) -> tuple[M, Client]:
    """The record as written and its client with the balance and level the plan left."""
    after = {**locked.client, "points": found.points, "level_id": found.level_id}
    return as_model(given.model, row), as_model(Client, after)


async def _record_unlocked(given: _Recording[M]) -> tuple[M, Client] | None:
    """PostgreSQL, no webhook subscriber: the read without a lock and the write as one
    statement that checks the client is still as read (two round trips, no transaction
    block). None when it must go the locking way."""
    conn = stable_plans_connection()
    if not is_postgres(conn):
        return None
    locked = await lock(
        conn,
        given.actor.organization_id,
        given.uuid,
        None,
        (given.model, given.reference),
        for_update=False,
    )
    if locked is None:
        raise LookupError(given.client_id)
    if locked.earlier is not None:
        # The record a retry already wrote, when the row read holds it (PostgreSQL).
        if set(locked.earlier) == {"id"}:
            return None
        return as_model(given.model, locked.earlier), as_model(Client, locked.client)
    if locked.subscribers or locked.version is None:
        return None
    found = _record_plan(given, locked)
    try:
        _, written = await write_unlocked(conn, found, locked.version)
    except (Stale, IntegrityError):
        return None
    return _written(given, locked, found, written)


async def _record_with_points(given: _Recording[M]) -> tuple[M, Client]:
    async with in_transaction("default") as conn:
        locked = await lock(
            conn, given.actor.organization_id, given.uuid, None, (given.model, given.reference)
        )
        if locked is None:
            raise LookupError(given.client_id)
        client = as_model(Client, locked.client)
        if locked.earlier is not None:
            first = locked.earlier
            if set(first) == {"id"}:  # SQLite says which; the ORM reads it
                return await given.model.filter(id=first["id"]).using_db(conn).get(), client
            return as_model(given.model, first), client
        found = _record_plan(given, locked)
        _, written = await write(conn, found, UUID(str(locked.client["uuid"])), locked.subscribers)
    return _written(given, locked, found, written)
