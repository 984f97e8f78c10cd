"""Lean client writes (issue 16) on PostgreSQL: createClient and updateClient in at most
four round trips, no ORM query built, the rules of the ORM path they replace.

updateClient: BEGIN, one statement that locks the client an id leads to (an absorbed id
followed before anything is locked; merged while it waited: `Conflict`, the lock order of
resolvers/conflicts.py) and reads what the rules need with it (the organization's country
for phones, the level named, the current level's name, the webhook subscribers), one
statement that updates the changed columns and writes the activity entry, COMMIT.

createClient: one statement reads the country, the level named, the entry level and the
referrer's survivor and the subscribers; then one statement inserts the client and its
activity entry (atomic by itself) - in a transaction with the events only when the
organization subscribes to them.

The derived columns (`email_key`, `birthday_md`, `search_text`) come from `Client.derive`,
as `Client.save` writes them; the values from each field's own database conversion.
"""

# ruff: noqa: S608 - statements are written from model column names and placeholders only

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client
from models.client import SEARCHED_FIELDS, birthday_md, email_key
from models.organization import DEFAULT_COUNTRY
from models.search_text import client_search_text
from models.webhook import read_subscribers, subscribers_sql
from resolvers.access.actor import Actor
from resolvers.activity import ACTIVITY_COLUMNS, activity_values, emit_written
from resolvers.conflicts import Conflict

Subscribers = list[tuple[int, frozenset[str]]]


@functools.cache
def client_columns() -> tuple[str, ...]:
    return tuple(Client._meta.fields_db_projection.values())


@dataclass
class LockedClient:
    client: Client
    country: str
    level: dict[str, Any] | None  # the level named by the input: id, name
    old_level_name: str | None
    subscribers: Subscribers
    version: str  # the row's xmin as read: an optimistic write checks it


@functools.cache
def _lock_sql(for_update: bool = True) -> str:
    columns = ", ".join(f'c."{c}" AS "{c}"' for c in client_columns())
    return (
        f"SELECT {columns}, c.xmin::text AS version, "
        "(SELECT o.country FROM organization o WHERE o.id = c.organization_id) AS country, "
        "(SELECT json_build_object('id', l.id, 'name', l.name) FROM level l "
        "WHERE l.organization_id = c.organization_id AND l.uuid = $3) AS named_level, "
        "(SELECT l.name FROM level l WHERE l.id = c.level_id) AS old_level_name, "
        f"{subscribers_sql('c.organization_id', True)} AS subscribers "
        "FROM client c WHERE c.organization_id = $1 AND c.id = (SELECT coalesce(x.merged_into_id, "
        "x.id) FROM client x WHERE x.organization_id = $1 AND x.uuid = $2)"
        + (" FOR UPDATE OF c" if for_update else "")
    )


async def lock_client(
    conn: BaseDBAsyncClient,
    organization_id: int,
    uuid: UUID,
    level_uuid: UUID | None,
    *,
    for_update: bool = True,
) -> LockedClient | None:
    """The client this id leads to, locked (unless not `for_update`: an optimistic read),
    with what an update reads; None: no such client."""
    rows = await conn.execute_query_dict(_lock_sql(for_update), [organization_id, uuid, level_uuid])
    if not rows:
        return None
    row = rows[0]
    if row["merged_into_id"] is not None:
        raise Conflict  # merged while this waited: start over (resolvers/conflicts.py)
    level = row["named_level"]
    return LockedClient(
        client=Client._init_from_db(**{c: row[c] for c in client_columns()}),
        country=str(row["country"] or DEFAULT_COUNTRY),
        level=orjson.loads(level) if isinstance(level, str | bytes) else level,
        old_level_name=row["old_level_name"],
        subscribers=read_subscribers(row["subscribers"]),
        version=str(row["version"]),
    )


def _db_value(client: Client, attribute: str) -> Any:
    field = Client._meta.fields_map[attribute]
    return field.to_db_value(getattr(client, attribute), client)


def _column(attribute: str) -> str:
    return Client._meta.fields_db_projection[attribute]


async def write_update(
    conn: BaseDBAsyncClient,
    actor: Actor,
    client: Client,
    changed: set[str],
    changes: Mapping[str, Any],
    subscribers: Subscribers,
    version: str | None = None,
) -> bool:
    """The changed attributes (and the columns derived from them, and `updated_at`) and
    the activity entry, in one statement; then the events. With `version` (an optimistic
    write, no transaction, no subscriber): only if the row is still that version; False
    when it was not (nothing written)."""
    client.derive()
    wanted = set(changed)
    if "email" in wanted:
        wanted.add("email_key")
    if "birthday" in wanted:
        wanted.add("birthday_md")
    if wanted.intersection(("first_name", "last_name", "email", "phone", "identification_number")):
        wanted.add("search_text")
    now = datetime.now(UTC)
    client.updated_at = now
    wanted.add("updated_at")
    names = sorted(wanted)
    sets = ", ".join(f'"{_column(n)}" = ${i + 1}' for i, n in enumerate(names))
    params: list[Any] = [_db_value(client, n) for n in names]
    entry = activity_values(
        actor, client.organization_id, client.id, "client.updated", changes, now
    )
    k = len(params)
    act = ", ".join(f'"{c}"' for c in ACTIVITY_COLUMNS)
    marks = ", ".join(
        f"${k + 2 + i}::jsonb" if c == "changes" else f"${k + 2 + i}"
        for i, c in enumerate(ACTIVITY_COLUMNS)
    )
    params.append(client.id)
    params += [_activity_param(entry, c) for c in ACTIVITY_COLUMNS]
    guard = ""
    if version is not None:
        params.append(version)
        guard = f" AND xmin::text = ${len(params)}"
    rows = await conn.execute_query_dict(
        f"WITH u AS (UPDATE client SET {sets} WHERE id = ${k + 1}{guard} RETURNING id), "
        f"a AS (INSERT INTO activity_entry ({act}) SELECT {marks} FROM u) "
        "SELECT count(*) AS written FROM u",
        params,
    )
    if not rows[0]["written"]:
        return False
    await emit_written([entry], client.uuid, using_db=conn, subscribers=subscribers)
    return True


