"""Matching an upsert's rows to clients (R10.5, R10.6, R4.8): the client each row's key
finds (a merged record followed to its survivor), read and locked in id order, and the
rows whose other unique values (email, phone, external id) belong to another client."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client
from models.bulk_rows import rows_in
from models.client import SEARCHED_FIELDS, email_key
from models.enums import ClientStatus
from resolvers.access.actor import Actor
from resolvers.clients.client_fields import cleaners
from resolvers.errors import ErrorCode, UserError, error
from resolvers.imports.upsert_plan import SECONDARY, Found, Plan


def read_columns() -> tuple[str, ...]:
    """What a matched client is read with: what the rows may write (for the diff), and
    the derived columns an update rewrites from them."""
    fields = cleaners("ZZ")
    return ("id", "uuid", "status", *fields, *SEARCHED_FIELDS)


async def match(actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient, lock: bool) -> None:
    """Find each row's client (merged ones followed to their survivor), locked in id order:
    one query per kind of key finds them, one more reads (and locks) them."""
    by_uuid = [UUID(p.row.public_id) for p in plans if p.row.public_id]
    emails = [p.key.partition(":")[2] for p in plans if p.key.startswith("email:")]
    externals = [p.key.partition(":")[2] for p in plans if p.key.startswith("external_id:")]
    found: list[tuple[int, Any, str | None, str | None, int | None]] = []
    for column, values in (
        ("uuid", by_uuid),
        ("email_key", emails),
        ("external_id", externals),
    ):
        rows = await rows_in(
            conn,
            Client,
            ("id", "uuid", "email_key", "external_id", "merged_into_id"),
            {"organization_id": actor.organization_id},
            column,
            values,
        )
        found += [
            (r["id"], r["uuid"], r["email_key"], r["external_id"], r["merged_into_id"])
            for r in rows
        ]
    if not found:
        return
    base = Client.filter(organization_id=actor.organization_id).using_db(conn)
    ids = sorted({merged_into or cid for cid, _, _, _, merged_into in found})
    query = base.filter(id__in=ids).order_by("id")
    if lock:
        query = query.select_for_update()
    rows = await query.values(*dict.fromkeys(read_columns()))
    assign(plans, found, rows)


Finder = tuple[int, Any, str | None, str | None, int | None]


def assign(plans: list[Plan], found: list[Finder], rows: list[dict[str, Any]]) -> None:
    """Each row's client: `found`, the records the keys found (id, uuid, email key, external
    id, merged into); `rows`, the clients they lead to as read (id, uuid, status, values)."""
    clients = {
        row["id"]: Found(row["id"], row["uuid"], ClientStatus(row["status"]), row) for row in rows
    }
    index: dict[str, Found] = {}
    for cid, uuid, key, external_id, merged_into in found:
        target = clients.get(merged_into or cid)
        if target is None:
            continue
        index.setdefault(f"id:{uuid}", target)
        if key and not merged_into:
            index.setdefault(f"email:{key}", target)
        if external_id:
            # R4.8: an absorbed record's external id finds its survivor, unless the
            # survivor has its own.
            index.setdefault(f"external_id:{external_id}", target)
    for plan in plans:
        plan.client = index.get(plan.key)


async def conflicts(
    actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient
) -> dict[int, UserError]:
    """Rows whose other unique values (email, external id, share code) belong to another
    client than the one they match, or to another row: a row matching two clients."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name in SECONDARY:
        wanted = {
            email_key(p.values[name]) if name == "email" else p.values[name]
            for p in plans
            if p.values.get(name)
        }
        if not wanted:
            continue
        column = HOLDING[name]
        found[name] = await rows_in(
            conn,
            Client,
            (column, "id", "uuid", "merged_into_id"),
            {"organization_id": actor.organization_id},
            column,
            sorted(wanted),
        )
    return clashes(plans, found)


# The column each of the rows' other unique values is held in.
HOLDING = {name: "email_key" if name == "email" else name for name in SECONDARY}


def clashes(plans: list[Plan], found: dict[str, list[dict[str, Any]]]) -> dict[int, UserError]:
    """`conflicts`' rule on the holders read: `found`, per value name, the clients holding
    one of the rows' values (that column, id, uuid, merged into)."""
    errors: dict[int, UserError] = {}
    holders: dict[tuple[str, Any], int] = {}
    for name, rows in found.items():
        column = HOLDING[name]
        for row in rows:
            value, client_id, uuid = row[column], row["id"], row["uuid"]
            merged_into_id = row["merged_into_id"]
            holders[(name, value)] = client_id
            holders[(name, f"uuid:{value}")] = uuid
            holders[(name, f"survivor:{value}")] = merged_into_id
    claimed: dict[tuple[str, Any], int] = {}
    for plan in plans:
        for name, (code, field_name, message) in SECONDARY.items():
            raw = plan.values.get(name)
            if not raw:
                continue
            value = email_key(raw) if name == "email" else raw
            holder = holders.get((name, value))
            mine = plan.client.id if plan.client else None
            if (
                holder is not None
                and mine is not None
                and holders[(name, f"survivor:{value}")] == mine
            ):
                # R4.8: the value stays with the record merged into this client, which
                # the lookup already follows; the survivor does not take it over.
                del plan.values[name]
                continue
            if holder is not None and holder != mine:
                uuid = str(holders[(name, f"uuid:{value}")])
                if plan.client is not None and name != "share_code":
                    text = "The row matches one client and its " + field_name + " another"
                    errors[plan.row.index] = error(
                        ErrorCode.AMBIGUOUS_MATCH, text, field_name, conflicting=uuid
                    )
                else:
                    errors[plan.row.index] = error(code, message, field_name, conflicting=uuid)
                break
            if (name, value) in claimed and claimed[(name, value)] != plan.row.index:
                text = "An earlier row has the same " + field_name
                errors[plan.row.index] = error(ErrorCode.DUPLICATE_ROW, text, field_name)
                break
            claimed[(name, value)] = plan.row.index
    return errors
