"""upsertClients' lean path (issue 16) on PostgreSQL: a call of one row without tags or
consent answers - a partner's sync of one client - in four round trips instead of the
batch engine's dozen: BEGIN; one statement that finds the row's client by its key (an
absorbed record followed to its survivor, R4.8) and locks it, and reads what the rules
need with it (the organization's country, the clients holding the row's other unique
values, the webhook subscribers); one statement that writes the client and its activity
entry (createClient's and updateClient's, resolvers/clients/client_sql.py); COMMIT. The
webhook events only when an endpoint subscribes.

The rules are the engine's own (resolvers/imports/upsert_rows.py): the same validation,
`assign` (which client the key finds), `clashes` (values held by another client, AMBIGUOUS_MATCH),
a client that is not live refused, UNCHANGED when nothing differs, a unique value taken by a
racing writer refused as the engine refuses it. Any other call goes through the engine.
"""

# ruff: noqa: S608 - statements are written from model column names and placeholders only

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Client
from models.client import email_key
from models.imports import MatchBy
from models.organization import DEFAULT_COUNTRY
from models.webhook import read_subscribers, subscribers_sql
from resolvers.access.actor import Actor
from resolvers.clients import client_sql
from resolvers.clients.client_fields import camel
from resolvers.clients.client_write import new_share_code
from resolvers.errors import ErrorCode, error
from resolvers.imports.upsert_match import HOLDING, Finder, assign, clashes, read_columns
from resolvers.imports.upsert_plan import (
    LIVE,
    Found,
    Plan,
    Row,
    RowOutcome,
    RowStatus,
    refused,
    validate,
)
from resolvers.imports.upsert_rows import integrity_refusal, plan_changes
from resolvers.loyalty.as_model import as_model

# The country a row is first checked with; only a phone depends on it (checked again with
# the organization's when that differs).
_FIRST_COUNTRY = DEFAULT_COUNTRY
_KEY_COLUMN = {MatchBy.EXTERNAL_ID: "external_id", MatchBy.EMAIL: "email_key"}

Lean = tuple[list[RowOutcome], dict[int, Client]]


def is_lean(rows: list[Row]) -> bool:
    return len(rows) == 1 and not (rows[0].tags or rows[0].consent or rows[0].public_id)


@functools.cache
def _read_sql(match_by: MatchBy) -> str:
    columns = ", ".join(f'l."{c}" AS "{c}"' for c in client_sql.client_columns())
    holder = ", ".join(f"'{c}', h.\"{c}\"" for c in (*HOLDING.values(), "id", "uuid"))
    return (
        "WITH f AS (SELECT id, uuid, email_key, external_id, merged_into_id FROM client "
        f'WHERE organization_id = $1 AND "{_KEY_COLUMN[match_by]}" = $2), '
        "l AS (SELECT c.* FROM client c WHERE c.organization_id = $1 AND c.id IN "
        "(SELECT coalesce(f.merged_into_id, f.id) FROM f) FOR UPDATE OF c) "
        f"SELECT {columns}, "
        "(SELECT o.country FROM organization o WHERE o.id = $1) AS country, "
        "(SELECT coalesce(json_agg(json_build_array(f.id, f.uuid, f.email_key, f.external_id, "
        "f.merged_into_id)), '[]') FROM f) AS finders, "
        f"(SELECT coalesce(json_agg(json_build_object({holder}, 'merged_into_id', "
        "h.merged_into_id)), '[]') FROM client h WHERE h.organization_id = $1 AND "
        "(h.email_key = $3 OR h.external_id = $4 OR h.share_code = $5)) AS holders, "
        f"{subscribers_sql('$1', True)} AS subscribers "
        "FROM (SELECT 1) AS one LEFT JOIN l ON true"
    )


def _json(raw: Any) -> Any:
    return orjson.loads(raw) if isinstance(raw, str | bytes) else raw


async def upsert_one(actor: Actor, match_by: MatchBy, row: Row) -> Lean | None:
    """The row's outcome and its client; None: a row the engine answers (a refused one)."""
    plans, refusals = validate([row], match_by, _FIRST_COUNTRY)
    if refusals or not plans:
        return None
    plan = plans[0]
    values = plan.values
    held = [
        email_key(values.get("email")) or None,
        values.get("external_id") or None,
        values.get("share_code") or None,
    ]
    try:
        async with in_transaction("default") as conn:
            found = (
                await conn.execute_query_dict(
                    _read_sql(match_by),
                    [actor.organization_id, plan.key.partition(":")[2], *held],
                )
            )[0]
            country = str(found["country"] or DEFAULT_COUNTRY)
            if country != _FIRST_COUNTRY and "phone" in row.fields:
                plans, refusals = validate([row], match_by, country)
                if refusals:
                    return refusals, {}
                plan = plans[0]
            client = None
            if found["id"] is not None:
                client = Client._init_from_db(**{c: found[c] for c in client_sql.client_columns()})
            return await _decide(actor, plan, client, found, conn)
    except IntegrityError as exc:
        return [integrity_refusal(plan, exc)], {}


async def _decide(
    actor: Actor,
    plan: Plan,
    client: Client | None,
    found: dict[str, Any],
    conn: BaseDBAsyncClient,
) -> Lean:
    rows = [] if client is None else [_values(client)]
    finders: list[Finder] = [(f[0], f[1], f[2], f[3], f[4]) for f in _json(found["finders"])]
    assign([plan], finders, rows)
    holding = _json(found["holders"])
    by_name = {
        name: [h for h in holding if h[column] is not None and h[column] == _wanted(plan, name)]
        for name, column in HOLDING.items()
        if plan.values.get(name)
    }
    clash = clashes([plan], by_name)
    if clash:
        return [refused(plan.row, clash[plan.row.index], key=plan.key)], {}
    if plan.client is not None and plan.client.status not in LIVE:
        message = f"The client is {plan.client.status.value}"
        return [refused(plan.row, error(ErrorCode.INVALID_STATUS, message), key=plan.key)], {}
    plan_changes(plan, set())
    subscribers = read_subscribers(found["subscribers"])
    if plan.client is not None:
        assert client is not None
        assert client.id == plan.client.id
        outcome = RowOutcome(plan.row.index, RowStatus.UNCHANGED, plan.client, key=plan.key)
        if plan.changes:
            changed = {n for n in plan.values if camel(n) in plan.changes}
            for name in changed:
                setattr(client, name, plan.values[name])
            await client_sql.write_update(conn, actor, client, changed, plan.changes, subscribers)
            outcome.status = RowStatus.UPDATED
        return [outcome], {client.id: client}
    values = dict(plan.values)
    if values.get("registered_at") is None:
        values["registered_at"] = datetime.now(UTC)
    if values.get("share_code") is None:
        values["share_code"] = new_share_code()
    values["organization_id"] = actor.organization_id
    written, entry = await client_sql.insert_client(conn, actor, values, plan.changes)
    uuid = UUID(str(written["uuid"]))
    if subscribers:
        await client_sql.emit_created(conn, entry, uuid, subscribers)
    created = as_model(Client, written)
    plan.client = Found(created.id, uuid, created.status, _values(created))
    return [RowOutcome(plan.row.index, RowStatus.CREATED, plan.client, key=plan.key)], {
        created.id: created
    }


def _wanted(plan: Plan, name: str) -> Any:
    value = plan.values[name]
    return email_key(value) if name == "email" else value


def _values(client: Client) -> dict[str, Any]:
    """What the engine reads of a matched client (its diff's `before`)."""
    return {name: getattr(client, name) for name in dict.fromkeys(read_columns())}
