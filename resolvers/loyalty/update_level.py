"""updateLevel (R5.2, R9.3): rename a level or give it another threshold.

Names stay unique case-insensitively and thresholds unique (the indexes decide). After a
new threshold, clients whose level follows their points move to the level their points
give now (automatic organizations); levels set by hand stay. Audited.
"""

from __future__ import annotations

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Organization
from models.access import Permission
from models.enums import LevelMode
from resolvers.access.actor import Actor, require
from resolvers.audit import log_audit
from resolvers.clients.client_fields import required_line
from resolvers.clients.lookup import find_level
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.loyalty.create_level import MAX_THRESHOLD, LevelResult, level_taken
from resolvers.loyalty.level_placement import place_clients


async def update_level(
    actor: Actor | None, level_id: str, *, name: str | None = None, threshold: int | None = None
) -> LevelResult:
    actor = require(actor, Permission.LEVELS_MANAGE)
    errors = []
    clean_name = None
    if name is not None:
        clean_name, name_error = required_line(name, 64, "name", "A level")
        if name_error:
            errors.append(name_error)
    if threshold is not None and not 0 <= threshold <= MAX_THRESHOLD:
        errors.append(
            error(ErrorCode.OUT_OF_RANGE, f"Must be between 0 and {MAX_THRESHOLD}", "threshold")
        )
    if errors:
        return LevelResult(errors=errors)
    try:
        async with in_transaction("default") as conn:
            level = await find_level(actor, level_id, using_db=conn)
            if level is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such level", "levelId")])
            before = {"name": level.name, "threshold": level.threshold}
            if clean_name is not None:
                level.name, level.name_key = clean_name, clean_name.casefold()
            if threshold is not None:
                level.threshold = threshold
            after = {"name": level.name, "threshold": level.threshold}
            changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
            if changes:
                await level.save(using_db=conn, update_fields=["name", "name_key", "threshold"])
                await log_audit(actor, "level.updated", "level", level.uuid, changes, using_db=conn)
            if "threshold" in changes:
                organization = (
                    await Organization.filter(id=actor.organization_id).using_db(conn).get()
                )
                if organization.level_mode is LevelMode.AUTOMATIC:
                    await place_clients(conn, actor, automatic_only=True)
    except UserErrors as exc:
        return LevelResult(errors=exc.errors)
    except IntegrityError as exc:
        taken = level_taken(exc)
        if taken is None:
            raise
        return LevelResult(errors=[taken])
    return LevelResult(level=level)
