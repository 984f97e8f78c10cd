"""Writing an upsert's planned rows (R10.5, R10.6) in the batch's transaction, without ORM
objects: the new clients in one statement, the changed ones in one statement per set of
changed columns (their derived columns and search text rewritten with them), the tags
(only ever added), the consent changes, and one activity entry per change, which emits
its webhook event (R8.2, R10.2)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client, ClientTag, Tag
from models.bulk_rows import insert_rows, keep_plans, update_rows
from models.client import SEARCHED_FIELDS, birthday_md, email_key
from models.enums import ClientStatus
from models.tag import tag_key
from resolvers.access.actor import Actor
from resolvers.activity import insert_activities
from resolvers.clients.client_fields import camel, cleaners
from resolvers.clients.client_write import new_share_codes
from resolvers.imports.upsert_consent import Current, write_consent
from resolvers.imports.upsert_plan import Found, Plan, search_text_of

# Every column a new client is written with (the rest are NULL or have database defaults).
_WRITABLE = tuple(cleaners("ZZ"))
_CREATE = (
    "uuid",
    "organization_id",
    *_WRITABLE,
    "email_key",
    "birthday_md",
    "search_text",
    "points",
    "status",
    "level_set_manually",
    "created_at",
    "updated_at",
)
# Columns derived from others (Client.derive), rewritten with them.
_DERIVED = {"email": "email_key", "birthday": "birthday_md"}


def _new_row(organization_id: int, plan: Plan, now: datetime, code: str) -> tuple[Any, ...]:
    values = plan.values
    if values.get("registered_at") is None:
        values["registered_at"] = now
    if values.get("share_code") is None:
        values["share_code"] = code
    email = values.get("email")
    birthday = values.get("birthday")
    return (
        uuid4(),
        organization_id,
        *(values.get(name, "" if name in _NOT_NULL_TEXT else None) for name in _WRITABLE),
        email_key(email),
        birthday_md(birthday),
        search_text_of(values) if plan.search_text is None else plan.search_text,
        0,
        ClientStatus.ACTIVE,
        False,
        now,
        now,
    )


_NOT_NULL_TEXT = frozenset({"first_name", "last_name"})


async def write_plans(
    actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient, current: Current
) -> None:
    """Write the batch without ORM objects: the new clients in one statement, the changed
    ones in one statement per set of changed columns, then tags and the activity entries
    (which emit the webhook events)."""
    await keep_plans(conn)  # the lookups are done; what follows is one plan per statement
    now = datetime.now(UTC)
    creates = [p for p in plans if p.client is None]
    if creates:
        codes = new_share_codes(len(creates))
        rows = [
            _new_row(actor.organization_id, p, now, c) for p, c in zip(creates, codes, strict=True)
        ]
        written = await insert_rows(conn, Client, _CREATE, rows, returning=("id", "uuid"))
        ids = {str(uuid): client_id for client_id, uuid in written}
        for plan, row in zip(creates, rows, strict=True):
            uuid = row[0]
            plan.client = Found(ids[str(uuid)], uuid, ClientStatus.ACTIVE, dict(plan.values))
            plan.created = True
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for plan in plans:
        if plan.created or not plan.changes:
            continue
        assert plan.client is not None
        merged = {**plan.client.values, **plan.values}
        changed = [n for n in plan.values if camel(n) in plan.changes]
        derived = {_DERIVED[n]: n for n in changed if n in _DERIVED}
        searched = any(n in SEARCHED_FIELDS for n in changed)
        columns = (*changed, *derived, *(("search_text",) if searched else ()), "updated_at")
        values: list[Any] = [merged[n] for n in changed]
        values += [
            email_key(merged["email"]) if d == "email_key" else birthday_md(merged["birthday"])
            for d in derived
        ]
        if searched:
            values.append(search_text_of(merged))
        groups.setdefault(columns, []).append((plan.client.id, *values, now))
        plan.client.values = merged
    for columns, rows in groups.items():
        await update_rows(conn, Client, columns, rows)
    await _add_tags(actor, plans, conn, now)
    entries: list[tuple[int, UUID, str, Mapping[str, Any]]] = []
    for plan in plans:
        assert plan.client is not None
        cid, uuid = plan.client.id, plan.client.uuid
        if plan.created:
            entries.append((cid, uuid, "client.created", plan.changes))
        elif plan.changes:
            entries.append((cid, uuid, "client.updated", plan.changes))
        if plan.new_tags:
            entries.append((cid, uuid, "tags.added", {"tagsAdded": [None, plan.new_tags]}))
    entries += await write_consent(actor, plans, current, conn, now)
    await insert_activities(actor, entries, using_db=conn)


async def _add_tags(
    actor: Actor, plans: list[Plan], conn: BaseDBAsyncClient, now: datetime
) -> None:
    wanted = {tag_key(n): n for p in plans for n in p.new_tags}
    if not wanted:
        return
    await Tag.bulk_create(
        [Tag(organization_id=actor.organization_id, key=k, name=n) for k, n in wanted.items()],
        ignore_conflicts=True,
        using_db=conn,
    )
    tags = dict(
        await Tag.filter(organization_id=actor.organization_id, key__in=list(wanted))
        .using_db(conn)
        .values_list("key", "id")
    )
    await insert_rows(
        conn,
        ClientTag,
        ("client_id", "tag_id", "created_at"),
        [
            (p.client.id, tags[tag_key(n)], now)
            for p in plans
            if p.client is not None
            for n in p.new_tags
        ],
        ignore_conflicts=True,
    )
