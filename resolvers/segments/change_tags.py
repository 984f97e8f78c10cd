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

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import Client, ClientTag, Tag
from models.access import Permission
from models.tag import TAG_MAX_LENGTH, tag_key
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activities
from resolvers.clients.client_fields import Invalid, single_line
from resolvers.clients.client_filter import ClientFilter
from resolvers.clients.client_targets import target
from resolvers.errors import ErrorCode, UserError, UserErrors, error

BATCH = 1000
MAX_TAGS = 50


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
    try:
        wanted = clean_names(names)
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
