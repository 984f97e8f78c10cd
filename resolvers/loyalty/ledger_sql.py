"""The ledger's lean path (issue 16): a points change in two statements inside its
transaction, with the rules of `ledger.post_entry` (R5.1, R5.2) and no ORM query building.

1. `lock`: one statement locks the client an id leads to (an absorbed id is followed to
   its survivor before anything is locked, as `lookup.find_client` does) and reads
   everything the rules need: the balance, the level mode, the levels, the open expiring
   credits, the entry an idempotency key already made, and the organization's webhook
   subscribers. A client merged while this waited for its lock raises `Conflict`: locking
   its survivor then would break the lock order (resolvers/conflicts.py), so the
   transaction starts over and its lookup follows the merge first. Its sub-selects read the
   statement's snapshot, taken before a contended lock was granted: when the client's row
   changed meanwhile (every ledger writer updates it), the statement runs once more,
   holding the lock, so the rules never work on stale credits.
2. `plan` (pure Python) applies the rules: due credits lapse first (expiry entries), a
   redemption takes from the credits that expire soonest, the balance never goes below
   zero, an automatic-level organization moves the client to the level the balance reaches
   unless a person set it by hand, and every change has its activity entry
   (`resolvers.activity.activity_values`, the one description of an entry).
3. `write`: one statement (data-modifying CTEs on PostgreSQL; its parts in order on
   SQLite) writes the credits, the entries, the balance and the activity entries, and
   returns the new entry; then the entries' webhook events (`activity.emit_written`, with
   the subscribers the lock read: a statement more only when an event is subscribed).

On PostgreSQL a write is BEGIN, the locking read, the write, COMMIT: four round trips - or,
first, two: the same read without a lock and the write as one statement that checks the
client's row is still the version read (`write_unlocked`), when no webhook endpoint
subscribes (events are written in the change's transaction). A row changed in between
leaves nothing written (`Stale`) and the write goes the locking way.

The client's row lock serialises every ledger writer of a client (each takes it first), so
the credits read under it cannot change before the write.
"""

# ruff: noqa: S608 - statements are written from model column names and placeholders only

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID, uuid4

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models import Client, PointsEntry
from models.db import is_postgres, stable_plans_connection
from models.enums import ActorType, LevelMode, PointsSource
from models.webhook import read_subscribers, subscribers_sql
from resolvers.access.actor import Actor
from resolvers.activity import ACTIVITY_COLUMNS, activity_values, emit_written
from resolvers.clients.lookup import parse_id
from resolvers.conflicts import Conflict
from resolvers.errors import UserErrors
from resolvers.loyalty.ledger import MAX_BALANCE, balance_too_high


@functools.cache
def client_columns() -> tuple[str, ...]:
    """Every column of a client (asked once Tortoise knows the relations)."""
    return tuple(Client._meta.fields_db_projection.values())


@functools.cache
def entry_columns() -> tuple[str, ...]:
    return tuple(PointsEntry._meta.fields_db_projection.values())


@dataclass
class Locked:
    """The locked client's row and what the ledger rules read with it."""

    client: dict[str, Any]
    level_mode: str
    levels: list[dict[str, Any]]  # highest threshold first
    credits: list[dict[str, Any]]  # open expiring credits, soonest first
    replay: dict[str, Any] | None  # the entry the idempotency key made, with `client_uuid`
    earlier: dict[str, Any] | None = None  # the record a partner already sent with its id
    # The organization's webhook subscribers (`models.webhook.subscribers_sql`), read here
    # so that writing the events asks nothing more unless one is subscribed.
    subscribers: list[tuple[int, frozenset[str]]] | None = None
    # The client row's version as read (PostgreSQL's xmin): an optimistic write checks it.
    version: str | None = None


class Insufficient(Exception):
    """A redemption over the balance (after due credits lapsed)."""


@dataclass
class Plan:
    client_id: int
    entry: dict[str, Any] | None  # None: no points change
    points: int
    level_id: int | None
    # A record written with the change (a purchase): its table and values.
    record: tuple[str, dict[str, Any]] | None = None
    credits: list[tuple[int, int]] = field(default_factory=list)  # (id, remaining)
    expiries: list[dict[str, Any]] = field(default_factory=list)
    activity: list[dict[str, Any]] = field(default_factory=list)


