"""The ledger's lean path (issue 16): a points change in two statements inside its
transaction, with the rules of `ledger.post_entry` (R5.1, R5.2) and no ORM query building.
This module holds its locking (or optimistic) read of what the rules need; the rules are
`ledger_plan.plan`, the write `ledger_write.write`.

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

The client's row lock serialises every ledger writer of a client (each takes it first), so
the credits read under it cannot change before the write.
"""

# ruff: noqa: S608 - statements are written from model column names and placeholders only

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models import Client, PointsEntry
from models.db import is_postgres
from models.webhook import read_subscribers, subscribers_sql
from resolvers.conflicts import Conflict


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


def json_value(value: Any) -> Any:
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
        levels=json_value(row["levels"]),
        credits=json_value(row["credits"]),
        replay=json_value(row["replay"]),
        earlier=json_value(row["earlier"]) if table is not None else None,
        subscribers=read_subscribers(row["subscribers"]),
        version=row["locked_version"] if postgres else None,
    )
