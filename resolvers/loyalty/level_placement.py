"""Putting clients on the level their points give, after the levels themselves change (R9.3).

Used by updateLevel (a new threshold) and deleteLevel. Levels set by hand stay, except
on a level that is removed. Each client that moves gets an activity entry (R8.2).
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from models import Client, Level
from models.enums import ClientStatus
from resolvers.access.actor import Actor
from resolvers.activity import log_activity

LIVE = (ClientStatus.ACTIVE, ClientStatus.INACTIVE, ClientStatus.DISABLED)


async def place_clients(
    conn: BaseDBAsyncClient,
    actor: Actor,
    *,
    automatic_only: bool,
    removed: Level | None = None,
) -> int:
    """Move the organization's clients to the level their points give; how many moved.

    `automatic_only`: only clients whose level follows their points (not set by hand).
    `removed`: a level being deleted - everyone on it moves, whoever set it.
    """
    levels = [
        level
        for level in await Level.filter(organization_id=actor.organization_id)
        .using_db(conn)
        .order_by("threshold")
        if removed is None or level.id != removed.id
    ]
    names = {level.id: level.name for level in levels}
    if removed is not None:
        names[removed.id] = removed.name
    moved = 0
    # (level, the next level's threshold): the band of points that level covers.
    bounds: list[tuple[int | None, int | None]] = [(None, levels[0].threshold if levels else None)]
    bounds += [
        (level.id, levels[i + 1].threshold if i + 1 < len(levels) else None)
        for i, level in enumerate(levels)
    ]
    for i, (level_id, ceiling) in enumerate(bounds):
        floor = levels[i - 1].threshold if i > 0 else 0
        query = Client.filter(
            organization_id=actor.organization_id, status__in=LIVE, points__gte=floor
        )
        if ceiling is not None:
            query = query.filter(points__lt=ceiling)
        if removed is not None:
            query = query.filter(level_id=removed.id)
        elif automatic_only:
            query = query.filter(level_set_manually=False)
        if level_id is None:
            query = query.filter(level_id__isnull=False)
        else:  # NULL is not "another level" in SQL: ask for it by name
            query = query.filter(Q(level_id__isnull=True) | Q(level_id__not=level_id))
        clients = await query.using_db(conn).order_by("id").select_for_update()
        for client in clients:
            old = client.level_id
            client.level_id = level_id
            client.level_set_manually = False
            await client.save(using_db=conn, update_fields=["level_id", "level_set_manually"])
            await log_activity(
                actor,
                client,
                "level.followed_points",
                {
                    "level": [
                        names.get(old) if old else None,
                        names.get(level_id) if level_id else None,
                    ]
                },
                using_db=conn,
            )
            moved += 1
    return moved