def _activity_param(entry: Mapping[str, Any], column: str) -> Any:
    value = entry[column]
    return orjson.dumps(value).decode() if column == "changes" else value


@dataclass
class Prelude:
    """What createClient reads before it writes (one statement)."""

    country: str
    level: dict[str, Any] | None  # named by the input: id, name
    entry_level: dict[str, Any] | None  # the threshold-0 level: id, name
    referrer: dict[str, Any] | None  # the share code's client (its survivor): id, uuid
    subscribers: Subscribers


_PRELUDE = (
    "SELECT (SELECT o.country FROM organization o WHERE o.id = $1) AS country, "
    "(SELECT json_build_object('id', l.id, 'name', l.name) FROM level l "
    "WHERE l.organization_id = $1 AND l.uuid = $2) AS level, "
    "(SELECT json_build_object('id', l.id, 'name', l.name) FROM level l "
    "WHERE l.organization_id = $1 AND l.threshold <= 0 ORDER BY l.threshold DESC, l.id "
    "LIMIT 1) AS entry_level, "
    # R4.8: the share code of a record merged into another credits the survivor.
    "(SELECT json_build_object('id', s.id, 'uuid', s.uuid) FROM client r "
    "JOIN client s ON s.id = coalesce(r.merged_into_id, r.id) WHERE r.organization_id = $1 "
    "AND r.share_code = $3 AND r.status <> 'deleted' ORDER BY r.id LIMIT 1) AS referrer, "
    f"{subscribers_sql('$1', True)} AS subscribers"
)


async def prelude(
    conn: BaseDBAsyncClient, organization_id: int, level_uuid: UUID | None, share_code: str | None
) -> Prelude:
    row = (await conn.execute_query_dict(_PRELUDE, [organization_id, level_uuid, share_code]))[0]
    return Prelude(
        country=str(row["country"] or DEFAULT_COUNTRY),
        level=_obj(row["level"]),
        entry_level=_obj(row["entry_level"]),
        referrer=_obj(row["referrer"]),
        subscribers=read_subscribers(row["subscribers"]),
    )


def _obj(raw: Any) -> Any:
    return orjson.loads(raw) if isinstance(raw, str | bytes) else raw


async def insert_client(
    conn: BaseDBAsyncClient, actor: Actor, values: Mapping[str, Any], changes: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The new client (`values` by attribute; the rest the fields' defaults, the derived
    columns as `Client.derive` makes them) and its activity entry, one statement. Returns
    the row as written and the activity entry's values."""
    now = datetime.now(UTC)
    given = dict(values)
    given.update(
        email_key=email_key(given.get("email")),
        birthday_md=birthday_md(given.get("birthday")),
        search_text=client_search_text(*(given.get(n) for n in SEARCHED_FIELDS)),
        created_at=now,
        updated_at=now,
    )
    fields_map = Client._meta.fields_map
    names = [n for n in Client._meta.fields_db_projection if n != "id"]
    params: list[Any] = []
    for name in names:
        field = fields_map[name]
        if name in given:
            value = given[name]
        elif callable(field.default):
            value = field.default()
        else:
            value = field.default
        params.append(field.to_db_value(value, Client))
    columns = ", ".join(f'"{_column(n)}"' for n in names)
    marks = ", ".join(f"${i + 1}" for i in range(len(names)))
    entry = activity_values(actor, actor.organization_id, 0, "client.created", changes, now)
    act = ", ".join(f'"{c}"' for c in ACTIVITY_COLUMNS)
    act_values = []
    for c in ACTIVITY_COLUMNS:
        if c == "client_id":
            act_values.append("n.id")
            continue
        params.append(_activity_param(entry, c))
        act_values.append(f"${len(params)}::jsonb" if c == "changes" else f"${len(params)}")
    rows = await conn.execute_query_dict(
        f"WITH n AS (INSERT INTO client ({columns}) VALUES ({marks}) RETURNING *), "
        f"a AS (INSERT INTO activity_entry ({act}) SELECT {', '.join(act_values)} FROM n) "
        "SELECT * FROM n",
        params,
    )
    row = rows[0]
    entry["client_id"] = row["id"]
    return row, entry


async def emit_created(
    conn: BaseDBAsyncClient, entry: Mapping[str, Any], uuid: UUID, subscribers: Subscribers
) -> None:
    await emit_written([entry], uuid, using_db=conn, subscribers=subscribers)