@functools.cache
def _lock_sql(postgres: bool, earlier: str | None = None, for_update: bool = True) -> str:
    p = ["$1", "$2", "$3", "$4"] if postgres else ["?", "?", "?", "?"]
    columns = ", ".join(f'c."{c}" AS "{c}"' for c in client_columns())
    if postgres:
        levels = (
            "(SELECT coalesce(json_agg(json_build_object('id', l.id, 'name', l.name, "
            "'threshold', l.threshold) ORDER BY l.threshold DESC), '[]') FROM level l "
            "WHERE l.organization_id = c.organization_id)"
        )
        credits = (
            "(SELECT coalesce(json_agg(json_build_object('id', p.id, 'remaining', p.remaining, "
            "'expires_at', p.expires_at, 'reason', p.reason) ORDER BY p.expires_at, p.id), '[]') "
            "FROM points_entry p WHERE p.client_id = c.id AND p.remaining > 0)"
        )
        replay = (
            "(SELECT row_to_json(e) FROM (SELECT pe.*, pc.uuid AS client_uuid "
            "FROM points_entry pe "
            f"JOIN client pc ON pc.id = pe.client_id WHERE pe.organization_id = {p[0]} "
            f"AND pe.idempotency_key = {p[2]}) e)"
        )
    else:
        levels = (
            "(SELECT coalesce(json_group_array(json_object('id', l.id, 'name', l.name, "
            "'threshold', l.threshold)), '[]') FROM (SELECT * FROM level "
            "WHERE organization_id = c.organization_id ORDER BY threshold DESC) l)"
        )
        credits = (
            "(SELECT coalesce(json_group_array(json_object('id', p.id, 'remaining', p.remaining, "
            "'expires_at', p.expires_at, 'reason', p.reason)), '[]') FROM (SELECT * FROM "
            "points_entry WHERE client_id = c.id AND remaining > 0 ORDER BY expires_at, id) p)"
        )
        pairs = ", ".join(f"'{c}', pe.\"{c}\"" for c in entry_columns()[:50])
        replay = (
            f"(SELECT json_set(json_object({pairs}), '$.client_uuid', pc.uuid) "
            "FROM points_entry pe JOIN client pc ON pc.id = pe.client_id "
            f"WHERE pe.organization_id = {p[0]} AND pe.idempotency_key = {p[2]})"
        )
    found_earlier = ""
    if earlier is not None:
        if postgres:
            found_earlier = (
                f', (SELECT row_to_json(r) FROM "{earlier}" r WHERE r.client_id = c.id '
                f"AND r.external_id = {p[3]}) AS earlier"
            )
        else:
            found_earlier = (
                f", (SELECT json_object('id', r.id) FROM \"{earlier}\" r "
                f"WHERE r.client_id = c.id AND r.external_id = {p[3]}) AS earlier"
            )
    # SQLite locks the database per write; an optimistic read locks nothing.
    lock = " FOR UPDATE OF c" if postgres and for_update else ""
    if postgres:
        # The row as locked (the newest version, once a waiting lock is granted) and as the
        # statement's snapshot saw it: they differ when another writer changed the client
        # while this one waited, and then what the sub-selects read may be stale.
        found_earlier += (
            ", c.xmin::text AS locked_version, (SELECT v.xmin::text FROM client v "
            "WHERE v.id = c.id) AS seen_version"
        )
    subscribers = subscribers_sql("c.organization_id", postgres)
    return (
        f"SELECT {columns}, (SELECT o.level_mode FROM organization o "
        f"WHERE o.id = c.organization_id) AS level_mode, {levels} AS levels, "
        f"{subscribers} AS subscribers, "
        f"{credits} AS credits, {replay} AS replay{found_earlier} FROM client c "
        f"WHERE c.organization_id = {p[0]} AND c.id = (SELECT coalesce(x.merged_into_id, x.id) "
        f"FROM client x WHERE x.organization_id = {p[0]} AND x.uuid = {p[1]}){lock}"
    )


