"""deleteTag (R6.1, R9.3): remove a tag from the organization and from every client.

Each client that had it gets an activity entry (tags.removed), in batches; the tag's
removal is audited. Segments that name it keep their filter (a tag nobody has).
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import ActivityEntry, ClientTag
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.audit import log_audit
from resolvers.errors import UserErrors
from resolvers.segments.change_tags import BATCH, TagsResult
from resolvers.segments.tag_lookup import locked_tag


async def delete_tag(actor: Actor | None, tag_id: str) -> TagsResult:
    actor = require(actor, Permission.TAGS_WRITE)
    try:
        async with in_transaction("default") as conn:
            tag = await locked_tag(conn, actor, tag_id)
            holders: list[int] = await (
                ClientTag.filter(tag_id=tag.id)
                .using_db(conn)
                .order_by("client_id")
                .values_list("client_id", flat=True)  # type: ignore[assignment]
            )
            for start in range(0, len(holders), BATCH):
                await ActivityEntry.bulk_create(
                    [
                        ActivityEntry(
                            organization_id=actor.organization_id,
                            client_id=client_id,
                            action="tags.removed",
                            actor_type=actor.type,
                            actor_id=actor.id,
                            actor_name=actor.name,
                            changes={"tagsRemoved": [None, [tag.name]]},
                        )
                        for client_id in holders[start : start + BATCH]
                    ],
                    using_db=conn,
                )
            await ClientTag.filter(tag_id=tag.id).using_db(conn).delete()
            await tag.delete(using_db=conn)
            await log_audit(
                actor,
                "tag.deleted",
                "tag",
                tag.uuid,
                {"name": [tag.name, None], "clients": len(holders)},
                using_db=conn,
            )
    except UserErrors as exc:
        return TagsResult(errors=exc.errors)
    return TagsResult(changed=len(holders), tags=[tag])
