"""createLevel: a loyalty level of the organization, ordered by its point threshold (R5.2).

Names are unique per organization case-insensitively, thresholds are unique so
the order is total; the unique indexes decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import Level
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.clients.client_fields import required_line
from resolvers.errors import ErrorCode, UserError, error
from resolvers.integrity import violated_field

MAX_THRESHOLD = 1_000_000_000


@dataclass
class LevelResult:
    level: Level | None = None
    errors: list[UserError] = field(default_factory=list)


def level_taken(exc: IntegrityError) -> UserError | None:
    """The error a level's unique name or threshold answers (create and update); None when
    another constraint failed."""
    which = violated_field(exc, {"name_key": "name", "threshold": "threshold"})
    if which == "name":
        return error(ErrorCode.NAME_IN_USE, "A level has this name", "name")
    if which == "threshold":
        return error(ErrorCode.THRESHOLD_IN_USE, "A level has this threshold", "threshold")
    return None


async def create_level(actor: Actor | None, name: str, threshold: int) -> LevelResult:
    actor = require(actor, Permission.LEVELS_MANAGE)
    clean_name, name_error = required_line(name, 64, "name", "A level")
    errors = [name_error] if name_error else []
    if not 0 <= threshold <= MAX_THRESHOLD:
        errors.append(
            error(ErrorCode.OUT_OF_RANGE, f"Must be between 0 and {MAX_THRESHOLD}", "threshold")
        )
    if errors or clean_name is None:
        return LevelResult(errors=errors)

    try:
        async with in_transaction("default") as conn:
            level = await Level.create(
                organization_id=actor.organization_id,
                name=clean_name,
                name_key=clean_name.casefold(),
                threshold=threshold,
                using_db=conn,
            )
    except IntegrityError as exc:
        taken = level_taken(exc)
        if taken is None:
            raise
        return LevelResult(errors=[taken])
    return LevelResult(level=level)
