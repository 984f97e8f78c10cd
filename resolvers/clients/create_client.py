"""createClient: a new client record in the caller's organization (PRODUCT.md §2).

Fields are validated and normalised before any write (emails normalised, phones in
E.164). Email, external id and share code are unique per organization; the
database's unique indexes decide, so two racing creates cannot both succeed, and
the loser gets a typed error naming the client that holds the value (R3.3). A
share code is generated when none is given. A new client may name the share code
of the client who referred them; the referrer is recorded (R5.3). The record and
its activity entry (R8.2) are written in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from tortoise import connections
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Client, Level
from models.access import Permission
from models.db import is_postgres, stable_plans_connection
from models.enums import ClientStatus
from resolvers.access.actor import Actor, require
from resolvers.activity import diff, log_activity
from resolvers.clients import client_sql
from resolvers.clients.client_fields import clean_client_fields
from resolvers.clients.client_queries import survivor_of
from resolvers.clients.client_write import (
    ClientResult,
    conflict_error,
    new_share_code,
    organization_country,
    violated_column,
)
from resolvers.clients.lookup import find_level, parse_id
from resolvers.errors import ErrorCode, UserError, error
from resolvers.loyalty.as_model import as_model

_SHARE_CODE_ATTEMPTS = 5
_IDENTIFYING = ("first_name", "last_name", "email", "phone", "external_id")


async def create_client(
    actor: Actor | None,
    fields: Mapping[str, Any],
    *,
    level_id: str | None = None,
    referred_by_share_code: str | None = None,
) -> ClientResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    if is_postgres(connections.get("default")):
        return await _lean(actor, fields, level_id, referred_by_share_code)
    values, errors = clean_client_fields(fields, country=await organization_country(actor))
    level = await find_level(actor, level_id) if level_id is not None else None
    referrer = None
    if referred_by_share_code:
        # R4.8: the share code of a record merged into another credits the survivor.
        referrer = await survivor_of(
            await Client.filter(
                organization_id=actor.organization_id,
                share_code=referred_by_share_code.strip().upper(),
            )
            .exclude(status=ClientStatus.DELETED)
            .first()
        )
    errors += _refusals(values, errors, level_id, level, referred_by_share_code, referrer)
    if errors:
        return ClientResult(errors=errors)

    values.setdefault("registered_at", datetime.now(UTC))
    entry_level = None
    if level is None:
        # R5.2: a new client (no points yet) is on the level its points give: the
        # organization's threshold-0 level, if it has one.
        entry_level = (
            await Level.filter(organization_id=actor.organization_id, threshold__lte=0)
            .order_by("-threshold")
            .first()
        )
    generated_code = values.get("share_code") is None
    for _ in range(_SHARE_CODE_ATTEMPTS):
        if generated_code:
            values["share_code"] = new_share_code()
        try:
            async with in_transaction("default") as conn:
                client = Client(
                    organization_id=actor.organization_id,
                    level=level or entry_level,
                    level_set_manually=level is not None,
                    referred_by_id=referrer.id if referrer else None,
                    **values,
                )
                await client.save(using_db=conn)
                changes = diff({}, {k: v for k, v in values.items() if v not in (None, "")})
                if level or entry_level:
                    changes["level"] = [None, (level or entry_level).name]  # type: ignore[union-attr]
                if referrer is not None:
                    changes["referredBy"] = [None, str(referrer.uuid)]
                await log_activity(actor, client, "client.created", changes, using_db=conn)
            return ClientResult(client=client)
        except IntegrityError as exc:
            column = violated_column(exc)
            if column is None:
                raise
            if column == "share_code" and generated_code:
                continue  # a generated code collided: draw another
            return ClientResult(errors=[await conflict_error(actor, column, values)])
    raise RuntimeError("Could not generate a unique share code")


def _refusals(
    values: Mapping[str, Any],
    errors: list[UserError],
    level_id: str | None,
    level: object | None,
    referred_by_share_code: str | None,
    referrer: object | None,
) -> list[UserError]:
    """What refuses a new client beside its fields' own errors (both paths): a level or a
    share code that names nothing, or nothing to tell the person by."""
    found: list[UserError] = []
    if level_id is not None and level is None:
        found.append(error(ErrorCode.NOT_FOUND, "No such level", "levelId"))
    if referred_by_share_code and referrer is None:
        found.append(
            error(ErrorCode.NOT_FOUND, "No client has this share code", "referredByShareCode")
        )
    if not errors and not found and not any(values.get(name) for name in _IDENTIFYING):
        found.append(
            error(ErrorCode.REQUIRED, "A client needs a name, an email, a phone or an external id")
        )
    return found


async def _lean(
    actor: Actor,
    fields: Mapping[str, Any],
    level_id: str | None,
    referred_by_share_code: str | None,
) -> ClientResult:
    """The same rules in two round trips (resolvers/clients/client_sql.py): one read (the
    country, the levels, the referrer, the subscribers), one statement writing the client
    and its activity entry - in a transaction with the events when an endpoint subscribes."""
    code = referred_by_share_code.strip().upper() if referred_by_share_code else None
    level_uuid = parse_id(level_id) if level_id is not None else None
    found = await client_sql.prelude(
        stable_plans_connection(), actor.organization_id, level_uuid, code
    )
    values, errors = clean_client_fields(fields, country=found.country)
    level = found.level
    referrer = found.referrer if referred_by_share_code else None
    errors += _refusals(values, errors, level_id, level, referred_by_share_code, referrer)
    if errors:
        return ClientResult(errors=errors)
    values.setdefault("registered_at", datetime.now(UTC))
    chosen = level or found.entry_level
    generated_code = values.get("share_code") is None
    for _ in range(_SHARE_CODE_ATTEMPTS):
        if generated_code:
            values["share_code"] = new_share_code()
        changes = diff({}, {k: v for k, v in values.items() if v not in (None, "")})
        given = {
            **values,
            "organization_id": actor.organization_id,
            "level_id": chosen["id"] if chosen else None,
            "level_set_manually": level is not None,
            "referred_by_id": referrer["id"] if referrer else None,
        }
        entry_changes = dict(changes)
        if chosen:
            entry_changes["level"] = [None, chosen["name"]]
        if referrer is not None:
            entry_changes["referredBy"] = [None, str(referrer["uuid"])]
        try:
            if found.subscribers:
                async with in_transaction("default") as conn:
                    row, entry = await client_sql.insert_client(conn, actor, given, entry_changes)
                    await client_sql.emit_created(
                        conn, entry, UUID(str(row["uuid"])), found.subscribers
                    )
            else:  # one statement: atomic by itself
                row, entry = await client_sql.insert_client(
                    stable_plans_connection(), actor, given, entry_changes
                )
            return ClientResult(client=as_model(Client, row))
        except IntegrityError as exc:
            column = violated_column(exc)
            if column is None:
                raise
            if column == "share_code" and generated_code:
                continue  # a generated code collided: draw another
            return ClientResult(errors=[await conflict_error(actor, column, values)])
    raise RuntimeError("Could not generate a unique share code")
