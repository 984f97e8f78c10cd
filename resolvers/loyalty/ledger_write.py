"""Writing a ledger plan (issue 16, the lean path's last step after `ledger_lock.lock` and
`ledger_plan.plan`); the PostgreSQL statement is `ledger_write_sql.pg_write_sql`.

3. `write`: one statement (data-modifying CTEs on PostgreSQL; its parts in order on
   SQLite) writes the credits, the entries, the balance and the activity entries, and
   returns the new entry; then the entries' webhook events (`activity.emit_written`, with
   the subscribers the lock read: a statement more only when an event is subscribed).

On PostgreSQL a write is BEGIN, the locking read, the write, COMMIT: four round trips - or,
first, two: the same read without a lock and the write as one statement that checks the
client's row is still the version read (`write_unlocked`), when no webhook endpoint
subscribes (events are written in the change's transaction). A row changed in between
leaves nothing written (`Stale`) and the write goes the locking way.
"""

# ruff: noqa: S608 - statements are written from model column names and placeholders only

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError

from models.db import is_postgres
from resolvers.activity import ACTIVITY_COLUMNS, emit_written
from resolvers.loyalty.ledger_lock import json_value
from resolvers.loyalty.ledger_plan import Plan
from resolvers.loyalty.ledger_write_sql import pg_write_sql, written_columns

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
    return json_value(row.get("entry")), json_value(row.get("record"))


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
        return json_value(row.get("entry")), json_value(row.get("record"))
    return await _sqlite_write(conn, found)


async def _pg_write(conn: BaseDBAsyncClient, found: Plan, version: str | None) -> dict[str, Any]:
    record = found.record
    params: list[Any] = [[e[c] for e in found.expiries] for c in written_columns()]
    params += [[i for i, _ in found.credits], [r for _, r in found.credits]]
    params += [found.points, found.level_id]
    params += [
        [orjson.dumps(a[c]).decode() if c == "changes" else a[c] for a in found.activity]
        for c in ACTIVITY_COLUMNS
    ]
    if found.entry is not None:
        params += [found.entry[c] for c in written_columns()]
    shape = None
    if record is not None:
        shape = (record[0], tuple(record[1]))
        params += list(record[1].values())
    guarded = version is not None
    if guarded:
        params += [found.client_id, version]
    sql = pg_write_sql(found.entry is not None, shape, guarded)
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
    cols = ", ".join(f'"{c}"' for c in written_columns())
    marks = ", ".join("?" for _ in written_columns())
    insert = f"INSERT INTO points_entry ({cols}) VALUES ({marks})"
    for expiry in found.expiries:
        await conn.execute_query(insert, [_sqlite(expiry[c]) for c in written_columns()])
    entry_row = None
    if found.entry is not None:
        entry = found.entry
        rows = await conn.execute_query_dict(
            insert + " RETURNING *", [_sqlite(entry[c]) for c in written_columns()]
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
