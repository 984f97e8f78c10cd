"""changeLevel (R5.2): staff set a client's level by hand; the record remembers it was by hand.

Giving no level hands the client back to the points: in an automatic organization
the level follows the balance again at once.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import Level
from models.access import Permission
from resolvers.access.actor import Actor, require
from resolvers.activity import log_activity
from resolvers.clients.client_write import ClientResult
from resolvers.clients.lookup import find_client, find_level
from resolvers.errors import ErrorCode, UserErrors, error
from resolvers.loyalty.ledger import follow_level


async def change_level(actor: Actor | None, client_id: str, level_id: str | None) -> ClientResult:
    actor = require(actor, Permission.CLIENTS_WRITE)
    try:
        async with in_transaction("default") as conn:
            client = await find_client(actor, client_id, for_update=True, using_db=conn)
            if client is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such client", "clientId")])
            level = await find_level(actor, level_id, using_db=conn) if level_id else None
            if level_id and level is None:
                raise UserErrors([error(ErrorCode.NOT_FOUND, "No such level", "levelId")])
            old = (
                await Level.filter(id=client.level_id).using_db(conn).first()
                if client.level_id
                else None
            )
            was_manual = client.level_set_manually
            client.level_id = level.id if level else None
            client.level_set_manually = level is not None
            await client.save(using_db=conn, update_fields=["level_id", "level_set_manually"])
            await log_activity(
                actor,
                client,
                "level.changed",
                {
                    "level": [old.name if old else None, level.name if level else None],
                    "levelSetManually": [was_manual, client.level_set_manually],
                },
                using_db=conn,
            )
            if level is None:
                await follow_level(conn, actor, client)
    except UserErrors as exc:
        return ClientResult(errors=exc.errors)
    return ClientResult(client=client)