def _json(value: Any) -> Any:
    """A JSON value from the database; numbers with a fraction as exact decimals (amounts)."""
    return json.loads(value, parse_float=Decimal) if isinstance(value, str | bytes) else value


async def lock(
    conn: BaseDBAsyncClient,
    organization_id: int,
    uuid: UUID,
    key: str | None,
    earlier: tuple[type[Model], str | None] | None = None,
    *,
    for_update: bool = True,
) -> Locked | None:
    """The client this public id leads to, locked, with what the rules read (one
    statement); None when the organization has no such client. `earlier`: a record model
    and the partner's id, to find the record a retried call already wrote."""
    postgres = is_postgres(conn)
    table = earlier[0]._meta.db_table if earlier is not None and earlier[1] else None
    params: list[Any] = [organization_id, uuid if postgres else str(uuid), key]
    if not postgres:
        # SQLite's `?` are positional: the organization is asked three times.
        params = [organization_id, key, organization_id, organization_id, str(uuid)]
    if table is not None:
        assert earlier is not None
        if postgres:
            params.append(earlier[1])
        else:  # the earlier record's `?` comes before the WHERE clause's
            params.insert(2, earlier[1])
    rows = await conn.execute_query_dict(_lock_sql(postgres, table, for_update), params)
    if not rows:
        return None
    if rows[0]["merged_into_id"] is not None:
        # Merged while this waited for the lock (the row as locked is the newest version):
        # its survivor is the record to write, but locking it now, holding this row, is
        # out of the lock order (resolvers/conflicts.py: the survivor may have the lower id,
        # and a merge holds it) - and so is reading again, whose lookup would lead there.
        # Start over: the retry's lookup follows the merge before it locks anything.
        raise Conflict
    if postgres and for_update and rows[0]["locked_version"] != rows[0]["seen_version"]:
        # Changed while this waited, not merged: read again holding the lock (a new
        # snapshot); the lookup leads to the same row, which no merge can take meanwhile.
        rows = await conn.execute_query_dict(_lock_sql(postgres, table), params)
    row = rows[0]
    return Locked(
        client={c: row[c] for c in client_columns()},
        level_mode=row["level_mode"],
        levels=_json(row["levels"]),
        credits=_json(row["credits"]),
        replay=_json(row["replay"]),
        earlier=_json(row["earlier"]) if table is not None else None,
        subscribers=read_subscribers(row["subscribers"]),
        version=row["locked_version"] if postgres else None,
    )


def plan(
    actor: Actor,
    locked: Locked,
    amount: int,
    reason: str,
    *,
    source: PointsSource,
    expires_at: datetime | None = None,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    field: tuple[str, ...] = ("amount",),
) -> Plan:
    """What `ledger.post_entry` writes, computed from the locked state (raises
    `Insufficient`, and UserErrors OUT_OF_RANGE past MAX_BALANCE as post_entry does)."""
    now = now or datetime.now(UTC)
    client = locked.client
    client_id, organization_id = client["id"], client["organization_id"]
    points = client["points"]
    found = Plan(client_id=client_id, entry={}, points=points, level_id=client["level_id"])
    open_credits = []
    for credit in locked.credits:
        due = _datetime(credit["expires_at"]) <= now
        if not due:
            open_credits.append(credit)
            continue
        lapsing = min(credit["remaining"] or 0, points)
        found.credits.append((credit["id"], 0))
        if lapsing <= 0:
            continue
        points -= lapsing
        expired = f"Expired: {credit['reason']}"[:200]
        found.expiries.append(
            _entry(organization_id, client_id, -lapsing, points, expired,
                   PointsSource.EXPIRY, "system", None, "system", now)
        )  # fmt: skip
    balance = points + amount
    if balance < 0:
        raise Insufficient
    if balance > MAX_BALANCE:
        raise UserErrors([balance_too_high(*field)])
    found.entry = _entry(
        organization_id, client_id, amount, balance, reason, source, actor.type, actor.id,
        actor.name, now,
        expires_at=expires_at if amount > 0 else None,
        remaining=amount if amount > 0 and expires_at is not None else None,
        idempotency_key=idempotency_key,
    )  # fmt: skip
    if amount < 0:
        taking = -amount
        for credit in open_credits:
            if taking <= 0:
                break
            used = min(taking, credit["remaining"] or 0)
            taking -= used
            found.credits.append((credit["id"], (credit["remaining"] or 0) - used))
    found.points = balance
    found.activity.append(
        activity_values(actor, organization_id, client_id, f"points.{source.value}",
                        {"points": [points, balance]}, now)
    )  # fmt: skip
    if not client["level_set_manually"] and locked.level_mode == LevelMode.AUTOMATIC.value:
        level = next((lv for lv in locked.levels if lv["threshold"] <= balance), None)
        new_id = level["id"] if level else None
        if new_id != client["level_id"]:
            old = next((lv for lv in locked.levels if lv["id"] == client["level_id"]), None)
            found.level_id = new_id
            found.activity.append(
                activity_values(
                    actor, organization_id, client_id, "level.followed_points",
                    {"level": [old["name"] if old else None, level["name"] if level else None]},
                    now,
                )
            )  # fmt: skip
    return found


