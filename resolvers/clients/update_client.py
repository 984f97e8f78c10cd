"""updateClient: staff or an integration edit fields of a client record (PRODUCT.md §2).

Only the fields given change; a field given as null is cleared. Tags are never
written here (R6.1: dedicated mutations), nor points (R5.1: the ledger). Setting
a level here is a manual level (R5.2). Uniqueness is decided by the database as
in createClient (R3.3). The row is locked for the change, and the activity entry
lists each changed field with its old and new value (R8.2); an edit that changes
nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Level
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.activity import diff, log_activity
from resolvers.clients.client_fields import clean_client_fields
from resolvers.clients.client_write import (
    ClientResult,
    conflict_error,
    organization_country,
    violated_column,
)
from resolvers.clients.lookup import find_client, find_level
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
