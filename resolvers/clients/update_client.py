"""updateClient: staff or an integration edit fields of a client record (PRODUCT.md §2).

Only the fields given change; a field given as null is cleared. Tags are never
written here (R6.1: dedicated mutations), nor points (R5.1: the ledger). Setting
a level here is a manual level (R5.2). Uniqueness is decided by the database as
in createClient (R3.3). The row is locked for the change, and the activity entry
lists each changed field with its old and new value (R8.2); an edit that changes
nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Level
from models.access import Permission
from models.db import is_postgres, stable_plans_connection
from resolvers.access.actor import Actor, require
from resolvers.activity import diff, log_activity
from resolvers.clients import client_sql
from resolvers.clients.client_fields import clean_client_fields
from resolvers.clients.client_write import (
    ClientResult,
    conflict_error,
    organization_country,
    violated_column,
)
from resolvers.clients.lookup import find_client, find_level, parse_id
from resolvers.errors import ErrorCode, UserErrors, error

UNCHANGED: Any = object()


async def update_client(
    actor: Actor | None,
    client_id: str,
    fields: Mapping[str, Any],
    *,
    level_id: str | None = UNCHANGED,
) -> ClientResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    if is_postgres(connections.get("default")):
        return await _lean(actor, client_id, fields, level_id)
    values, errors = clean_client_fields(fields, country=await organization_country(actor))
    if errors:
        return ClientResult(errors=errors)

    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            before = {name: getattr(client, name) for name in values}
            changes = diff(before, values)
            for name, value in values.items():
                setattr(client, name, value)
            changed = {name for name in values if before[name] != values[name]}

            if level_id is not UNCHANGED:
                level = (
                    None if level_id is None else await find_level(actor, level_id, using_db=conn)
                )
                if level_id is not None and level is None:
                    raise UserErrors([error(ErrorCode.NOT_FOUND, "No such level", "levelId")])
                if client.level_id != (level.id if level else None):
                    old = await Level.filter(id=client.level_id).using_db(conn).first()
                    old_name = old.name if old else None
                    changes["level"] = [old_name, level.name if level else None]
                    client.level = level
                    client.level_set_manually = level is not None
                    changed |= {"level_id", "level_set_manually"}

            if not changed:
                return ClientResult(client=client)
            await client.save(using_db=conn, update_fields=changed)
            await log_activity(actor, client, "client.updated", changes, using_db=conn)
        return ClientResult(client=client)
    except UserErrors as exc:
        return ClientResult(errors=exc.errors)
    except IntegrityError as exc:
        column = violated_column(exc)
        if column is None:
            raise
        return ClientResult(errors=[await conflict_error(actor, column, values)])


async def _lean(
    actor: Actor, client_id: str, fields: Mapping[str, Any], level_id: str | None
) -> ClientResult:
    """The same rules in two round trips (resolvers/clients/client_sql.py): the read (the
    client, the country, the levels, the subscribers) and the update with its activity
    entry as one statement that checks the row is still as read; when it was changed
    meanwhile, or an event must be written, four: BEGIN, the locking read, the write,
    COMMIT. The input is checked once the country is read, before anything is written: the
    same errors, in the same order, as above."""
    uuid = parse_id(client_id)
    level_uuid = parse_id(level_id) if level_id not in (UNCHANGED, None) else None
    optimistic = True  # first without a lock or a transaction; the locking way if it lost
    while True:
        try:
            result = await _lean_once(actor, uuid, fields, level_id, level_uuid, optimistic)
        except IntegrityError as exc:
            column = violated_column(exc)
            if column is None:
                raise
            values, _ = clean_client_fields(fields, country=await organization_country(actor))
            return ClientResult(errors=[await conflict_error(actor, column, values)])
        if result is not None:
            return result
        optimistic = False


async def _lean_once(
    actor: Actor,
    uuid: UUID | None,
    fields: Mapping[str, Any],
    level_id: str | None,
    level_uuid: UUID | None,
    optimistic: bool,
) -> ClientResult | None:
    """One pass: optimistic (one read, one guarded statement, no transaction) or locking
    (BEGIN, the locking read, the write, COMMIT). None: the optimistic pass found the
    client changed or an event to write, and wrote nothing."""
    try:
        async with _transaction(not optimistic) as conn:
            locked = None
            if uuid is not None:
                locked = await client_sql.lock_client(
                    conn, actor.organization_id, uuid, level_uuid, for_update=not optimistic
                )
            if locked is None:
                # The input's own errors come first, as they do when checked before the
                # lookup: the country is the organization's (one statement more, rare).
                country = await organization_country(actor)
                _, errors = clean_client_fields(fields, country=country)
                raise UserErrors(
                    errors or [error(ErrorCode.NOT_FOUND, "No such client", "clientId")]
                )
            values, errors = clean_client_fields(fields, country=locked.country)
            if errors:
                raise UserErrors(errors)
            client = locked.client
            before = {name: getattr(client, name) for name in values}
            changes = diff(before, values)
            for name, value in values.items():
                setattr(client, name, value)
            changed = {name for name in values if before[name] != values[name]}
            if level_id is not UNCHANGED:
                level = locked.level
                if level_id is not None and level is None:
                    raise UserErrors([error(ErrorCode.NOT_FOUND, "No such level", "levelId")])
                new_id = level["id"] if level else None
                if client.level_id != new_id:
                    changes["level"] = [locked.old_level_name, level["name"] if level else None]
                    client.level_id = new_id
                    client.level_set_manually = level is not None
                    changed |= {"level_id", "level_set_manually"}
            if not changed:
                return ClientResult(client=client)
            if optimistic and locked.subscribers:
                return None  # the events go in the change's transaction: the locking way
            version = locked.version if optimistic else None
            if not await client_sql.write_update(
                conn, actor, client, changed, changes, locked.subscribers, version
            ):
                return None
        return ClientResult(client=client)
    except UserErrors as exc:
        return ClientResult(errors=exc.errors)


@asynccontextmanager
async def _transaction(wanted: bool) -> AsyncIterator[BaseDBAsyncClient]:
    if wanted:
        async with in_transaction("default") as conn:
            yield conn
    else:  # statements by primary key or unique key: their plans do not depend on values
        yield stable_plans_connection()