def _datetime(value: Any) -> datetime:
    field = PointsEntry._meta.fields_map["expires_at"]
    found: datetime = field.to_python_value(value)
    return found


def _entry(
    organization_id: int,
    client_id: int,
    amount: int,
    balance: int,
    reason: str,
    source: PointsSource,
    actor_type: ActorType | str,
    actor_id: int | None,
    actor_name: str,
    now: datetime,
    *,
    expires_at: datetime | None = None,
    remaining: int | None = None,
    idempotency_key: str | None = None,
) -> dict[str, Any]:
    return {
        "uuid": uuid4(),
        "organization_id": organization_id,
        "client_id": client_id,
        "amount": amount,
        "balance_after": balance,
        "reason": reason,
        "source": PointsSource(source).value,
        "actor_type": ActorType(actor_type).value,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "expires_at": expires_at,
        "remaining": remaining,
        "idempotency_key": idempotency_key,
        "created_at": now,
    }


@functools.cache
def _written() -> list[str]:
    return [c for c in entry_columns() if c != "id"]


_TYPES = {
    "uuid": "uuid", "organization_id": "int", "client_id": "bigint", "amount": "int",
    "balance_after": "int", "reason": "text", "source": "text", "actor_type": "text",
    "actor_id": "int", "actor_name": "text", "expires_at": "timestamptz",
    "remaining": "int", "idempotency_key": "text", "created_at": "timestamptz",
    "action": "text", "changes": "jsonb",
}  # fmt: skip


