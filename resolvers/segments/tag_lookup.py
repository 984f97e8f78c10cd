"""Finding a tag of the caller's organization by its public id (another's: not found)."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from models import Tag
from resolvers.access.actor import Actor
from resolvers.clients.lookup import parse_id
from resolvers.errors import ErrorCode, UserErrors, error


async def locked_tag(conn: BaseDBAsyncClient, actor: Actor, tag_id: str) -> Tag:
    uuid = parse_id(tag_id)
    tag = (
        await Tag.filter(uuid=uuid, organization_id=actor.organization_id)
        .using_db(conn)
        .select_for_update()
        .first()
        if uuid
        else None
    )
    if tag is None:
        raise UserErrors([error(ErrorCode.NOT_FOUND, "No such tag", "tagId")])
    return tag
