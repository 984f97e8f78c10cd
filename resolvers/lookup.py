"""Finding records by public id inside the caller's organization.

Anything of another organization is looked up exactly like something that does
not exist (R9.1): same query shape, same `None`.
"""

from __future__ import annotations

from uuid import UUID

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Client, Level
from resolvers.actor import Actor


def parse_id(public_id: str | None) -> UUID | None:
    if not public_id:
        return None
    try:
        return UUID(public_id)
    except (ValueError, TypeError, AttributeError):
        return None


async def find_client(
    actor: Actor,
    public_id: str | None,
    *,
    for_update: bool = False,
    using_db: BaseDBAsyncClient | None = None,
    follow_merge: bool = True,
) -> Client | None:
    """The client with this public id; an absorbed record's id leads to its survivor (R4.2),
    so an integration holding an old id writes to the right record. With `for_update`,
    a merge running on the record is waited for before its outcome is read."""
    uuid = parse_id(public_id)
    if uuid is None:
        return None
    client = await _client(actor, for_update, using_db, uuid=uuid)
    if follow_merge and client is not None and client.merged_into_id is not None:
        client = await _client(actor, for_update, using_db, id=client.merged_into_id)
    return client


async def _client(
    actor: Actor, for_update: bool, using_db: BaseDBAsyncClient | None, **match: object
) -> Client | None:
    query = Client.filter(organization_id=actor.organization_id, **match)
    if for_update:
        query = query.select_for_update()
    if using_db is not None:
        query = query.using_db(using_db)
    return await query.first()


async def find_level(
    actor: Actor, public_id: str | None, *, using_db: BaseDBAsyncClient | None = None
) -> Level | None:
    uuid = parse_id(public_id)
    if uuid is None:
        return None
    query = Level.filter(uuid=uuid, organization_id=actor.organization_id)
    if using_db is not None:
        query = query.using_db(using_db)
    return await query.first()