@functools.cache
def _pg_write_sql(
    with_entry: bool, record: tuple[str, tuple[str, ...]] | None, guarded: bool = False
) -> str:
    """The write as one statement of data-modifying CTEs. Parameters: the expiry entries
    (an array per column), the credits (ids, remaining), the balance and level, the
    activity entries (an array per column), then the new entry's values, then the
    record's. The new entry is inserted after the expiry entries (it reads their count),
    so the ledger's order is theirs.

    `guarded` (an optimistic write, `write_unlocked`): two more parameters, the client's id
    and the version its read saw; the statement locks the row only if it is still that
    version, and writes nothing otherwise (`won` says which; a record's insert then breaks
    its NOT NULL client)."""
    written = _written()
    n = len(written)
    cols = ", ".join(f'"{c}"' for c in written)
    arrays = ", ".join(f"${i + 1}::{_TYPES[c]}[]" for i, c in enumerate(written))
    k = n
    act = ", ".join(f'"{c}"' for c in ACTIVITY_COLUMNS)
    act_arrays = ", ".join(f"${k + 5 + i}::{_TYPES[c]}[]" for i, c in enumerate(ACTIVITY_COLUMNS))
    k += 4 + len(ACTIVITY_COLUMNS)
    parts = [
        f"""credits AS (
        UPDATE points_entry p SET remaining = v.remaining
        FROM unnest(${n + 1}::bigint[], ${n + 2}::int[]) AS v(id, remaining)
        WHERE p.id = v.id RETURNING p.id)""",
        f"""expired AS (
        INSERT INTO points_entry ({cols}) SELECT * FROM unnest({arrays}) RETURNING id)""",
        f"""activity AS (
        INSERT INTO activity_entry ({act}) SELECT * FROM unnest({act_arrays}) RETURNING id)""",
    ]
    selected = []
    total = k + (n if with_entry else 0) + (len(record[1]) if record is not None else 0)
    only_if = ""
    if guarded:
        parts.insert(
            0,
            f"""guard AS (
        SELECT id FROM client WHERE id = ${total + 1} AND xmin::text = ${total + 2}
        FOR UPDATE)""",
        )
        only_if = " WHERE EXISTS (SELECT 1 FROM guard)"
        parts[1] = parts[1].replace(
            "WHERE p.id = v.id", "WHERE p.id = v.id AND EXISTS (SELECT 1 FROM guard)"
        )
        parts[2] = (
            parts[2]
            .replace("SELECT * FROM unnest(", "SELECT * FROM unnest(", 1)
            .replace(" RETURNING id)", only_if + " RETURNING id)")
        )
        parts[3] = parts[3].replace(" RETURNING id)", only_if + " RETURNING id)")
        selected.append("(SELECT count(*) FROM guard) AS won")
    if with_entry:
        values = ", ".join(f"${k + 1 + i}::{_TYPES[c]}" for i, c in enumerate(written))
        k += n
        parts.append(
            f"""entry AS (
        INSERT INTO points_entry ({cols})
        SELECT {values} FROM (SELECT count(*) FROM expired) AS after_expiry{only_if}
        RETURNING *)"""
        )
        parts.append(
            f"""balance AS (
        UPDATE client SET points = ${n + 3}, level_id = ${n + 4}
        WHERE id = (SELECT client_id FROM entry) RETURNING id)"""
        )
        selected.append("(SELECT row_to_json(entry) FROM entry) AS entry")
    else:  # the balance and level parameters are sent anyway: they need a type
        selected.append(f"${n + 3}::int AS points, ${n + 4}::bigint AS level_id")
    if record is not None:
        table, columns = record
        marks = ", ".join(
            f"(SELECT id FROM guard WHERE id = ${k + 1 + i})"
            if guarded and column == "client_id"
            else f"${k + 1 + i}"
            for i, column in enumerate(columns)
        )
        parts.append(
            f'record AS (INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks}) RETURNING *)'
        )
        selected.append("(SELECT row_to_json(record) FROM record) AS record")
    return f"WITH {', '.join(parts)} SELECT {', '.join(selected)}"


NOT_NULL_VIOLATION = "23502"


class Stale(Exception):
    """An optimistic write found the client changed since its read: nothing was written."""


async def write_unlocked(conn: BaseDBAsyncClient, found: Plan, version: str) -> tuple[Any, Any]:
    """The plan as one statement outside any transaction, written only if the client's row
    is still at `version` (it then takes the row's lock for the statement, as the locking
    read would have); `Stale` otherwise, and nothing was written. For writes whose webhook
    events nobody subscribes to (events are written in the change's transaction)."""
    try:
        row = await _pg_write(conn, found, version)
    except IntegrityError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == NOT_NULL_VIOLATION:
            raise Stale from None  # the guard left the record without its client
        raise
    if not row.get("won"):
        raise Stale
    return _json(row.get("entry")), _json(row.get("record"))


async def write(
    conn: BaseDBAsyncClient,
    found: Plan,
    client_uuid: UUID,
    subscribers: list[tuple[int, frozenset[str]]] | None = None,
) -> tuple[Any, Any]:
    """Write the plan and its webhook events (`emit_written`: with the `subscribers` the
    locking read found, no statement more unless an event is subscribed); the new entry's
    row and the record's (None when there is none)."""
    written = await _write(conn, found)
    await emit_written(found.activity, client_uuid, using_db=conn, subscribers=subscribers)
    return written


