"""renameTag (R6.1, R9.3): correct a tag's name; its clients keep it under the new name.

Names stay unique case-insensitively: a name another tag has is refused (NAME_IN_USE);
a change of case or spacing of the same name is a rename. Segments name tags in their
filters, so the saved filters that name this one are rewritten with the new name: a
segment keeps meaning the same clients. Audited.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Segment, Tag
from models.access import Permission
from models.tag import TAG_MAX_LENGTH, tag_key
from resolvers.access.actor import Actor, require
from resolvers.audit import log_audit
from resolvers.clients.client_fields import required_line
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.segments.change_tags import TagsResult
from resolvers.segments.tag_lookup import locked_tag

NAME_IN_USE = error(ErrorCode.NAME_IN_USE, "Another tag has this name", "name")


_TAG_LISTS = ("tags_any", "tags_all", "tags_none")


async def _rename_in_segments(
    conn: BaseDBAsyncClient, actor: Actor, old_key: str, name: str
) -> None:
    for segment in (
        await Segment.filter(organization_id=actor.organization_id)
        .using_db(conn)
        .select_for_update()
    ):
        conditions = dict(segment.conditions)
        changed = False
        for key in _TAG_LISTS:
            names = conditions.get(key) or []
            renamed = [name if tag_key(n) == old_key else n for n in names]
            if renamed != names:
                conditions[key], changed = renamed, True
        if changed:
            segment.conditions = conditions
            await segment.save(using_db=conn, update_fields=["conditions", "updated_at"])


async def rename_tag(actor: Actor | None, tag_id: str, name: str) -> TagsResult:
    actor = require(actor, Permission.TAGS_WRITE)
    clean, problem = required_line(name, TAG_MAX_LENGTH, "name", "A tag")
    if problem is not None or clean is None:
        return TagsResult(errors=[problem] if problem else [])
    try:
        async with in_transaction("default") as conn:
            tag = await locked_tag(conn, actor, tag_id)
            key = tag_key(clean)
            taken = (
                await Tag.filter(organization_id=actor.organization_id, key=key)
                .exclude(id=tag.id)
                .using_db(conn)
                .exists()
            )
            if taken:
                raise UserErrors([NAME_IN_USE])
            old = tag.name
            if old != clean:
                tag.name, tag.key = clean, key
                await tag.save(using_db=conn, update_fields=["name", "key"])
                await log_audit(
                    actor, "tag.renamed", "tag", tag.uuid, {"name": [old, clean]}, using_db=conn
                )
                await _rename_in_segments(conn, actor, tag_key(old), clean)
    except UserErrors as exc:
        return TagsResult(errors=exc.errors)
    except IntegrityError:  # a tag with this name was created meanwhile
        return TagsResult(errors=[NAME_IN_USE])
    return TagsResult(tags=[tag])
