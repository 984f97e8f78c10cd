"""addTags and removeTags (R6.1): tags change only through these, on clients or on a filter.

Names are case-insensitive (one tag per organization and name), trimmed, at most
64 characters. Work goes in batches of clients: one statement per batch for the
links and one for the activity entries (an entry per affected client, naming the
tags that changed for it), never one per client. The answer counts the clients
that changed. Everything happens in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import orjson
from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import Client, ClientTag, Tag
from models.access import Permission
from models.db import is_postgres
from models.tag import TAG_MAX_LENGTH, tag_key
from models.webhook import read_subscribers, subscribers_sql
from resolvers.access.actor import Actor, require
from resolvers.activity import activity_values, emit_written, log_activities
from resolvers.clients.client_fields import Invalid, single_line
from resolvers.clients.client_filter import ClientFilter
from resolvers.clients.client_targets import MAX_IDS, target
from resolvers.clients.lookup import parse_id
from resolvers.conflicts import Conflict, retry_conflicts
from resolvers.errors import ErrorCode, UserError, UserErrors, error
from resolvers.loyalty.as_model import as_model

BATCH = 1000
MAX_TAGS = 50
# addTags on listed clients up to this many takes the lean path on PostgreSQL.
LEAN_IDS = 100


@dataclass
class TagsResult:
    changed: int = 0
    tags: list[Tag] = field(default_factory=list)
    errors: list[UserError] = field(default_factory=list)


def clean_names(names: list[str]) -> dict[str, str]:
    """{key: display name} of the names given, in order, without duplicates."""
    if not names or len(names) > MAX_TAGS:
        raise UserErrors([error(ErrorCode.OUT_OF_RANGE, f"Give 1 to {MAX_TAGS} tags", "tags")])
    cleaned: dict[str, str] = {}
    for i, name in enumerate(names):
        try:
            text = single_line(TAG_MAX_LENGTH)(name)
        except Invalid as exc:
            raise UserErrors([error(exc.code, exc.message, "tags", str(i))]) from None
        if not text:
            raise UserErrors([error(ErrorCode.REQUIRED, "A tag needs a name", "tags", str(i))])
        cleaned.setdefault(tag_key(text), text)
    return cleaned


async def _tags(
    conn: BaseDBAsyncClient, actor: Actor, names: dict[str, str], *, create: bool
) -> list[Tag]:
    if create:
        await Tag.bulk_create(
            [Tag(organization_id=actor.organization_id, key=k, name=n) for k, n in names.items()],
            ignore_conflicts=True,
            using_db=conn,
        )
    return await Tag.filter(organization_id=actor.organization_id, key__in=list(names)).using_db(
        conn
    )


async def change_tags(
    actor: Actor | None,
    names: list[str],
    *,
    add: bool,
    client_ids: list[str] | None = None,
    spec: ClientFilter | None = None,
) -> TagsResult:
    actor = require(actor, Permission.TAGS_WRITE)
    lean = add and spec is None and client_ids and is_postgres(connections.get("default"))
    try:
        wanted = clean_names(names)
        if lean and client_ids is not None and len(client_ids) <= LEAN_IDS:
            # A client merged while its lock was awaited starts the transaction over.
            return await retry_conflicts(_add_lean, actor, wanted, client_ids)
        clients = await target(actor, client_ids, spec)
    except UserErrors as exc:
        return TagsResult(errors=exc.errors)

    changed = 0
    async with in_transaction("default") as conn:
        tags = await _tags(conn, actor, wanted, create=add)
        if not tags:
            return TagsResult(tags=[])
        by_id = {tag.id: tag for tag in tags}
        last_id = 0
        while True:
            # Lock the batch (a merge on one of these clients finishes first), and follow a
            # merged record to its survivor (R4.2), so no link lands on an absorbed client.
            batch = (
                await clients.filter(id__gt=last_id)
                .order_by("id")
                .limit(BATCH)
                .using_db(conn)
                .select_for_update()
                .only("id", "merged_into_id")
            )
            if not batch:
                break
            last_id = batch[-1].id
            survivors = sorted({row.merged_into_id for row in batch if row.merged_into_id})
            if survivors:
                await Client.filter(id__in=survivors).using_db(conn).select_for_update().only("id")
            ids = sorted({row.merged_into_id or row.id for row in batch})
            present = set(
                await ClientTag.filter(client_id__in=ids, tag_id__in=list(by_id))
                .using_db(conn)
                .values_list("client_id", "tag_id")
            )
            if add:
                pairs = [(c, t) for c in ids for t in by_id if (c, t) not in present]
                await ClientTag.bulk_create(
                    [ClientTag(client_id=c, tag_id=t) for c, t in pairs],
                    ignore_conflicts=True,  # a racing addTags may have linked some meanwhile
                    using_db=conn,
                )
            else:
                pairs = sorted(present)
                await (
                    ClientTag.filter(client_id__in=ids, tag_id__in=list(by_id))
                    .using_db(conn)
                    .delete()
                )
            per_client: dict[int, list[str]] = defaultdict(list)
            for client_id, tag_id in pairs:
                per_client[client_id].append(by_id[tag_id].name)
            await log_activities(
                actor,
                [
                    (
                        client_id,
                        "tags.added" if add else "tags.removed",
                        {"tagsAdded" if add else "tagsRemoved": [None, sorted(changed_names)]},
                    )
                    for client_id, changed_names in per_client.items()
                ],
                using_db=conn,
            )
            changed += len(per_client)
    return TagsResult(changed=changed, tags=tags)


# The lean addTags (issue 16) on listed clients, PostgreSQL: BEGIN, one statement locking
# the clients the ids lead to (absorbed ids followed before anything is locked, in id
# order: the lock order of resolvers/conflicts.py) with the organization's webhook
# subscribers, one statement writing the tags, the links and the activity entries, COMMIT.
_LOCK_LISTED = f"""
    SELECT c.id, c.uuid, c.merged_into_id,
      (SELECT coalesce(json_agg(x.uuid), '[]') FROM client x
       WHERE x.organization_id = $1 AND x.uuid = ANY($2::uuid[])) AS found,
      {subscribers_sql("$1", True)} AS subscribers
    FROM client c WHERE c.organization_id = $1 AND c.id IN (
      SELECT coalesce(x.merged_into_id, x.id) FROM client x
      WHERE x.organization_id = $1 AND x.uuid = ANY($2::uuid[]))
    ORDER BY c.id FOR UPDATE OF c"""  # noqa: S608 - written from fixed text only

_ADD_LINKS = """
    WITH new_tags AS (
      INSERT INTO tag (uuid, organization_id, key, name, created_at)
      SELECT gen_random_uuid(), $1, v.key, v.name, $5 FROM unnest($2::text[], $3::text[])
        AS v(key, name)
      ON CONFLICT (organization_id, key) DO NOTHING RETURNING *),
    tags AS (
      SELECT * FROM new_tags UNION ALL
      SELECT * FROM tag WHERE organization_id = $1 AND key = ANY($2::text[])),
    links AS (
      INSERT INTO client_tag (client_id, tag_id, created_at)
      SELECT c.id, t.id, $5 FROM unnest($4::bigint[]) AS c(id) CROSS JOIN tags t
      ON CONFLICT (client_id, tag_id) DO NOTHING RETURNING client_id, tag_id),
    per AS (
      SELECT l.client_id, json_agg(t.name ORDER BY t.name COLLATE "C") AS names
      FROM links l JOIN tags t ON t.id = l.tag_id GROUP BY l.client_id),
    entries AS (
      INSERT INTO activity_entry (organization_id, client_id, action, actor_type, actor_id,
        actor_name, changes, created_at)
      SELECT $1, per.client_id, 'tags.added', $6, $7, $8,
        json_build object_placeholder, $5 FROM per RETURNING id)
    SELECT (SELECT coalesce(json_agg(row_to_json(t) ORDER BY t.id), '[]') FROM tags t) AS tags,
      (SELECT coalesce(json_agg(json_build_array(p.client_id, p.names) ORDER BY p.client_id),
       '[]') FROM per p) AS changed,
      (SELECT count(*) FROM entries) AS written""".replace(
    "json_build object_placeholder",
    "jsonb_build_object('tagsAdded', jsonb_build_array(NULL, per.names::jsonb))",
)


async def _add_lean(actor: Actor, wanted: dict[str, str], client_ids: list[str]) -> TagsResult:
    """addTags on listed clients in four round trips, the rules of `change_tags`: every id
    must exist (NOT_FOUND by position), merged ids lead to their survivors, an entry per
    client that gained a tag naming the tags it gained, the events."""
    if not 0 < len(client_ids) <= MAX_IDS:
        raise UserErrors([error(ErrorCode.OUT_OF_RANGE, f"Give 1 to {MAX_IDS} ids", "clientIds")])
    uuids = [parse_id(i) for i in client_ids]
    asked = [u for u in uuids if u is not None]
    async with in_transaction("default") as conn:
        rows = await conn.execute_query_dict(_LOCK_LISTED, [actor.organization_id, asked])
        found = {UUID(str(u)) for u in _json(rows[0]["found"])} if rows else set()
        missing = [str(i) for i, u in enumerate(uuids) if u not in found]
        if missing:
            raise UserErrors(
                [error(ErrorCode.NOT_FOUND, "No such client", "clientIds", i) for i in missing]
            )
        if any(row["merged_into_id"] is not None for row in rows):
            raise Conflict  # merged while this waited: start over (resolvers/conflicts.py)
        ids = [row["id"] for row in rows]
        uuid_of = {row["id"]: UUID(str(row["uuid"])) for row in rows}
        now = datetime.now(UTC)
        written = (
            await conn.execute_query_dict(
                _ADD_LINKS,
                [
                    actor.organization_id,
                    list(wanted),
                    list(wanted.values()),
                    ids,
                    now,
                    actor.type.value,
                    actor.id,
                    actor.name,
                ],
            )
        )[0]
        tags = [as_model(Tag, row) for row in _json(written["tags"])]
        if not tags:
            return TagsResult(tags=[])
        changed = _json(written["changed"])
        entries = [
            activity_values(
                actor, actor.organization_id, client_id, "tags.added",
                {"tagsAdded": [None, names]}, now,
            )
            for client_id, names in changed
        ]  # fmt: skip
        subscribers = read_subscribers(rows[0]["subscribers"])
        for entry in entries:
            await emit_written(
                [entry], uuid_of[entry["client_id"]], using_db=conn, subscribers=subscribers
            )
    return TagsResult(changed=len(changed), tags=tags)


def _json(raw: Any) -> Any:
    return orjson.loads(raw) if isinstance(raw, str | bytes) else raw