async def _write(conn: BaseDBAsyncClient, found: Plan) -> tuple[Any, Any]:
    if is_postgres(conn):
        row = await _pg_write(conn, found, None)
        return _json(row.get("entry")), _json(row.get("record"))
    return await _sqlite_write(conn, found)


async def _pg_write(conn: BaseDBAsyncClient, found: Plan, version: str | None) -> dict[str, Any]:
    record = found.record
    params: list[Any] = [[e[c] for e in found.expiries] for c in _written()]
    params += [[i for i, _ in found.credits], [r for _, r in found.credits]]
    params += [found.points, found.level_id]
    params += [
        [orjson.dumps(a[c]).decode() if c == "changes" else a[c] for a in found.activity]
        for c in ACTIVITY_COLUMNS
    ]
    if found.entry is not None:
        params += [found.entry[c] for c in _written()]
    shape = None
    if record is not None:
        shape = (record[0], tuple(record[1]))
        params += list(record[1].values())
    guarded = version is not None
    if guarded:
        params += [found.client_id, version]
    sql = _pg_write_sql(found.entry is not None, shape, guarded)
    found_rows: dict[str, Any] = (await conn.execute_query_dict(sql, params))[0]
    return found_rows


async def _sqlite_write(conn: BaseDBAsyncClient, found: Plan) -> tuple[Any, Any]:
    """SQLite: the same writes in order (statements are calls into the same process)."""
    record = found.record
    for credit_id, remaining in found.credits:
        await conn.execute_query(
            "UPDATE points_entry SET remaining = ? WHERE id = ?", [remaining, credit_id]
        )
    record_row = None
    if record is not None:
        table, values = record
        marks = ", ".join("?" for _ in values)
        rows = await conn.execute_query_dict(
            f'INSERT INTO "{table}" ({", ".join(values)}) VALUES ({marks}) RETURNING *',
            [_sqlite(v) for v in values.values()],
        )
        record_row = rows[0]
    cols = ", ".join(f'"{c}"' for c in _written())
    marks = ", ".join("?" for _ in _written())
    insert = f"INSERT INTO points_entry ({cols}) VALUES ({marks})"
    for expiry in found.expiries:
        await conn.execute_query(insert, [_sqlite(expiry[c]) for c in _written()])
    entry_row = None
    if found.entry is not None:
        entry = found.entry
        rows = await conn.execute_query_dict(
            insert + " RETURNING *", [_sqlite(entry[c]) for c in _written()]
        )
        entry_row = rows[0]
        await conn.execute_query(
            "UPDATE client SET points = ?, level_id = ? WHERE id = ?",
            [found.points, found.level_id, found.client_id],
        )
    act = ", ".join(f'"{c}"' for c in ACTIVITY_COLUMNS)
    act_marks = ", ".join("?" for _ in ACTIVITY_COLUMNS)
    for activity in found.activity:
        await conn.execute_query(
            f"INSERT INTO activity_entry ({act}) VALUES ({act_marks})",
            [orjson.dumps(activity[c]).decode() if c == "changes" else _sqlite(activity[c])
             for c in ACTIVITY_COLUMNS],
        )  # fmt: skip
    return entry_row, record_row


def _sqlite(value: Any) -> Any:
    """A value as Tortoise stores it in SQLite (datetimes and UUIDs as text)."""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, UUID | Decimal):
        return str(value)
    return value


M = TypeVar("M", bound=Model)


def as_model(model: type[M], row: dict[str, Any]) -> M:
    """An ORM instance of a row already read (no query): the payload's types read it. A
    row read as JSON (`row_to_json`) holds dates as text, which the driver would have
    converted: every value goes through its field's conversion. `_init_from_db` converts
    every field but those the driver gives natively typed; those are converted here when
    they are not (text from JSON) or their field's conversion does more than check the
    type (a datetime's zone, a decimal's places)."""
    converted = dict(row)
    for column, _, kind in model._meta.db_native_fields:
        value = converted.get(column)
        if value is not None and (
            kind.skip_to_python_if_native or not isinstance(value, kind.field_type)
        ):
            converted[column] = kind.to_python_value(value)
    return model._init_from_db(**converted)


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
