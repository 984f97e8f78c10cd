"""deleteLevel (R5.2, R9.3): remove a level; its clients move to the level their points give.

Whoever set the level (by hand or by points), its clients are placed by their points
among the levels that remain, each with an activity entry. Audited.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.audit import log_audit
from resolvers.clients.lookup import find_level
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.loyalty.create_level import LevelResult
from resolvers.loyalty.level_placement import place_clients


async def delete_level(actor: Actor | None, level_id: str) -> LevelResult:
    actor = require(actor, Permission.LEVELS_MANAGE)
    try:
        async with in_transaction("default") as conn:
            level = await find_level(actor, level_id, using_db=conn)
            if level is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such level", "levelId")])
            moved = await place_clients(conn, actor, automatic_only=False, removed=level)
            await level.delete(using_db=conn)
            await log_audit(
                actor,
                "level.deleted",
                "level",
                level.uuid,
                {"name": [level.name, None], "threshold": [level.threshold, None], "moved": moved},
                using_db=conn,
            )
    except UserErrors as exc:
        return LevelResult(errors=exc.errors)
    return LevelResult(level=level)
