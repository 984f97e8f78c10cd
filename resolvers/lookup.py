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
) -> Client | None:
    uuid = parse_id(public_id)
    if uuid is None:
        return None
    query = Client.filter(uuid=uuid, organization_id=actor.organization_id)
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
